"""The demo's personnel, internal-control and financing tables: transcribed from Socialnämndens
verksamhetsberättelse 2024 (``data/staff_control/``, see its README), imported through the
same checks as any file (:mod:`kommunanalys.ingest.staff_control`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kommunanalys.ingest.staff_control import StaffImportResult, import_tables
from kommunanalys.store import Store


def staff_control_files() -> list[Path]:
    folder = Path(str(resources.files("kommunanalys.demo") / "data" / "staff_control"))
    return sorted(folder.glob("*.csv"))


def load_staff_control(store: Store) -> StaffImportResult:
    """Import the transcribed tables (idempotent: a second run writes nothing)."""
    result = import_tables(store, staff_control_files(), actor="demo")
    if not result.ok:  # the shipped files: a broken one is a bug (tests/demo check them)
        raise RuntimeError("; ".join(str(p) for p in result.problems))
    return result
