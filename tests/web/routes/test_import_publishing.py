"""An import does not freeze the site (issue 21, item 1): while a confirmed import's refresh
runs, the readers are answered at once from the snapshot they had; the new values show when the
refreshed snapshot is swapped in. The refresh is held by an Event, not by timing."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kommunanalys import refresh
from kommunanalys.ingest import pipeline
from tests.site import Site

GOOD = b"indicator,area,period,gender,value\nantal_invanare,0126C1010,2022,T,2799\n"
#: a guard against a deadlock only: every wait below ends on an event, never on a delay
GUARD = 600.0


class HeldRefresh:
    """``refresh_derived`` that tells when it starts and waits to be released."""

    def __init__(self, real: Callable[..., int]) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> int:
        self.started.set()
        assert self.release.wait(GUARD)
        return self.real(*args, **kwargs)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldRefresh]:
    hold = HeldRefresh(refresh.refresh_derived)
    monkeypatch.setattr(refresh, "refresh_derived", hold)
    monkeypatch.setattr(pipeline, "refresh_derived", hold)  # wherever an import calls it
    yield hold
    hold.release.set()


def _antal_invanare(client: TestClient) -> float:
    data = client.get("/omrade/0126C1010.json", params={"ar": "2022"}).json()
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    return float(cards["antal_invanare"]["value"]["value"])


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(work()), daemon=True)
    thread.start()
    return thread, out


def test_readers_keep_the_old_snapshot_while_an_import_refreshes(
    site: Site, held: HeldRefresh
) -> None:
    analyst = site.login("analytiker")
    public = site.anonymous()
    assert _antal_invanare(public) == 2810
    match = re.search(r'name="csrf" value="([^"]+)"', analyst.get("/import").text)
    assert match
    csrf = match.group(1)
    preview = analyst.post(
        "/import", data={"csrf": csrf}, files={"fil": ("befolkning.csv", GOOD, "text/csv")}
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token

    confirm, confirmed = _in_thread(
        lambda: analyst.post(
            "/import/bekrafta",
            data={"csrf": csrf, "token": token.group(1)},
            headers={"Accept": "application/json"},
        )
    )
    assert held.started.wait(GUARD)  # the refresh runs, and is held
    reader, answer = _in_thread(lambda: _antal_invanare(public))
    reader.join(GUARD)
    assert not reader.is_alive(), "a public profile waited for the import's refresh"
    assert answer == [2810]  # the old snapshot: whole, not half-refreshed

    confirm.join(GUARD)
    assert not confirm.is_alive(), "the import's response waited for the refresh"
    body = confirmed[0].json()
    assert confirmed[0].status_code == 200 and body["result"]["revised"] == 1
    assert body["publishing"]["publishing"] is True

    held.release.set()
    publisher = site.app.state.publisher  # type: ignore[attr-defined]
    assert publisher.wait(timeout=GUARD)
    assert _antal_invanare(public) == 2799  # swapped in
    state = analyst.get("/import.json").json()["publishing"]
    assert state["publishing"] is False and state["failed"] is None
    assert state["data_version"]["latest_import"] == site.store.imports()[-1].id
