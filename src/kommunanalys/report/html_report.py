"""The report as one self-contained HTML document (styles inline, charts as inline SVG)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup

from kommunanalys.formatting import format_goal
from kommunanalys.i18n.labels import msgid
from kommunanalys.report.content import ReportContent

_env = Environment(
    loader=FileSystemLoader(str(Path(str(resources.files("kommunanalys.report") / "templates")))),
    autoescape=select_autoescape(["html"]),
)
_env.globals["fmt_goal"] = format_goal
_env.filters["word"] = msgid  # a code as the report's Swedish word (the report stays Swedish)
_env.filters["svg"] = Markup  # our own generated SVG, escaped where it carries text


def template(name: str) -> Template:
    """A report's template (``report.html``, ``project_report.html``: both extend
    ``_report_base.html``, the page and styles every report shares)."""
    return _env.get_template(name)


def render_html(content: ReportContent, *, for_print: bool = False) -> str:
    return template("report.html").render(r=content, f=content.follow, print=for_print)
