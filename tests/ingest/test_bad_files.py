"""Files that cannot be imported are refused with a clear Swedish message naming the file,
and nothing is written. Well-formed files with merged header cells import correctly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kommunanalys.demo.build import scb_files
from kommunanalys.ingest.files import import_file
from kommunanalys.model import Gender
from kommunanalys.store import Store
from tests.ingest.helpers import damaged_xlsx, scb_like_export, snapshot, workbook, write

TIDY = "indicator,area,period,value\nantal_invanare,0126C1310,2022,3277\n"
MB = 1024 * 1024


def refused(store: Store, path: Path) -> str:
    """Import ``path``; assert one problem naming the file and nothing written; the message."""
    before = snapshot(store)
    result = import_file(store, path, actor="test", refresh=False)
    assert not result.ok and result.record is None
    assert snapshot(store) == before
    (problem,) = result.problems
    assert problem.where.file == path.name
    assert path.name not in problem.message  # named once, in ``where``
    return problem.message


def test_utf16_without_bom(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "utf16.csv", TIDY, encoding="utf-16-le")
    message = refused(store, path)
    assert message.startswith("filen är inte en textfil")
    assert "UTF-16 utan BOM" in message and "UTF-8" in message


def test_binary_junk_named_csv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert "inte en textfil (binärt innehåll" in refused(store, path)


def test_utf16_with_bom_is_read_or_refused_clearly(store: Store, tmp_path: Path) -> None:
    """A UTF-16 file with a byte order mark is accepted as text and recognised as tidy CSV;
    it must then either import or be refused with a readable message (not mojibake)."""
    path = write(tmp_path / "utf16bom.csv", TIDY, encoding="utf-16")
    result = import_file(store, path, refresh=False)
    if result.ok:
        assert result.added == 1
    else:
        (problem,) = result.problems
        assert "\x00" not in problem.message and "\ufffd" not in problem.message
        assert "UTF" in problem.message


def test_latin1_line_in_a_utf8_tidy_csv_names_the_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        TIDY.encode()
        + b"antal_invanare,0126A0010,2022,1603\n"
        + "antal_invånare,0126A0010,2021,1600\n".encode("latin-1")  # line 4
    )
    before = snapshot(store)
    result = import_file(store, path, refresh=False)
    assert not result.ok and snapshot(store) == before
    assert [(p.where.row, p.message) for p in result.problems] == [
        (4, "raden är inte UTF-8 (spara filen som UTF-8)")
    ]


def test_empty_file(store: Store, tmp_path: Path) -> None:
    assert refused(store, write(tmp_path / "tom.csv", "")) == "filen är tom"


def test_truncated_xlsx(store: Store, tmp_path: Path) -> None:
    whole = next(p for p in scb_files() if p.name.startswith("000005FE")).read_bytes()
    path = tmp_path / "avkortad.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert refused(store, path).startswith("filen är skadad eller avkortad")


def test_xlsx_with_a_corrupt_part(store: Store, tmp_path: Path) -> None:
    """Archive intact, one part's compressed bytes overwritten: refused, not a traceback."""
    path = damaged_xlsx(tmp_path / "trasig.xlsx", zipfile.ZIP_DEFLATED)
    assert refused(store, path).startswith("filen är skadad")


def _bomb(path: Path, size: int = 50_000_000) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return path


def test_zip_bomb_named_xlsx(store: Store, tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < MB  # small on disk, 50 MB unpacked
    message = refused(store, path)
    assert "xl/worksheets/sheet1.xml packas upp" in message and "zip-bomb" in message


def test_xlsx_with_external_links(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "lankad.xlsx", [["Område", "Antal"], ["0126C1310", 1]])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    assert "externa länkar" in refused(store, path)


def test_xlsx_with_macros(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "makro.xlsx", [["Område", "Antal"], ["0126C1310", 1]])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 16)
    assert "makron" in refused(store, path)


def test_zip_that_is_not_a_workbook(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", TIDY)
    assert "ingen Excel-arbetsbok" in refused(store, path)


@pytest.mark.parametrize("mapped", [False, True], ids=["scb", "mapped"])
def test_zip_with_excel_parts_that_is_no_workbook(
    store: Store, tmp_path: Path, mapped: bool
) -> None:
    """Passes the archive checks ([Content_Types].xml and xl/ parts) but openpyxl finds no
    workbook in it: refused with a message, not a traceback."""
    path = tmp_path / "falsk.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    mapping = None
    if mapped:
        mapping = write(
            tmp_path / "m.toml",
            '[columns]\narea = "A"\nperiod = "B"\n[[values]]\nindicator = "x"\nvalue = "C"\n',
        )
    before = snapshot(store)
    result = import_file(store, path, mapping=mapping, refresh=False)
    (problem,) = result.problems
    assert problem.where.file == "falsk.xlsx"
    assert problem.message
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("head", "says"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "gammalt .xls"), (b"%PDF-1.7\n", "PDF")],
)
def test_old_xls_and_pdf(store: Store, tmp_path: Path, head: bytes, says: str) -> None:
    path = tmp_path / "gammal.xls"
    path.write_bytes(head + b"\x00" * 512)
    assert says in refused(store, path)


def _sparse(path: Path, head: bytes, size: int = 200 * MB) -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def test_200_mb_csv_that_is_not_tidy(store: Store, tmp_path: Path) -> None:
    head = b"Omr\xc3\xa5de;Antal\n" + b"0126C1310;12\n" * 1000  # text, then (sparse) zeros
    path = _sparse(tmp_path / "stor.csv", head)
    message = refused(store, path)
    assert "MB" in message and "mer än gränsen" in message


def test_200_mb_xlsx_is_refused_by_its_size(store: Store, tmp_path: Path) -> None:
    """The size limit for workbooks comes before anything opens (or unzips) the archive."""
    path = _sparse(tmp_path / "stor.xlsx", b"PK\x03\x04")
    message = refused(store, path)
    assert "MB" in message and "mer än gränsen" in message


def test_json_that_is_not_the_deso_profile(store: Store, tmp_path: Path) -> None:
    assert "okänt JSON-format" in refused(store, write(tmp_path / "x.json", '{"a": 1}'))
    assert "ingen giltig JSON" in refused(store, write(tmp_path / "y.json", '{"areas": [1,'))


def test_text_that_is_no_known_format_suggests_a_mapping(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "lista.csv", "namn;telefon\nAnna;08-123\n")
    message = refused(store, path)
    assert "hittar inga datarader" in message and "ange en mappning (TOML)" in message
    assert "--mapping" not in message  # the web's user has no command line (issue 21, 14)


# -- merged header cells --------------------------------------------------------------------


def test_scb_export_with_merged_header_cells_imports(store: Store, tmp_path: Path) -> None:
    """Tested: an 000005FE-like export whose title (A1:D1), year (B3:D3) and "totalt" row
    (B5:D5) are merged cells, as Excel shows SCB's grouped headers."""
    path = scb_like_export(
        tmp_path / "bakgrund.xlsx",
        title="Folkmängden per region efter region, år, utländsk/svensk bakgrund och kön",
        header_rows=[
            [None, "2022", None, None],
            [None, "svensk bakgrund", "utländsk bakgrund", "totalt"],
            [None, "totalt", None, None],
        ],
        data=[
            ["0114A0010", 669, 194, 863],
            ["0126A0010", 1288, 315, 1603],
            ["0126C1310", 1776, 1501, 3277],
        ],
        reference_code="000005FE",
        merge=("A1:D1", "B3:D3", "B5:D5"),
    )
    result = import_file(store, path, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert (result.added, result.skipped, result.new_indicators) == (2, 3, ())
    values = {
        (r.area, r.period, r.gender): r.value for r in store.history("antal_utlandsk_bakgrund")
    }
    assert values == {
        ("0126A0010", "2022", Gender.TOTAL): 315.0,
        ("0126C1310", "2022", Gender.TOTAL): 1501.0,
    }


def test_merged_header_hiding_a_mapped_column_is_a_clear_problem(
    store: Store, tmp_path: Path
) -> None:
    """A mapped file whose header row merges "Antal" over two columns: the second column has
    no name, so a mapping that asks for it gets a problem naming the header row."""
    path = workbook(
        tmp_path / "sammanslagen.xlsx",
        [["Område", "År", "Antal", None], ["0126C1310", 2022, 12, 13]],
    )
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.active.merge_cells("C1:D1")
    book.save(path)
    mapping = write(
        tmp_path / "m.toml",
        '[columns]\narea = "Område"\nperiod = "År"\n'
        '[[values]]\nindicator = "antal_invanare"\nvalue = "Antal kvinnor"\n',
    )
    before = snapshot(store)
    result = import_file(store, path, mapping=mapping, refresh=False)
    (problem,) = result.problems
    assert (problem.where.file, problem.where.sheet, problem.where.row) == (
        "sammanslagen.xlsx",
        "Blad1",
        1,
    )
    assert "kolumnen 'Antal kvinnor' finns inte i rubrikraden" in problem.message
    assert snapshot(store) == before
