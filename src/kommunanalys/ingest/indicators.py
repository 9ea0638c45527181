"""Analysts' decisions about indicators an import brought: confirm them, set data quality."""

from __future__ import annotations

from kommunanalys.model import Quality
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
