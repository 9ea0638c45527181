"""Checks every file passes before any reader opens it.

The type is decided by the content, not the name; sizes are limited; an .xlsx is a zip
archive whose declared sizes are checked before anything is unpacked (zip bombs) and which
must not link to other workbooks (external links). Messages name the file and say why.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Literal

from kommunanalys.sources.adapter import SourceError

FileKind = Literal["xlsx", "text", "json"]

#: Files read into memory (Excel, SCB and Kolada exports, mapped files).
MAX_FILE_BYTES = 100_000_000
#: What an .xlsx may unpack to in all, and the largest ratio of unpacked to packed size.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200


class UnsafeFile(SourceError):
    """A file refused before reading."""


def check_file(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, text_max_bytes: int | None = None
) -> FileKind:
    """The file's kind by its content; raises :class:`UnsafeFile` with a clear message.

    ``text_max_bytes`` (default ``max_bytes``) is the limit for text files, which DuckDB may
    stream (tidy CSV); workbooks and JSON are always held to ``max_bytes``."""
    name = path.name
    if not path.is_file():
        raise UnsafeFile(f"{name}: filen finns inte")
    size = path.stat().st_size
    if size == 0:
        raise UnsafeFile(f"{name}: filen är tom")
    with path.open("rb") as handle:
        head = handle.read(8192)
    textual = not head.startswith(b"PK") and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
        (b"{", b"[")
    )
    limit = text_max_bytes if textual and text_max_bytes is not None else max_bytes
    if size > limit:
        raise UnsafeFile(
            f"{name}: filen är {size / 1e6:.0f} MB, mer än gränsen {limit / 1e6:.0f} MB"
        )
    if head.startswith(b"PK\x03\x04"):
        check_xlsx(path)
        return "xlsx"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"PK")):
        raise UnsafeFile(
            f"{name}: filtypen stöds inte (gammalt .xls, PDF eller arkiv); spara som .xlsx "
            "eller .csv"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte order mark
    if b"\x00" in head:
        raise UnsafeFile(
            f"{name}: filen är inte en textfil (binärt innehåll eller UTF-16 utan BOM); "
            "spara som .xlsx eller CSV i UTF-8"
        )
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return "json"
    return "text"


def _check_sizes(name: str, entries: list[zipfile.ZipInfo]) -> None:
    """Zip bombs, from the sizes the archive declares (nothing is unpacked)."""
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnsafeFile(
            f"{name}: arbetsboken packas upp till {unpacked / 1e6:.0f} MB, mer än gränsen "
            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB (zip-bomb?)"
        )
    for entry in entries:
        ratio = entry.file_size // max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > MAX_RATIO:
            raise UnsafeFile(
                f"{name}: delen {entry.filename} packas upp {ratio} gånger sin storlek (zip-bomb?)"
            )


def check_xlsx(path: Path) -> None:
    """Refuse broken archives, zip bombs, macros and links to other workbooks."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            _check_sizes(name, entries)  # before anything is unpacked
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise UnsafeFile(f"{name}: ett zip-arkiv men ingen Excel-arbetsbok (.xlsx)")
            bad = archive.testzip() if len(entries) < 2000 else None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise UnsafeFile(f"{name}: filen är skadad eller avkortad ({exc})") from None
    if bad is not None:
        raise UnsafeFile(f"{name}: filen är skadad (delen {bad} går inte att läsa)")
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise UnsafeFile(
            f"{name}: arbetsboken länkar till andra arbetsböcker (externa länkar); "
            "kopiera in värdena och spara igen"
        )
    if "xl/vbaProject.bin" in names:
        raise UnsafeFile(f"{name}: arbetsboken innehåller makron; spara som .xlsx utan makron")
