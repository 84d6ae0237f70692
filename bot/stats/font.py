"""A 5×7 bitmap font for the chart's tick labels: digits and ``-`` only, so no label has a
language; everything worded lives in the (translated) caption instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

GLYPH_WIDTH: Final = 5
GLYPH_HEIGHT: Final = 7

# Each glyph: 7 rows of 5 pixels, "#" inked.
_GLYPHS: Final[dict[str, tuple[str, ...]]] = {
    "0": (" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
}


def text_width(text: str, scale: int) -> int:
    """Pixels ``text`` takes at ``scale``, with one scaled pixel between glyphs."""
    return max(0, len(text) * (GLYPH_WIDTH + 1) - 1) * scale


def inked(text: str, scale: int) -> Iterator[tuple[int, int]]:
    """The (x, y) offsets of every inked pixel of ``text`` drawn at ``scale``."""
    for index, char in enumerate(text):
        left = index * (GLYPH_WIDTH + 1) * scale
        for row, line in enumerate(_GLYPHS[char]):
            for column, mark in enumerate(line):
                if mark == "#":
                    for dy in range(scale):
                        for dx in range(scale):
                            yield left + column * scale + dx, row * scale + dy
