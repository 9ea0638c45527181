"""A slice (one indicator, period, gender and division as columns, issue 22) passes the gate
with exactly the decisions the value-by-value gate makes: on the demo (its sensitive counts,
shares and planned cells) and on a small store with a plan, protected zeros and rounding."""

from __future__ import annotations

from collections.abc import Iterator

from kommunanalys.catalog.indicators import DisclosureOptions
from kommunanalys.model import Division, Gender, Value
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.store.value_slice import ValueSlice
from tests.privacy.small import A, B, small_store


def _key(v: Value) -> tuple[str, str]:
    return v.area, v.age_group


def _slices(ds: Dataset, indicators: list[str]) -> Iterator[tuple[ValueSlice, list[Value]]]:
    """Every slice of ``indicators`` the store has, with :meth:`Store.values`' rows of it."""
    for indicator in indicators:
        rows = ds.store.values(indicators=[indicator])
        for period, gender, division in {(v.period, v.gender, v.division) for v in rows}:
            read = ds.store.value_slice(indicator, period, gender, division)
            yield (
                read,
                ds.store.values(
                    indicators=[indicator], periods=[period], genders=[gender], division=division
                ),
            )


def _same_decisions(ds: Dataset, indicators: list[str]) -> int:
    count = 0
    for read, rows in _slices(ds, indicators):
        assert sorted(read.values(), key=_key) == sorted(rows, key=_key)  # the same rows
        published = ds.gate.publish_slice(read).values()
        assert sorted(published, key=_key) == sorted(ds.gate.publish(rows), key=_key)
        count += sum(v.status == SUPPRESSED for v in published)
    return count


def test_a_slice_of_the_demo_passes_the_gate_as_its_values_do(dataset: Dataset) -> None:
    ruled = [i.id for i in dataset.catalogue if dataset.gate.rule(i) is not None]
    planned = list(dataset.gate.plan.cells)
    assert ruled and planned
    free = ["andel_ledarledd_fritid", "medianinkomst"]
    assert _same_decisions(dataset, [*ruled, *planned, *free]) > 0  # some were hidden


def test_a_slice_with_a_plan_zeros_and_rounding_passes_the_gate_as_its_values_do() -> None:
    options = {
        "antal_x": DisclosureOptions(round_to=5, protect_zeros=True),
        "befolkning_x": DisclosureOptions(round_to=10),
    }
    ds = Dataset(small_store({(A, "2023", "K"): 1.0, (B, "2023", "M"): 0.0}, options))
    indicators = sorted({v.indicator for v in ds.store.values()})
    assert {"antal_x", "andel_x", "befolkning_x"} <= set(indicators)
    assert _same_decisions(ds, indicators) > 0
    rounded = ds.gate.publish_slice(ds.store.value_slice("antal_x", "2023", Gender.WOMEN, A_DIV))
    assert all(v is None or v % 5 == 0 for v in rounded.value)


def test_a_slice_of_an_unknown_indicator_leaves_nothing(dataset: Dataset) -> None:
    read = ValueSlice.of_values(
        "okand",
        Division.DESO2018,
        "2023",
        Gender.TOTAL,
        [Value("okand", A, Division.DESO2018, "2023", Gender.TOTAL, 12.0, 3.0, 40.0)],
    )
    out = dataset.gate.publish_slice(read)
    assert (out.value, out.numerator, out.denominator, out.status) == (
        [None],
        [None],
        [None],
        [SUPPRESSED],
    )


A_DIV = Division.DESO2018


def test_slices_read_together_are_the_slices_read_one_by_one(dataset: Dataset) -> None:
    ids = ["andel_ledarledd_fritid", "antal_aktualiseringar_barn_o_ungdom", "medianinkomst"]
    together = dataset.store.value_slices([*ids, "okand"], "2022", Gender.TOTAL, A_DIV)
    assert together["okand"].values() == []
    for i in ids:
        alone = dataset.store.value_slice(i, "2022", Gender.TOTAL, A_DIV)
        assert len(alone) > 0
        assert sorted(together[i].values(), key=_key) == sorted(alone.values(), key=_key)
