"""Hostile files the import must refuse with a clear message (issue 21 item 4): each is
``(name, content, mapping or None, (row, column) expected or None, text in the message)``.
Shared by the import, CLI and upload tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TIDY = "indicator,area,period,value"


@dataclass(frozen=True)
class Hostile:
    name: str
    content: bytes
    where: tuple[int | None, str | None]  # row, column
    text: str
    mapping: bytes | None = None

    def write(self, folder: Path) -> tuple[Path, Path | None]:
        path = folder / self.name
        path.write_bytes(self.content)
        mapping = None
        if self.mapping is not None:
            mapping = folder / "bomb.toml"
            mapping.write_bytes(self.mapping)
        return path, mapping


def _tidy(*rows: str, header: str = TIDY, newline: str = "\n") -> bytes:
    return newline.join((header, *rows, "")).encode()


HOSTILE = (
    Hostile(
        "sextio.csv", _tidy("antal_invanare,0126C1310,2022," + "9" * 60), (2, "value"), "orimligt"
    ),
    Hostile(
        "kvot.csv",
        _tidy(
            "andel_aktualiseringar_barn_o_ungdom,0126C1310,2022,10,1," + "9" * 60,
            header=TIDY + ",numerator,denominator",
        ),
        (2, "denominator"),
        "orimligt",
    ),
    Hostile(
        "alder.csv",
        _tidy("antal_invanare,0126C1310,2022,5," + "x" * 5000, header=TIDY + ",age_group"),
        (2, "age_group"),
        "längre än 40 tecken",
    ),
    Hostile(
        "crlf.csv",
        _tidy(
            '"x\r\ny","\r","x\r\ny","antal_invanare"',
            '"6,5",\', "7" ,antal_invanare',
            '","2022","a""b",antal_invanare',
            newline="\r\n",
        ),
        (2, "value"),
        "",
    ),
    Hostile("nan.csv", _tidy("medianinkomst,0126C1310,2022,nan"), (2, "value"), "ändligt"),
    Hostile("stort.csv", _tidy("medianinkomst,0126C1310,2022,1e400"), (2, "value"), "ändligt"),
    Hostile("nastlad.json", b"[" * 100_000 + b"]" * 100_000, (None, None), "för djupt nästlad"),
    Hostile(
        "objekt.json",
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        (None, None),
        "för djupt nästlad",
    ),
    Hostile(
        "mappad.csv",
        b"omrade;ar;antal\n0126C1310;2022;5\n",
        (None, None),
        "för djupt nästlad",
        mapping=b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    ),
)
