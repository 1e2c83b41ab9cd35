"""handcue's own theme, beside Textual's: for low vision and washed-out screens."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="handcue-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "border": "#ffffff",
        "border-blurred": "#bcbcbc",
        "footer-key-foreground": "#ffff00",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#ffff00 40%",
    },
)
"""Pure black and white with saturated accents, for low vision and washed-out screens."""
