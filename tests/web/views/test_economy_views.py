"""The economy views: few placements are withheld (the month, the year's average and what is
derived from them leave as «skyddad», never a number), and the committee's own forecast stands
beside the computed one."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.ingest.economy import import_amounts, import_volumes
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web.views.economy_volumes_view import volumes_view
from tests.economy.conftest import MAPPING


def test_a_few_placements_are_withheld(store: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "ekonomi.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    lines = ["period;insats;placerade;vårddygn"]
    ledger = ["period;ansvar;konto;belopp"]
    for year, placed in ((2023, 3.0), (2024, 12.0)):
        for month in range(1, 13):
            count = placed + (1 if month == 6 and year == 2024 else 0)
            if year == 2024 and month == 2:
                count = 4.0  # one small month in a larger year
            lines.append(f"{year}-{month:02d};hvb;{count};{count * 30:.0f}")
            ledger.append(f"{year}-{month:02d};512;4610;{count * 30 * 3000:.0f}")
    (tmp_path / "v.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text("\n".join(ledger) + "\n", encoding="utf-8")
    assert import_volumes(store, [tmp_path / "v.csv"], mapping).ok
    assert import_amounts(store, [tmp_path / "l.csv"], mapping).ok
    view = volumes_view(Dataset(store), "sn", "hvb")
    [row] = view["rows"]
    y2023, y2024 = row["years"]
    assert y2023["status"] == SUPPRESSED
    assert y2023["placed"] is None and y2023["care_days"] is None
    assert y2023["cost_per_care_day"] is None
    assert y2024["status"] is None and y2024["placed"] is not None and y2024["care_days"]
    assert row["split_previous_year"] is None  # it would show the small year's price
    february = next(m for m in view["monthly"] if m["month"] == "2024-02")
    assert february == {"month": "2024-02", "placed": None, "status": SUPPRESSED}
    assert view["forecast"] is None
    assert "skyddad" in view["_chart"]  # the chart names the withheld months


def test_the_committees_own_forecast_beside_the_computed_one(store: Store, tmp_path: Path) -> None:
    from kommunanalys.analysis.economy_model import AmountKind
    from kommunanalys.web.views.economy_view import economy_view

    mapping = tmp_path / "ekonomi.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    outcome = ["period;ansvar;konto;belopp"] + [
        f"{y}-{m:02d};510;5010;1000"
        for y in (2023, 2024)
        for m in range(1, 13)
        if (y, m) <= (2024, 8)
    ]
    (tmp_path / "u.csv").write_text("\n".join(outcome) + "\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "period;ansvar;kostnadsslag;belopp\n2024-12;bou;personal;13400\n", encoding="utf-8"
    )
    assert import_amounts(store, [tmp_path / "u.csv"], mapping).ok
    assert import_amounts(
        store, [tmp_path / "p.csv"], mapping, kind=AmountKind.FORECAST, version="delar2"
    ).ok
    view = economy_view(Dataset(store), "sn", 2024, 8)
    assert view["forecast"]["committee_version"] == "delar2"
    bou = next(r for r in view["forecast"]["rows"] if r["code"] == "bou")
    assert bou["committee_forecast"] == 13  # 13 400 kr in tkr
    assert bou["forecast"]["value"] == 12  # 8 000 kr so far, 8/12 of 2023: 12 000 kr
    assert economy_view(Dataset(store), "sn", 2024, 4)["forecast"]["committee_version"] is None
