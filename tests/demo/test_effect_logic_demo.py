"""The demo's effect logic is the seed's "Effektlogik datadriven områdesutveckling Skogås",
transcribed exactly (issue 18 item 4): both outcomes, every item in its row and column, in the
slide's order, and the project goals; the slide's data needs the catalogue lacked are indicators
whose demo values are all synthetic."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.demo.build import demo_effect_logic_file
from kommunanalys.effect.logic_file import read_logic_file
from kommunanalys.effect.model import GridColumn, PreventionLevel
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.store import Store

IND, SEL, UNI = PreventionLevel.INDICATED, PreventionLevel.SELECTIVE, PreventionLevel.UNIVERSAL
P, K, L = GridColumn.PROCESS, GridColumn.SHORT_TERM, GridColumn.LONG_TERM

# Written from the seed's text (000_dc4ba297149209d0.txt, "Sociala utfall …"): each row's items
# in the order the slide gives them; the column is the reading of the slide row by row.
SEED = {
    "Lyckad skolgång": [
        (IND, P, "Ökat antal ansökningar till socialtjänst"),
        (IND, K, "Färre elever med problematisk skolfrånvaro"),
        (IND, L, "Färre barn och unga aktualiseras för kriminalitet"),
        (IND, P, "Utökad samverkan mellan skola/förskola/socialtjänst/föräldrar"),
        (IND, P, "Ökad tillgänglighet till lokal samhällsservice"),
        (IND, K, "Fler barn inskrivna på förskola"),
        (IND, L, "Ökad skolnärvaro"),
        (SEL, P, "Ökad systematisk uppföljning av skolfrånvaro"),
        (SEL, K, "Ökad skolnärvaro"),
        (SEL, K, "Ökad trivsel i skolan*"),
        (SEL, L, "Ökad målpåfyllelse (skolresultat)*"),
    ],
    "Meningsfull fritid": [
        (IND, P, "Större vuxennärvaro vid ungdomars mötesplatser"),
        (IND, K, "Färre barn som brukar ANDT"),
        (IND, L, "Färre barn och unga aktualiseras för kriminalitet"),
        (IND, P, "Sänkta trösklar för barn och unga att delta i aktiviteter"),
        (IND, P, "Större tillgänglighet till fritidsaktiviteter"),
        (IND, K, "Större andel barn (10-12) med riskfaktorer deltar i /nås av fritidsaktiviteter"),
        (SEL, P, 'Alla medarbetare i Huddinge är "brobyggare" för meningsfull fritid'),
        (SEL, K, "Barn och föräldrar känner till aktiviteter som finns"),
        (SEL, L, "Större andel barn och unga som deltar i /nås av fritidsaktiviteter"),
        (UNI, P, "Utökad samverkan mellan skola/förskola/Socialtjänst/föräldrar/fritidsverksamhet"),
    ],
}
GOALS = (
    "Visualisering av data över verksamhetsresultat, demografi, socioekonomi mm finns "
    "tillgänglig för Skogås.",
    "Önskade sociala utfall för den långsiktiga utvecklingen av Skogås har identifierats inför "
    "politisk förankring.",
)
#: "Data… men VILKEN data?": the needs the catalogue lacked, now indicators
NEEDS = (
    "antal_problematisk_skolfranvaro",
    "andel_problematisk_skolfranvaro",
    "skolnarvaro",
    "antal_trivs_i_skolan",
    "andel_trivs_i_skolan",
    "antal_ansokningar_socialtjanst",
)


def test_the_transcription_matches_the_seed_item_by_item() -> None:
    catalogue = load_catalogue()
    logic = read_logic_file(demo_effect_logic_file(), {i.id for i in catalogue}, {"skogas"})
    assert [o.name for o in logic.outcomes] == list(SEED)
    for outcome in logic.outcomes:
        got = [(i.level, i.column, i.text) for i in outcome.items]
        assert got == SEED[outcome.name], outcome.name
        assert outcome.owner == "skogas"
    (project,) = logic.projects
    assert project.goals == GOALS and project.area == "skogas"
    assert "Skogås" in project.name


def test_the_slides_data_needs_are_followed_by_indicators() -> None:
    catalogue = load_catalogue()
    logic = read_logic_file(demo_effect_logic_file(), {i.id for i in catalogue}, {"skogas"})
    linked = {ind for o in logic.outcomes for i in o.items for ind in i.indicators}
    assert {
        "antal_ansokningar_socialtjanst",
        "andel_problematisk_skolfranvaro",
        "skolnarvaro",
        "andel_trivs_i_skolan",
        "andel_aktualiseringar_kriminalitet",
        "andel_inskrivna_barn_forskolan",
        "grundskola_meritvarde",
        "andel_ledarledd_fritid",
    } <= linked


def test_the_demo_loads_it_and_the_needs_have_only_synthetic_values(demo_store: Store) -> None:
    stored = EffectLogicRepository(demo_store).load()
    assert [o.id for o in stored.outcomes] == ["lyckad-skolgang", "meningsfull-fritid"]
    assert sum(len(o.items) for o in stored.outcomes) == 21
    values = demo_store.current_observations(list(NEEDS))
    found = {v.indicator for v in values}
    assert found == {
        "antal_problematisk_skolfranvaro",
        "skolnarvaro",
        "antal_trivs_i_skolan",
        "antal_ansokningar_socialtjanst",
    }  # the shares are derived from the counts
    assert values and all(v.synthetic for v in values)
    catalogue = load_catalogue()
    assert all(not catalogue[n].in_seed for n in NEEDS)


SEED_EXCERPT = Path(__file__).parents[1] / "data" / "seed_effektlogik_skogas.txt"
#: the slide's row heads, as the seed writes them
ROW_HEADS = {
    "Indikerad – tidiga tecken observerade": IND,
    "Selektiv – till riskgrupp (utifrån bakgrundsvariabler)": SEL,
    "Universell – ges till alla": UNI,
}
COLUMN_HEADS = {"Process/organisation", "Målgrupp: Kort sikt", "Målgrupp: Lång sikt"}


def _seed_text() -> tuple[list[str], dict[str, list[tuple[PreventionLevel, str]]]]:
    """The goals and each outcome's items (row, text) read from the seed's own lines — not
    from a list copied by hand: every non-empty line between a row head and the next head is
    an item of that row, in the slide's order."""
    lines = [
        line.strip()
        for line in SEED_EXCERPT.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    start = lines.index("Effektlogik datadriven områdesutveckling Skogås")
    # the goals: the sentences under "Projektmål", up to the next slide ("Vad innebär detta?")
    after = lines[lines.index("Projektmål") + 1 : lines.index("Vad innebär detta?")]
    goals = [line for line in after if line]
    outcomes: dict[str, list[tuple[PreventionLevel, str]]] = {}
    items: list[tuple[PreventionLevel, str]] = []
    level: PreventionLevel | None = None
    for line in lines[start + 1 :]:
        if line.startswith("Sociala utfall "):
            items = outcomes.setdefault(line.removeprefix("Sociala utfall "), [])
            level = None
        elif line in ROW_HEADS:
            level = ROW_HEADS[line]
        elif line.startswith("Data... men VILKEN data?"):
            break
        elif line and line not in COLUMN_HEADS:
            assert level is not None, line
            items.append((level, line))
    return goals, outcomes


def test_the_file_holds_the_seeds_own_lines_row_by_row() -> None:
    goals, outcomes = _seed_text()
    assert sum(len(i) for i in outcomes.values()) == 21
    logic = read_logic_file(demo_effect_logic_file(), {i.id for i in load_catalogue()}, {"skogas"})
    assert [o.name for o in logic.outcomes] == list(outcomes)
    for outcome in logic.outcomes:
        assert [(i.level, i.text) for i in outcome.items] == outcomes[outcome.name]
    (project,) = logic.projects
    assert list(project.goals) == goals
    # and the hand-written list the cell test holds is the same seed
    assert {k: [(lv, t) for lv, _, t in v] for k, v in SEED.items()} == outcomes
