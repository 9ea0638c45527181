"""Swedish by default, English on request: the reader's language and the text in it.

The lowest layer that knows about text: the domain (``stats``, ``analysis``, ``goals``,
``access``) returns codes, and this package turns codes and Swedish msgids into the reader's
language. It imports nothing of kommunanalys but :mod:`kommunanalys.model`, so that every layer
may use it; the web layer only sets the language of a request (:mod:`kommunanalys.web.language`).

- :mod:`.language`: the reader's language, one :class:`contextvars.ContextVar`.
- :mod:`.catalogue`: ``gettext``/``ngettext``/``pgettext`` over the ``.po`` files in
  ``locale/``, and ``N_`` to mark text for ``pybabel extract``.
- :mod:`.words`: catalogue words (domains, units, levels) and indicator names.
- :mod:`.labels`: the label of every code (comparison results, trends, statuses, roles, …).
- :mod:`.messages`: the text of every error code, made where the error is shown.
"""

from __future__ import annotations

from kommunanalys.i18n.catalogue import N_, gettext, ngettext, pgettext
from kommunanalys.i18n.language import (
    DEFAULT,
    ENGLISH,
    LANGUAGES,
    SWEDISH,
    current_language,
    is_english,
    use_language,
    valid,
)
from kommunanalys.i18n.words import (
    domain_name,
    indicator_name,
    map_title,
    ranking_title,
    unit_name,
)

__all__ = [
    "DEFAULT",
    "ENGLISH",
    "LANGUAGES",
    "N_",
    "SWEDISH",
    "current_language",
    "domain_name",
    "gettext",
    "indicator_name",
    "is_english",
    "map_title",
    "ngettext",
    "pgettext",
    "ranking_title",
    "unit_name",
    "use_language",
    "valid",
]
