"""Results a dataset keeps by key, the most recently used ones, at most ``size`` of them:
bounded, unlike ``Dataset.memo``, for what is large (a national JSON twin or ranking table,
megabytes each) or has many keys (a profile's spine charts: tens of thousands of areas and
years nationally). The data behind a Dataset never changes (an import makes a new one), so a
kept result never goes stale; a new dataset starts empty.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    """The most recently used results by key, at most ``size`` of them (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The result kept for ``key``, else ``make()``'s, kept (the least recently used
        result leaves when more than ``size`` are kept)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        made = make()  # outside the lock: two first requests may both make it
        with self._lock:
            self._items[key] = made
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return made
