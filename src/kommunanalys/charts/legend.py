"""Legend entries laid out left to right in rows, as every chart's legend lays them out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: The height of one legend row, in pixels.
LEGEND_ROW = 22

#: An entry: how wide it is, and how to draw it with its left edge at x in a given row.
Entry = tuple[float, Callable[[float, int], list[str]]]


def flow(
    entries: Sequence[Entry], left: float, width: float, first_row: int = 0
) -> tuple[list[str], int]:
    """The entries' marks, starting a new row where the next entry would pass ``width``
    (never before the first entry of a row); also the row the last entry is in."""
    parts: list[str] = []
    x, row = float(left), first_row
    for size, draw in entries:
        if x + size > width and x > left:
            x, row = float(left), row + 1
        parts.extend(draw(x, row))
        x += size
    return parts, row
