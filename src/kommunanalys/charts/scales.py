"""Scales and axis ticks: data values → pixel positions, and round numbers for the axes.

Tick labels and value labels are formatted the Swedish way through
:mod:`kommunanalys.formatting` (decimal comma, no-break thousands space), with the unit
unless the unit is a plain count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kommunanalys.formatting import NBSP, format_number
from kommunanalys.i18n import current_language

#: Units that are not written after a number ("1 234", not "1 234 antal").
SILENT_UNITS = ("", "antal", "klass")


def format_with_unit(value: float | None, unit: str, decimals: int) -> str:
    """``12,3 %`` or ``1 234``; "–" for no value."""
    if value is None:
        return "–"
    text = format_number(value, decimals, lang=current_language())
    return text if unit in SILENT_UNITS else f"{text}{NBSP}{unit}"


def format_interval(low: float | None, high: float | None, unit: str, decimals: int) -> str:
    """``10,2–14,8 %`` (the unit once, at the end), or "" without an interval."""
    if low is None or high is None:
        return ""
    low_text = format_number(low, decimals, lang=current_language())
    return f"{low_text}–{format_with_unit(high, unit, decimals)}"


def nice_step(span: float, count: int) -> float:
    """A step of 1, 2 or 5 × 10^k that divides ``span`` into about ``count`` parts."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (the first ≤ low, the last ≥ high)."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    step = nice_step(high - low, count)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    k = 0
    while True:
        tick = start + k * step
        ticks.append(round(tick, 10))
        if tick >= high - 1e-9 * step:
            break
        k += 1
    return ticks


def tick_decimals(ticks: list[float]) -> int:
    """Decimals needed to write every tick exactly (0 for 0, 20, 40; 1 for 0, 2,5, 5)."""
    for decimals in range(4):
        if all(abs(round(t, decimals) - t) < 1e-9 for t in ticks):
            return decimals
    return 4


def extent(values: Iterable[float | None], *, include_zero: bool = False) -> tuple[float, float]:
    """The (min, max) of the values that are present; (0, 1) when none is."""
    present = [v for v in values if v is not None and math.isfinite(v)]
    if include_zero:
        present.append(0.0)
    if not present:
        return 0.0, 1.0
    return min(present), max(present)


@dataclass(frozen=True, slots=True)
class LinearScale:
    """Maps the domain [d0, d1] linearly onto the pixel range [r0, r1] (r1 < r0 flips)."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)

    @classmethod
    def nice(
        cls, low: float, high: float, r0: float, r1: float, count: int = 5
    ) -> tuple[LinearScale, list[float]]:
        """A scale over round ticks that cover [low, high], and those ticks."""
        ticks = nice_ticks(low, high, count)
        return cls(ticks[0], ticks[-1], r0, r1), ticks
