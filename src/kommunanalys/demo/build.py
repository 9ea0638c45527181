"""Build the demo database: Huddinge's geography, the shipped SCB files read with the same
readers a user would use, the synthetic data points, and the derived values."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kommunanalys.catalog.areas import GeographyFiles, read_geography
from kommunanalys.catalog.custom_areas import CustomAreaDefinition, read_definitions
from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.catalog.regions import RIKET, lan_of, regional_areas
from kommunanalys.config import DEMO_KOMMUN
from kommunanalys.demo import synthetic
from kommunanalys.demo.economy import load_economy
from kommunanalys.demo.national import national_observations
from kommunanalys.demo.report_texts import load_report_texts
from kommunanalys.demo.staff_control import load_staff_control
from kommunanalys.effect.interventions import load_interventions
from kommunanalys.effect.repository import load_file as load_effect_logic
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.ingest.areas import define_custom_areas
from kommunanalys.model import Division, Level
from kommunanalys.refresh import refresh_derived
from kommunanalys.sources.scb.deso_json import read_deso_json
from kommunanalys.sources.scb.export import read_export
from kommunanalys.sources.scb.export_tables import rules_for
from kommunanalys.sources.scb.mapping import RegionResolver, to_observations
from kommunanalys.store import Store

Progress = Callable[[str], None]


def data_dir() -> Path:
    return Path(str(resources.files("kommunanalys.demo") / "data"))


def geography_files(root: Path | None = None) -> GeographyFiles:
    root = root or data_dir()
    return GeographyFiles(
        deso2018_regso2020=root / "keys" / "koppling-deso2018-regso2020.csv",
        deso2025_regso2025=root / "keys" / "huddinge_deso2025_regso2025.csv",
        changes_2025=root / "keys" / "huddinge_deso_forandringar_2025.csv",
        deso2025_geojson=root / "geo" / "huddinge_deso2025.geojson",
        regso2025_geojson=root / "geo" / "huddinge_regso2025.geojson",
    )


def scb_files(root: Path | None = None) -> list[Path]:
    root = root or data_dir()
    return sorted((root / "scb" / "deso2018_xlsx").glob("*.xlsx")) + sorted(
        (root / "scb" / "regso2020_csv").glob("*.csv")
    )


@dataclass(frozen=True)
class DemoSummary:
    areas: int
    indicators: int
    observations: int
    synthetic_observations: int
    values: int


def build_demo(store: Store, *, progress: Progress | None = None) -> DemoSummary:
    """Load everything into ``store`` (idempotent: a second run writes no new revisions)."""
    step = progress or (lambda message: None)
    step("Indikatorkatalog")
    catalogue = load_catalogue()
    store.save_indicators(catalogue.indicators)
    step("Geografi: kommun, RegSO och DeSO (2018 och 2025)")
    geography = read_geography(geography_files(), DEMO_KOMMUN)
    store.save_areas(geography.areas, geography.changes)
    step("Egna områden: " + ", ".join(d.name for d in custom_area_definitions()))
    define_custom_areas(store, custom_area_definitions(), "demo", refresh=False)
    kommun = next(a for a in geography.areas if a.level is Level.KOMMUN)
    resolver = RegionResolver(
        kommun=DEMO_KOMMUN,
        kommun_name=kommun.name,
        regso_by_name={a.name: a.code for a in geography.areas if a.division is Division.REGSO2020},
    )
    store.add_areas(regional_areas([RIKET, lan_of(DEMO_KOMMUN)]))
    for path in scb_files():
        step(f"SCB: {path.name}")
        table = read_export(path)
        code = table.reference_code or path.stem
        observations = to_observations(
            table, rules_for(path.name), resolver, source=f"SCB {code} ({path.name})"
        )
        observations += national_observations(
            table, rules_for(path.name), catalogue, lan_of(DEMO_KOMMUN), code
        )
        store.record_import(
            source="scb-file",
            description=table.title or path.name,
            checksum=_sha256(path),
            observations=observations,
            files=[path.name],
            rows_read=len(table.cells),
        )
    json_path = data_dir() / "scb" / "huddinge_deso2025" / "huddinge_0126_raw.json"
    step(f"SCB: {json_path.name}")
    store.record_import(
        source="scb-file",
        description="DeSO 2025: Huddinge 2024–2025",
        checksum=_sha256(json_path),
        observations=read_deso_json(json_path, source=f"SCB ({json_path.name})"),
        files=[json_path.name],
    )
    step("Syntetiska demodata")
    generated = synthetic.generate(
        catalogue, list(geography.areas), list(geography.changes), store.current_observations()
    )
    estimated = [o for o in generated if o.source == synthetic.ESTIMATE_SOURCE]
    store.record_import(  # real counts, estimated: not marked synthetic (issue 21 item 15)
        source="scb-estimate",
        description=synthetic.ESTIMATE_SOURCE,
        checksum=_spec_checksum(),
        observations=estimated,
    )
    store.record_import(
        source="synthetic",
        description=synthetic.SOURCE,
        checksum=_spec_checksum(),
        observations=[o for o in generated if o.source != synthetic.ESTIMATE_SOURCE],
        synthetic=True,
    )
    step("Härledda värden: summering, kön och andelar")
    values = refresh_derived(store, catalogue)
    step("Målstyrning: Socialnämndens mål, indikatorer och uppdrag")
    GoalRepository(store).save_book(read_goal_file(demo_goal_file()), actor="demo")
    step("Ekonomi: Socialnämndens huvudbok, budget och volymer 2022–2024 (syntetiska månader)")
    load_economy(store)
    step("Effektlogik: datadriven områdesutveckling Skogås")
    load_effect_logic(store, demo_effect_logic_file(), actor="demo")
    load_interventions(store, demo_effect_logic_file().with_name("insatser.toml"), actor="demo")
    load_staff_control(store)
    load_report_texts(store)  # the verksamhetsberättelse's texts, after the goals they name
    current = store.current_observations()
    return DemoSummary(
        areas=len(geography.areas),
        indicators=len(catalogue),
        observations=len(current),
        synthetic_observations=sum(v.synthetic for v in current),
        values=values,
    )


def demo_goal_file() -> Path:
    """Socialnämnden i Huddinge's goals, indicators and assignments, from the 2024 report."""
    return Path(str(resources.files("kommunanalys.goals") / "data" / "socialnamnden.toml"))


def demo_effect_logic_file() -> Path:
    """The effect logic of Skogås (both social outcomes of the seed, every item in its cell)."""
    return data_dir() / "effektlogik" / "skogas.toml"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _spec_checksum() -> str:
    spec = Path(str(resources.files("kommunanalys.demo") / "synthetic.csv")).read_bytes()
    return hashlib.sha256(spec + f"seed={synthetic.SEED}".encode()).hexdigest()


__all__ = ["DemoSummary", "build_demo"]


def custom_area_definitions() -> list[CustomAreaDefinition]:
    """The demo's custom areas (Skogås, Flemingsberg), as an analyst would write them."""
    return read_definitions(data_dir() / "areas" / "egna_omraden.toml")
