from __future__ import annotations

from pathlib import Path

import pytest

MAPPING = """
committee = "sn"
sign = "debet"

[[verksamhet]]
code = "sn"
name = "Socialnämnden"
level = "namnd"

[[verksamhet]]
code = "bou"
name = "Barn & ungdomsvård"
parent = "sn"
ledger = ["510", "511"]

[[verksamhet]]
code = "hvb"
name = "HVB barn och unga"
level = "insats"
parent = "bou"
ledger = ["512"]

[accounts]
intakter = ["3000-3999"]
personal = ["5000-5999"]
lokaler = ["6100-6199"]
kop_av_verksamhet = ["4600-4699"]
ovrigt = ["6200-7999"]
"""


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "ekonomi.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
