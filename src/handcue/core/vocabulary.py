"""The fixed words a routine file may use: goals people pick by, and the precautions catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from handcue.core.articles import ARTICLES, BENEFITS, CONDITIONS, GUIDE, HOW_TO, MUSCLES
from handcue.core.routine import Source


@dataclass(frozen=True, slots=True)
class Goal:
    key: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Precaution:
    key: str
    title: str
    advice: str
    sources: tuple[Source, ...] = ()
    """Where the advice comes from, so it can be checked like a routine's steps."""


__all__ = ["ARTICLES", "GOALS", "PRECAUTIONS", "Goal", "Precaution"]


def _from_precautions(section: str, note: str) -> Source:
    """A caution the muscles article gives under its precautions heading."""
    return Source(article=MUSCLES, section=section, note=note)


def _outside(why: str) -> Source:
    return Source(outside=why)


GOALS: dict[str, Goal] = {
    goal.key: goal
    for goal in (
        Goal(
            "sleep", "Sleep", "Slow, light strokes and a held wrist point to wind down before bed."
        ),
        Goal("stress", "Stress", "Calm breathing and steady pressure to settle a busy mind."),
        Goal("stiffness", "Stiffness", "Warm and loosen joints that feel tight or slow to move."),
        Goal(
            "arthritis", "Arthritis", "Gentle warming work around sore joints, never forcing them."
        ),
        Goal(
            "carpal-tunnel",
            "Carpal tunnel",
            "Work the forearm and hand muscles around the carpal tunnel, lightly over the wrist.",
        ),
        Goal("desk-work", "Desk work", "Short breaks for hands that type, click and grip all day."),
        Goal("circulation", "Circulation", "Draw blood to cold or tired hands with brisk strokes."),
        Goal(
            "swelling", "Swelling", "Light strokes from fingertips toward the heart to move fluid."
        ),
        Goal("grip", "Grip", "Loosen and wake the muscles you hold things with."),
        Goal(
            "headache",
            "Headache",
            "Slow pressure on the hand points reflexology links with the head and neck.",
        ),
        Goal(
            "neuropathy", "Neuropathy", "Light, attentive touch for hands with altered sensation."
        ),
        Goal("pain", "Pain", "Relieve aches from overuse, tension and tired muscles."),
        Goal(
            "dry-skin",
            "Dry skin",
            "Work cream into dry, rough hands with slow strokes, leaving them soft.",
        ),
        Goal(
            "scars",
            "Scars",
            "Slow work over a fully healed scar, with your clinician's agreement, to soften it.",
        ),
    )
}

_CLINIC = "usual advice in hand therapy and nursing"

PRECAUTIONS: dict[str, Precaution] = {
    item.key: item
    for item in (
        Precaution(
            "acute-injury",
            "Recent injury",
            "After a fracture, sprain or strain, wait until the swelling and sharp pain have "
            "settled, and ask a clinician before massaging the hand.",
            (_from_precautions("Acute Injuries", "Wait out the acute phase; ask first"),),
        ),
        Precaution(
            "skin",
            "Skin conditions and open wounds",
            "Leave out any area with eczema, psoriasis, cuts or broken skin until it has healed.",
            (_from_precautions("Skin Conditions", "Eczema, psoriasis and open wounds"),),
        ),
        Precaution(
            "circulatory",
            "Circulatory disorders",
            "With deep vein thrombosis or severe varicose veins in the arm, massage could move a "
            "clot: get a doctor's go-ahead first.",
            (
                _from_precautions(
                    "Circulatory Disorders", "DVT or severe varicose veins in the arms"
                ),
            ),
        ),
        Precaution(
            "osteoporosis",
            "Severe osteoporosis",
            "Fragile bones can be hurt by firm pressure: keep it light and ask a doctor what is safe.",
            (
                _from_precautions(
                    "Severe Osteoporosis", "Pressure may be too much for fragile bones"
                ),
            ),
        ),
        Precaution(
            "arthritis-flare",
            "Arthritis flare-ups",
            "While joints are hot, swollen and tender, skip the routine or keep every touch "
            "very gentle.",
            (_from_precautions("Arthritis Flare-Ups", "Postpone, or keep it gentle"),),
        ),
        Precaution(
            "neuropathy",
            "Neuropathy or reduced sensation",
            "If you cannot feel pressure well, use light pressure and look at the skin rather "
            "than relying on how it feels.",
            (
                _from_precautions(
                    "Neurological Conditions",
                    "Neuropathy alters feeling in the hands; say clearly what you need",
                ),
                _outside(
                    f"Light pressure and looking at the skin are {_CLINIC}; the article "
                    "says only to communicate needs and limits clearly"
                ),
            ),
        ),
        Precaution(
            "cancer",
            "Cancer treatment",
            "During or after cancer treatment, check with your care team before starting massage.",
            (
                _from_precautions(
                    "Are There Any Precautions or Conditions Where Hand Massage Might Not Be "
                    "Advised?",
                    "Its last paragraph: ask the oncologist or care team",
                ),
            ),
        ),
        Precaution(
            "severe-pain",
            "Severe pain",
            "Strong or unexplained pain needs a doctor's view before self-massage; stop if any "
            "step hurts.",
            (Source(article=HOW_TO, note="Check with a doctor about serious pain first"),),
        ),
        Precaution(
            "heat",
            "Warmth when feeling is dulled",
            "Before a warm pack, compress or water touches the hand, test it on skin that feels "
            "heat normally, such as the inside of the other wrist; it should feel pleasantly "
            "warm, never hot. Numb skin can burn without you noticing.",
            (
                Source(
                    article=GUIDE,
                    section="Preparing for an Effective Hand Massage",
                    note="Warming the hands in warm water first",
                ),
                _from_precautions("Neurological Conditions", "Neuropathy alters sensation"),
                _outside(
                    "Everyday burn-safety advice for people with reduced feeling; "
                    "the articles do not say to test the warmth"
                ),
            ),
        ),
        Precaution(
            "cold",
            "Cold packs",
            "Wrap a cold pack or ice in a thin, dry cloth, hold it on for ten minutes at most, "
            "and take it off if the skin stings or goes numb. Leave cold out on skin that "
            "already feels little, and if your fingers turn white or blue in the cold.",
            (
                Source(
                    article=GUIDE,
                    section="How to Massage Painful and Sore Hands",
                    note="Cold afterwards to reduce inflammation",
                ),
                _outside(
                    f"Wrapping the pack, a time limit and no cold on numb skin are {_CLINIC}; "
                    "the article suggests cold without them"
                ),
            ),
        ),
        Precaution(
            "nerve-stretch",
            "Tingling or numb fingers",
            "Bending the wrist far back, and holding it there, squeezes the nerve that runs "
            "through it. If your fingers often tingle or go numb, keep such stretches short "
            "and mild, and let go at once if tingling starts. Tingling that lasts, or a weak "
            "grip, is for a clinician to look at.",
            (
                Source(
                    article=CONDITIONS,
                    section="3. Carpal tunnel syndrome",
                    note="Numbness, tingling and weakness from pressure on the median nerve",
                ),
                _outside(
                    f"{_CLINIC.capitalize()}: a wrist held bent raises the pressure around the "
                    "median nerve; the articles suggest stretches without this caution"
                ),
            ),
        ),
        Precaution(
            "blood-thinners",
            "Blood thinners or easy bruising",
            "If you take a medicine that thins the blood (such as warfarin, apixaban or "
            "rivaroxaban) or you bruise easily, leave out firm kneading and pinching and keep "
            "to lighter pressure. Stop if a bruise appears.",
            (
                _outside(
                    f"{_CLINIC.capitalize()}; the articles do not mention blood thinners or "
                    "bruising"
                ),
            ),
        ),
        Precaution(
            "colour-change",
            "Fingers that turn white or blue",
            "If your fingers turn white or blue in the cold and then red as they warm, or cold "
            "hands have sores that are slow to heal, see a doctor: these can be Raynaud's or a "
            "poor blood supply, which need more than massage. Warm the hands gently, never "
            "with hot water, and leave any sore alone.",
            (
                _outside(
                    f"{_CLINIC.capitalize()}; the articles speak of circulation but not of "
                    "Raynaud's or sores"
                ),
            ),
        ),
        Precaution(
            "pregnancy",
            "Pregnancy",
            "Acupressure tradition advises against firm, held pressure on the web between thumb "
            "and index finger while pregnant. If you are, keep that spot light or leave it out, "
            "and ask your midwife or doctor.",
            (
                _outside(
                    "Common acupressure guidance on the point in the web of the thumb "
                    "(LI4, Hegu); the articles do not mention pregnancy"
                ),
            ),
        ),
        Precaution(
            "pregnancy-swelling",
            "Sudden swelling in pregnancy",
            "If you are pregnant and your face, hands or fingers swell suddenly, above all with "
            "a bad headache, blurred sight or pain below the ribs, call your midwife or doctor "
            "the same day instead of massaging it: it can be a sign of pre-eclampsia.",
            (
                _outside(
                    "Standard antenatal advice on the signs of pre-eclampsia; the articles do "
                    "not mention pregnancy"
                ),
            ),
        ),
        Precaution(
            "swelling-red-flags",
            "Swelling that needs a doctor first",
            "Do not massage, and see a doctor soon, if one arm or hand has swollen and aches or "
            "feels heavy (it can be a clot), if a hand is red, hot and swollen (it can be an "
            "infection), or if the swelling came on suddenly or after an injury.",
            (
                _from_precautions("Circulatory Disorders", "Massage could dislodge a clot"),
                Source(
                    article=CONDITIONS,
                    section="8. Hand swelling and inflammation",
                    note="Swelling can come from injury, infection or illness",
                ),
                _outside(
                    f"Which swellings to show a doctor first is {_CLINIC}; the articles list "
                    "the causes but not the warning signs"
                ),
            ),
        ),
        Precaution(
            "scented",
            "Scented lotions and essential oils",
            "Scents and essential oils can irritate skin or set off an allergy. Try a little on "
            "the inside of your forearm and wait a day before using it on your hands; use an "
            "essential oil only well diluted in a plain oil or cream, and keep it off broken "
            "skin and away from your eyes.",
            (
                Source(
                    article=GUIDE,
                    section="Preparing for an Effective Hand Massage",
                    note="Suggests essential oils such as lavender or eucalyptus",
                ),
                _outside(
                    "A patch test and dilution are usual skin-care advice; the articles "
                    "suggest essential oils without them"
                ),
            ),
        ),
        Precaution(
            "healed-skin",
            "Only on a fully healed scar",
            "Massage a scar only once the wound has fully closed, with no scab, stitches, "
            "weeping or redness, and only when your surgeon, doctor or hand therapist agrees. "
            "Stop and ask them if the scar turns red, sore or breaks open.",
            (
                Source(
                    article=BENEFITS,
                    section="#5 Skin Health",
                    note="Massage may help fade scars; the article cites an NHS scar massage "
                    "leaflet",
                ),
                _outside(f"When a scar is ready for massage is {_CLINIC}; the articles do not say"),
            ),
        ),
    )
}
"""Each precaution's advice with its sources: from the articles where they say it, and marked
as from outside them (with the reason) where a clinician's usual advice fills a gap."""
