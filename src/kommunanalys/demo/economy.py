"""The demo's economy: Socialnämnden's ledger 2022–2024, the 2024 budget and the placement
volumes, imported through the same path a user's files take (:mod:`kommunanalys.ingest.economy`)
and marked synthetic: the monthly figures are made up (:mod:`.economy_synthetic`), their
annual sums are the verksamhetsberättelse 2024's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kommunanalys.analysis.economy_model import AmountKind
from kommunanalys.ingest.economy import import_amounts, import_volumes
from kommunanalys.ingest.pipeline import ImportResult
from kommunanalys.store import Store


def economy_dir() -> Path:
    return Path(str(resources.files("kommunanalys.demo") / "data" / "economy"))


def load_economy(store: Store) -> list[ImportResult]:
    """Import the demo's economy files (idempotent: a second run writes nothing new)."""
    folder = economy_dir()
    mapping = folder / "ekonomi.toml"
    ledgers = sorted(folder.glob("huvudbok_*.csv"))
    steps = [
        import_amounts(
            store, ledgers, mapping, kind=AmountKind.OUTCOME, actor="demo", synthetic=True
        ),
        import_amounts(
            store,
            [folder / "budget_2024.csv"],
            mapping,
            kind=AmountKind.BUDGET,
            actor="demo",
            synthetic=True,
        ),
        import_volumes(store, [folder / "volymer.csv"], mapping, actor="demo", synthetic=True),
        import_volumes(
            store,
            [folder / "volymbudget_2024.csv"],
            mapping,
            kind=AmountKind.BUDGET,
            actor="demo",
            synthetic=True,
        ),
    ]
    problems = [p for s in steps for p in s.problems]
    if problems:
        raise RuntimeError(
            "the demo's economy files do not import: " + "; ".join(map(str, problems[:5]))
        )
    return steps
