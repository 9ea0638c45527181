"""The reader's language: one context variable, set once per web request.

The web layer sets it before anything is rendered (:func:`use_language`); number formats in the
charts and the text of findings read it deep down without being handed a language. The CLI and
the reports never set it and stay Swedish. A :class:`contextvars.ContextVar`, so that concurrent
requests in other threads or tasks never see each other's language."""

from __future__ import annotations

from contextvars import ContextVar

SWEDISH = "sv"
ENGLISH = "en"
LANGUAGES = (SWEDISH, ENGLISH)
DEFAULT = SWEDISH

_language: ContextVar[str] = ContextVar("kommunanalys_reading_language", default=DEFAULT)


def valid(lang: str | None) -> str | None:
    return lang if lang in LANGUAGES else None


def current_language() -> str:
    return _language.get()


def use_language(lang: str) -> None:
    """Make ``lang`` the reader's language (this thread or task only; unknown → Swedish)."""
    _language.set(valid(lang) or DEFAULT)


def is_english() -> bool:
    return current_language() == ENGLISH
