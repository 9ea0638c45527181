"""The published checksum: one hash of everything the public can see.

Two databases with the same checksum show the public exactly the same numbers. A backup
records it and a restore recomputes it (:mod:`kommunanalys.store.backup` takes this function
as an argument: the store sits below the disclosure gate and the goal follow-up it reads
through).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields

from kommunanalys.goals.followup import follow_up
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.query import Dataset
from kommunanalys.store import Store


def published_checksum(store: Store) -> str:
    """SHA-256 of every published output: all gated values and all goal follow-ups (protected)."""
    digest = hashlib.sha256()
    dataset = Dataset(store)
    ids = sorted(i.id for i in dataset.catalogue)
    values = dataset.values(ids)
    names = [f.name for f in fields(values[0])] if values else []
    # a flat row per value (repr keeps every float exactly); asdict would take seconds
    for row in sorted("\t".join(repr(getattr(v, n)) for n in names) for v in values):
        digest.update(row.encode() + b"\n")
    repo = GoalRepository(store)
    for committee in repo.committees():
        for year in repo.years(committee.id):
            follow = follow_up(repo, committee.id, year, protected=True)
            digest.update(json.dumps(asdict(follow), sort_keys=True, default=str).encode())
    return digest.hexdigest()
