"""The checks every file passes before a reader opens it: kind by content, size limits, broken
archives, zip bombs, macros and external links."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kommunanalys.demo.build import scb_files
from kommunanalys.sources import file_safety
from kommunanalys.sources.adapter import SourceError
from kommunanalys.sources.file_safety import UnsafeFile, check_file, check_xlsx
from tests.ingest.helpers import DESO_JSON, damaged_xlsx, workbook, write


def test_the_kind_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    shipped = next(p for p in scb_files() if p.suffix == ".xlsx")
    disguised = tmp_path / "export.csv"
    disguised.write_bytes(shipped.read_bytes())
    assert check_file(shipped) == "xlsx" and check_file(disguised) == "xlsx"
    assert check_file(DESO_JSON) == "json"
    assert check_file(write(tmp_path / "data.xlsx", "indicator,area\n")) == "text"
    assert check_file(write(tmp_path / "bom.txt", "\ufeff  [1, 2]")) == "json"
    assert check_file(write(tmp_path / "utf16.csv", "a;b\n", encoding="utf-16")) == "text"


def test_every_shipped_file_passes() -> None:
    for path in [*scb_files(), DESO_JSON]:
        assert check_file(path) in ("xlsx", "text", "json")


def test_refusals_are_source_errors_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFile, match=r"^saknas\.csv: filen finns inte$"):
        check_file(tmp_path / "saknas.csv")
    with pytest.raises(SourceError, match=r"^tom\.csv: filen är tom$"):
        check_file(write(tmp_path / "tom.csv", ""))


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "stor.csv", "x" * 3_000_000)
    assert check_file(path, max_bytes=3_000_000) == "text"
    with pytest.raises(UnsafeFile, match=r"^stor\.csv: filen är 3 MB, mer än gränsen 2 MB$"):
        check_file(path, max_bytes=2_000_000)


def test_only_text_gets_the_larger_text_limit(tmp_path: Path) -> None:
    """``text_max_bytes`` is for text DuckDB streams (tidy CSV); "workbooks and JSON are
    always held to ``max_bytes``" (the docstring), since they are read into memory."""
    text = write(tmp_path / "stor.csv", "indicator,area,period,value\n" + "x" * 3_000_000)
    assert check_file(text, max_bytes=1_000_000, text_max_bytes=10_000_000) == "text"
    json = write(tmp_path / "stor.json", '{"areas": [' + " " * 3_000_000 + "]}")
    with pytest.raises(UnsafeFile, match=r"^stor\.json: filen är 3 MB, mer än gränsen 1 MB$"):
        check_file(json, max_bytes=1_000_000, text_max_bytes=10_000_000)
    book = workbook(tmp_path / "bok.xlsx", [["x" * 1000] for _ in range(200)])
    with pytest.raises(UnsafeFile, match=r"^bok\.xlsx: filen är \d+ MB, mer än gränsen 0 MB$"):
        check_file(book, max_bytes=1_000, text_max_bytes=10_000_000)


def _bomb(path: Path, size: int = 50_000_000) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return path


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx")
    with pytest.raises(UnsafeFile, match=r"delen xl/worksheets/sheet1\.xml packas upp \d+ gånger"):
        check_file(path)


def test_zip_bomb_is_refused_before_anything_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The declared sizes say it all: the bomb's parts must not be decompressed (testzip
    would inflate every byte, seconds per GB, before the sizes are looked at)."""
    path = _bomb(tmp_path / "bomb.xlsx")
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(UnsafeFile, match="zip-bomb"):
        check_xlsx(path)
    assert "xl/worksheets/sheet1.xml" not in opened


def test_total_unpacked_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_safety, "MAX_UNPACKED_BYTES", 10_000)
    path = tmp_path / "stor.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 2_000)
    with pytest.raises(UnsafeFile, match=r"packas upp till 0 MB, mer än gränsen 0 MB \(zip-bomb"):
        check_xlsx(path)


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("xl/externalLinks/externalLink1.xml", "länkar till andra arbetsböcker"),
        ("xl/vbaProject.bin", "innehåller makron"),
    ],
)
def test_links_and_macros(tmp_path: Path, extra: str, says: str) -> None:
    path = workbook(tmp_path / "bok.xlsx", [["Område", "Antal"]])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(extra, "<x/>")
    with pytest.raises(UnsafeFile, match=rf"^bok\.xlsx: .*{says}"):
        check_file(path)


def test_broken_and_foreign_archives(tmp_path: Path) -> None:
    whole = workbook(tmp_path / "hel.xlsx", [["Område", "Antal"]]).read_bytes()
    cut = tmp_path / "halv.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UnsafeFile, match=r"^halv\.xlsx: filen är skadad eller avkortad"):
        check_file(cut)
    foreign = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(UnsafeFile, match="ett zip-arkiv men ingen Excel-arbetsbok"):
        check_file(foreign)


def test_a_part_that_fails_its_checksum_is_named(tmp_path: Path) -> None:
    path = damaged_xlsx(tmp_path / "trasig.xlsx", zipfile.ZIP_STORED)
    with pytest.raises(
        UnsafeFile, match=r"^trasig\.xlsx: filen är skadad \(delen xl/worksheets/sheet1\.xml"
    ):
        check_file(path)


def test_a_part_that_cannot_be_inflated_is_refused_not_a_crash(tmp_path: Path) -> None:
    """A corrupt deflate stream makes zlib raise ``zlib.error``, which is neither
    ``BadZipFile`` nor ``OSError``: it must still become a refusal naming the file."""
    path = damaged_xlsx(tmp_path / "trasig.xlsx", zipfile.ZIP_DEFLATED)
    with pytest.raises(UnsafeFile, match=r"^trasig\.xlsx: filen är skadad"):
        check_file(path)


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "gammalt .xls"),
        (b"%PDF-1.7", "PDF"),
        (b"\x1f\x8b\x08", "arkiv"),
        (b"PK\x05\x06" + b"\x00" * 18, "arkiv"),
    ],
)
def test_unsupported_types(tmp_path: Path, head: bytes, says: str) -> None:
    path = tmp_path / "fil.csv"
    path.write_bytes(head + b"data")
    with pytest.raises(UnsafeFile, match=r"^fil\.csv: filtypen stöds inte ") as caught:
        check_file(path)
    assert says in str(caught.value)


def test_nul_bytes_mean_binary_or_utf16_without_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "utf16le.csv", "a;b\n1;2\n", encoding="utf-16-le")
    with pytest.raises(UnsafeFile, match="UTF-16 utan BOM"):
        check_file(path)
