"""Text made where it is shown: a Swedish msgid and the values of its placeholders.

For words the domain builds with values in them (an equality group "övriga i Flemingsberg",
"16-19 år"): ``str()`` gives the Swedish text (the CLI's, a JSON twin's), :meth:`Text.shown`
the text in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from kommunanalys.i18n.catalogue import gettext


@dataclass(frozen=True, slots=True)
class Text:
    msgid: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, msgid: str, **values: str) -> Text:
        return cls(msgid, tuple(sorted(values.items())))

    def __str__(self) -> str:
        return self.msgid % dict(self.values) if self.values else self.msgid

    def shown(self) -> str:
        """The text in the reader's language (a name not in the catalogue stays as it is)."""
        template = gettext(self.msgid)
        return template % dict(self.values) if self.values else template
