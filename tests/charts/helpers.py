"""Parsing helpers for the chart tests: every chart must be well-formed, standalone XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert not re.search(r"\sstyle=", svg), "the CSP forbids inline style attributes"
    assert "<script" not in svg
    return root


def accessible_name(root: ET.Element) -> tuple[str, str]:
    """The chart's title and description, checked to be what aria-labelledby points at."""
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return title.text or "", desc.text or ""


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{NS}a"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]
