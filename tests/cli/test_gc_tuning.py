"""The server's garbage-collector settings (kommunanalys.cli.gc_tuning)."""

from __future__ import annotations

import gc

from kommunanalys.cli.gc_tuning import THRESHOLDS, tune_for_serving


def test_tuning_freezes_what_exists_and_raises_the_young_threshold() -> None:
    before = gc.get_threshold()
    try:
        tune_for_serving()
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
        assert THRESHOLDS[0] > before[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
