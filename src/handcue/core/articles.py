"""The five articles the bundled routines are drawn from: each one's name and its headings.

An article is named by its own title line; one without a title by its first heading; one with
neither by its opening sentence. A routine's source names a section by a heading listed here, so
a section that does not exist (or exists only in another article) fails the library tests
(`tests/core/test_library_content.py`), for the bundled routines and the precautions alike.
Each heading is copied as it appears in its article, numbering included.
"""

from __future__ import annotations

BENEFITS = "8 Top Health Benefits of Hand Massages"
"""Its title line. Numbered benefits #1 to #8, each a heading."""
CONDITIONS = "What Are the Benefits of Hand Massage?"
"""No title line: named by its first heading. The conditions list follows a later heading."""
MUSCLES = "How Does Massage Help The Muscles Of The Hand?"
"""Its title line."""
GUIDE = "The Multifaceted Benefits of Hand Massage"
"""No title line: named by its first heading. The step-by-step guide is a later heading."""
HOW_TO = "Massage therapy has many reported benefits, including hand massages."
"""No title and no headings: named by its opening sentence. Its numbered steps are cited as
"step 1" to "step 6"."""

ARTICLES: tuple[str, ...] = (BENEFITS, CONDITIONS, MUSCLES, GUIDE, HOW_TO)

SECTIONS: dict[str, tuple[str, ...]] = {
    BENEFITS: (
        "Physical Benefits of Hand Massages",
        "#1 Pain Relief",
        "#2 Improved Circulation",
        "#3 Reduced Swelling",
        "#4 Enhanced Flexibility and Grip Strength",
        "#5 Skin Health",
        "Psychological Benefits of Hand Massages",
        "#6 Anxiety Reduction",
        "#7 Better Sleep",
        "#8 Mood Enhancement",
    ),
    CONDITIONS: (
        "What Are the Benefits of Hand Massage?",
        "What Health Conditions Can Benefit From Hand Massage?",
        "1. Arthritis",
        "2. Rheumatoid arthritis",
        "3. Carpal tunnel syndrome",
        "4. Repetitive strain injuries",
        "5. Hand and wrist pain",
        "6. Anxiety",
        "7. Stress",
        "8. Hand swelling and inflammation",
        "The Bottom Line",
    ),
    MUSCLES: (
        "The muscles of the hand and the potential impact of massage on them",
        "Thenar Muscles",
        "Hypothenar Muscles",
        "Interosseous Muscles",
        "Lumbrical Muscles",
        "Adductor Pollicis",
        "Flexor and Extensor Muscles",
        "How can massage therapy improve hand mobility and function?",
        "What Specific Massage Techniques Are Effective for Hand Muscles?",
        "Trigger Point Therapy",
        "Myofascial Release",
        "Stretching and Flexion Exercises",
        "Can Regular Hand Massages Reduce the Symptoms of Arthritis?",
        "How Does Hand Massage Contribute to Overall Wellness and Stress Reduction?",
        "Are There Any Precautions or Conditions Where Hand Massage Might Not Be Advised?",
        "Acute Injuries",
        "Skin Conditions",
        "Circulatory Disorders",
        "Severe Osteoporosis",
        "Arthritis Flare-Ups",
        "Neurological Conditions",
        "Sources and Further Reading",
    ),
    GUIDE: (
        "The Multifaceted Benefits of Hand Massage",
        "Preparing for an Effective Hand Massage",
        "How to Massage Hands and Wrists: A Step-by-Step Guide",
        "1. Effleurage (Gliding Strokes)",
        "2. Petrissage (Kneading)",
        "3. Thumb Pressing",
        "4. Finger Rolling",
        "5. Wrist Mobilization",
        "5. Finish with Relaxation Strokes",
        "How to Massage Painful and Sore Hands",
        "Incorporating Reflexology into Hand Massage",
        "Frequently Asked Questions (FAQs)",
        "Final Thoughts",
    ),
    HOW_TO: tuple(f"step {number}" for number in range(1, 7)),
}
"""Each article's headings, in its order (for HOW_TO, its numbered steps)."""
