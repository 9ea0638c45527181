"""The plan read chunk by chunk from the store, and its linear algebra on one BLAS thread."""

from __future__ import annotations

from typing import Any

import pytest
from threadpoolctl import threadpool_info  # type: ignore[import-untyped]

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.privacy import derivable
from kommunanalys.privacy.plan import compute_plan
from kommunanalys.privacy.planning import compute_for, relations_of
from kommunanalys.privacy.rules import Rules
from kommunanalys.refresh import refresh_derived
from kommunanalys.store.disclosure import load_plan
from tests.privacy.small import INDICATORS, A, B, C, D, small_store

#: Small counts in several DeSO and both years: components with more than one equation.
SMALL = {
    (A, "2023", "K"): 1.0,
    (B, "2023", "M"): 2.0,
    (C, "2023", "K"): 3.0,
    (D, "2022", "K"): 2.0,
    (A, "2022", "M"): 4.0,
}


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


def test_the_plans_decompositions_run_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[int]] = []
    real = derivable._determined_columns

    def spy(matrix: Any) -> list[int]:
        seen.append(_blas_threads())
        return real(matrix)

    monkeypatch.setattr(derivable, "_determined_columns", spy)
    store = small_store(SMALL)  # the refresh an import does computes and stores the plan
    try:
        assert seen, "the exact check never decomposed a matrix: the test proves nothing"
        assert all(n == 1 for threads in seen for n in threads), seen
        seen.clear()
        refresh_derived(store)  # and every later refresh
        assert seen and all(n == 1 for threads in seen for n in threads), seen
    finally:
        store.close()


def test_single_threaded_and_chunked_plan_hides_the_same_cells() -> None:
    """Read per indicator and period from the store on one thread, or from all values at once:
    the same suppressed cells (the stored plan is the chunked one)."""
    store = small_store(SMALL)
    try:
        rules = Rules(Catalogue(INDICATORS))
        relations = relations_of(store)
        whole = compute_plan(store.values(), rules, relations)
        chunked = compute_for(store, rules, relations)
        assert len(whole) > len(SMALL)  # primary and secondary cells
        assert list(chunked.rows()) == list(whole.rows())
        assert load_plan(store)[1] == list(whole.rows())
    finally:
        store.close()
