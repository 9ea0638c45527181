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


def test_zeros_are_protected_when_the_rule_says_so() -> None:
    from kommunanalys.catalog.indicators import DisclosureOptions
    from tests.privacy.small import A, small_store

    changes = {(A, "2023", "K"): 0.0, (A, "2023", "M"): 0.0}
    published = Dataset(small_store(changes))
    zero = published.values(["antal_x", "andel_x"], areas=[A], years=["2023"])
    assert zero and all(v.value == 0 for v in zero)  # by default a zero is published
    options = {"antal_x": DisclosureOptions(protect_zeros=True)}
    protected = Dataset(small_store(changes, options))
    hidden = protected.values(["antal_x", "andel_x"], areas=[A], years=["2023"])
    assert hidden and all(v.status == SUPPRESSED and v.value is None for v in hidden)
    assert protected.gate.plan.reason(
        "antal_x", (A, Division.DESO2018, "2023", Gender.TOTAL, "total")
    )


def test_counts_are_rounded_to_the_base_and_shares_use_the_unrounded_counts() -> None:
    from kommunanalys.catalog.indicators import DisclosureOptions
    from tests.privacy.small import A, small_store

    ds = Dataset(small_store({(A, "2023", "K"): 23.0}, {"antal_x": DisclosureOptions(round_to=5)}))
    count = {v.gender: v for v in ds.values(["antal_x"], areas=[A], years=["2023"])}
    assert (count[Gender.WOMEN].value, count[Gender.MEN].value) == (25, 20)  # 23, 22
    share = ds.values(["andel_x"], areas=[A], years=["2023"], genders=[Gender.WOMEN])[0]
    assert share.value == 23 / 400 * 100
    assert share.numerator == 25


def test_a_rate_whose_numerator_is_suppressed_is_suppressed() -> None:
    """The share of a DeSO whose count is a secondary (complementary) cell is hidden too,
    although its numerator is large: value × denominator would give the count back."""
    from tests.privacy.small import A, B, small_store

    ds = Dataset(small_store({(A, "2023", "K"): 1.0, (A, "2023", "M"): 2.0}))
    key = (B, Division.DESO2018, "2023", Gender.TOTAL, "total")
    assert ds.gate.plan.reason("antal_x", key) == "sekundär"
    for area in (A, B):
        share = ds.values(["andel_x"], areas=[area], years=["2023"], genders=[Gender.TOTAL])[0]
        assert (share.value, share.numerator, share.denominator) == (None, None, None)
        assert share.status == SUPPRESSED
    other = ds.values(["andel_x"], areas=[A], years=["2022"], genders=[Gender.TOTAL])[0]
    assert other.value is not None  # the year before is untouched


def test_publishing_a_batch_is_publishing_each_value(dataset: Dataset) -> None:
    """The batch shortcut (indicators whose values all leave unchanged) gives exactly what
    the value-by-value gate gives: on the demo, and with a plan, zeros and rounding."""
    from kommunanalys.catalog.indicators import DisclosureOptions
    from tests.privacy.small import A, B, small_store

    raw = dataset.store.values()
    assert dataset.gate.publish(raw) == [dataset.gate.publish_one(v) for v in raw]
    options = {
        "antal_x": DisclosureOptions(round_to=5, protect_zeros=True),
        "befolkning_x": DisclosureOptions(round_to=10),
    }
    small = Dataset(small_store({(A, "2023", "K"): 1.0, (B, "2023", "M"): 0.0}, options))
    raw = small.store.values()
    assert small.gate.publish(raw) == [small.gate.publish_one(v) for v in raw]
    assert any(v.status == SUPPRESSED for v in small.gate.publish(raw))
