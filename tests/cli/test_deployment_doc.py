"""docs/deployment.md names only commands and options that exist (as the README's CLI table
test does for the README): every ``kommunanalys …`` in it, in code blocks, unit files and
inline code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.cli.test_app import commands

DOC = Path(__file__).parents[2] / "docs" / "deployment.md"


def code() -> str:
    """The document's fenced code blocks and inline code spans, one a line."""
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S)
    prose = re.sub(r"^```[a-z]*\n.*?^```", "", text, flags=re.M | re.S)
    return "\n".join([*blocks, *re.findall(r"`([^`\n]+)`", prose)])


def named_commands() -> list[list[str]]:
    """The words after every ``kommunanalys`` that starts a command in the document's code."""
    found = []
    for match in re.finditer(r"(?:^|[\s/])kommunanalys ((?:[a-z-]+)(?: [^`\n#]*)?)", code()):
        words = shlex.split(match.group(1).replace("$(", "").replace(")", ""))
        if words and not words[0].startswith("-"):
            found.append(words)
    return found


def test_the_document_names_commands() -> None:
    paths = {" ".join(w[:2]) if " ".join(w[:2]) in commands() else w[0] for w in named_commands()}
    assert {"serve", "migrate-db", "backup", "restore", "update", "init", "secret"} <= paths


def test_every_command_and_option_in_the_document_exists() -> None:
    known = commands()
    for words in named_commands():
        path = " ".join(words[:2]) if " ".join(words[:2]) in known else words[0]
        assert path in known, f"docs/deployment.md names `kommunanalys {path}`"
        options = {o for p in known[path].params for o in (*p.opts, *p.secondary_opts)}
        used = {w.split("=", 1)[0] for w in words if w.startswith("--")}
        assert used <= options, f"`kommunanalys {path}`: no option {sorted(used - options)}"
