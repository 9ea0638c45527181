"""Recompute the derived values table, and the suppression plan, from the current observations;
and publish the result to the readers (:class:`Publisher`).

The plan is computed from exactly the values just stored, in the same refresh, so that a
database never serves new values with an old plan (readers also check its fingerprint). The
web's readers keep the snapshot they have until the refreshed one is ready.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive_in_store
from kommunanalys.privacy.planning import custom_members, refresh_plan
from kommunanalys.query import Dataset, DataVersion
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_options, save_options

log = logging.getLogger("kommunanalys.refresh")
#: How often (seconds, at most) a reader's request asks the database whether another process
#: changed the published data (:meth:`Publisher.check`).
CHECK_INTERVAL = 1.0


def refresh_derived(store: Store, catalogue: Catalogue | None = None) -> int:
    """Replace the derived values and the suppression plan; return the number of values.

    A ``catalogue`` loaded from a catalogue file brings its rule options (zeros, rounding),
    which are stored for the readers; without one the stored options apply."""
    if catalogue is not None and catalogue.options:
        save_options(store, catalogue.options)
    catalogue = Catalogue(
        tuple((catalogue or Catalogue(tuple(store.indicators()))).indicators),
        load_options(store),
    )
    count = derive_in_store(store, store.areas(), catalogue, custom_members(store))
    refresh_plan(store, catalogue)
    store.changed_data()  # other processes take a new snapshot (Publisher.check)
    return count


@dataclass(frozen=True)
class PublishState:
    """Where the published data stands: ``requested`` changes written, ``published`` of them
    readable (a snapshot serves them); ``failed`` the last refresh's error, if it failed."""

    requested: int
    published: int
    version: DataVersion
    failed: str | None = None

    @property
    def publishing(self) -> bool:
        return self.published < self.requested


class Publisher:
    """The snapshot the readers see, and the refresh that replaces it.

    Readers take :attr:`dataset` (a :class:`Dataset` over :meth:`Store.snapshot`): it never
    changes under them, and no write or refresh holds them up. After an import,
    :meth:`publish` asks for a refresh; one background thread recomputes the derived values
    and the disclosure plan, makes a new snapshot, lets ``prepare`` compute what the first
    readers would otherwise wait for (trend tests, map shapes), and only then swaps it in —
    one assignment, so a reader has the old snapshot or the new one, never a mix. Requests
    that arrive while a refresh runs are served by one more refresh after it."""

    def __init__(
        self,
        store: Store,
        *,
        prepare: Callable[[Dataset], None] | None = None,
        on_publish: Callable[[Dataset], None] | None = None,
    ) -> None:
        self.store = store
        self._prepare = prepare or (lambda dataset: None)
        self._on_publish = on_publish or (lambda dataset: None)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._requested = self._published = 0
        self._refresh_wanted = False
        self._worker: threading.Thread | None = None
        self._failed: str | None = None
        self._taken = 0  # snapshots made, in order: a later one never gives way to an earlier
        self._current_taken = 0
        self._checked = time.monotonic()
        _, self.dataset, self._data_version = self._snapshot()

    def _snapshot(self) -> tuple[int, Dataset, int]:
        """A new snapshot: its order, its dataset and the data version it sees."""
        with self._lock:
            self._taken += 1
            taken = self._taken
            snapshot = self.store.snapshot()
        return taken, Dataset(snapshot), snapshot.data_version()

    def check(self) -> None:
        """Publish a new snapshot when another process (a CLI import, another server worker)
        changed the published data: the database's data version differs from the one the
        readers' snapshot saw. Cheap (one row read), and at most once per
        :data:`CHECK_INTERVAL`; called on the request path."""
        now = time.monotonic()
        with self._lock:
            if now - self._checked < CHECK_INTERVAL or self._published < self._requested:
                return
            self._checked = now
            seen = self._data_version
        if self.store.data_version() != seen:
            self.publish(refresh=False)

    def _swap(self, taken: int, dataset: Dataset, version: int, request: int) -> None:
        with self._lock:
            if taken > self._current_taken:
                self._current_taken = taken
                self._data_version = version
                self.dataset = dataset
                self._on_publish(dataset)
            self._published = max(self._published, request)
            self._changed.notify_all()

    def publish(self, *, refresh: bool = True) -> int:
        """Ask for the data written so far to be published (recomputing the derived values
        and the plan first if ``refresh``); return the request's number (see :meth:`wait`).
        Returns at once: the work runs in the publisher's thread."""
        with self._lock:
            self._requested += 1
            self._refresh_wanted |= refresh
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="publish", daemon=True)
                self._worker.start()
            return self._requested

    def publish_now(self) -> None:
        """A new snapshot at once, without a refresh (a changed indicator status)."""
        with self._lock:
            self._requested += 1
            request = self._requested
        taken, dataset, version = self._snapshot()
        self._swap(taken, dataset, version, request)

    def _work(self) -> None:
        while True:
            with self._lock:
                if self._published >= self._requested:
                    self._worker = None
                    self._changed.notify_all()
                    return
                request, refresh = self._requested, self._refresh_wanted
                self._refresh_wanted = False
            try:
                if refresh:
                    refresh_derived(self.store)
                taken, dataset, version = self._snapshot()
                self._prepare(dataset)
                self._failed = None
            except Exception as exc:  # the readers keep the old snapshot; logged, shown
                log.exception("Publiceringen efter en import misslyckades")
                self._failed = type(exc).__name__
                with self._lock:
                    self._published = max(self._published, request)
                    self._changed.notify_all()
                continue
            self._swap(taken, dataset, version, request)

    def wait(self, request: int | None = None, timeout: float | None = None) -> bool:
        """Wait until request ``request`` (default: every request so far) is published."""
        with self._lock:
            target = self._requested if request is None else request
            return self._changed.wait_for(lambda: self._published >= target, timeout)

    def state(self) -> PublishState:
        with self._lock:
            return PublishState(
                self._requested, self._published, self.dataset.version, self._failed
            )
