"""The server starts without the libraries only some pages need (issue 22 goal 4: ready < 2 s
at national scale): scipy.stats alone cost it 0,7 s when the SII module imported it at the top.
A correctness check of laziness in a new interpreter, not a timing."""

from __future__ import annotations

import subprocess
import sys

#: loaded where a page, a report, a download or an engine needs them, never by building the app
#: (openpyxl with Pillow behind it was an eighth of the server's start); httpx and PyJWT where
#: a single sign-on provider is talked to, the report's content and renderers where a report
#: is asked for, the file readers (and the Kolada format) where a file is imported
NOT_AT_START = (
    "scipy.stats",
    "statsmodels",
    "weasyprint",
    "psycopg",
    "pandas",
    "openpyxl",
    "httpx",
    "jwt",
    "kommunanalys.report.content",
    "kommunanalys.report.render",
    "kommunanalys.ingest.files",
    "kommunanalys.sources.kolada",
)


def test_building_the_web_app_loads_no_library_only_some_pages_need() -> None:
    probe = (
        "import sys, kommunanalys.web.app\n"
        f"print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""
