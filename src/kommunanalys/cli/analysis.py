"""CLI for the statistics: ``insights`` (an area's findings) and ``equality`` (the scan)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, IndicatorOption, YearOption
from kommunanalys.i18n.labels import label


class TextFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[TextFormat, typer.Option("--format")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command()(insights)
    app.command()(equality)


def insights(
    area: Annotated[str, typer.Option("--area", "-a", help="Områdeskod, t.ex. 0126R001")],
    db: DbOption = None,
    year: YearOption = None,
    format: FormatOption = TextFormat.text,
) -> None:
    """Säkerställda fynd för ett område: avvikelser, trender, skillnader, starkast först."""
    from kommunanalys.analysis.insights import area_insights
    from kommunanalys.query import Dataset
    from kommunanalys.report.json_rows import finding_json

    with output.user_errors(), open_store(db, read_only=True) as store:
        dataset = Dataset(store)
        dataset.check_year(year)
        chosen = dataset.area(area, year)
        findings = area_insights(dataset, chosen.code, year)
        if format is TextFormat.json:
            rows = [finding_json(f) for f in findings]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            return
        if not findings:
            sys.stdout.write(f"Inga statistiskt säkerställda fynd för {chosen.name}.\n")
        for n, f in enumerate(findings, start=1):
            sys.stdout.write(f"{n}. [{label(f.kind)}] {f.text}\n   Metod: {f.method}.\n")


def equality(
    indicator: IndicatorOption,
    db: DbOption = None,
    year: YearOption = None,
    format: FormatOption = TextFormat.text,
    all_tests: Annotated[bool, typer.Option("--all", help="Visa alla tester")] = False,
) -> None:
    """Sök säkerställda skillnader mellan områden, kön och åldrar (Benjamini–Hochberg)."""
    from kommunanalys.analysis.equality import scan
    from kommunanalys.query import Dataset
    from kommunanalys.report.json_rows import scan_json

    with output.user_errors(), open_store(db, read_only=True) as store:
        result = scan(Dataset(store), indicator, year)
        if format is TextFormat.json:
            sys.stdout.write(json.dumps(scan_json(result), ensure_ascii=False, indent=2) + "\n")
            return
        out = sys.stdout
        out.write(f"{result.indicator.name_sv} {result.year}: {len(result.gaps)} tester, ")
        out.write(f"{len(result.candidates)} säkerställda skillnader (FDR {result.fdr:.0%}).\n")
        if result.not_tested:
            out.write(result.not_tested + "\n")
        if result.sii:
            sii = result.sii
            out.write(
                f"SII över {result.sii_basis}: {sii.sii:.1f} ({sii.lower:.1f} till "
                f"{sii.upper:.1f}, 95 % KI, p = {sii.p_value:.3g}); RII {sii.rii:.2f} "
                f"({sii.rii_lower:.2f} till {sii.rii_upper:.2f}), simulerat enligt PHE.\n"
            )
        for gap in result.gaps if all_tests else result.candidates:
            d = gap.difference
            mark = "*" if gap.significant else " "
            out.write(
                f"{mark} {label(gap.kind):7} {gap.area.code:10} {gap.group} {gap.value:.1f} mot "
                f"{gap.reference} {gap.reference_value:.1f}: {d.estimate:+.1f} "
                f"({d.lower:.1f} till {d.upper:.1f}), q = {gap.q_value:.3g}\n"
            )
