"""``kommunanalys import file`` of a hostile file: exit code 2, a message naming the file, no
traceback, nothing written (issue 21 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_imports import (  # noqa: F401  (fixtures)
    db,
    invoke,
    no_refresh,
    state,
    wide_consoles,
)
from tests.ingest.hostile_files import HOSTILE, Hostile


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_import_file_of_a_hostile_file_exits_2_without_a_traceback(
    db: Path,  # noqa: F811
    tmp_path: Path,
    no_refresh: None,  # noqa: F811
    hostile: Hostile,
) -> None:
    path, mapping = hostile.write(tmp_path)
    before = state(db)
    args: list[str | Path] = ["import", "file", path, "--db", db]
    if mapping is not None:
        args += ["--mapping", mapping]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a traceback
    assert "Traceback" not in result.output and "Error" not in result.stderr
    assert hostile.name in result.stderr and "Inget skrevs." in result.stderr
    assert hostile.text in result.stderr
    assert state(db) == before
