"""Every SCB file shipped with the demo imports through ``import_file`` (detected by content)
with values checked against the files themselves (read with openpyxl / a text editor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.demo.build import scb_files
from kommunanalys.ingest.files import import_file
from kommunanalys.model import Division, Gender
from kommunanalys.store import Store
from tests.ingest.helpers import DATA, DESO_JSON, SCB_DIR, sha256

D18, R20, D25 = Division.DESO2018, Division.REGSO2020, Division.DESO2025
T, K = Gender.TOTAL, Gender.WOMEN

#: (indicator, area, division, period, gender, value) per shipped file (by name prefix).
#: DeSO 0126C1310 (Masmo) and RegSO "Huddinge (Flemingsberg västra)" = 0126R001 (RegSO 2020).
KNOWN: dict[str, list[tuple[str, str, Division, str, Gender, float]]] = {
    # 000005FC is the 2023 table (year in column A); 3277 is 2022 (000005FF/FB/FE/LO).
    "000005FC": [("antal_invanare", "0126C1310", D18, "2023", T, 3243)],
    "000005FF": [
        ("antal_invanare", "0126C1310", D18, "2022", T, 3277),
        ("antal_invanare_0_4", "0126C1310", D18, "2022", T, 245),
        ("antal_invanare_20_24", "0126A0010", D18, "2022", T, 61),
    ],
    "000005FE": [("antal_utlandsk_bakgrund", "0126C1310", D18, "2022", T, 1501)],
    "000005FM": [
        ("medianinkomst", "0126C1310", D18, "2022", T, 350.8),
        ("medelinkomst", "0126C1310", D18, "2022", T, 393.9),
        ("antal_personer_med_inkomst", "0126A0010", D18, "2022", T, 1229),
    ],
    # Europa utom Sverige 427 + övriga världen 544
    "000005FB": [("antal_utrikes_fodda", "0126C1310", D18, "2022", T, 971)],
    "000005F8": [
        ("antal_hushall", "0126C1310", D18, "2022", T, 449 + 150 + 70 + 208 + 141),
        ("antal_hushall_ensamstaende_med_barn", "0126C1310", D18, "2022", T, 70),
    ],
    "000005LO": [
        ("antal_personer_smahus", "0126C1310", D18, "2022", T, 2709),
        ("antal_personer_specialbostad", "0126C1310", D18, "2022", T, 4),
        ("antal_personer_hustyp", "0126C1310", D18, "2022", T, 3277),
    ],
    "000005MO": [
        ("befolkning_25_64", "0126C1310", D18, "2022", T, 168 + 624 + 291 + 628 + 71),
        ("antal_eftergymnasial_25_64", "0126C1310", D18, "2022", T, 291 + 628),
    ],
    "000006OC": [
        ("antal_boende_hyresratt", "0126C1310", D18, "2022", T, 88),
        ("antal_boende_egnahem", "0126C1310", D18, "2022", T, 711),
        ("antal_lagenheter", "0126C1310", D18, "2022", T, 88 + 104 + 711 + 0),
    ],
    "deso_foreign_born": [
        ("antal_invanare", "0126R001", R20, "2023", T, 7060),
        ("antal_invanare", "0126R001", R20, "2020", T, 7512),
        ("antal_utrikes_fodda", "0126R001", R20, "2023", T, 7060 - 2392),
    ],
    "deso_housing_tenure": [
        ("antal_boende_hyresratt", "0126R001", R20, "2023", T, 2492),
        ("antal_lagenheter", "0126R001", R20, "2023", T, 2492 + 971 + 4 + 0),
    ],
    "deso_income": [
        ("loneinkomst", "0126R001", R20, "2023", T, 175.6),
        ("loneinkomst", "0126R002", R20, "2020", T, 233.2),
    ],
    "regso_socioekonomisk_index_2022": [
        ("omradestyp", "0126R001", R20, "2022", T, 2),
        ("omradestyp", "0126R002", R20, "2022", T, 3),
    ],
    "regso_socioekonomisk_index_2023": [("omradestyp", "0126R002", R20, "2023", T, 2)],
    "huddinge_0126_raw": [
        ("antal_invanare", "0126C1010", D25, "2025", T, 2962),
        ("antal_invanare", "0126A0010", D25, "2025", T, 1951),
        ("antal_invanare_0_4", "0126C1010", D25, "2024", K, 112),  # dist.age.f[0]
    ],
}


def shipped() -> list[Path]:
    return [*scb_files(), DESO_JSON]


def known_for(path: Path) -> list[tuple[str, str, Division, str, Gender, float]]:
    (prefix,) = [p for p in KNOWN if path.name.startswith(p)]
    return KNOWN[prefix]


def current(
    store: Store, indicator: str, area: str, period: str, gender: Gender = T
) -> tuple[float | None, Division]:
    (latest, *_) = [
        r for r in store.history(indicator, area=area) if r.period == period and r.gender is gender
    ]
    return latest.value, latest.division


def test_every_shipped_scb_file_is_covered() -> None:
    files = shipped()
    assert len(list((SCB_DIR / "deso2018_xlsx").glob("*.xlsx"))) == 9
    assert len(list((SCB_DIR / "regso2020_csv").glob("*.csv"))) == 5
    assert len(files) == 15
    assert all(len([p for p in KNOWN if f.name.startswith(p)]) == 1 for f in files)


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.name.split("_2024")[0])
def test_shipped_scb_file_imports_with_known_values(store: Store, path: Path) -> None:
    result = import_file(store, path, actor="test", refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert result.added > 0 and result.revised == 0 and result.new_indicators == ()
    record = result.record
    assert record is not None
    assert (record.source, record.files, record.actor) == ("scb-file", (path.name,), "test")
    assert record.checksum == sha256(path)
    if path.suffix != ".json":
        assert result.skipped > 0  # the rest of Sweden
    for indicator, area, division, period, gender, value in known_for(path):
        got, got_division = current(store, indicator, area, period, gender)
        assert got == pytest.approx(value), (indicator, area, period)
        assert got_division is division


def test_mapped_deso2025_csv_imports_population(store: Store) -> None:
    data = DATA / "huddinge_deso2025_indicators.csv"
    mapping = DATA / "huddinge_deso2025_indicators.toml"
    result = import_file(store, data, mapping=mapping, actor="test", refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert (result.added, result.revised, result.unchanged) == (63, 0, 0)
    assert result.record is not None and result.record.checksum == sha256(data)
    assert mapping.name in result.description
    assert current(store, "antal_invanare", "0126C1010", "2025") == (2962, D25)
    assert current(store, "antal_invanare", "0126A0010", "2025") == (1951, D25)


def test_mapped_csv_and_deso_json_agree(store: Store) -> None:
    """The CSV is the JSON flattened: after the JSON, the mapped CSV brings nothing new."""
    assert import_file(store, DESO_JSON, refresh=False).ok
    result = import_file(
        store,
        DATA / "huddinge_deso2025_indicators.csv",
        mapping=DATA / "huddinge_deso2025_indicators.toml",
        refresh=False,
    )
    assert (result.added, result.revised, result.unchanged) == (0, 0, 63)
    assert result.summary().startswith("Inget nytt")
