"""What a snapshot's first readers would otherwise wait for, computed ahead of them.

Before a snapshot is published (:class:`~kommunanalys.refresh.Publisher`'s ``prepare``, in
its thread) or at start: the trend tests of every area of the home kommun and the projected
polygons of the DeSO and RegSO maps (:func:`prepare`). After it is published, in a
background thread: the trends of every other kommun's areas, kommun by kommun
(:func:`~kommunanalys.analysis.assessment.keep_every_trend`), kept with the snapshot (one
data version) — so a profile request at national scale reads its kommun's trends instead
of computing them (97 ms for Stockholm's 672 areas). The server answers while this runs; a
newer snapshot stops the older one's pass.

Once per process, after the first pass (so after the server's first answers): what the first
request of each public view pays only once — every template compiled, and the comparison
view's computation for two of the home kommun's areas, which imports its statistics (the
first ``/jamfor`` took 0.95 s CPU with them, holding the interpreter while every other
reader waited; 0.02 s after).
"""

from __future__ import annotations

import logging
import threading

from kommunanalys.analysis.area_pairs import area_pairs
from kommunanalys.analysis.assessment import area_trends, keep_every_trend
from kommunanalys.analysis.comparison import compare_areas
from kommunanalys.catalog.areas import division_for
from kommunanalys.model import DOMAINS, Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.web.rendering import templates
from kommunanalys.web.views.map_view import map_frame

log = logging.getLogger("kommunanalys.web")


def prepare(dataset: Dataset) -> None:
    """The home kommun's trends and the map projections of ``dataset``."""
    try:
        area_trends(dataset, dataset.kommun)
    except StopIteration:  # no geography yet: nothing to warm
        return
    if dataset.years:
        latest = int(dataset.years[-1])
        for level in (Level.DESO, Level.REGSO):
            map_frame(dataset, level, division_for(level, latest))


def warm_process(dataset: Dataset) -> None:
    """The process's one-offs of the public views: every template compiled, and the
    comparison of two of the home kommun's RegSO (the comparison view's default domain)."""
    env = templates.env
    for name in env.list_templates(extensions=["html", "svg", "xml", "txt"]):
        env.get_template(name)
    if not dataset.years:
        return
    year = dataset.years[-1]
    try:
        home = dataset.kommun.code
    except StopIteration:
        return
    regso = division_for(Level.REGSO, int(year))
    areas = [a for a in dataset.areas(Level.REGSO, regso) if a.kommun == home][:2]
    chosen = [i for i in dataset.catalogue.in_domain(DOMAINS[0]) if not i.is_view]
    if len(areas) == 2 and chosen:
        area_pairs(dataset, compare_areas(dataset, areas, chosen, year, Gender.TOTAL))


class WarmUp:
    """Keeps the trends of the newest published snapshot, in one background thread at a
    time per snapshot; :meth:`wait` until the newest one's are all kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: Dataset | None = None
        self._done = threading.Event()
        self._done.set()

    def start(self, dataset: Dataset, *, first: bool = False) -> None:
        """Keep every trend of ``dataset`` in the background (after :func:`prepare` when
        ``first``: the app's start, where no publisher prepared it); an older snapshot's
        pass stops at its next kommun."""
        with self._lock:
            self._current = dataset
            self._done.clear()
        threading.Thread(
            target=self._run, args=(dataset, first), name="warm", daemon=True
        ).start()

    def _run(self, dataset: Dataset, first: bool) -> None:
        try:
            if first:
                prepare(dataset)
            keep_every_trend(dataset, lambda: self._current is dataset)
            if first:
                warm_process(dataset)
        except Exception:  # a reader that asks computes its own kommun's; logged here
            log.exception("Förberäkningen av trender misslyckades")
        finally:
            with self._lock:
                if self._current is dataset:
                    self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True when the newest snapshot's trends are all kept (within ``timeout``)."""
        return self._done.wait(timeout)
