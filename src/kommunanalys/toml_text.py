"""TOML text as every reader of a user's TOML file reads it (effect logic, interventions,
goals, custom areas, mappings, report texts): Python's ``tomllib``, and a file nested deeper
than its parser's stack (a "TOML bomb" of ``[[[[…``) refused as invalid TOML with its line
and column, as any syntax error, never a ``RecursionError`` (a 500 on the web)."""

from __future__ import annotations

import re
import tomllib
from typing import Any

#: the reason a file nested too deep is invalid (as a JSON file's)
TOO_DEEP = "för djupt nästlad"
#: where a file's nesting begins: 32 openings of arrays or inline tables in a row
_DEEP = re.compile(r"(?:[\[{]\s*){32}")


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``; :class:`tomllib.TOMLDecodeError` for any invalid text, also
    one nested too deep (its place, "(at line L, column C)", as tomllib words its own)."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        found = _DEEP.search(text)
        at = found.start() if found else 0
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise tomllib.TOMLDecodeError(f"{TOO_DEEP} (at line {line}, column {column})") from None
