"""Reading the comparison views' URLs: the URL is the view's whole state.

Lists may come comma-separated (``omraden=A,B``, the permalink form) or repeated
(``omraden=A&omraden=B``, what a form with checkboxes sends); :func:`canonical_redirect`
turns the second into the first, so the address bar always shows the short permalink.
Every problem becomes a coded error with a 4xx status, never a 500 (its message is made in
the reader's language where it is shown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.i18n import N_, gettext
from kommunanalys.i18n.text import Text
from kommunanalys.model import DOMAINS, Area, Gender, Indicator, Level
from kommunanalys.query import Dataset
from kommunanalys.sources.numbers import NotAYear, parse_year

#: What the URL may say for a gender, and what it means.
GENDERS = {"T": Gender.TOTAL, "K": Gender.WOMEN, "M": Gender.MEN}
GENDER_NAMES = {Gender.TOTAL: "Totalt", Gender.WOMEN: "Kvinnor", Gender.MEN: "Män"}
ALL_GENDERS = "alla"

#: Levels a bubble chart can show.
BUBBLE_LEVELS = {"deso": Level.DESO, "regso": Level.REGSO}

#: Formats every comparison view answers in, besides HTML.
FORMATS = ("json", "csv", "xlsx", "svg", "png")

_TOKEN = re.compile(r"^[0-9A-Za-z_\-]+$")
_MAX_ITEMS = 60


class BadParameter(KommunanalysError):
    """A malformed or contradictory parameter: answered with 400 and its message
    (:func:`kommunanalys.web.app.create_app`'s handler)."""

    status_code = 400


def values_of(name: str, *given: list[str] | None) -> list[str]:
    """Every item of a list parameter, split at commas, in order, unique: ``given`` are the
    values of each of its keys in the URL (``omraden`` and ``omrade``; ``name`` is the key
    messages name).

    An empty parameter counts as not given; an empty item inside a list ("A,,B") or an item
    with characters no code or id has is refused."""
    raw = [v for values in given for v in values or ()]
    items: list[str] = []
    for text in raw:
        if not text.strip():
            continue
        for item in text.split(","):
            item = item.strip()
            if not item or not _TOKEN.match(item):
                shown = text if len(text) <= 80 else text[:80] + "…"
                raise BadParameter(ErrorCode.MALFORMED_LIST, name=name, v=shown)
            if item not in items:
                items.append(item)
    if len(items) > _MAX_ITEMS:
        raise BadParameter(ErrorCode.TOO_MANY_VALUES, name=name, n=_MAX_ITEMS)
    return items


def value_of(name: str, *given: list[str] | None) -> str | None:
    """The one value of a single-valued parameter (first non-empty of its keys' values
    ``given``; ``name`` is the key messages name)."""
    found = [v.strip() for values in given for v in values or () if v.strip()]
    if len(set(found)) > 1 or any("," in v for v in found):
        raise BadParameter(ErrorCode.ONE_VALUE_ONLY, name=name, v=", ".join(found))
    return found[0] if found else None


def canonical_redirect(request: Request, path: str) -> RedirectResponse | None:
    """A redirect to the permalink form when the query has repeated or empty parameters
    (a submitted form); None when the URL already is the permalink."""
    keys = [k for k, _ in request.query_params.multi_items()]
    empty = any(not v.strip() for _, v in request.query_params.multi_items())
    if len(keys) == len(set(keys)) and not empty:
        return None
    params: dict[str, str] = {}
    for key in dict.fromkeys(keys):
        found = [v.strip() for v in request.query_params.getlist(key) if v.strip()]
        if found:
            params[key] = ",".join(dict.fromkeys(found))
    return RedirectResponse(permalink(path, params.items()), status_code=303)


def permalink(path: str, params: Iterable[tuple[str, str | None]]) -> str:
    """``path?key=value&…`` without empty values; commas stay readable."""
    kept = [(k, v) for k, v in params if v]
    return path + ("?" + urlencode(kept, safe=",") if kept else "")


def year(ds: Dataset, text: str | None) -> str | None:
    if text is None:
        return None
    try:
        parse_year(text)
    except NotAYear as exc:
        raise BadParameter(ErrorCode.NOT_A_YEAR, **exc.values) from None
    return ds.check_year(text)


def gender(text: str | None, *, allow_all: bool = False) -> list[Gender]:
    """``[Gender.TOTAL]`` by default; ``alla`` (where allowed) means T, K and M."""
    if text is None:
        return [Gender.TOTAL]
    if allow_all and text.lower() == ALL_GENDERS:
        return [Gender.TOTAL, Gender.WOMEN, Gender.MEN]
    found = GENDERS.get(text.upper())
    if found is None:
        choices = Text.of(N_("T, K, M eller alla") if allow_all else N_("T, K eller M"))
        raise BadParameter(ErrorCode.UNKNOWN_GENDER, v=text, choices=choices)
    return [found]


def domain(text: str | None) -> str | None:
    if text is None:
        return None
    for name in DOMAINS:
        if name.lower() == text.lower():
            return name
    raise BadParameter(ErrorCode.UNKNOWN_DOMAIN, v=text, domains=", ".join(DOMAINS))


def level(text: str | None) -> Level:
    if text is None:
        return Level.REGSO
    found = BUBBLE_LEVELS.get(text.lower())
    if found is None:
        raise BadParameter(ErrorCode.UNKNOWN_MAP_LEVEL, v=text)
    return found


def areas(ds: Dataset, codes: Sequence[str], year: str | None) -> list[Area]:
    """The areas in the vintage of ``year`` (UnknownArea, a 404, for an unknown code)."""
    return [ds.area(code, year) for code in codes]


def indicators(ds: Dataset, ids: Sequence[str]) -> list[Indicator]:
    return [ds.indicator(i) for i in ids]


def check_format(fmt: str | None) -> str | None:
    if fmt is None or fmt in FORMATS:
        return fmt
    raise HTTPException(
        404,
        gettext("Formatet '%(v)s' finns inte (välj %(formats)s eller %(last)s).")
        % {"v": fmt, "formats": ", ".join(FORMATS[:-1]), "last": FORMATS[-1]},
    )
