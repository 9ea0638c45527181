"""Bounds on an export's size, checked before the work that size would cost.

An export is refused with :class:`ExportTooLarge` (a 400 on the web, naming the limit and what
was asked) when it would hold more values than ``Limits.export_cells``, more rows than
``Limits.export_rows``, or an image larger than ``Limits.image_pixels`` / ``image_height`` /
``svg_bytes``. The limits live in :class:`kommunanalys.config.Limits`; every check here is
cheap (counts and the SVG's declared size), so a refused request costs almost nothing.
"""

from __future__ import annotations

import re

from kommunanalys.config import LIMITS, Limits
from kommunanalys.errors import ErrorCode, KommunanalysError

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', re.S)


class ExportTooLarge(KommunanalysError):
    """An export larger than a configured limit; the message names the limit."""


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height attributes of the root ``<svg>`` (in CSS pixels)."""
    found = _SIZE.search(svg)
    if not found:
        raise ValueError("SVG utan width och height kan inte ritas som PNG.")
    return float(found.group(1)), float(found.group(2))


def check_cells(cells: int, limits: Limits = LIMITS) -> None:
    """``cells`` values (areas × indicators, × years) in one export, at most ``export_cells``."""
    if cells > limits.export_cells:
        raise ExportTooLarge(ErrorCode.EXPORT_TOO_MANY_CELLS, n=cells, limit=limits.export_cells)


def check_rows(rows: int, limits: Limits = LIMITS) -> None:
    if rows > limits.export_rows:
        raise ExportTooLarge(ErrorCode.EXPORT_TOO_MANY_ROWS, n=rows, limit=limits.export_rows)


def check_image(svg: str, limits: Limits = LIMITS) -> None:
    """The chart's bytes, height and area (CSS pixels) within the limits, before rendering."""
    if len(svg) > limits.svg_bytes:
        raise ExportTooLarge(
            ErrorCode.EXPORT_IMAGE_TOO_MANY_BYTES, n=len(svg), limit=limits.svg_bytes
        )
    width, height = svg_size(svg)
    if height > limits.image_height or width * height > limits.image_pixels:
        raise ExportTooLarge(
            ErrorCode.EXPORT_IMAGE_TOO_LARGE,
            width=round(width),
            height=round(height),
            max_height=limits.image_height,
            limit=limits.image_pixels,
        )
