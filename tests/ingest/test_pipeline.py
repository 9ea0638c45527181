"""ingest/pipeline.py on its own: import_extract and import_tidy_csv over a small in-memory
store (the catalogue and Huddinge's geography, no values). The counts, the dry run, the
all-or-nothing rule and the step callback; the files and adapters are tested elsewhere."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.ingest import import_extract, import_tidy_csv
from kommunanalys.model import Division, Observation
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import Extract
from kommunanalys.store import Store
from tests.ingest.helpers import snapshot, tidy

DESO = ("0126C1310", "0126A0010")


def row(area: str, value: float, *, indicator: str = "antal_invanare", line: int = 1) -> SourceRow:
    observation = Observation(indicator, area, Division.DESO2018, "2021", value, source="test")
    return SourceRow(observation, Where("values.xlsx", row=line, column="C"))


def extract(*rows: SourceRow, **fields: object) -> Extract:
    return Extract(
        source="test",
        description="Testvärden",
        rows=list(rows),
        files=("values.xlsx",),
        checksum="abc123",
        **fields,  # type: ignore[arg-type]
    )


def counts(result: object) -> tuple[int, int, int, int]:
    return (result.added, result.revised, result.unchanged, result.skipped)  # type: ignore[attr-defined]


def test_extract_counts_added_then_unchanged_then_revised(store: Store) -> None:
    first = import_extract(store, extract(row(DESO[0], 3300), row(DESO[1], 1700)), refresh=False)
    assert first.ok and counts(first) == (2, 0, 0, 0)
    assert first.staged == 2
    again = import_extract(store, extract(row(DESO[0], 3300), row(DESO[1], 1700)), refresh=False)
    assert counts(again) == (0, 0, 2, 0)
    revised = import_extract(store, extract(row(DESO[0], 3312), row(DESO[1], 1700)), refresh=False)
    assert counts(revised) == (0, 1, 1, 0)
    [record] = [r for r in store.imports() if r.id == revised.record.id]  # type: ignore[union-attr]
    assert (record.rows_added, record.rows_revised, record.rows_unchanged) == (0, 1, 1)
    assert record.checksum == "abc123" and record.files == ("values.xlsx",)


def test_extract_skipped_cells_reach_the_result_the_record_and_the_summary(store: Store) -> None:
    result = import_extract(store, extract(row(DESO[0], 3300), skipped=7), refresh=False)
    assert counts(result) == (1, 0, 0, 7)
    assert result.record is not None and result.record.rows_skipped == 7
    assert result.summary() == (
        "1 nya, 0 reviderade, 0 oförändrade värden, 7 celler utanför kommunen eller utan indikator."
    )


def test_rows_read_defaults_to_the_rows_and_follows_the_adapter(store: Store) -> None:
    plain = import_extract(store, extract(row(DESO[0], 3300)), refresh=False)
    assert plain.record is not None and plain.record.rows_read == 1
    told = import_extract(store, extract(row(DESO[1], 1700), rows_read=40), refresh=False)
    assert told.record is not None and told.record.rows_read == 40


def test_dry_run_counts_exactly_what_the_import_then_does_and_writes_nothing(
    store: Store,
) -> None:
    import_extract(store, extract(row(DESO[0], 3300)), refresh=False)
    before = snapshot(store)
    rows = (row(DESO[0], 3312), row(DESO[1], 1700))
    preview = import_extract(store, extract(*rows), dry_run=True, refresh=False)
    assert preview.ok and preview.dry_run and preview.record is None
    assert snapshot(store) == before
    assert preview.summary().startswith("Förhandsgranskning: ")
    done = import_extract(store, extract(*rows), refresh=False)
    assert counts(done) == counts(preview) == (1, 1, 0, 0)


def test_dry_run_of_a_new_indicator_names_it_but_adds_nothing(store: Store) -> None:
    [template] = [i for i in load_catalogue().indicators if i.id == "antal_invanare"]
    new = replace(template, id="testindikator", name_sv="Testindikator")
    source = extract(row(DESO[0], 5, indicator="testindikator"), indicators=[new])
    preview = import_extract(store, source, dry_run=True, refresh=False)
    assert preview.new_indicators == ("testindikator",)
    assert "testindikator" not in {i.id for i in store.indicators()}
    done = import_extract(store, source, refresh=False)
    assert done.new_indicators == ("testindikator",) and done.added == 1
    [added] = [i for i in store.indicators() if i.id == "testindikator"]
    assert not added.confirmed and not added.in_seed  # an analyst confirms it later


def test_a_bad_row_rejects_the_whole_extract_and_leaves_the_database_as_it_was(
    store: Store,
) -> None:
    import_extract(store, extract(row(DESO[0], 3300)), refresh=False)
    before = snapshot(store)
    bad = extract(row(DESO[0], 3312), row("0126X9999", 10, line=3), row(DESO[1], 1700))
    result = import_extract(store, bad, refresh=False)
    assert not result.ok and result.record is None
    assert [p.where.row for p in result.problems] == [3]
    assert counts(result) == (0, 0, 0, 0)
    assert result.summary() == f"Importen avvisades: {len(result.problems)} fel, inget skrevs."
    assert snapshot(store) == before


def test_problems_found_while_reading_stop_before_anything_is_staged(store: Store) -> None:
    before = snapshot(store)
    steps: list[str] = []
    problem = Problem(Where("values.xlsx", row=2), "Oläsbar cell")
    result = import_extract(
        store, extract(row(DESO[0], 3300), problems=[problem]), step=steps.append
    )
    assert result.problems == (problem,)
    assert steps == []
    assert snapshot(store) == before


def test_an_error_while_writing_leaves_the_database_as_it_was(store: Store) -> None:
    import_extract(store, extract(row(DESO[0], 3300)), refresh=False)
    before = snapshot(store)

    def step(message: str) -> None:
        if message.startswith("Skriver"):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        import_extract(store, extract(row(DESO[0], 1), row(DESO[1], 2)), step=step)
    assert snapshot(store) == before
    after = import_extract(store, extract(row(DESO[0], 3300)), refresh=False)
    assert counts(after) == (0, 0, 1, 0)  # the store still works, and still has the old value


def test_the_step_callback_hears_each_stage_in_order(store: Store) -> None:
    steps: list[str] = []
    import_extract(store, extract(row(DESO[0], 3300), row(DESO[1], 1700)), step=steps.append)
    assert steps == [
        "Mellanlagrar 2 värden",
        "Kontrollerar värden mot katalogen",
        "Skriver nya och ändrade värden",
        "Räknar om härledda värden",
    ]
    steps.clear()
    import_extract(store, extract(row(DESO[0], 3300)), step=steps.append)
    assert steps[-1] == "Skriver nya och ändrade värden"  # nothing new: nothing to recompute


def test_a_successful_import_is_audited_and_a_dry_run_is_not(store: Store) -> None:
    import_extract(store, extract(row(DESO[0], 3300)), actor="anna", dry_run=True, refresh=False)
    assert store.audit.events(action="import") == []
    done = import_extract(store, extract(row(DESO[0], 3300)), actor="anna", refresh=False)
    [event] = store.audit.events(action="import")
    assert event.actor == "anna" and event.detail == done.summary()
    assert done.record is not None and event.target == f"import:{done.record.id}"


def test_tidy_csv_counts_and_checksum(store: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "values.csv", f"antal_invanare,{DESO[0]},2021,3300")
    first = import_tidy_csv(store, path, actor="anna", refresh=False)
    assert first.ok and counts(first) == (1, 0, 0, 0)
    assert first.record is not None and first.record.rows_read == 1
    assert first.record.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert first.files == ("values.csv",)
    path = tidy(
        tmp_path / "values.csv",
        f"antal_invanare,{DESO[0]},2021,3312",
        f"antal_invanare,{DESO[1]},2021,1700",
    )
    second = import_tidy_csv(store, path, name="uppladdad.csv", refresh=False)
    assert counts(second) == (1, 1, 0, 0)
    assert second.description == "uppladdad.csv" and second.files == ("uppladdad.csv",)


def test_tidy_csv_dry_run_and_a_bad_line_write_nothing(store: Store, tmp_path: Path) -> None:
    before = snapshot(store)
    good = tidy(tmp_path / "good.csv", f"antal_invanare,{DESO[0]},2021,3300")
    preview = import_tidy_csv(store, good, dry_run=True, refresh=False)
    assert preview.ok and counts(preview) == (1, 0, 0, 0) and preview.record is None
    assert snapshot(store) == before
    bad = tidy(
        tmp_path / "bad.csv",
        f"antal_invanare,{DESO[0]},2021,3300",
        "antal_invanare,0126X9999,2021,10",
    )
    result = import_tidy_csv(store, bad, refresh=False)
    assert not result.ok
    assert [p.where.row for p in result.problems] == [3]  # located: header is line 1
    assert snapshot(store) == before
