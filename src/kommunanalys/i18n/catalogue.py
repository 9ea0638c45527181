"""Translations: the ``.po`` files in ``locale/``, read with Babel and compiled in memory.

Swedish is the source language: msgids are the Swedish text and the Swedish catalogue is empty on
purpose. No compiled ``.mo`` is committed; a catalogue is compiled on its first use.

Regenerate the template after changing text (see ``babel.cfg``)::

    pybabel extract -F babel.cfg -o src/kommunanalys/i18n/locale/messages.pot \\
        --no-location --sort-output --omit-header .
"""

from __future__ import annotations

from functools import cache
from gettext import GNUTranslations, NullTranslations
from importlib import resources
from io import BytesIO

from kommunanalys.i18n.language import SWEDISH, current_language


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (tables of labels)."""
    return message


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` read from its ``.po`` file and compiled in memory."""
    if lang == SWEDISH:
        return NullTranslations()
    # Babel only where a catalogue is compiled: Swedish (and the CLI's start) never loads it
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = resources.files("kommunanalys.i18n") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return GNUTranslations(compiled)


def gettext(message: str) -> str:
    """``message`` (a Swedish msgid) in the reader's language."""
    if not message:  # gettext("") is the catalogue's header
        return message
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_language()).pgettext(context, message)
