"""Garbage-collector settings for the web server process (``kommunanalys serve``).

A national map or ranking request builds some 35 000 container objects (values, intervals,
rows, JSON dicts). With CPython's default young-generation threshold (700 allocations) the
collector runs about 40 times during such a request, promotes the request's live objects to
the oldest generation, and every few requests a full collection scans everything the process
holds (the dataset, the suppression plan, projected geography, kept results): 100–200 ms
added to an unlucky request, the whole difference between p50 and p95 at national scale.

:func:`tune_for_serving` (1) collects once and freezes what exists at start, so a full
collection never scans the data loaded at start again, and (2) raises the young threshold so
that a request's objects are freed by reference counting before a collection sees them.
Reference cycles are still collected, only less often; nothing here changes what is shown.
"""

from __future__ import annotations

import gc

#: Young-generation allocations between collections, then the two older generations' counts.
#: 200 000: a cold national request holds some 35 000 objects until it ends, so at 50 000 a
#: young collection still ran inside every second such request and traversed them all (about
#: 15 % of a cold request on average). Cyclic garbage waits longer: a few MB at most.
THRESHOLDS = (200_000, 20, 10)


def tune_for_serving() -> None:
    """Call once, after the app (its Dataset) is built and before requests are served."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
