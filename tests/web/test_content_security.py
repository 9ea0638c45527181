"""The content security policy: one strict policy for the site, and a page that carries its
own inline ``<style>`` (the HTML report) allows exactly that style by its hash — never
``'unsafe-inline'``, and scripts stay ``'self'`` only."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.testclient import TestClient

from kommunanalys.web.csp import policy, style_hashes

STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


def _directives(header: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def test_the_html_report_is_allowed_its_own_styles_and_nothing_else(client: TestClient) -> None:
    response = client.get("/mal/rapport.html")
    assert response.status_code == 200
    styles = STYLE.findall(response.text)
    assert styles, "the report carries its styles inline (it is a self-contained file)"
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    directives = _directives(header)
    assert sorted(directives["style-src"]) == sorted(["'self'", *(_hash(s) for s in styles)])
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_other_pages_keep_the_strict_policy(client: TestClient) -> None:
    header = client.get("/mal").headers["Content-Security-Policy"]
    assert _directives(header)["style-src"] == ["'self'"]
    assert header == policy()


def test_style_hashes_hash_each_style_element_as_the_browser_does() -> None:
    html = "<head><style>\n  h1 { color: red }\n</style><STYLE media='print'>p{}</STYLE></head>"
    assert style_hashes(html) == (_hash("\n  h1 { color: red }\n"), _hash("p{}"))
    assert style_hashes("<p>no style</p>") == ()
