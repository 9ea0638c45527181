"""CLI for getting data in: ``import file|kolada|scb``, ``update``, ``imports``, ``history``
and ``indicator confirm|quality``. The ingest layer, the sources and the store are imported inside
the commands that use them: the CLI starts without them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, UserOption
from kommunanalys.cli.output import escape
from kommunanalys.model import Quality

if TYPE_CHECKING:
    from kommunanalys.ingest import ImportResult
    from kommunanalys.ingest.indicators import Proposal
    from kommunanalys.sources.adapter import Extract
    from kommunanalys.sources.adapter import Progress as SourceProgress
    from kommunanalys.sources.kolada.api import KoladaAdapter
    from kommunanalys.sources.scb.options import PxWebOptions
    from kommunanalys.sources.scb.pxweb import PxWebAdapter
    from kommunanalys.store import Store

import_app = typer.Typer(
    help="Läs in data: filer, Kolada och SCB. Allt valideras innan något skrivs.",
    no_args_is_help=True,
)
indicator_app = typer.Typer(
    help="Indikatorer: bekräfta och ange datakvalitet.", no_args_is_help=True
)

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Visa vad som skulle hända, skriv ingenting.")
]
KommunOption = Annotated[str, typer.Option("--kommun", help="Kommunkod, t.ex. 0126.")]
YearsOption = Annotated[
    list[str] | None, typer.Option("--year", "--ar", help="År (kan upprepas); standard: alla.")
]


def register(app: typer.Typer) -> None:
    """Add this module's commands and command groups to the main CLI."""
    app.add_typer(import_app, name="import")
    app.add_typer(indicator_app, name="indicator")
    app.command()(update)
    app.command()(imports)
    app.command()(history)


def kolada_adapter() -> KoladaAdapter:
    """The adapter the CLI uses (tests replace it with one on recorded answers)."""
    from kommunanalys.sources.kolada.api import KoladaAdapter

    return KoladaAdapter()


def pxweb_adapter() -> PxWebAdapter:
    from kommunanalys.sources.scb.pxweb import PxWebAdapter

    return PxWebAdapter()


class _Step(Protocol):
    """A progress step: a message, and how far when that is known (also an ingest ``Step``)."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None: ...


def _fetcher(adapter: PxWebAdapter, options: PxWebOptions) -> Callable[[SourceProgress], Extract]:
    """Fetch and read one table of SCB's (each option set its own function, not a lambda)."""

    def fetch(progress: SourceProgress) -> Extract:
        return adapter.to_extract(adapter.fetch(options, progress), options)

    return fetch


@contextmanager
def _progress() -> Iterator[_Step]:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=output.console,
        transient=True,
    ) as bar:
        task = bar.add_task("Startar", total=None)

        def step(message: str, done: int | None = None, total: int | None = None) -> None:
            bar.update(task, description=escape(message), completed=done or 0, total=total)

        yield step


def _report(result: ImportResult) -> None:
    output.refuse_problems(result)
    output.console.print(f"[green]{escape(result.description)}:[/] {escape(result.summary())}")
    if result.record:
        record = result.record
        output.console.print(f"Import nr {record.id}, kontrollsumma {record.checksum[:12]}…")
    for new, known in result.mapped:
        output.console.print(f"Värdena för {escape(new)} lades i katalogens {escape(known)}.")
    proposals = dict(result.proposals)
    for indicator in result.new_indicators:
        output.console.print(
            f"[yellow]Ny indikator att bekräfta:[/] {escape(indicator)} "
            f"(kommunanalys indicator confirm {escape(indicator)})"
        )
    for indicator, found in proposals.items():  # also on a preview, before anything is made
        alike = ", ".join(
            f"{escape(p.indicator)} ({f'{p.score:.2f}'.replace('.', ',')})" for p in found
        )
        output.console.print(
            f"  {escape(indicator)} liknar katalogens {alike}: lägg värdena där med "
            f"--koppla {escape(indicator)}={escape(found[0].indicator)}"
        )


def _import_extract(
    store: Store, fetch: Callable[[SourceProgress], Extract], user: str, dry_run: bool
) -> ImportResult:
    from kommunanalys.ingest import import_extract
    from kommunanalys.sources.adapter import SourceError

    with _progress() as step:
        try:
            extract = fetch(lambda done, total, message: step(message, done, total))
        except SourceError as exc:
            raise output.fail(str(exc)) from None
        return import_extract(store, extract, actor=user, dry_run=dry_run, step=step)


@import_app.command("file")
def import_file_command(
    path: Path,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Mappning (TOML) för egna Excel/CSV-filer.")
    ] = None,
    db: DbOption = None,
    user: UserOption = "cli",
    dry_run: DryRun = False,
    link: Annotated[
        list[str] | None,
        typer.Option(
            "--koppla",
            help="NY=KÄND: lägg värdena för en indikator filen skapar i katalogens "
            "indikator KÄND i stället (upprepa).",
        ),
    ] = None,
) -> None:
    """En fil: SCB- eller Kolada-export (känns igen), tidy CSV, eller egen fil med mappning."""
    from kommunanalys.ingest.files import import_file

    pairs = [item.partition("=") for item in link or ()]
    if any(not new or not sep or not known for new, sep, known in pairs):
        raise output.fail(
            "--koppla ska vara NY=KÄND, t.ex. --koppla scb_x_lag=andel_lag_ekonomisk_standard"
        )
    with open_store(db) as store, _progress() as step:
        result = import_file(
            store,
            path,
            mapping=mapping,
            actor=user,
            dry_run=dry_run,
            step=step,
            indicator_map={new.strip(): known.strip() for new, _, known in pairs} or None,
        )
    _report(result)


@import_app.command("kolada")
def import_kolada(
    kpi: Annotated[list[str], typer.Option("--kpi", help="Kolada-KPI, t.ex. N00945 (upprepa).")],
    kommun: KommunOption,
    year: YearsOption = None,
    ou: Annotated[list[str] | None, typer.Option("--ou", help="Enhets-id (OU), upprepa.")] = None,
    from_date: Annotated[
        str | None, typer.Option("--from-date", help="Bara ändringar sedan ÅÅÅÅ-MM-DD.")
    ] = None,
    db: DbOption = None,
    user: UserOption = "cli",
    dry_run: DryRun = False,
) -> None:
    """Värden från Kolada (API v3) för KPI:er × kommun × år, och enheternas värden."""
    from kommunanalys.sources.kolada.api import KoladaOptions

    try:
        years = tuple(int(y) for y in year or ())
    except ValueError:
        raise output.fail("--year ska vara ett årtal") from None
    options = KoladaOptions(
        kpis=tuple(kpi),
        municipalities=(kommun,),
        years=years,
        ous=tuple(ou or ()),
        from_date=from_date,
    )
    adapter = kolada_adapter()
    with open_store(db) as store:
        result = _import_extract(
            store, lambda p: adapter.to_extract(adapter.fetch(options, p), options), user, dry_run
        )
    _report(result)


@import_app.command("scb")
def import_scb(
    table: str,
    kommun: KommunOption,
    year: YearsOption = None,
    niva: Annotated[str, typer.Option("--niva", help="deso, regso eller kommun.")] = "deso",
    db: DbOption = None,
    user: UserOption = "cli",
    dry_run: DryRun = False,
) -> None:
    """En tabell från SCB:s statistikdatabas (PxWebApi v2) för kommunens områden."""
    from kommunanalys.sources.scb.options import PxWebOptions

    if niva not in ("deso", "regso", "kommun"):
        raise output.fail("--niva ska vara deso, regso eller kommun")
    options = PxWebOptions(table=table, kommun=kommun, years=tuple(year or ()), level=niva)  # type: ignore[arg-type]
    adapter = pxweb_adapter()
    with open_store(db) as store:
        result = _import_extract(
            store, lambda p: adapter.to_extract(adapter.fetch(options, p), options), user, dry_run
        )
    _report(result)


def update(
    kommun: KommunOption,
    year: YearsOption = None,
    db: DbOption = None,
    user: UserOption = "cli",
    dry_run: DryRun = False,
) -> None:
    """Uppdatera alla SCB-tabeller bakom katalogens publika indikatorer."""
    from kommunanalys.sources.scb.api_tables import update_plan

    with open_store(db) as store:
        adapter = pxweb_adapter()
        failed = 0
        for options in update_plan(kommun, tuple(year or ())):
            try:
                result = _import_extract(store, _fetcher(adapter, options), user, dry_run)
                _report(result)
            except typer.Exit:
                failed += 1
        if failed:
            output.errors.print(f"[bold red]{failed} tabeller kunde inte uppdateras.[/]")
            raise typer.Exit(code=2)


def imports(db: DbOption = None, limit: int = 50) -> None:
    """Importhistoriken: vem, när, källa, kontrollsumma och rader."""
    table = output.table(title="Importer")
    for column in (
        "Nr",
        "När",
        "Vem",
        "Källa",
        "Beskrivning",
        "Nya",
        "Rev.",
        "Oförändr.",
        "Ej inl.",
        "Kontrollsumma",
    ):
        table.add_column(column)
    with open_store(db) as store:
        records = store.imports()[-limit:]
    for r in reversed(records):
        table.add_row(
            str(r.id),
            f"{r.started_at:%Y-%m-%d %H:%M}",
            escape(r.actor),
            escape(r.source),
            escape(r.description),
            str(r.rows_added),
            str(r.rows_revised),
            str(r.rows_unchanged),
            str(r.rows_skipped),
            r.checksum[:12],
        )
    output.console.print(table)


def history(
    indicator: str,
    area: Annotated[str | None, typer.Option("--omrade", help="Bara ett område.")] = None,
    db: DbOption = None,
    limit: int = 200,
) -> None:
    """Alla versioner av en indikators värden, äldre revisioner inräknade."""
    with open_store(db, read_only=True) as store:
        rows = store.history(indicator, area=area, limit=limit)
    if not rows:
        raise output.fail(f"inga värden för {indicator}")
    table = output.table(title=f"Historik: {escape(indicator)}")
    for column in ("Område", "Period", "Kön", "Rev.", "Värde", "Status", "Import", "När", "Vem"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r.area,
            r.period,
            r.gender.value,
            str(r.revision),
            "" if r.value is None else f"{r.value:g}",
            r.status or "",
            str(r.import_id),
            f"{r.imported_at:%Y-%m-%d %H:%M}",
            escape(r.imported_by),
        )
    output.console.print(table)


@indicator_app.command("confirm")
def confirm(
    indicator: str,
    koppla: Annotated[
        str | None,
        typer.Option(
            "--koppla",
            metavar="KÄND",
            help="Lägg värdena i katalogens indikator KÄND i stället (som revisioner) och ta "
            "bort den nya.",
        ),
    ] = None,
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Bekräfta en indikator som en import skapade (namn, värdetyp och enhet granskade), eller
    koppla den till en känd indikator i katalogen (--koppla)."""
    from kommunanalys.ingest.indicators import propose
    from kommunanalys.ingest.remap import map_to_known

    if koppla is None:
        with open_store(db, read_only=True) as store:
            indicators = store.indicators()
        found = next((i for i in indicators if i.id == indicator), None)
        if found is not None and not found.confirmed:
            _print_proposals(indicator, propose(found, indicators))
        _change_indicator(db, indicator, user, confirmed=True)
        return
    with open_store(db) as store:
        result = map_to_known(store, indicator, koppla, user)
    _report(result)


def _print_proposals(indicator: str, found: tuple[Proposal, ...]) -> None:
    """The catalogue indicators ``indicator`` may be the same as, and how to map to one."""
    for p in found:
        output.console.print(
            f"  {escape(indicator)} liknar katalogens {escape(p.indicator)} "
            f"({f'{p.score:.2f}'.replace('.', ',')}): lägg värdena där med "
            f"kommunanalys indicator confirm {escape(indicator)} --koppla {escape(p.indicator)}"
        )


@indicator_app.command("quality")
def quality(
    indicator: str,
    status: Annotated[Quality, typer.Argument(help="kvalitetssakrad, preliminar, kvalitetssakras")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Ange en indikators datakvalitet."""
    _change_indicator(db, indicator, user, quality=status)


def _change_indicator(db: str | Path | None, indicator: str, user: str, **change: object) -> None:
    from kommunanalys.ingest.indicators import set_indicator_status

    with open_store(db) as store:
        try:
            old, new = set_indicator_status(store, indicator, user, **change)  # type: ignore[arg-type]
        except KeyError:
            raise output.fail(f"okänd indikator {indicator}") from None
    output.console.print(
        f"[green]Ändrat:[/] {escape(indicator)}: kvalitet {old['quality']} → {new['quality']}, "
        f"bekräftad {'ja' if old['confirmed'] else 'nej'} → {'ja' if new['confirmed'] else 'nej'}"
    )
