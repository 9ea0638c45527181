"""An SCB table the catalogue does not know: its content column becomes a new indicator,
unconfirmed until an analyst confirms it (with an audit event)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.ingest.indicators import set_indicator_status
from kommunanalys.model import Division, Quality, ValueType
from kommunanalys.store import Store
from tests.ingest.helpers import scb_like_export, snapshot

TITLE = "Låg ekonomisk standard efter region. År 2022-2023"
NEW = "scb_000006ta_lag_ekonomisk_standard_procent"


def low_income_export(path: Path) -> Path:
    return scb_like_export(
        path,
        title=TITLE,
        header_rows=[[None, "Låg ekonomisk standard, procent", None], [None, "2022", "2023"]],
        data=[
            ["0126A0010", 8.0, 8.5],
            ["0126C1310", 23.1, 22.4],
            ["0126C1050", "..", 12.0],
            ["0127A0010", 5.0, 6.0],  # Botkyrka: not ours
        ],
        reference_code="000006TA",
        merge=("B3:C3",),
    )


def test_unknown_table_creates_an_unconfirmed_indicator(store: Store, tmp_path: Path) -> None:
    result = import_file(store, low_income_export(tmp_path / "lag_ek.xlsx"), refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert result.new_indicators == (NEW,)
    assert result.summary() == (
        "6 nya, 0 reviderade, 0 oförändrade värden, 2 celler utanför kommunen eller utan "
        "indikator. 1 nya indikatorer att bekräfta."
    )
    indicator = next(i for i in store.indicators() if i.id == NEW)
    assert indicator.confirmed is False
    assert indicator.name_sv == "Låg ekonomisk standard, procent"
    assert (indicator.value_type, indicator.unit) == (ValueType.PROPORTION, "%")
    assert TITLE in indicator.source and "000006TA" in indicator.source
    assert indicator.source_kind == "scb" and not indicator.in_seed
    values = {(r.area, r.period): (r.value, r.status) for r in store.history(NEW)}
    assert values[("0126C1310", "2022")] == (23.1, None)
    assert values[("0126C1050", "2022")] == (None, "..")  # a marker, never 0
    assert {r.division for r in store.history(NEW)} == {Division.DESO2018}


def test_catalogue_indicators_stay_confirmed(store: Store, tmp_path: Path) -> None:
    import_file(store, low_income_export(tmp_path / "lag_ek.xlsx"), refresh=False)
    unconfirmed = [i.id for i in store.indicators() if not i.confirmed]
    assert unconfirmed == [NEW]


def test_reimport_does_not_create_the_indicator_twice(store: Store, tmp_path: Path) -> None:
    path = low_income_export(tmp_path / "lag_ek.xlsx")
    import_file(store, path, refresh=False)
    set_indicator_status(store, NEW, "anna", confirmed=True)
    again = import_file(store, path, refresh=False)
    assert again.new_indicators == () and again.summary().startswith("Inget nytt")
    assert next(i for i in store.indicators() if i.id == NEW).confirmed is True


def test_confirming_writes_an_audit_event(store: Store, tmp_path: Path) -> None:
    import_file(store, low_income_export(tmp_path / "lag_ek.xlsx"), refresh=False)
    old, new = set_indicator_status(store, NEW, "anna", confirmed=True)
    assert old == {"quality": "kvalitetssakrad", "confirmed": False}
    assert new == {"quality": "kvalitetssakrad", "confirmed": True}
    assert next(i for i in store.indicators() if i.id == NEW).confirmed is True
    (event,) = store.audit.events(action="indicator")
    assert (event.actor, event.target) == ("anna", f"indicator:{NEW}")
    assert '"confirmed": false' in (event.old or "") and '"confirmed": true' in (event.new or "")

    set_indicator_status(store, NEW, "bertil", quality=Quality.PRELIMINARY)
    indicator = next(i for i in store.indicators() if i.id == NEW)
    assert (indicator.quality, indicator.confirmed) == (Quality.PRELIMINARY, True)
    assert [e.actor for e in store.audit.events(action="indicator")] == ["bertil", "anna"]


def test_unknown_indicator_status_change_is_refused(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(KeyError):
        set_indicator_status(store, "finns_inte", "anna", confirmed=True)
    assert snapshot(store) == before
