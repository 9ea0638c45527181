"""The report's sections beyond the goal part, as plain blocks every renderer draws the same way.

A :class:`Part` is a heading with its paragraphs, tables, charts and sub-parts, in order.
The economy, personnel and internal-control sections (:mod:`.economy_part`, :mod:`.staff_part`)
and the narrative sections are built as parts once; :mod:`.docx_report` and the HTML template
(and so the PDF) walk the same tree, so the three formats say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableBlock:
    """A table: its caption, header and rows as printed; ``numeric`` marks right-aligned
    columns; ``total`` that the last row is a sum row (bold)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    total: bool = False
    note: str = ""


@dataclass(frozen=True)
class ChartBlock:
    svg: str
    caption: str


@dataclass(frozen=True)
class TextBlock:
    text: str  # paragraphs separated by a blank line

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


Block = TableBlock | ChartBlock | TextBlock


@dataclass(frozen=True)
class Part:
    heading: str
    blocks: tuple[Block, ...] = ()
    parts: tuple[Part, ...] = field(default=())
    #: an anchor for the HTML contents list
    anchor: str = ""

    def headings(self) -> list[str]:
        return [self.heading, *(h for p in self.parts for h in p.headings())]


def text_blocks(*texts: str) -> tuple[Block, ...]:
    return tuple(TextBlock(t) for t in texts if t and t.strip())


def table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool] | None = None,
    *,
    total: bool = False,
    note: str = "",
) -> TableBlock:
    flags = tuple(numeric) if numeric is not None else (False,) + (True,) * (len(header) - 1)
    return TableBlock(
        caption, tuple(header), tuple(tuple(r) for r in rows), flags, total=total, note=note
    )
