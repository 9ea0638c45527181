"""Routes receive the app's objects through FastAPI dependencies
(kommunanalys.web.dependencies): only ``app.py``, which sets them once, and
``dependencies.py`` read ``app.state``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi.testclient import TestClient

from kommunanalys.query import Dataset

WEB = Path(str(resources.files("kommunanalys.web")))


def test_only_the_app_and_the_dependencies_read_app_state() -> None:
    readers = {
        p.relative_to(WEB).as_posix()
        for p in WEB.rglob("*.py")
        if "app.state" in p.read_text(encoding="utf-8")
    }
    assert readers == {"app.py", "dependencies.py"}


def test_a_replaced_dataset_is_what_the_next_request_reads(
    client: TestClient, dataset: Dataset
) -> None:
    app: object = client.app
    state = app.state  # type: ignore[attr-defined]
    before = state.dataset
    try:
        state.dataset = dataset  # an import makes a new Dataset and sets it here
        assert client.get("/index.json").json()["kommun"]["code"] == dataset.kommun.code
    finally:
        state.dataset = before
