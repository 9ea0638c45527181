"""Where each table and key of a TOML file stands: ``tomllib`` gives values, not lines.

:func:`key_lines` reads the file's lines once and maps a path such as ``utfall[1].post[3].text``
(arrays of tables by their index, from 0) to its line number (from 1). It understands what an
effect logic file uses — ``[table]``, ``[[array.of.tables]]``, ``key = value`` and multi-line
strings and arrays — which is enough to point at a problem; :func:`line_of` falls back to the
nearest enclosing table when a key is missing.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in dotted.split(".")]


def key_lines(text: str) -> dict[str, int]:
    """Every table's and key's line, by path."""
    found: dict[str, int] = {}
    counts: dict[str, int] = {}
    current: list[str] = []  # the current table's path, one element per part (with its index)
    in_string: str | None = None
    depth = 0  # open brackets of a multi-line array
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth == 0:
            header = _HEADER.match(line)
            if header:
                names = _parts(header.group(2))
                path: list[str] = []
                for k, name in enumerate(names):
                    base = ".".join([*path, name])
                    last = k == len(names) - 1
                    if last and header.group(1) == "[[":
                        index = counts.get(base, 0)
                        counts[base] = index + 1
                        path.append(f"{name}[{index}]")
                    elif not last and f"{base}" in counts:
                        path.append(f"{name}[{counts[base] - 1}]")
                    else:
                        path.append(name)
                current = path
                found.setdefault(".".join(current), number)
                continue
            key = _KEY.match(line)
            if key:
                found[".".join([*current, key.group(1).strip('"')])] = number
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
                break
        if in_string is None:
            depth = max(0, depth + _brackets(line))
    return found


def _brackets(line: str) -> int:
    """Open minus closed square brackets outside strings and comments (a multi-line array)."""
    balance, quote = 0, ""
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch == "[":
            balance += 1
        elif ch == "]":
            balance -= 1
    return balance


def line_of(lines: dict[str, int], where: str) -> int:
    """The line of ``where``, or of its nearest enclosing table; 1 when none is known."""
    path = where
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return 1
