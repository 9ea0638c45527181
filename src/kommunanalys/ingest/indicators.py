"""Analysts' decisions about indicators an import brought: confirm them, set data quality; and
the catalogue indicators an imported one may be the same as (:func:`propose`), so that its
values fill the known indicator instead of a duplicate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kommunanalys.model import Indicator, Quality
from kommunanalys.store import Store


def set_indicator_status(
    store: Store,
    indicator: str,
    actor: str,
    *,
    quality: Quality | None = None,
    confirmed: bool | None = None,
) -> tuple[dict[str, object], dict[str, object]]:
    """Change an indicator's quality status / confirmation, with an audit entry; return the
    old and new state."""
    current = next((i for i in store.indicators() if i.id == indicator), None)
    if current is None:
        raise KeyError(indicator)
    old: dict[str, object] = {"quality": current.quality.value, "confirmed": current.confirmed}
    new: dict[str, object] = {
        "quality": (quality or current.quality).value,
        "confirmed": current.confirmed if confirmed is None else confirmed,
    }
    with store.transaction():
        store.update_indicator(indicator, quality=quality, confirmed=confirmed)
        store.audit.record(actor, "indicator", f"indicator:{indicator}", old=old, new=new)
    return old, new


#: words that say how a figure is given, not what it measures
_FORM_WORDS = frozenset(
    [
        "andel",
        "antal",
        "personer",
        "person",
        "med",
        "och",
        "resp",
        "samt",
        "av",
        "i",
        "för",
        "som",
        "per",
        "totalt",
        "total",
        "ålder",
        "procent",
        "år",
        "alla",
        "befolkning",
        "invånare",
    ]
)
#: a proposal needs this share of the measure's words in common
MIN_NAME_OVERLAP = 0.5


@dataclass(frozen=True)
class Proposal:
    """A catalogue indicator an imported one may be the same as, and how alike they are
    (0–1: the measure's words, then the value type and unit, then the source table)."""

    indicator: str
    score: float


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-zåäöé]+", text.lower()) if w not in _FORM_WORDS)


def _table_code(source: str) -> str | None:
    """SCB's table id in an indicator's source text (``… (TAB1234)``), if any."""
    match = re.search(r"\(([A-Z0-9]{4,}[A-Z0-9_]*)\)", source)
    return match.group(1) if match else None


def similarity(new: Indicator, known: Indicator) -> float:
    """How likely ``new`` (made by an import) measures what the catalogue's ``known`` does."""
    a, b = _words(new.name_sv), _words(known.name_sv)
    if not a or not b:
        return 0.0
    overlap = len(a & b) / len(a | b)
    if overlap < MIN_NAME_OVERLAP:
        return 0.0
    same_kind = new.value_type is known.value_type and new.unit == known.unit
    code = _table_code(new.source)
    same_table = code is not None and code in known.source
    return round(0.6 * overlap + 0.25 * same_kind + 0.15 * same_table, 3)


def propose(new: Indicator, catalogue: Iterable[Indicator], limit: int = 3) -> tuple[Proposal, ...]:
    """The catalogue indicators most like ``new``, best first (views and unconfirmed ones left
    out: values fill a base indicator the analysts have confirmed)."""
    scored = [
        Proposal(known.id, similarity(new, known))
        for known in catalogue
        if known.id != new.id and known.confirmed and not known.is_view
    ]
    return tuple(sorted((p for p in scored if p.score), key=lambda p: (-p.score, p.indicator)))[
        :limit
    ]
