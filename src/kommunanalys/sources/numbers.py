"""Numbers as Swedish statistics files write them, and SCB's missing-value markers."""

from __future__ import annotations

import re

#: SCB/Kolada markers for values that are not numbers; they become status codes, never 0.
MISSING_MARKERS: dict[str, str] = {
    "..": "..",  # uppgift inte tillgänglig eller för osäker
    "…": "..",
    ".": ".",  # uppgift kan inte förekomma
    "-": "-",  # inget finns att redovisa (noll)
    "–": "-",
    "x": "x",  # sekretess
}

_SPACES = re.compile(r"[\s\u00a0\u202f]")


class NotANumber(ValueError):
    pass


def parse_number(raw: object) -> tuple[float | None, str | None]:
    """``(value, status)``: a number, or ``None`` and the marker that stood in its place.

    Accepts numbers, ``"1 234,5"`` (space, no-break space or narrow no-break space as thousands
    separator, decimal comma) and ``"1234.5"``. Raises :class:`NotANumber` for anything else.
    """
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        raise NotANumber(repr(raw))
    if isinstance(raw, int | float):
        return float(raw), None
    text = str(raw).strip()
    if text == "":
        return None, None
    if text in MISSING_MARKERS:
        return None, MISSING_MARKERS[text]
    cleaned = _SPACES.sub("", text)
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned), None
    except ValueError:
        raise NotANumber(text) from None
