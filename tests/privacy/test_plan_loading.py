"""A reader loads the stored plan without the plan's computation (issue 22 goal 4:
``kommunanalys values`` starts in under 0.5 s): numpy's linear algebra, threadpoolctl and the
derivability check are imported only when a plan is computed. The gate is the same: the
loaded plan is the stored one, and a stale one is still recomputed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.privacy.planning import compute_for, current_plan
from kommunanalys.privacy.rules import Rules
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_options

SRC = str(Path(__file__).resolve().parents[2] / "src")
COMPUTATION = (
    "kommunanalys.privacy.plan",
    "kommunanalys.privacy.derivable",
    "kommunanalys.privacy.margins",
    "threadpoolctl",
)


def _loaded(code: str) -> list[str]:
    listed = f"[m for m in {COMPUTATION!r} if m in sys.modules]"
    probe = f"import json, sys\n{code}\nprint(json.dumps({listed}))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": SRC},
        check=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_reading_a_database_does_not_import_the_plans_computation(
    demo_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    code = (
        "from kommunanalys.query import Dataset\n"
        "from kommunanalys.store import Store\n"
        f"store = Store.open({str(copy)!r}, read_only=True)\n"
        "dataset = Dataset(store)\n"
        "assert len(dataset.gate.plan) > 0\n"
        "dataset.values(['antal_invanare'])\n"
    )
    assert _loaded(code) == []


def test_the_loaded_plan_is_the_computed_one(demo_store: Store) -> None:
    catalogue = Catalogue(tuple(demo_store.indicators()), load_options(demo_store))
    loaded = current_plan(demo_store, catalogue)
    assert loaded.cells == compute_for(demo_store, Rules(catalogue)).cells
    assert Dataset(demo_store).gate.plan.cells == loaded.cells
