"""The HTML report's colours, one pair per category, and the WCAG contrast arithmetic that
keeps them readable (tests/test_html_report.py checks every pair against WCAG 2.x AA).

Each category has a light `tint` (the mark's background, read with the page's ink on top) and a
dark `accent` (the mark's underline and the background of its label, read with white text).
Colour never stands alone: every mark also carries its category's name.
"""
from __future__ import annotations

from typing import NamedTuple

INK = "#1f2933"  # body text, on the page and on every tint
PAGE = "#fbfaf7"  # the page background (a warm off-white: calmer than pure white)
CARD = "#ffffff"  # the notes beside the text
MUTED = "#52606d"  # secondary text (paths, line numbers) on PAGE and CARD
LABEL_TEXT = "#ffffff"  # a mark's category label, on the accent
FOCUS = "#1d4ed8"  # the outline around the focused finding


class Colours(NamedTuple):
    tint: str
    accent: str


#: Category -> colours. Muted hues a reader can tell apart; every accent is dark enough for
#: white label text (AA, 4.5:1) and for its underline to stand out from the page (3:1).
CATEGORY_COLOURS: dict[str, Colours] = {
    "advice": Colours("#d8efec", "#0e6363"),
    "causation": Colours("#dfe8f6", "#2f5a97"),
    "certainty": Colours("#ebe4f5", "#654a93"),
    "cure": Colours("#f6e0e4", "#9c3449"),
    "disclaimer": Colours("#e6e9ed", "#4a5664"),
    "evidence": Colours("#f8ecd2", "#7f5200"),
    "extrapolation": Colours("#e7efd7", "#4a651c"),
    "hype": Colours("#f9e3d6", "#9a4418"),
    "natural": Colours("#dbefe2", "#2b6944"),
    "regulatory": Colours("#f4e0ee", "#853773"),
}
#: Any other category (a team's own pack, the unused-suppression check).
OTHER = Colours("#ebedf0", "#55606c")


def colours(category: str) -> Colours:
    return CATEGORY_COLOURS.get(category, OTHER)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
