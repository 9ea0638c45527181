"""The check values of SOURCES.md, as served by the library, the CLI and the HTTP API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.query import Dataset

CHECKS = {
    "0126": 113_920,
    "0126R007": 5_023,
    "0126R021": 2_781,
}  # kommun, Glömsta-Loviseberg, Vårby Haga-Masmo


@pytest.mark.parametrize(("area", "expected"), CHECKS.items())
def test_population_2023_in_library(dataset: Dataset, area: str, expected: int) -> None:
    [value] = dataset.values(["antal_invanare"], areas=[area], years=["2023"])
    assert value.value == expected


def test_population_2023_from_cli(demo_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "values",
            "--db",
            str(demo_db),
            "--indicator",
            "antal_invanare",
            "--year",
            "2023",
            "--gender",
            "T",
            "--format",
            "json",
            *[x for a in CHECKS for x in ("--area", a)],
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["area"]: r["value"] for r in rows} == CHECKS
    for row in rows:
        assert {
            "indicator",
            "area",
            "period",
            "gender",
            "value",
            "numerator",
            "denominator",
            "status",
        } <= row.keys()


def test_population_2023_from_api(client: TestClient) -> None:
    response = client.get(
        "/api/v1/values",
        params={"indicator": "antal_invanare", "year": "2023", "gender": "T", "area": list(CHECKS)},
    )
    assert response.status_code == 200
    assert {r["area"]: r["value"] for r in response.json()} == CHECKS


def test_kommun_2023_is_the_sum_of_its_60_deso(dataset: Dataset) -> None:
    deso = [
        a.code
        for a in dataset.areas()
        if a.level.value == "deso" and a.division.value == "DeSO2018"
    ]
    assert len(deso) == 60
    values = dataset.values(["antal_invanare"], areas=deso, years=["2023"])
    assert sum(v.value for v in values if v.gender.value == "T") == 113_920


def test_geography_counts(dataset: Dataset) -> None:
    def count(division: str) -> int:  # SCB's areas (custom areas share the DeSO vintages)
        return len(
            [
                a
                for a in dataset.areas()
                if a.division.value == division and a.level.value != "custom"
            ]
        )

    assert (count("RegSO2025"), count("DeSO2025"), count("DeSO2018")) == (22, 63, 60)
    assert all(
        a.geometry
        for a in dataset.store.areas(with_geometry=True)
        if a.division.value in ("DeSO2025", "RegSO2025")
    )


def test_riket_and_stockholms_lan_are_scbs_sums_of_their_deso(dataset: Dataset) -> None:
    """Issue 20 item 7: the demo's national comparator. SCB's folkmängd of Sweden on
    31 December 2023 is 10 551 707: the sum of all 5 984 DeSO in 000005FC equals it."""
    riket, lan = dataset.area("0000"), dataset.area("01")
    assert (riket.name, lan.name) == ("Riket", "Stockholms län")
    found = {
        v.area: v.value
        for v in dataset.values(["antal_invanare"], areas=["0000", "01"], years=["2023"])
    }
    assert found == {"0000": 10_551_707, "01": 2_454_821}
