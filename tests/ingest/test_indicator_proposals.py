"""An imported SCB table the catalogue already knows (issue 21, item 3): the import proposes
the catalogue indicators it may be (name, unit, table), and a mapping puts its values in the
known indicator instead of creating a duplicate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kommunanalys.ingest.files import import_file
from kommunanalys.ingest.indicators import propose, similarity
from kommunanalys.store import Store
from tests.ingest.test_unknown_scb_table import NEW, low_income_export

KNOWN = "andel_lag_ekonomisk_standard"


def test_the_issue_s_duplicate_is_proposed_first(store: Store, tmp_path: Path) -> None:
    """The name the issue saw created: 'Låg ekonomisk standard, procent, totalt ålder'."""
    result = import_file(store, low_income_export(tmp_path / "lag_ek.xlsx"), dry_run=True)
    created = next(i for i in store.indicators() if i.id == KNOWN)
    imported = replace(created, id=NEW, name_sv="Låg ekonomisk standard, procent, totalt ålder")
    imported = replace(imported, source="SCB: Låg resp. hög ekonomisk standard (000006TA)")
    proposals = propose(imported, store.indicators())
    assert proposals[0].indicator == KNOWN
    # the count of the same measure has the words but not the unit: ranked below the share
    assert similarity(imported, created) > similarity(
        imported, next(i for i in store.indicators() if i.id == "antal_lag_ekonomisk_standard")
    )
    assert dict(result.proposals)[NEW][0].indicator == KNOWN


def test_unrelated_names_are_not_proposed(store: Store) -> None:
    share = next(i for i in store.indicators() if i.id == KNOWN)
    other = replace(share, id="scb_x_hyresratt", name_sv="Hyresrätt, procent")
    assert all(p.indicator != KNOWN for p in propose(other, store.indicators()))


def test_mapped_values_fill_the_catalogue_indicator_and_create_none(
    store: Store, tmp_path: Path
) -> None:
    path = low_income_export(tmp_path / "lag_ek.xlsx")
    result = import_file(store, path, refresh=False, indicator_map={NEW: KNOWN})
    assert result.ok, [str(p) for p in result.problems]
    assert result.new_indicators == () and result.mapped == ((NEW, KNOWN),)
    assert NEW not in {i.id for i in store.indicators()}
    values = {(r.area, r.period): r.value for r in store.history(KNOWN)}
    assert values[("0126C1310", "2022")] == 23.1


def test_a_mapping_to_an_unknown_indicator_is_refused_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    before = store.observation_count()
    result = import_file(
        store, low_income_export(tmp_path / "lag_ek.xlsx"), indicator_map={NEW: "finns_inte"}
    )
    assert not result.ok and "finns_inte" in result.problems[0].message
    assert store.observation_count() == before
