"""The content security policy of every answer, in one place.

One strict policy for the whole site: everything from the site itself, no inline script or
style, no framing. A document that must carry its own inline ``<style>`` — the HTML report,
a self-contained file that is also saved and mailed — is served with the same policy plus the
SHA-256 hash of each of its style elements (CSP level 2), so the browser applies exactly those
styles and nothing injected beside them. ``'unsafe-inline'`` is never used, and scripts stay
``'self'`` only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

HEADER = "Content-Security-Policy"

#: the contents of each ``<style>`` element, as the browser hashes them (byte for byte)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)


def policy(style_hashes: Iterable[str] = ()) -> str:
    """The policy, allowing besides the site's own style sheets the inline styles whose
    ``'sha256-…'`` sources are given."""
    styles = " ".join(("'self'", *style_hashes))
    return (
        f"default-src 'self'; img-src 'self' data:; style-src {styles}; script-src 'self'; "
        "frame-ancestors 'none'"
    )


def style_hashes(html: str) -> tuple[str, ...]:
    """The CSP sources (``'sha256-…'``) of every ``<style>`` element in ``html``."""
    return tuple(_source(text) for text in _STYLE.findall(html))


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def own_styles_policy(html: str) -> dict[str, str]:
    """The header of a document that carries its own inline styles."""
    return {HEADER: policy(style_hashes(html))}
