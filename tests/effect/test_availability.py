"""Data availability per item and indicator, the coverage per outcome and the data development
agenda (issue 18 item 2)."""

from __future__ import annotations

from kommunanalys.effect.availability import data_availability
from kommunanalys.effect.logic_file import parse_logic_text
from kommunanalys.effect.model import Availability, Delivery, Frequency
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.model import Level
from kommunanalys.store import Store
from tests.effect.test_logic_file import AREAS, GOOD, INDICATORS


def test_the_demo_says_what_it_has_where_and_how_it_came(demo_store: Store) -> None:
    logic = EffectLogicRepository(demo_store).load()
    found = data_availability(demo_store, logic)
    school, leisure = found.outcomes
    by_text = {d.item.text: d for d in school.items}
    applications = by_text["Ökat antal ansökningar till socialtjänst"]
    assert applications.availability is Availability.AVAILABLE
    (about,) = applications.indicators
    assert about.source_system == "Procapita" and about.responsible == "Socialnämnden"
    assert (about.frequency, about.delivery) == (Frequency.YEARLY, Delivery.FILE)
    assert about.lowest_level is Level.DESO and about.latest_period == "2025"
    assert about.synthetic and about.last_import and about.entered
    merit = by_text["Ökad målpåfyllelse (skolresultat)*"].indicators[0]
    # not entered: the catalogue's source, and the way the last import came (a synthetic one)
    assert not merit.entered and merit.source_system == "Internt: grundskola (elevregister)"
    missing = by_text["Ökad tillgänglighet till lokal samhällsservice"]
    assert missing.availability is Availability.MISSING and missing.indicators == ()
    assert (school.covered, len(school.items)) == (8, 11)
    assert (leisure.covered, len(leisure.items)) == (2, 10)
    assert school.coverage == 8 / 11
    # the agenda: the need of two outcomes first, then the others, by name
    first = found.agenda[0]
    assert first.outcomes == ("lyckad-skolgang", "meningsfull-fritid")
    assert first.text.startswith("Mått på samverkan") and len(first.items) == 2
    assert all(len(n.outcomes) == 1 for n in found.agenda[1:])
    assert len(found.agenda) == 10


def test_an_indicator_without_values_is_on_the_agenda(store: Store) -> None:
    logic = parse_logic_text(GOOD, "e.toml", INDICATORS, AREAS)
    found = data_availability(store, logic)
    first = found.outcomes[0].items[0]
    assert first.availability is Availability.NOT_LOADED
    assert first.indicators[0].lowest_level is None and first.indicators[0].latest_period is None
    assert first.indicators[0].source_system == "Procapita"  # entered in the file
    keys = [(n.key, n.availability, n.outcomes) for n in found.agenda]
    assert keys == [
        ("andel_aktualiseringar_kriminalitet", Availability.NOT_LOADED, ("lyckad-skolgang",)),
        ("grundskola_meritvarde", Availability.NOT_LOADED, ("kommunens",)),
        (
            "uppföljning av skolfrånvaro per skola",
            Availability.MISSING,
            ("lyckad-skolgang",),
        ),
    ]


def test_a_computed_indicator_has_the_history_of_the_values_it_is_computed_from(
    demo_store: Store,
) -> None:
    """A share computed from a count and a denominator has no import of its own: its import
    history is that of its inputs — the latest of them, synthetic if any input was — not "none,
    not synthetic" beside values that are all synthetic."""
    logic = EffectLogicRepository(demo_store).load()
    found = data_availability(demo_store, logic)
    about = {d.indicator: d for o in found.outcomes for i in o.items for d in i.indicators}
    computed = [
        "andel_problematisk_skolfranvaro",  # antal_problematisk_skolfranvaro / antal_elever_…
        "andel_trivs_i_skolan",
        "andel_aktualiseringar_kriminalitet",
        "andel_inskrivna_barn_forskolan",
    ]
    for indicator in computed:
        data = about[indicator]
        assert data.last_import and data.last_import_at, indicator
        assert data.synthetic, indicator  # every value of it is synthetic demo data
    # the count it is computed from came in the same synthetic import
    imports = demo_store.effect_logic.last_imports()
    (_source, description, at, synthetic) = imports["antal_problematisk_skolfranvaro"]
    share = about["andel_problematisk_skolfranvaro"]
    assert (share.last_import, share.last_import_at, share.synthetic) == (
        description,
        at,
        synthetic,
    )
