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

from kommunanalys.errors import ErrorCode
from kommunanalys.sources.adapter import SourceError

FileKind = Literal["xlsx", "text", "json"]

#: Files read into memory (Excel, SCB and Kolada exports, mapped files).
MAX_FILE_BYTES = 100_000_000
#: What an .xlsx may unpack to in all, and the largest ratio of unpacked to packed size.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200


class UnsafeFile(SourceError):
    """A file refused before reading: a code, the file's ``name`` and the values of its message."""


def check_file(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, text_max_bytes: int | None = None
) -> FileKind:
    """The file's kind by its content; raises :class:`UnsafeFile` with a clear message.

    ``text_max_bytes`` (default ``max_bytes``) is the limit for text files, which DuckDB may
    stream (tidy CSV); workbooks and JSON are always held to ``max_bytes``."""
    name = path.name
    if not path.is_file():
        raise UnsafeFile(ErrorCode.FILE_MISSING, name=name)
    size = path.stat().st_size
    if size == 0:
        raise UnsafeFile(ErrorCode.FILE_EMPTY, name=name)
    with path.open("rb") as handle:
        head = handle.read(8192)
    textual = not head.startswith(b"PK") and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
        (b"{", b"[")
    )
    limit = text_max_bytes if textual and text_max_bytes is not None else max_bytes
    if size > limit:
        raise UnsafeFile(
            ErrorCode.FILE_TOO_LARGE, name=name, mb=f"{size / 1e6:.0f}", limit=f"{limit / 1e6:.0f}"
        )
    if head.startswith(b"PK\x03\x04"):
        check_xlsx(path)
        return "xlsx"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"PK")):
        raise UnsafeFile(ErrorCode.FILE_TYPE_UNSUPPORTED, name=name)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte order mark
    if b"\x00" in head:
        raise UnsafeFile(ErrorCode.FILE_NOT_TEXT, name=name)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return "json"
    return "text"


def _check_sizes(name: str, entries: list[zipfile.ZipInfo]) -> None:
    """Zip bombs, from the sizes the archive declares (nothing is unpacked)."""
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnsafeFile(
            ErrorCode.WORKBOOK_TOO_LARGE_UNPACKED,
            name=name,
            mb=f"{unpacked / 1e6:.0f}",
            limit=f"{MAX_UNPACKED_BYTES / 1e6:.0f}",
        )
    for entry in entries:
        ratio = entry.file_size // max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > MAX_RATIO:
            raise UnsafeFile(
                ErrorCode.WORKBOOK_PART_RATIO, name=name, part=entry.filename, ratio=ratio
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
                raise UnsafeFile(ErrorCode.ZIP_NOT_WORKBOOK, name=name)
            bad = archive.testzip() if len(entries) < 2000 else None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise UnsafeFile(ErrorCode.FILE_DAMAGED, name=name, reason=exc) from None
    if bad is not None:
        raise UnsafeFile(ErrorCode.FILE_DAMAGED_PART, name=name, part=bad)
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise UnsafeFile(ErrorCode.WORKBOOK_EXTERNAL_LINKS, name=name)
    if "xl/vbaProject.bin" in names:
        raise UnsafeFile(ErrorCode.WORKBOOK_MACROS, name=name)
