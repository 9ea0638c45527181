"""The follow-up of an intervention (issue 18 items 6 and 8): the demo's planted effect is found
within its interval, the other interventions show none, and a protected value never reaches an
estimate, a chart or an export."""

from __future__ import annotations

from dataclasses import replace
from statistics import fmean

import pytest
from fastapi.testclient import TestClient

from kommunanalys.charts.turn_curve import turn_curve_chart
from kommunanalys.demo.synthetic import PLANTED
from kommunanalys.effect.followup import first_after_year, follow_up, follow_up_of
from kommunanalys.effect.model import Intervention, InterventionStatus, Movement, TargetGender
from kommunanalys.model import Gender
from kommunanalys.query import Dataset
from kommunanalys.stats.intervention import FollowUpResult
from kommunanalys.web.views.intervention_views import follow_up_sheet, labelled_follow_up


def test_first_year_after_counts_a_late_start_from_the_next_year() -> None:
    assert first_after_year("2022-08-15") == 2023
    assert first_after_year("2023-01-09") == 2023
    assert first_after_year("2023-06-30") == 2023
    assert first_after_year("") is None


def test_the_planted_effect_is_found_within_its_interval(dataset: Dataset) -> None:
    result = follow_up_of(dataset, "narvaroteam-skogas")
    entry = next(
        r for r in result["results"] if r["indicator"] == "andel_problematisk_skolfranvaro"
    )
    assert entry["verdict"] == Movement.WANTED
    assert entry["verdict_method"] == "did"
    did = entry["did"]
    assert did["result"] == FollowUpResult.ESTIMATED and did["comparisons"] >= 5
    (planted,) = PLANTED
    before = [s["value"] for s in entry["series"] if not s["after"]]
    truth = -(1 - planted.factor) * fmean(before)  # the planted fall, in percentage points
    assert did["effect"]["lower"] <= truth <= did["effect"]["upper"]
    # comparison areas: chosen by the similar-areas model, none inside Skogås
    assert not {c["code"] for c in entry["comparison_areas"]} & set(planted.regso)


def test_the_interventions_without_a_planted_effect_show_none(dataset: Dataset) -> None:
    for intervention in ("foraldrastod-skogas", "avgiftsfri-fritid-skogas"):
        result = follow_up_of(dataset, intervention)
        assert result["results"]
        for entry in result["results"]:
            assert entry["verdict"] in (Movement.NO_CHANGE, Movement.NOT_ASSESSED), entry


def _ad_hoc(area: str, indicator: str, start: str = "2023-01-01") -> Intervention:
    return Intervention(
        id="prov", name="Prov", description="", areas=(area,), target_group="", ages="",
        gender=None, level=None, start=start, end="", responsible="", cost=None, items=(),
        indicators=(indicator,), status=InterventionStatus.PLANNED,
    )  # fmt: skip


def test_a_protected_value_never_reaches_an_estimate_a_chart_or_an_export(
    dataset: Dataset,
) -> None:
    area, indicator = "0126R014", "antal_ansokningar_socialtjanst"
    raw = {
        o.period: o.value
        for o in dataset.store.values(indicators=[indicator], areas=[area], genders=[Gender.TOTAL])
    }
    published = {
        v.period: v for v in dataset.values([indicator], areas=[area], genders=[Gender.TOTAL])
    }
    protected = [p for p, v in published.items() if v.value is None and v.status]
    assert protected, "the demo protects some of this RegSO's counts"
    result = follow_up(dataset, _ad_hoc(area, indicator))
    (entry,) = result["results"]
    rows = {s["period"]: s for s in entry["series"]}
    for period in protected:
        assert raw[period] is not None  # stored, but not published
        assert rows[period]["value"] is None and rows[period]["status"]
        for method in ("baseline", "did", "its"):
            assert period in entry[method]["suppressed"]
    # the chart and the export are drawn from the entry: no number for a protected year
    labelled = labelled_follow_up(dataset, result)
    chart = turn_curve_chart(labelled["results"][0], title="t", unit="antal", decimals=0)
    assert "skyddad" in chart
    sheet = follow_up_sheet(dataset, "prov", labelled)
    for row in sheet.rows:
        if row[3] in protected:
            assert row[5] is None and row[6]


def test_too_few_years_is_said_not_estimated(dataset: Dataset) -> None:
    result = follow_up(dataset, _ad_hoc("0126R007", "andel_ledarledd_fritid", "2021-03-01"))
    (entry,) = result["results"]
    assert entry["verdict"] == Movement.NOT_ASSESSED
    assert entry["reason"] == FollowUpResult.TOO_FEW_PERIODS
    assert entry["did"]["effect"] is None and entry["its"]["level_change"] is None


def test_the_page_its_twin_and_its_export(client: TestClient) -> None:
    page = client.get("/insatser/narvaroteam-skogas")
    assert page.status_code == 200
    assert "i önskad riktning" in page.text and "<svg" in page.text
    title = page.text.split("<title>")[1].split("</title>")[0]
    assert "Uppföljning" not in title and "Skillnad" not in title  # the page, not its head
    twin = client.get("/insatser/narvaroteam-skogas.json").json()
    entry = twin["follow_up"]["results"][0]
    assert entry["verdict"] == "wanted" and entry["verdict_label"] == "i önskad riktning"
    assert entry["did"]["result_label"] == "skattad"
    csv = client.get("/insatser/narvaroteam-skogas/uppfoljning.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "andel_problematisk_skolfranvaro" in csv.text
    assert client.get("/insatser/narvaroteam-skogas?jamforelser=20").status_code == 200
    assert client.get("/insatser/narvaroteam-skogas/uppfoljning.pdf").status_code == 404


def test_comparisons_passed_over_for_protected_values_say_so(dataset: Dataset) -> None:
    """Candidates enough, but too few of them with whole published series: the reason is the
    protection ("skyddade värden"), not "för få jämförelseområden", and the area's own series
    does not stand in for the comparison as it does for a kommun-wide intervention."""
    indicator = "antal_ansokningar_socialtjanst"  # sensitive: most RegSO have protected years
    result = follow_up(dataset, _ad_hoc("skogas", indicator))
    (entry,) = result["results"]
    assert entry["comparisons_passed_over_protected"] > 0
    assert (
        len(entry["comparison_areas"])
        < 5
        <= (len(entry["comparison_areas"]) + entry["comparisons_passed_over_protected"])
    )
    assert entry["did"]["result"] == FollowUpResult.SUPPRESSED_VALUES
    assert entry["reason"] == FollowUpResult.SUPPRESSED_VALUES
    assert entry["verdict"] == Movement.NOT_ASSESSED and entry["verdict_method"] is None


def test_a_kommun_wide_intervention_has_no_comparisons_and_falls_back_on_its(
    dataset: Dataset,
) -> None:
    result = follow_up(dataset, _ad_hoc("0126", "andel_ledarledd_fritid", "2023-01-01"))
    (entry,) = result["results"]
    assert entry["did"]["result"] == FollowUpResult.TOO_FEW_COMPARISONS
    assert entry["comparisons_passed_over_protected"] == 0
    assert entry["verdict_method"] == "its"


def test_the_turn_curve_chart_names_its_interval_a_prediction_interval(dataset: Dataset) -> None:
    """The baseline's band is a prediction interval for a new value, not a confidence interval
    of the mean: the chart's points (their names for screen readers and the keyboard) say so."""
    labelled = labelled_follow_up(dataset, follow_up_of(dataset, "narvaroteam-skogas"))
    entry = next(
        e for e in labelled["results"] if e["indicator"] == "andel_problematisk_skolfranvaro"
    )
    chart = turn_curve_chart(entry, title="t", unit="procent", decimals=1)
    assert "95 % PI" in chart
    assert "KI" not in chart


def test_the_export_heads_its_columns_in_the_readers_language(client: TestClient) -> None:
    """As every other export: the headers (and yes/no) in English for an English reader; the
    cells' codes and numbers stay the same data."""
    sv = client.get("/insatser/narvaroteam-skogas/uppfoljning.csv").text.lstrip("\ufeff")
    assert sv.splitlines()[0].startswith("Insats-id,Indikator,Område,År,Efter start,Värde")
    en = client.get("/insatser/narvaroteam-skogas/uppfoljning.csv?lang=en").text
    client.get("/insatser?lang=sv")  # the shared client back in Swedish
    head, first = en.lstrip("\ufeff").splitlines()[:2]
    assert head.startswith("Intervention id,Indicator,Area,Year,After the start,Value")
    assert "Prediction interval, lower" in head and "Service" not in head
    assert ",no," in first


def test_the_excel_export_titles_itself_in_the_readers_language(client: TestClient) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    titles = {}
    for language in ("sv", "en"):
        body = client.get(f"/insatser/narvaroteam-skogas/uppfoljning.xlsx?lang={language}")
        assert body.status_code == 200
        sheet = load_workbook(BytesIO(body.content)).active
        titles[language] = str(sheet["A1"].value)
    client.get("/insatser?lang=sv")  # the shared client back in Swedish
    assert titles == {
        "sv": "Uppföljning av insatsen narvaroteam-skogas",
        "en": "Follow-up of the intervention narvaroteam-skogas",
    }


@pytest.mark.parametrize(
    ("target", "followed"),
    [(TargetGender.FEMALE, Gender.WOMEN), (TargetGender.MALE, Gender.MEN), (None, Gender.TOTAL)],
)
def test_an_intervention_for_one_gender_follows_its_values(
    dataset: Dataset, target: TargetGender | None, followed: Gender
) -> None:
    """An intervention for girls and women alone is followed by women's values where the
    indicator has them, one for boys and men by men's, any other by the total; the area's
    series and each comparison area's are that gender's published values."""
    area, indicator = "0126R014", "andel_foreningsaktivitet"
    intervention = replace(_ad_hoc(area, indicator), gender=target)
    (entry,) = follow_up(dataset, intervention)["results"]
    assert entry["gender"] == followed.value
    published = {
        v.period: v.value for v in dataset.values([indicator], areas=[area], genders=[followed])
    }
    assert {s["period"]: s["value"] for s in entry["series"]} == {
        p: published.get(p) for p in dataset.years
    }
    assert entry["comparison_areas"], "the comparison areas are chosen as for the total"


def test_an_indicator_without_values_by_gender_is_followed_by_its_total(
    dataset: Dataset,
) -> None:
    area, indicator = "0126R014", "andel_boende_hyresratt"
    assert not next(i for i in dataset.catalogue if i.id == indicator).by_gender
    intervention = replace(_ad_hoc(area, indicator), gender=TargetGender.FEMALE)
    (entry,) = follow_up(dataset, intervention)["results"]
    assert entry["gender"] == Gender.TOTAL.value


def test_an_area_without_values_of_the_gender_is_followed_by_its_total(dataset: Dataset) -> None:
    """An indicator split by gender, but not for this area (the source gives the RegSO its
    total only): the intervention for girls and women is followed by the area's total, not
    by an empty series."""
    area, indicator = "0126R014", "antal_utrikes_fodda"
    assert next(i for i in dataset.catalogue if i.id == indicator).by_gender
    assert not dataset.values([indicator], areas=[area], genders=[Gender.WOMEN])
    intervention = replace(_ad_hoc(area, indicator), gender=TargetGender.FEMALE)
    (entry,) = follow_up(dataset, intervention)["results"]
    assert entry["gender"] == Gender.TOTAL.value
    assert any(s["value"] is not None for s in entry["series"])
