"""The store: migrations, append-only revisions, idempotent and all-or-nothing imports."""

from __future__ import annotations

import pytest

from kommunanalys.model import Division, Observation
from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION


def _obs(value: float, area: str = "0126C1310") -> Observation:
    return Observation("antal_invanare", area, Division.DESO2018, "2023", value, source="test")


def test_migrations_are_recorded_and_rerunnable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "a.duckdb")
    assert store.schema_version() == LATEST_VERSION
    store.close()
    again = Store.open(tmp_path / "a.duckdb")
    assert again.migrate() == LATEST_VERSION


def test_revisions_are_new_rows_and_same_data_writes_nothing(store: Store) -> None:
    first = store.record_import(source="t", description="1", checksum="a", observations=[_obs(10)])
    same = store.record_import(source="t", description="2", checksum="a", observations=[_obs(10)])
    changed = store.record_import(
        source="t", description="3", checksum="b", observations=[_obs(11)]
    )
    assert (first.rows_written, same.rows_written, changed.rows_written) == (1, 0, 1)
    assert store.observation_count() == 2  # the old value is kept
    [current] = store.current_observations()
    assert current.value == 11 and current.import_id == changed.id


def test_a_failing_import_leaves_the_database_as_it_was(store: Store) -> None:
    store.record_import(source="t", description="1", checksum="a", observations=[_obs(10)])
    with pytest.raises(ValueError, match="dubbel nyckel"):
        store.record_import(
            source="t",
            description="bad",
            checksum="x",
            observations=[_obs(12, "0126C1270"), _obs(12, "0126C1270")],
        )
    assert store.observation_count() == 1
    assert len(store.imports()) == 1


def test_migration_8_turns_stored_goal_words_into_codes(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A database made at schema 7 stored the goal file's Swedish words; after migration 8 the
    repository reads the same goals as codes."""
    from datetime import datetime

    from kommunanalys.goals.model import AssignmentStatus, Direction, Grade
    from kommunanalys.goals.repository import GoalRepository
    from kommunanalys.store import store as store_module
    from kommunanalys.store.schema import MIGRATIONS

    path = tmp_path / "v7.duckdb"
    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version <= 7))
    monkeypatch.setattr(store_module, "LATEST_VERSION", 7)
    old = Store.open(path)
    assert old.schema_version() == 7
    b = old.backend
    b.execute("INSERT INTO goal_committee VALUES ('sn', 'Socialnämnden', 'Huddinge', NULL)")
    for i, direction in enumerate(["ökning", "minskning", "minst", "högst", "inom intervall"]):
        b.execute(
            "INSERT INTO goal_indicator VALUES ('sn', ?, 'x', 'procent', ?, 0, '', '', '', '', "
            "'', '', ?)",
            (f"i{i}", direction, i),
        )
    b.execute(
        "INSERT INTO goal_objective VALUES ('sn', 2024, 'm1', 0, 'a', 'k', 'mål', "
        "'Delvis uppfyllt', 'för att', '', '', 'nämnden', NULL)"
    )
    b.execute(
        "INSERT INTO goal_grade_decision VALUES ('sn', 2024, 'm1', 'I hög grad uppfyllt', "
        "'Ej uppfyllt', 'för att', 'analytiker', ?)",
        (datetime(2025, 2, 1),),
    )
    b.execute(
        "INSERT INTO goal_assignment VALUES ('sn', 2024, 1, 'm1', 'Kommunfullmäktige', 'gör', "
        "'Ej klart i år', '', '')"
    )
    old.close()
    monkeypatch.undo()

    store = Store.open(path)
    assert store.schema_version() == LATEST_VERSION
    repo = GoalRepository(store)
    assert [i.direction for i in repo.indicators("sn").values()] == list(Direction)
    [objective] = repo.objectives("sn", 2024)
    assert objective.grade is Grade.PARTLY
    [decision] = repo.grade_decisions("sn", 2024, "m1")
    assert (decision["grade"], decision["suggested"]) == (Grade.HIGH, Grade.NOT_MET)
    [assignment] = repo.assignments("sn", 2024)
    assert assignment.status is AssignmentStatus.NOT_DONE


def test_migration_11_keeps_the_stored_grades_as_the_helars(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A database at schema 10 kept one grade and text per nämndmål and year; after migration
    11 they are the helår's, and a delår has none of its own."""
    from datetime import datetime

    from kommunanalys.goals.model import Grade
    from kommunanalys.goals.repository import GoalRepository
    from kommunanalys.store import store as store_module
    from kommunanalys.store.schema import MIGRATIONS

    path = tmp_path / "v10.duckdb"
    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version <= 10))
    monkeypatch.setattr(store_module, "LATEST_VERSION", 10)
    old = Store.open(path)
    assert old.schema_version() == 10
    b = old.backend
    b.execute("INSERT INTO goal_committee VALUES ('sn', 'Socialnämnden', 'Huddinge', NULL)")
    b.execute(
        "INSERT INTO goal_objective VALUES ('sn', 2024, 'm1', 0, 'a', 'k', 'mål', "
        "'partly', 'för att', 'analysen', 'gjort', 'nämnden', ?)",
        (datetime(2025, 2, 1),),
    )
    b.execute(
        "INSERT INTO goal_objective VALUES ('sn', 2024, 'm2', 1, 'a', 'k', 'mål 2', "
        "NULL, '', '', '', '', NULL)"
    )
    b.execute(
        "INSERT INTO goal_grade_decision VALUES ('sn', 2024, 'm1', 'high', 'not_met', "
        "'för att', 'analytiker', ?)",
        (datetime(2025, 2, 1),),
    )
    old.close()
    monkeypatch.undo()

    store = Store.open(path)
    assert store.schema_version() == LATEST_VERSION
    repo = GoalRepository(store)
    m1, m2 = repo.objectives("sn", 2024)
    assert (m1.grade, m1.motivation, m1.analysis, m1.work_done, m1.graded_by) == (
        Grade.PARTLY,
        "för att",
        "analysen",
        "gjort",
        "nämnden",
    )
    assert m1.graded_at == datetime(2025, 2, 1)
    assert (m2.id, m2.grade, m2.motivation) == ("m2", None, "")
    assert store.backend.query("SELECT count(*) FROM goal_objective_grade") == [(1,)]
    [decision] = repo.grade_decisions("sn", 2024, "m1")
    assert (decision["grade"], decision["suggested"]) == (Grade.HIGH, Grade.NOT_MET)
    for period in ("delår 1", "delår 2"):
        [d1, _] = repo.objectives("sn", 2024, period)
        assert (d1.grade, d1.motivation, d1.analysis) == (None, "", "")
        assert repo.grade_decisions("sn", 2024, "m1", period) == []
