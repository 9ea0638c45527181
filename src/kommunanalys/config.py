"""Where the database lives: ``--db PATH``, else ``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "KOMMUNANALYS_DB"
DEFAULT_DB = "kommunanalys.duckdb"
#: The municipality the demo data describes.
DEMO_KOMMUN = "0126"


def database_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_DB)
    return Path(from_env) if from_env else Path(DEFAULT_DB)
