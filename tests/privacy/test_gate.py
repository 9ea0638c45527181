"""The disclosure gate: small counts of sensitive indicators never leave."""

from __future__ import annotations

from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.model import Division, Gender, Value
from kommunanalys.privacy import SUPPRESSED, DisclosureGate
from kommunanalys.query import Dataset

GATE = DisclosureGate(load_catalogue())


def _v(ind: str, value: float | None, num: float | None = None, den: float | None = None) -> Value:
    return Value(ind, "0126C1310", Division.DESO2018, "2023", Gender.TOTAL, value, num, den)


def test_small_sensitive_count_is_suppressed_and_large_is_kept() -> None:
    assert GATE.publish_one(_v("antal_aktualiseringar_kriminalitet", 3)).status == SUPPRESSED
    assert GATE.publish_one(_v("antal_aktualiseringar_kriminalitet", 3)).value is None
    assert GATE.publish_one(_v("antal_aktualiseringar_kriminalitet", 12)).value == 12
    assert GATE.publish_one(_v("antal_aktualiseringar_kriminalitet", 0)).value == 0


def test_share_from_a_small_count_is_suppressed_with_its_counts() -> None:
    out = GATE.publish_one(_v("andel_aktualiseringar_kriminalitet", 0.4, 3, 800))
    assert (out.value, out.numerator, out.denominator, out.status) == (None, None, None, SUPPRESSED)
    assert GATE.publish_one(_v("andel_aktualiseringar_kriminalitet", 1.5, 12, 800)).value == 1.5


def test_non_sensitive_values_pass_unchanged() -> None:
    value = _v("antal_invanare", 2)
    assert GATE.publish_one(value) is value


def test_no_small_sensitive_value_leaves_the_dataset(dataset: Dataset) -> None:
    sensitive = [i.id for i in dataset.catalogue if dataset.gate.rule(i) is not None]
    assert sensitive
    for v in dataset.values(sensitive):
        for count in (v.value if not v.numerator else None, v.numerator, v.denominator):
            assert count is None or count == 0 or count >= 5
