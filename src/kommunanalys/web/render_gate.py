"""A bound on the heavy exports one server process makes at once.

Every export (a path ending in ``.png``, ``.svg``, ``.pdf``, ``.docx``, ``.xlsx`` or ``.csv``,
outside ``/static``) takes a slot for as long as it runs; when ``Limits.renders`` are taken, the
next one is answered **503 with Retry-After** at once instead of waiting in a queue whose
images would all be in memory together (issue 23: two 60 × 60 PNGs took 4 GB). The routes are
plain functions, so FastAPI runs them in its worker threads: the render itself is off the event
loop, and the event loop only counts slots, so no lock is needed.
"""

from __future__ import annotations

from kommunanalys.errors import ErrorCode, KommunanalysError

#: The suffixes of the downloads that draw, lay out or write a file.
HEAVY_SUFFIXES = (".png", ".svg", ".pdf", ".docx", ".xlsx", ".csv")


class RenderBusy(KommunanalysError):
    """Every render slot is taken: answered 503 with ``Retry-After``."""


def is_heavy(path: str) -> bool:
    return path.endswith(HEAVY_SUFFIXES) and not path.startswith("/static/")


class RenderGate:
    """``size`` slots, taken without waiting (:meth:`take`) and given back (:meth:`give`)."""

    def __init__(self, size: int, retry_after: int) -> None:
        self.size = size
        self.retry_after = retry_after
        self._taken = 0

    @property
    def taken(self) -> int:
        return self._taken

    def take(self) -> None:
        """A slot, or :class:`RenderBusy` when all are taken."""
        if self._taken >= self.size:
            raise RenderBusy(ErrorCode.RENDER_BUSY, n=self.size, seconds=self.retry_after)
        self._taken += 1

    def give(self) -> None:
        self._taken = max(self._taken - 1, 0)
