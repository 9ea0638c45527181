"""The optional language-model narrative, against fake local endpoints."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from kommunanalys.analysis.insights import area_insights
from kommunanalys.analysis.narrative import LanguageModelConfig, build_messages, narrate
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app

REPLY = "Flemingsberg västra ligger lägre än kommunen i fritidsaktiviteter [1]."


class FakeModel(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []
    delay = 0.0
    status = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        time.sleep(type(self).delay)
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": REPLY}}]})
        try:
            self.send_response(type(self).status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload.encode())
        except BrokenPipeError:  # the client gave up waiting: that is the point of the test
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    FakeModel.received, FakeModel.delay, FakeModel.status = [], 0.0, 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_narrative_is_shown_beside_the_findings(demo_store: Store, endpoint: str) -> None:
    config = LanguageModelConfig(url=endpoint, model="fake", key="secret", timeout=5)
    client = TestClient(create_app(demo_store, config))
    page = client.get("/omrade/0126R001/insikter?sammanfattning=true")
    assert page.status_code == 200
    assert "lägre än kommunen i fritidsaktiviteter [1]" in page.text
    sent = FakeModel.received[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer secret"
    data = client.get("/omrade/0126R001/insikter.json?sammanfattning=true").json()
    assert data["narrative"]["text"] == REPLY and data["findings"]


def test_a_summary_is_asked_for_once(demo_store: Store, endpoint: str) -> None:
    config = LanguageModelConfig(url=endpoint, model="fake", timeout=5)
    client = TestClient(create_app(demo_store, config))
    for _ in range(3):
        assert (
            client.get("/omrade/0126R020/insikter?ar=2025&sammanfattning=true").status_code == 200
        )
    assert len(FakeModel.received) == 1


def test_slow_endpoint_leaves_the_page_working(demo_store: Store, endpoint: str) -> None:
    FakeModel.delay = 2.0
    config = LanguageModelConfig(url=endpoint, model="fake", timeout=0.3)
    page = TestClient(create_app(demo_store, config)).get(
        "/omrade/0126R001/insikter?sammanfattning=true"
    )
    assert page.status_code == 200
    assert "svarade inte i tid" in page.text
    assert "Andel" in page.text  # the template findings are still there


def test_failing_endpoint_leaves_the_page_working(demo_store: Store, endpoint: str) -> None:
    FakeModel.status = 500
    config = LanguageModelConfig(url=endpoint, model="fake", timeout=5)
    data = (
        TestClient(create_app(demo_store, config))
        .get("/omrade/0126R001/insikter.json?sammanfattning=true")
        .json()
    )
    assert data["narrative"]["text"] is None and data["narrative"]["error"]
    assert data["findings"]


def test_unreachable_endpoint(dataset: Dataset) -> None:
    config = LanguageModelConfig(url="http://127.0.0.1:9/v1", model="fake", timeout=1)
    result = narrate(config, "Huddinge", area_insights(dataset, "0126"))
    assert result.text is None and result.error


def test_prompt_holds_no_value_below_the_disclosure_threshold(dataset: Dataset) -> None:
    """The model gets only finding texts: no counts of sensitive indicators, no numerators.

    Every whole number left in the findings message, once indicator names, method names
    and the finding numbers are taken out, is a year, a confidence level or at least the
    smallest minimum cell size."""
    sensitive = [i for i in dataset.catalogue if i.sensitive]
    min_cell = min(i.min_cell or 5 for i in sensitive)
    names = sorted((i.name_sv for i in dataset.catalogue), key=len, reverse=True)
    for code in ("0126", "0126R001", "0126R020", "0126C1010"):
        findings = area_insights(dataset, code)
        assert findings
        message = build_messages(code, findings)[1]["content"].split("\n", 1)[1]
        for f in findings:
            assert not (f.indicator.sensitive and f.indicator.value_type.value == "count")
            message = message.replace(f.method, "")
        for name in names:
            message = message.replace(name, "")
        message = re.sub(r"^\[\d+\] ", "", message, flags=re.MULTILINE)
        whole_numbers = [int(n) for n in re.findall(r"(?<![\d,.])\d+(?![\d,.])", message)]
        assert all(n == 0 or n >= min_cell for n in whole_numbers), whole_numbers


def test_config_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMMUNANALYS_LLM_URL", raising=False)
    assert LanguageModelConfig.from_env() is None
    monkeypatch.setenv("KOMMUNANALYS_LLM_URL", "https://llm.example/v1/")
    monkeypatch.setenv("KOMMUNANALYS_LLM_MODEL", "m")
    config = LanguageModelConfig.from_env()
    assert config is not None and config.url == "https://llm.example/v1" and config.model == "m"
    for refused in ("file:///etc/passwd", "http://llm.example/v1"):  # no key in cleartext
        monkeypatch.setenv("KOMMUNANALYS_LLM_URL", refused)
        with pytest.raises(ValueError, match="https://"):
            LanguageModelConfig.from_env()
    monkeypatch.setenv("KOMMUNANALYS_LLM_URL", "http://127.0.0.1:8080/v1")
    assert LanguageModelConfig.from_env() is not None  # a model on the same machine
