"""The import CLI: ``import file|kolada|scb``, ``update``, ``imports``, ``history`` and
``indicator confirm|quality``, on a copy of the demo database; Kolada and SCB are served
from the recorded answers in tests/data (no network)."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from kommunanalys.cli import imports as cli_import
from kommunanalys.cli import output
from kommunanalys.ingest import pipeline
from kommunanalys.model import Gender, Quality
from kommunanalys.store import Store
from tests.ingest.helpers import Snapshot, snapshot, tidy, write
from tests.sources.kolada.test_api import Kolada, recorded
from tests.sources.kolada.test_api import adapter as kolada_adapter_on
from tests.sources.scb.test_pxweb import FakeScb, adapter_for, tab6574_routes

runner = CliRunner()
T = TypeVar("T")


@pytest.fixture
def db(demo_target: Path) -> Path:
    """A copy of the demo on the test's engine."""
    return demo_target


@pytest.fixture(autouse=True)
def wide_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps tables at 80 columns; wide consoles keep messages on one line."""
    monkeypatch.setattr(output, "console", Console(width=300))
    monkeypatch.setattr(output, "errors", Console(stderr=True, width=300, soft_wrap=True))


@pytest.fixture
def no_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Derived values are not under test here: skip recomputing them (seconds per import)."""
    monkeypatch.setattr(pipeline, "refresh_derived", lambda store, *a, **k: 0)


def invoke(*args: str | Path) -> Result:
    from kommunanalys.cli.app import app

    result = runner.invoke(app, [str(a) for a in args])
    # The command closed its store; collect now what its frames still reference, so that no
    # DuckDB object survives until interpreter exit (where DuckDB reports it as leaked).
    gc.collect()
    return result


def read(db: Path, query: Callable[[Store], T]) -> T:
    """Open ``db``, run ``query``, close it: tests keep no store (nor connection) around."""
    store = Store.open(db)
    try:
        return query(store)
    finally:
        store.close()


def state(db: Path) -> Snapshot:
    return read(db, snapshot)


# -- import file -----------------------------------------------------------------------------


def test_import_file_success(db: Path, tmp_path: Path, no_refresh: None) -> None:
    path = tidy(tmp_path / "masmo.csv", "antal_invanare,0126C1310,2019,3190")
    result = invoke("import", "file", path, "--db", db, "--user", "anna")
    assert result.exit_code == 0, result.output
    assert "masmo.csv: 1 nya, 0 reviderade, 0 oförändrade värden." in result.stdout
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"kontrollsumma {checksum[:12]}…" in result.stdout
    record = read(db, lambda s: s.imports()[-1])
    assert (record.actor, record.checksum, record.rows_added) == ("anna", checksum, 1)
    assert f"Import nr {record.id}," in result.stdout
    history = read(db, lambda s: s.history("antal_invanare", area="0126C1310"))
    newest = history[0]
    assert (newest.period, newest.value, newest.import_id) == ("2019", 3190.0, record.id)


def test_import_file_failure_exits_2_with_a_problem_table(
    db: Path, tmp_path: Path, no_refresh: None
) -> None:
    before = state(db)
    path = tidy(
        tmp_path / "fel.csv",
        "antal_invanare,0126C1310,2019,3190",
        "antal_invanare,0126C9999,2019,12",
        "antal_invanare,0126A0010,2019,tolv",
    )
    result = invoke("import", "file", path, "--db", db)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a traceback
    err = result.stderr
    assert "Importen avvisades: fel.csv" in err
    for heading in ("Fil", "Blad", "Rad", "Kolumn", "Fel"):
        assert heading in err
    line = next(x for x in err.splitlines() if "tolv" in x)
    cells = [c.strip() for c in line.strip("│ ").split("│")]
    assert cells == ["fel.csv", "", "4", "value", "'tolv' är inget tal"]
    assert "Inget skrevs." in err
    assert state(db) == before


def test_import_file_validation_problem_row_and_column(
    db: Path, tmp_path: Path, no_refresh: None
) -> None:
    path = tidy(
        tmp_path / "okand.csv", "antal_invanare,0126C1310,2019,1", "okand_ind,0126C1310,2019,1"
    )
    result = invoke("import", "file", path, "--db", db)
    assert result.exit_code == 2
    line = next(x for x in result.stderr.splitlines() if "okand_ind" in x)
    assert [c.strip() for c in line.strip("│ ").split("│")] == [
        "okand.csv",
        "",
        "3",
        "indicator",
        "okänd indikator 'okand_ind'",
    ]


def test_import_file_dry_run_writes_nothing(db: Path, tmp_path: Path, no_refresh: None) -> None:
    before = state(db)
    path = tidy(tmp_path / "prov.csv", "antal_invanare,0126C1310,2019,3190")
    result = invoke("import", "file", path, "--db", db, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Förhandsgranskning: 1 nya, 0 reviderade, 0 oförändrade värden." in result.stdout
    assert "Import nr" not in result.stdout
    assert state(db) == before


def test_import_file_with_a_mapping(db: Path, tmp_path: Path, no_refresh: None) -> None:
    data = write(tmp_path / "uttag.csv", "Område;År;Antal\n0126C1310;2019;41\n0126A0010;2019;7\n")
    mapping = write(
        tmp_path / "uttag.toml",
        '[columns]\narea = "Område"\nperiod = "År"\n'
        '[[values]]\nindicator = "antal_aktualiseringar_barn_o_ungdom"\nvalue = "Antal"\n',
    )
    result = invoke("import", "file", data, "--mapping", mapping, "--db", db)
    assert result.exit_code == 0, result.output
    assert "uttag.csv (uttag.toml): " in result.stdout and "2 nya" in result.stdout


def test_import_file_unsafe_file(db: Path, tmp_path: Path, no_refresh: None) -> None:
    path = tmp_path / "tom.xlsx"
    path.write_bytes(b"")
    result = invoke("import", "file", path, "--db", db)
    assert result.exit_code == 2
    assert "filen är tom" in result.stderr


def test_commands_need_an_existing_database(tmp_path: Path) -> None:
    result = invoke("imports", "--db", tmp_path / "saknas.duckdb")
    assert result.exit_code == 2
    assert "finns inte" in result.stderr


# -- imports, history, indicator ----------------------------------------------------------------


def test_imports_and_history_show_revisions(db: Path, tmp_path: Path, no_refresh: None) -> None:
    path = tidy(tmp_path / "rev.csv", "antal_invanare,0126C1310,2022,3280")  # demo: 3277
    assert invoke("import", "file", path, "--db", db, "--user", "bertil").exit_code == 0

    listed = invoke("imports", "--db", db)
    assert listed.exit_code == 0, listed.output
    newest = next(x for x in listed.stdout.splitlines() if "rev.csv" in x)
    cells = [c.strip() for c in newest.strip("│ ").split("│")]
    assert cells[2:9] == ["bertil", "file", "rev.csv", "0", "1", "0", "0"]
    assert cells[9] == hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert "Antal hushåll efter region, år och hushållstyp" in listed.stdout  # the demo's

    history = invoke("history", "antal_invanare", "--omrade", "0126C1310", "--db", db)
    assert history.exit_code == 0, history.output
    rows = [
        [c.strip() for c in x.strip("│ ").split("│")]
        for x in history.stdout.splitlines()
        if x.startswith("│ 0126C1310") and "│ 2022 " in x
    ]
    assert [(r[3], r[4], r[8]) for r in rows] == [("2", "3280", "bertil"), ("1", "3277", "system")]


def test_history_of_an_indicator_without_values(db: Path) -> None:
    result = invoke("history", "finns_inte", "--db", db)
    assert result.exit_code == 2
    assert "inga värden för finns_inte" in result.stderr


def test_indicator_quality_and_confirm(db: Path) -> None:
    result = invoke(
        "indicator", "quality", "antal_invanare", "preliminar", "--db", db, "--user", "cecilia"
    )
    assert result.exit_code == 0, result.output
    assert (
        "antal_invanare: kvalitet kvalitetssakrad → preliminar, bekräftad ja → ja" in result.stdout
    )
    indicator = read(db, lambda s: next(i for i in s.indicators() if i.id == "antal_invanare"))
    assert indicator.quality is Quality.PRELIMINARY
    event = read(db, lambda s: s.audit.events(action="indicator")[0])
    assert (event.actor, event.target) == ("cecilia", "indicator:antal_invanare")

    bad = invoke("indicator", "quality", "antal_invanare", "utmarkt", "--db", db)
    assert bad.exit_code == 2
    unknown = invoke("indicator", "confirm", "finns_inte", "--db", db)
    assert unknown.exit_code == 2 and "okänd indikator finns_inte" in unknown.stderr


# -- Kolada and SCB, on recorded answers ------------------------------------------------------


def kolada_n00901() -> Kolada:
    return Kolada(
        {
            "/kpi/N00901": {"values": [recorded("kpi_N00945_N00901.json")["values"][1]]},
            "/data/kpi/N00901/municipality/0126": "data_N00901_missing.json",
        }
    )


def test_import_kolada_creates_an_indicator_to_confirm(
    db: Path, monkeypatch: pytest.MonkeyPatch, no_refresh: None
) -> None:
    kolada = kolada_n00901()
    monkeypatch.setattr(cli_import, "kolada_adapter", lambda: kolada_adapter_on(kolada))
    result = invoke("import", "kolada", "--kpi", "N00901", "--kommun", "0126", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Kolada N00901 för 0126: 5 nya, 0 reviderade, 0 oförändrade värden." in result.stdout
    assert "Ny indikator att bekräfta: kolada_n00901" in result.stdout
    assert [r.url.path for r in kolada.requests] == [
        "/v3/kpi/N00901",
        "/v3/data/kpi/N00901/municipality/0126",
    ]
    indicator = read(db, lambda s: next(i for i in s.indicators() if i.id == "kolada_n00901"))
    assert indicator.confirmed is False
    history = read(db, lambda s: s.history("kolada_n00901"))
    values = {r.period: (r.value, r.status) for r in history}
    assert values["2023"] == (19.47, None) and values["2024"] == (None, "..")

    confirmed = invoke("indicator", "confirm", "kolada_n00901", "--db", db)
    assert confirmed.exit_code == 0, confirmed.output
    assert "bekräftad nej → ja" in confirmed.stdout

    again = invoke("import", "kolada", "--kpi", "N00901", "--kommun", "0126", "--db", db)
    assert again.exit_code == 0 and "Inget nytt" in again.stdout


def test_import_kolada_server_error_is_reported_not_raised(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = Kolada({"/kpi/N00901": lambda request: httpx.Response(500, text="Internal error")})
    monkeypatch.setattr(cli_import, "kolada_adapter", lambda: kolada_adapter_on(broken))
    before = state(db)
    result = invoke("import", "kolada", "--kpi", "N00901", "--kommun", "0126", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith("Fel: ")
    assert "api.kolada.se/v3/kpi/N00901: svarade 500" in result.stderr
    assert state(db) == before


def test_import_kolada_year_must_be_a_year(db: Path) -> None:
    result = invoke(
        "import", "kolada", "--kpi", "N00901", "--kommun", "0126", "--year", "i år", "--db", db
    )
    assert result.exit_code == 2 and "--year ska vara ett årtal" in result.stderr


def test_import_scb_table(db: Path, monkeypatch: pytest.MonkeyPatch, no_refresh: None) -> None:
    fake = FakeScb(tab6574_routes())
    monkeypatch.setattr(cli_import, "pxweb_adapter", lambda: adapter_for(fake))
    result = invoke("import", "scb", "TAB6574", "--kommun", "0126", "--year", "2024", "--db", db)
    assert result.exit_code == 0, result.output
    assert "SCB TAB6574" in result.stdout and "deso i kommun 0126, 2024" in result.stdout
    record = read(db, lambda s: s.imports()[-1])
    assert record.source == "scb-api"
    assert record.rows_added + record.rows_revised + record.rows_unchanged == 27
    history = read(db, lambda s: s.history("antal_invanare", area="0126A0010"))
    (total,) = [r for r in history if r.period == "2024" and r.gender is Gender.TOTAL]
    assert total.value == 1964.0

    niva = invoke("import", "scb", "TAB6574", "--kommun", "0126", "--niva", "lan", "--db", db)
    assert niva.exit_code == 2 and "--niva ska vara deso, regso eller kommun" in niva.stderr


def test_update_reports_the_tables_that_failed(
    db: Path, monkeypatch: pytest.MonkeyPatch, no_refresh: None
) -> None:
    """Only TAB6574 has recorded answers: every other table of the plan fails with a 404.
    ``update`` must name each failed table, finish the others and exit 2 (no traceback)."""
    from kommunanalys.sources.scb.api_tables import update_plan

    fake = FakeScb(tab6574_routes())
    monkeypatch.setattr(cli_import, "pxweb_adapter", lambda: adapter_for(fake))
    result = invoke("update", "--kommun", "0126", "--db", db)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a traceback
    others = [o.table for o in update_plan("0126") if o.table != "TAB6574"]
    assert others
    for table in others:
        assert f"tabell {table} finns inte (404)" in result.stderr
    assert f"{len(others)} tabeller kunde inte uppdateras." in result.stderr
    assert "SCB TAB6574" in result.stdout  # the table with answers was imported


def test_import_file_proposes_the_catalogue_indicator_and_maps_to_it(
    db: Path, tmp_path: Path, no_refresh: None
) -> None:
    """Issue 21, item 3: an SCB table the catalogue knows under another name is not a new
    indicator when the analyst maps it (``--koppla``); the proposal is printed on the preview."""
    from tests.ingest.test_unknown_scb_table import NEW, low_income_export

    path = low_income_export(tmp_path / "lag_ek.xlsx")
    preview = invoke("import", "file", path, "--db", db, "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "liknar katalogens andel_lag_ekonomisk_standard" in preview.stdout
    assert f"--koppla {NEW}=andel_lag_ekonomisk_standard" in preview.stdout
    done = invoke(
        "import", "file", path, "--db", db, "--koppla", f"{NEW}=andel_lag_ekonomisk_standard"
    )
    assert done.exit_code == 0, done.output
    assert "lades i katalogens andel_lag_ekonomisk_standard" in done.stdout
    assert "Ny indikator" not in done.stdout
    store = Store.open(db)
    try:
        assert NEW not in {i.id for i in store.indicators()}
    finally:
        store.close()
    bad = invoke("import", "file", path, "--db", db, "--koppla", "bara-ett-namn")
    assert bad.exit_code == 2 and "NY=KÄND" in bad.stderr


# -- indicator confirm --koppla --------------------------------------------------------------


def test_confirm_proposes_and_maps_a_new_indicator_to_a_known_one(
    db: Path, tmp_path: Path, no_refresh: None
) -> None:
    """Issue 21 item 3 in the CLI: confirming prints the catalogue indicators the new one is
    like; ``--koppla KÄND`` moves its values there as revisions and removes it; a mapping to
    an unknown indicator exits 2 and leaves the database as it was."""
    from tests.ingest.test_unknown_scb_table import NEW, low_income_export

    known = "andel_lag_ekonomisk_standard"
    path = low_income_export(tmp_path / "lag_ek.xlsx")
    assert invoke("import", "file", path, "--db", db).exit_code == 0
    before = read(db, lambda s: len(s.history(known)))

    refused = invoke("indicator", "confirm", NEW, "--koppla", "finns_inte", "--db", db)
    assert refused.exit_code == 2 and "Inget skrevs" in refused.output
    assert "Traceback" not in refused.output
    assert read(db, lambda s: NEW in {i.id for i in s.indicators()})

    mapped = invoke("indicator", "confirm", NEW, "--koppla", known, "--db", db)
    assert mapped.exit_code == 0, mapped.output
    assert f"Värdena för {NEW} lades i katalogens {known}" in mapped.stdout
    assert read(db, lambda s: NEW not in {i.id for i in s.indicators()})
    assert read(db, lambda s: s.history(NEW)) == []
    values = read(db, lambda s: {(v.area, v.period): v.value for v in s.values(indicators=[known])})
    assert values[("0126C1310", "2022")] == 23.1 and values[("0126A0010", "2023")] == 8.5
    assert read(db, lambda s: len(s.history(known))) > before  # added and revised, kept
    events = read(db, lambda s: s.audit.events(action="indicator"))
    assert any(e.target == f"indicator:{NEW}" and e.actor == "cli" for e in events)


def test_confirm_prints_the_proposals_of_a_new_indicator(
    db: Path, tmp_path: Path, no_refresh: None
) -> None:
    from tests.ingest.test_unknown_scb_table import NEW, low_income_export

    assert (
        invoke("import", "file", low_income_export(tmp_path / "l.xlsx"), "--db", db).exit_code == 0
    )
    confirmed = invoke("indicator", "confirm", NEW, "--db", db)
    assert confirmed.exit_code == 0, confirmed.output
    assert "liknar katalogens andel_lag_ekonomisk_standard" in confirmed.stdout
    assert "--koppla andel_lag_ekonomisk_standard" in confirmed.stdout
