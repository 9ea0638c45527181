"""Importing the personnel, internal-control and financing tables: checked first, all or
nothing, every problem naming file, sheet, row and column; revisions and the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.ingest.staff_control import CONTROL, PERSONNEL, import_tables
from kommunanalys.store import Store
from kommunanalys.store.staff_control import INVESTMENT, STAFF_FIGURE, StaffControlRows

GOOD_INVESTMENTS = "nämnd;år;investering;budget;utfall;avvikelse\nsn;2024;A;645;-;645\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tables(store: Store) -> list[tuple[object, ...]]:
    return store.backend.query(
        "SELECT 'i', count(*) FROM investment UNION ALL SELECT 's', count(*) FROM staff_figure "
        "UNION ALL SELECT 'a', count(*) FROM audit_event"
    )


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (
            "nämnd;år;investering;budget;utfall\nsn;2024;A;10;tio\n",
            "rad 2, kolumn E (utfall)",
            "'tio' är inget tal",
        ),
        (
            "nämnd;år;investering;budget;utfall\nsn;2024;A;10;5\nsn;2024;Summa;16;5\n",
            "rad 3, kolumn D (budget)",
            "Summaraden säger 16 men raderna ovan summerar till 10",
        ),
        (
            "nämnd;år;investering;budget;utfall;avvikelse\nsn;2024;A;155;207;52\n",
            "rad 2, kolumn F (avvikelse)",
            "inte budget minus utfall (-52)",
        ),
        (
            "nämnd;år;investering;budget;utfall\nsn;2024;A;1;1\nsn;2024;A;2;2\n",
            "rad 3",
            "finns redan på rad 2",
        ),
        (
            "nämnd;år;investering;budget;utfall\nsn;24;A;1;1\n",
            "rad 2, kolumn B (år)",
            "24",
        ),
        (
            "nämnd;år;investering;budget;utfall\n;2024;A;1;1\n",
            "rad 2, kolumn A (nämnd)",
            "får inte vara tom",
        ),
        (
            "nämnd;år;mått;värde\nsn;2024;anställda;3\n",
            "rad 2, kolumn C (mått)",
            "'anställda' känns inte igen",
        ),
        (
            "nämnd;år;mått;kön;värde\nsn;2024;employees;X;3\n",
            "rad 2, kolumn D (kön)",
            "'X' känns inte igen",
        ),
        (
            "nämnd;år;ramavtal;utförare vid årets början;utförare vid årets slut;uppföljda;"
            "andel godkända\nsn;2024;HVB;3;2,5;1;40\n",
            "rad 2, kolumn E (utförare vid årets slut)",
            "inte ett heltal",
        ),
        (
            "nämnd;år;ramavtal;utförare vid årets början;utförare vid årets slut;uppföljda;"
            "andel godkända\nsn;2024;HVB;3;2;1;140\n",
            "rad 2, kolumn G (andel godkända)",
            "utanför 0–100",
        ),
        (
            "nämnd;år;mått;värde;kommunen\nsn;2024;sick_leave;6,6;106,6\n",
            "rad 2, kolumn E (kommunen)",
            "Andelen 106,6 ligger utanför 0–100",
        ),
        (
            "nämnd;år;process;risk;riskåtgärd;status\nsn;2024;p;r;å;kanske\n",
            "rad 2, kolumn F (status)",
            "'kanske' känns inte igen (välj Planerad, Pågår, Klart, Ej klart)",
        ),
        ("nämnd;år;konto;belopp\nsn;2024;4010;3\n", "rad 1", "känns inte igen"),
    ],
)
def test_each_problem_names_file_row_and_column_and_writes_nothing(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    store = Store.memory()
    import_tables(store, [_write(tmp_path, "ok.csv", GOOD_INVESTMENTS)])
    before = _tables(store)
    bad = _write(tmp_path, "fel.csv", text)
    result = import_tables(store, [_write(tmp_path, "ok2.csv", GOOD_INVESTMENTS), bad])
    assert not result.ok
    [problem] = result.problems
    assert str(problem).startswith(f"fel.csv, {where}"), str(problem)
    assert words in str(problem)
    assert _tables(store) == before


def test_a_workbook_names_its_sheet(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Investeringar"
    for row in (["nämnd", "år", "investering", "budget", "utfall"], ["sn", 2024, "A", 1, 1]):
        first.append(row)
    second = book.create_sheet("Personal")
    for row in (["nämnd", "år", "mått", "värde"], ["sn", 2024, "sick_leave", "sju"]):
        second.append(row)
    path = tmp_path / "tabeller.xlsx"
    book.save(path)
    store = Store.memory()
    [problem] = import_tables(store, [path]).problems
    assert str(problem).startswith("tabeller.xlsx, blad Personal, rad 2, kolumn D (värde)")
    assert _tables(store)[0][1] == 0  # the good sheet is not written either
    second["D2"] = 6.6
    book.save(path)
    assert import_tables(store, [path]).ok
    rows = StaffControlRows(store.backend)
    assert rows.latest(STAFF_FIGURE) == [("sn", 2024, "sick_leave", "", "T", 6.6, None)]


def test_a_changed_row_is_a_new_revision_and_an_audit_event(tmp_path: Path) -> None:
    store = Store.memory()
    first = _write(tmp_path, "inv.csv", GOOD_INVESTMENTS)
    assert import_tables(store, [first], actor="anna").written[0][2:] == (1, 0, 0)
    changed = _write(
        tmp_path, "inv2.csv", "nämnd;år;investering;budget;utfall\nsn;2024;A;645;12\n"
    )
    assert import_tables(store, [changed], actor="bo").written[0][2:] == (0, 1, 0)
    rows = StaffControlRows(store.backend)
    assert rows.latest(INVESTMENT) == [("sn", 2024, "A", 645.0, 12.0)]
    history = rows.history(INVESTMENT, "sn", 2024)
    assert [(h[3], h[4], h[5]) for h in history] == [(2, "inv2.csv", "bo"), (1, "inv.csv", "anna")]
    events = store.audit.events(action="staff_control.import")
    assert [e.actor for e in events] == ["bo", "anna"] or [e.actor for e in events] == [
        "anna",
        "bo",
    ]


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    from kommunanalys.ingest.staff_control import preview_tables

    store = Store.memory()
    result = preview_tables(store, [_write(tmp_path, "inv.csv", GOOD_INVESTMENTS)])
    assert result.ok and result.dry_run and result.written[0][2] == 1
    assert _tables(store)[0][1] == 0


def test_a_table_of_another_command_is_refused(tmp_path: Path) -> None:
    store = Store.memory()
    path = _write(tmp_path, "inv.csv", GOOD_INVESTMENTS)
    for allowed in (PERSONNEL, CONTROL):
        [problem] = import_tables(store, [path], allowed=allowed).problems
        assert "Tabellen investeringar importeras inte med det här kommandot" in str(problem)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    store = Store.memory()
    empty = _write(tmp_path, "tom.csv", "")
    problems = import_tables(store, [tmp_path / "saknas.csv", empty]).problems
    assert [str(p) for p in problems] == [
        "saknas.csv: saknas.csv: filen finns inte",
        "tom.csv: tom.csv: filen är tom",
    ]


def test_the_cli_exits_2_and_names_the_cell(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    Store.open(db).close()
    bad = _write(tmp_path, "inv.csv", "nämnd;år;investering;budget;utfall\nsn;2024;A;x;1\n")
    result = CliRunner().invoke(app, ["finansiering", "import", str(bad), "--db", str(db)])
    assert result.exit_code == 2
    assert "inv.csv, rad 2, kolumn D (budget)" in result.output
    good = _write(tmp_path, "ok.csv", GOOD_INVESTMENTS)
    result = CliRunner().invoke(app, ["finansiering", "import", str(good), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 nya, 0 reviderade, 0 oförändrade rader." in result.output
    result = CliRunner().invoke(app, ["personal", "import", str(good), "--db", str(db)])
    assert result.exit_code == 2
