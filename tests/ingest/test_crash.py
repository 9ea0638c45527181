"""A process killed in the middle of an import leaves the database as it was; a retry works."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kommunanalys.ingest import import_tidy_csv
from kommunanalys.store import Store
from tests.ingest.helpers import snapshot, tidy

KILL_WHILE_WRITING = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from kommunanalys.ingest import import_tidy_csv
    from kommunanalys.store import Store

    store = Store.open(sys.argv[1])
    seen = []

    def step(message):
        seen.append(message)
        if message.startswith("Skriver"):  # inside the import's transaction
            print("|".join(seen), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    import_tidy_csv(store, Path(sys.argv[2]), actor="killed", step=step, refresh=False)
    print("NOT KILLED", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("earlier_values", [False, True], ids=["direct-load", "merge"])
def test_killed_mid_import_leaves_the_database_unchanged_and_a_retry_succeeds(
    demo_copy: Path, tmp_path: Path, earlier_values: bool
) -> None:
    # antal_invanare has values in the demo (the merge path); an indicator without values
    # in the demo (shares are derived there, never observed) takes the direct load path
    rows = (
        ("antal_invanare,0126C1310,2019,3301", "antal_invanare,0126A0010,2019,1650")
        if earlier_values
        else ("andel_boende_hyresratt,0126C1310,2019,9.7",)
    )
    path = tidy(tmp_path / "nya.csv", *rows)
    store = Store.open(demo_copy)
    if not earlier_values:
        held = store.backend.query(
            "SELECT count(*) FROM observation WHERE indicator = 'andel_boende_hyresratt'"
        )[0][0]
        assert held == 0, "the direct-load case needs an indicator without values"
    before = snapshot(store)
    store.close()

    done = subprocess.run(
        [sys.executable, "-c", KILL_WHILE_WRITING, str(demo_copy), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "NOT KILLED" not in done.stdout
    assert done.stdout.strip().endswith("Skriver nya och ändrade värden")

    store = Store.open(demo_copy)
    try:
        after = snapshot(store)
        assert (after.observations, after.imports) == (before.observations, before.imports)
        assert after == before
        retry = import_tidy_csv(store, path, actor="retry", refresh=False)
        assert retry.ok, [str(p) for p in retry.problems]
        assert retry.added + retry.revised == len(rows)
        assert retry.record is not None and retry.record.actor == "retry"
        assert store.imports()[-1].id == before.imports + 1
        assert snapshot(store).observations == before.observations + len(rows)
    finally:
        store.close()
