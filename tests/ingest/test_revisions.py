"""Re-importing, revisions and the import record; dry runs that count exactly and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.demo.build import scb_files
from kommunanalys.ingest import import_tidy_csv
from kommunanalys.ingest.files import import_file
from kommunanalys.model import Division
from kommunanalys.store import Store
from tests.ingest.helpers import scb_like_export, sha256, snapshot, tidy

ROWS = (
    "antal_invanare,0126C1310,2021,3300",
    "antal_invanare,0126A0010,2021,1700",
    "medianinkomst,0126C1310,2021,340.5",
)


def test_same_file_twice_changes_nothing_and_says_so(store: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "values.csv", *ROWS)
    first = import_file(store, path, actor="anna", refresh=False)
    assert (first.added, first.revised, first.unchanged) == (3, 0, 0)
    before = snapshot(store)
    again = import_file(store, path, actor="anna", refresh=False)
    assert again.ok and (again.added, again.revised, again.unchanged) == (0, 0, 3)
    assert "Inget nytt" in again.summary()
    after = snapshot(store)
    assert after.observation_digest == before.observation_digest
    assert after.observations == before.observations
    assert after.imports == before.imports + 1  # the attempt itself is on record


def test_shipped_scb_file_twice_says_nothing_new(store: Store) -> None:
    path = next(p for p in scb_files() if p.name.startswith("000005FE"))
    assert import_file(store, path, refresh=False).added == 60
    again = import_file(store, path, refresh=False)
    assert (again.added, again.revised, again.unchanged) == (0, 0, 60)
    assert again.summary().startswith("Inget nytt")


def test_changed_value_becomes_revision_2_and_history_keeps_both(
    store: Store, tmp_path: Path
) -> None:
    path = tidy(tmp_path / "values.csv", *ROWS)
    first = import_file(store, path, actor="anna", refresh=False)
    changed = tidy(
        tmp_path / "values.csv",
        "antal_invanare,0126C1310,2021,3312",  # revised
        "antal_invanare,0126A0010,2021,1700",
        "medianinkomst,0126C1310,2021,340.5",
        "medianinkomst,0126A0010,2021,301.25",  # new
    )
    second = import_file(store, changed, actor="bertil", refresh=False)
    assert second.ok
    assert (second.added, second.revised, second.unchanged) == (1, 1, 2)
    assert second.summary() == "1 nya, 1 reviderade, 2 oförändrade värden."

    history = store.history("antal_invanare", area="0126C1310")
    assert [(r.revision, r.value, r.imported_by) for r in history] == [
        (2, 3312.0, "bertil"),
        (1, 3300.0, "anna"),
    ]
    assert first.record is not None and second.record is not None
    assert [r.import_id for r in history] == [second.record.id, first.record.id]
    assert {r.division for r in history} == {Division.DESO2018}
    assert store.revised_keys("antal_invanare") == 1
    current = {
        (v.area, v.period): v.value
        for v in store.current_observations()
        if v.indicator == "antal_invanare"
    }
    assert current[("0126C1310", "2021")] == 3312.0


def test_each_import_compares_with_the_latest_revision_and_reads_it(
    store: Store, tmp_path: Path
) -> None:
    """Revision 1 kept as read (a part), 2 and 3 in ``observation_row``: a file that goes back
    to revision 1's value is a revision (3) of 2, the same file again changes nothing, and
    every reader takes revision 3 (merge, current observations, the derived values)."""
    original = tidy(tmp_path / "a.csv", *ROWS)
    changed = tidy(tmp_path / "b.csv", "antal_invanare,0126C1310,2021,3312", *ROWS[1:])
    assert import_file(store, original, refresh=False).added == 3
    assert import_file(store, changed, refresh=False).revised == 1
    back = import_file(store, original)  # and the derived values
    assert (back.added, back.revised, back.unchanged) == (0, 1, 2)
    again = import_file(store, original, refresh=False)
    assert (again.added, again.revised, again.unchanged) == (0, 0, 3)
    history = store.history("antal_invanare", area="0126C1310")
    assert [(r.revision, r.value) for r in history] == [(3, 3300.0), (2, 3312.0), (1, 3300.0)]
    current = [v for v in store.current_observations(["antal_invanare"]) if v.period == "2021"]
    assert {v.area: v.value for v in current} == {"0126C1310": 3300.0, "0126A0010": 1700.0}
    derived = store.values(indicators=["antal_invanare"], areas=["0126C1310"], periods=["2021"])
    assert [(v.value, v.method) for v in derived] == [(3300.0, "observed")]


def test_import_record_has_actor_checksum_and_counts(store: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "values.csv", *ROWS)
    import_file(store, path, actor="anna", refresh=False)
    path = tidy(tmp_path / "values.csv", "antal_invanare,0126C1310,2021,3301", *ROWS[1:])
    result = import_file(store, path, actor="cecilia", refresh=False)
    record = result.record
    assert record is not None
    stored = store.imports()[-1]
    assert stored == record
    assert (stored.actor, stored.source, stored.files) == ("cecilia", "file", ("values.csv",))
    assert stored.checksum == sha256(path)
    assert (stored.rows_added, stored.rows_revised, stored.rows_unchanged) == (0, 1, 2)
    assert stored.rows_read == 3 and stored.rows_written == 1
    event = store.audit.events(action="import")[0]
    assert (event.actor, event.target) == ("cecilia", f"import:{record.id}")
    assert sha256(path) in (event.new or "") and event.detail == result.summary()


# -- dry runs -------------------------------------------------------------------------------


def _unknown_table(tmp_path: Path) -> Path:
    return scb_like_export(
        tmp_path / "ny_tabell.xlsx",
        title="Låg ekonomisk standard efter region. År 2022-2023",
        header_rows=[[None, "Låg ekonomisk standard, procent", None], [None, "2022", "2023"]],
        data=[["0126A0010", 8.0, 8.5], ["0126C1310", 23.1, 22.4]],
        reference_code="000006TA",
    )


@pytest.mark.parametrize("kind", ["tidy", "scb", "scb-unknown"])
def test_dry_run_counts_equal_the_real_import_and_nothing_is_written(
    store: Store, tmp_path: Path, kind: str
) -> None:
    # some values first, so that the dry run has revisions and unchanged values to count
    import_file(store, tidy(tmp_path / "seed.csv", *ROWS), refresh=False)
    if kind == "tidy":
        path = tidy(
            tmp_path / "values.csv",
            "antal_invanare,0126C1310,2021,3350",  # revised
            *ROWS[1:],  # unchanged
            "antal_invanare,0126C1310,2022,1",  # new
        )
    elif kind == "scb":
        path = next(p for p in scb_files() if p.name.startswith("000005FM"))
    else:
        path = _unknown_table(tmp_path)
    before = snapshot(store)
    preview = import_file(store, path, actor="anna", dry_run=True, refresh=False)
    assert preview.ok and preview.dry_run and preview.record is None
    assert preview.summary().startswith("Förhandsgranskning: ")
    assert snapshot(store) == before
    assert store.backend.query("SELECT count(*) FROM observation WHERE import_id > 1")[0][0] == 0

    real = import_file(store, path, actor="anna", refresh=False)
    assert real.ok and not real.dry_run
    counted = ("staged", "added", "revised", "unchanged", "skipped", "new_indicators")
    assert {k: getattr(preview, k) for k in counted} == {k: getattr(real, k) for k in counted}
    if kind == "tidy":
        assert (real.added, real.revised, real.unchanged) == (1, 1, 2)
    if kind == "scb-unknown":
        assert len(real.new_indicators) == 1
    assert snapshot(store).observations == before.observations + real.added + real.revised


def test_dry_run_of_the_direct_tidy_load_leaves_no_rows(store: Store, tmp_path: Path) -> None:
    """Into an empty store a tidy CSV goes straight into ``observation``: a dry run must roll
    that back as well."""
    before = snapshot(store)
    path = tidy(tmp_path / "values.csv", *ROWS)
    preview = import_tidy_csv(store, path, dry_run=True, refresh=False)
    assert (preview.added, preview.revised, preview.unchanged) == (3, 0, 0)
    assert snapshot(store) == before


def test_derived_values_follow_an_import_but_not_a_dry_run(store: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "values.csv",
        "antal_invanare,0126C1310,2019,3190",
        "antal_invanare,0126A0010,2019,1600",
    )
    import_file(store, path, dry_run=True)
    assert store.values(indicators=["antal_invanare"]) == []
    assert import_file(store, path).ok  # refresh=True, the default
    derived = {(v.area, v.method): v.value for v in store.values(indicators=["antal_invanare"])}
    assert derived[("0126C1310", "observed")] == 3190.0
    assert derived[("0126R006", "aggregated")] == 1600.0  # 0126A0010 is all of its RegSO
