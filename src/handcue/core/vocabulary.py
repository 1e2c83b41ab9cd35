"""The fixed words a routine file may use: goals people pick by, and the precautions catalogue."""

from __future__ import annotations

from dataclasses import dataclass

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


BENEFITS = "8 Top Health Benefits of Hand Massages"
CONDITIONS = "What Health Conditions Can Benefit From Hand Massage?"
MUSCLES = "How Does Massage Help The Muscles Of The Hand?"
GUIDE = "How to Massage Hands and Wrists: A Step-by-Step Guide"
HOW_TO = "Benefits of Hand Massage and How to Do It"
ARTICLES: tuple[str, ...] = (BENEFITS, CONDITIONS, MUSCLES, GUIDE, HOW_TO)
"""The articles the bundled routines are drawn from, by title (or, where an article has no
title line, by its own first heading)."""

_PRECAUTIONS_SECTION = (
    "Are There Any Precautions or Conditions Where Hand Massage Might Not Be Advised?"
)


def _from_precautions(note: str) -> tuple[Source, ...]:
    return (Source(article=MUSCLES, section=_PRECAUTIONS_SECTION, note=note),)


GOALS: dict[str, Goal] = {
    goal.key: goal
    for goal in (
        Goal("sleep", "Sleep", "Slow, light strokes and wrist points to wind down before bed."),
        Goal("stress", "Stress", "Calm breathing and steady pressure to settle a busy mind."),
        Goal("stiffness", "Stiffness", "Warm and loosen joints that feel tight or slow to move."),
        Goal(
            "arthritis", "Arthritis", "Gentle warming work around sore joints, never forcing them."
        ),
        Goal(
            "carpal-tunnel",
            "Carpal tunnel",
            "Ease the forearm and wrist that feed the median nerve.",
        ),
        Goal("desk-work", "Desk work", "Short breaks for hands that type, click and grip all day."),
        Goal("circulation", "Circulation", "Draw blood to cold or tired hands with brisk strokes."),
        Goal(
            "swelling", "Swelling", "Light strokes from fingertips toward the heart to move fluid."
        ),
        Goal("grip", "Grip", "Loosen and wake the muscles you hold things with."),
        Goal("headache", "Headache", "Press the points reflexology links with tension headaches."),
        Goal(
            "neuropathy", "Neuropathy", "Light, attentive touch for hands with altered sensation."
        ),
        Goal("pain", "Pain", "Relieve aches from overuse, tension and tired muscles."),
    )
}

PRECAUTIONS: dict[str, Precaution] = {
    item.key: item
    for item in (
        Precaution(
            "acute-injury",
            "Recent injury",
            "After a fracture, sprain or strain, wait until the swelling and sharp pain have "
            "settled, and ask a clinician before massaging the hand.",
            _from_precautions("Acute injuries"),
        ),
        Precaution(
            "skin",
            "Skin conditions and open wounds",
            "Leave out any area with eczema, psoriasis, cuts or broken skin until it has healed.",
            _from_precautions("Skin conditions"),
        ),
        Precaution(
            "circulatory",
            "Circulatory disorders",
            "With deep vein thrombosis or severe varicose veins in the arm, massage could move a "
            "clot: get a doctor's go-ahead first.",
            _from_precautions("Circulatory disorders"),
        ),
        Precaution(
            "osteoporosis",
            "Severe osteoporosis",
            "Fragile bones can be hurt by firm pressure: keep it light and ask a doctor what is safe.",
            _from_precautions("Severe osteoporosis"),
        ),
        Precaution(
            "arthritis-flare",
            "Arthritis flare-ups",
            "While joints are hot, swollen and tender, skip the routine or keep every touch "
            "very gentle.",
            _from_precautions("Arthritis flare-ups"),
        ),
        Precaution(
            "neuropathy",
            "Neuropathy or reduced sensation",
            "If you cannot feel pressure well, use light pressure and look at the skin rather "
            "than relying on how it feels.",
            _from_precautions("Neurological conditions"),
        ),
        Precaution(
            "cancer",
            "Cancer treatment",
            "During or after cancer treatment, check with your care team before starting massage.",
            _from_precautions("Cancer treatment"),
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
                *_from_precautions("Neurological conditions alter sensation in the hands"),
                Source(
                    outside="Everyday burn-safety advice for people with reduced feeling; "
                    "the articles do not say to test the warmth",
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
                Source(
                    outside="Common acupressure guidance on the point in the web of the thumb "
                    "(LI4, Hegu); the articles do not mention pregnancy",
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
                *_from_precautions("Blood clots in the arm"),
                Source(
                    article=CONDITIONS,
                    section="8. Hand swelling and inflammation",
                    note="Swelling can come from injury, infection or illness",
                ),
            ),
        ),
    )
}
