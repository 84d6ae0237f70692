"""The objections-per-day chart: stacked bars by status, drawn pixel by pixel into a PNG.

Only digits are drawn (counts, days of the month, ``YYYY-MM``), so the image is the same in
every language; the legend is coloured squares whose meaning the translated caption repeats
with the matching emoji squares.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Final

from bot.stats.font import GLYPH_HEIGHT, inked, text_width
from bot.stats.png import encode_png

RGB = tuple[int, int, int]

WIDTH: Final = 800
HEIGHT: Final = 400
#: Statuses from the bottom of a bar to its top: settled outcomes first, the waiting ones last.
STACK_ORDER: Final[tuple[str, ...]] = ("confirmed", "refused", "no_answer", "closed", "submitted")
#: Bar colours, chosen to match the emoji squares of ``SWATCHES``.
COLOURS: Final[dict[str, RGB]] = {
    "confirmed": (120, 177, 89),
    "refused": (221, 46, 68),
    "no_answer": (244, 144, 12),
    "closed": (170, 142, 214),
    "submitted": (253, 203, 88),
}
#: The emoji square of each status's colour, for the caption's legend.
SWATCHES: Final[dict[str, str]] = {
    "confirmed": "🟩",
    "refused": "🟥",
    "no_answer": "🟧",
    "closed": "🟪",
    "submitted": "🟨",
}

_BACKGROUND: Final[RGB] = (255, 255, 255)
_GRID: Final[RGB] = (225, 225, 225)
_AXIS: Final[RGB] = (60, 60, 60)
_LABEL: Final[RGB] = (80, 80, 80)
_SCALE: Final = 2  # font pixels per glyph pixel
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 40, 56  # margins around the plot area


class _Canvas:
    """An RGB pixel buffer with the two primitives the chart needs."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(_BACKGROUND) * (width * height))

    def fill(self, left: int, top: int, right: int, bottom: int, colour: RGB) -> None:
        """Paint the rectangle [left, right) × [top, bottom), clipped to the canvas."""
        left, right = max(0, left), min(self.width, right)
        if right <= left:
            return
        row = bytes(colour) * (right - left)
        for y in range(max(0, top), min(self.height, bottom)):
            start = (y * self.width + left) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, left: int, top: int, text: str, colour: RGB) -> None:
        """Draw ``text`` in the bitmap font with its top-left corner at (left, top)."""
        for dx, dy in inked(text, _SCALE):
            self.fill(left + dx, top + dy, left + dx + 1, top + dy + 1, colour)


def _scale(highest: int) -> tuple[int, int]:
    """A round grid step and the axis top (a multiple of it): at most five grid lines."""
    highest = max(highest, 4)  # an empty or nearly empty period still shows a readable scale
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if math.ceil(highest / step) <= 5:
                return step, step * math.ceil(highest / step)
        magnitude *= 10


def objections_chart(days: list[date], counts_by_status: dict[str, list[int]]) -> bytes:
    """A PNG of one stacked bar per day; ``counts_by_status`` has one count per day of ``days``
    for any of the statuses in ``STACK_ORDER`` (missing statuses count as zero)."""
    canvas = _Canvas(WIDTH, HEIGHT)
    left, right, top, base = _LEFT, WIDTH - _RIGHT, _TOP, HEIGHT - _BOTTOM
    columns = {s: counts_by_status.get(s) or [0] * len(days) for s in STACK_ORDER}
    step, axis_top = _scale(max(map(sum, zip(*columns.values(), strict=True)), default=0))
    per_unit = (base - top) / axis_top
    label_height = GLYPH_HEIGHT * _SCALE
    for value in range(0, axis_top + 1, step):
        y = base - round(value * per_unit)
        canvas.fill(left, y, right, y + 1, _GRID)
        label = str(value)
        canvas.text(left - 8 - text_width(label, _SCALE), y - label_height // 2, label, _LABEL)
    for index, status in enumerate(STACK_ORDER):  # the legend: squares, explained by the caption
        x = left + index * 24
        canvas.fill(x, 12, x + 14, 26, COLOURS[status])
    if days:
        _bars(canvas, days, columns, per_unit)
    canvas.fill(left - 1, top, left + 1, base + 1, _AXIS)
    canvas.fill(left - 1, base, right, base + 2, _AXIS)
    return encode_png(WIDTH, HEIGHT, bytes(canvas.pixels))


def _bars(
    canvas: _Canvas, days: list[date], columns: dict[str, list[int]], per_unit: float
) -> None:
    """The stacked bars, with day-of-month labels under some and ``YYYY-MM`` where months begin."""
    left, base = _LEFT, HEIGHT - _BOTTOM
    slot = (WIDTH - _RIGHT - left) / len(days)
    bar = max(1, int(slot * 0.7))
    every = math.ceil((text_width("31", _SCALE) + 6) / slot)  # label spacing that never collides
    month_end = 0  # right edge of the last month label drawn
    for i, day in enumerate(days):
        x = left + int(i * slot + (slot - bar) / 2)
        stacked = 0
        for status in STACK_ORDER:
            count = columns[status][i]
            low, stacked = base - round(stacked * per_unit), stacked + count
            canvas.fill(x, base - round(stacked * per_unit), x + bar, low, COLOURS[status])
        if (len(days) - 1 - i) % every:
            continue  # labels count back from today, so the latest day always has one
        centre = x + bar // 2
        label = str(day.day)
        canvas.fill(centre, base + 2, centre + 1, base + 6, _AXIS)
        canvas.text(centre - text_width(label, _SCALE) // 2, base + 8, label, _LABEL)
        month = f"{day.year}-{day.month:02d}"
        start = min(centre - text_width(label, _SCALE) // 2, WIDTH - text_width(month, _SCALE))
        if start > month_end and (month_end == 0 or day.day <= every):
            canvas.text(start, base + 30, month, _LABEL)
            month_end = start + text_width(month, _SCALE) + 8
