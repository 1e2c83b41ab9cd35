"""The fixed words a routine file may use: goals people pick by, and the precautions catalogue."""

from __future__ import annotations

from dataclasses import dataclass


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
        ),
        Precaution(
            "skin",
            "Skin conditions and open wounds",
            "Leave out any area with eczema, psoriasis, cuts or broken skin until it has healed.",
        ),
        Precaution(
            "circulatory",
            "Circulatory disorders",
            "With deep vein thrombosis or severe varicose veins in the arm, massage could move a "
            "clot: get a doctor's go-ahead first.",
        ),
        Precaution(
            "osteoporosis",
            "Severe osteoporosis",
            "Fragile bones can be hurt by firm pressure: keep it light and ask a doctor what is safe.",
        ),
        Precaution(
            "arthritis-flare",
            "Arthritis flare-ups",
            "While joints are hot, swollen and tender, skip the routine or keep every touch "
            "very gentle.",
        ),
        Precaution(
            "neuropathy",
            "Neuropathy or reduced sensation",
            "If you cannot feel pressure well, use light pressure and look at the skin rather "
            "than relying on how it feels.",
        ),
        Precaution(
            "cancer",
            "Cancer treatment",
            "During or after cancer treatment, check with your care team before starting massage.",
        ),
        Precaution(
            "severe-pain",
            "Severe pain",
            "Strong or unexplained pain needs a doctor's view before self-massage; stop if any "
            "step hurts.",
        ),
    )
}
