"""Classes for maps and colour scales: quantiles or fixed breaks.

* ``kvantiler`` (quantiles): about as many areas in each class; class edges are the
  inclusive quantiles of the shown values (Python's ``statistics.quantiles``). Good for seeing
  the order of areas whatever the distribution; an equal count per class is not an equal
  range of values, so the legend shows each class's range.
* ``fasta`` (fixed breaks): equal-width classes between round numbers over the range of the
  values (or the breaks given), so that the same value always gets the same class, e.g. from
  one year to the next when the same breaks are passed.

Class ``i`` covers ``edges[i] ≤ v < edges[i+1]``; the last class includes its upper edge.
Equal edges (many tied values) are merged, so no class is empty by construction.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kommunanalys.charts.scales import format_interval, format_with_unit, nice_ticks
from kommunanalys.i18n import gettext as _

QUANTILES = "kvantiler"
FIXED = "fasta"
METHODS: dict[str, str] = {QUANTILES: "kvantiler", FIXED: "fasta gränser (jämna intervall)"}


class ClassificationError(ValueError):
    """An unknown method or unusable breaks; the message is for the user (Swedish)."""


@dataclass(frozen=True, slots=True)
class Classes:
    method: str
    edges: tuple[float, ...]  # k + 1 increasing edges for k classes (empty: no values)

    @property
    def count(self) -> int:
        return max(len(self.edges) - 1, 0)

    def index(self, value: float | None) -> int | None:
        """The class of ``value`` (0 = lowest values), or None for no value or no classes."""
        edges = self.edges
        if value is None or len(edges) < 2 or not math.isfinite(value):
            return None
        # the inner edges only (the first and last class are open downwards and upwards)
        return bisect.bisect_right(edges, value, 1, len(edges) - 1) - 1

    def label(self, k: int, unit: str, decimals: int) -> str:
        """``10,0–12,5 %`` for class ``k``."""
        low, high = self.edges[k], self.edges[k + 1]
        if low == high:
            return format_with_unit(low, unit, decimals)
        return format_interval(low, high, unit, decimals)


def classify(
    values: Iterable[float | None],
    method: str = QUANTILES,
    classes: int = 5,
    breaks: Sequence[float] | None = None,
) -> Classes:
    """Class edges for the present ``values`` by ``method`` (see the module docstring)."""
    if method not in METHODS:
        raise ClassificationError(
            _("Okänd klassindelning '%(v)s' (välj %(methods)s).")
            % {"v": method, "methods": (" " + _("eller") + " ").join(METHODS)}
        )
    if classes < 1 or classes > 7:
        raise ClassificationError(_("Antalet klasser måste vara mellan 1 och 7."))
    present = sorted(v for v in values if v is not None and math.isfinite(v))
    if breaks is not None:
        edges = sorted(set(float(b) for b in breaks))
        if len(edges) < 2:
            raise ClassificationError(_("Fasta gränser behöver minst två värden."))
        if present:
            edges[0] = min(edges[0], present[0])
            edges[-1] = max(edges[-1], present[-1])
        return Classes(FIXED, tuple(edges))
    if not present:
        return Classes(method, ())
    low, high = present[0], present[-1]
    if low == high:
        return Classes(method, (low, high))
    if method == FIXED:
        ticks = nice_ticks(low, high, classes)
        ticks[0], ticks[-1] = min(ticks[0], low), max(ticks[-1], high)  # float noise at the ends
        return Classes(method, tuple(_dedupe(ticks)))
    if len(present) < 2 or classes == 1:
        return Classes(method, (low, high))
    cuts = statistics.quantiles(present, n=classes, method="inclusive")
    return Classes(method, tuple(_dedupe([low, *cuts, high])))


def _dedupe(edges: Sequence[float]) -> list[float]:
    out: list[float] = []
    for edge in edges:
        if not out or edge > out[-1] + 1e-12:
            out.append(float(edge))
    if len(out) == 1:
        out.append(out[0])
    return out
