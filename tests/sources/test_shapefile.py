"""The shapefile reader, on the Police's shipped list and on damaged copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kommunanalys.catalog.police_areas import shapefile
from kommunanalys.sources.shapefile import ShapefileError, read_shapefile


def test_reads_the_police_list() -> None:
    features = read_shapefile(shapefile())
    assert len(features) == 59
    names = {f.attributes["NAMN"] for f in features}
    assert {"Vårby", "Skogås", "Grantorp / Visättra", "Alby"} <= names  # UTF-8 names
    categories = {f.attributes["KATEGORI"] for f in features}
    assert categories == {"Utsatt område", "Riskområde", "Särskilt utsatt område"}
    for f in features:  # SWEREF 99 TM metres, closed rings
        for ring in f.rings:
            assert ring[0] == ring[-1]
            assert all(200_000 < x < 1_000_000 and 6_000_000 < y < 7_800_000 for x, y in ring)


def _copy(tmp_path: Path) -> Path:
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        shutil.copy(shapefile().with_suffix(suffix), tmp_path / f"uso{suffix}")
    return tmp_path / "uso.shp"


def test_a_truncated_file_is_refused_by_name(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ShapefileError, match=r"uso\.shp slutar mitt i en post"):
        read_shapefile(path)


def test_a_file_that_is_no_shapefile_is_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    with pytest.raises(ShapefileError, match="ingen shapefil"):
        read_shapefile(path)


def test_shapes_and_rows_must_agree(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    dbf = path.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    data[4:8] = (58).to_bytes(4, "little")  # one row fewer than shapes
    dbf.write_bytes(bytes(data))
    with pytest.raises(ShapefileError, match=r"59 former men uso\.dbf 58 rader"):
        read_shapefile(path)
