"""The report's narrative texts (migration 19): revisions, audit, a concurrent edit refused, and
the text file imported all or nothing — on DuckDB and PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.demo.build import demo_goal_file
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.report.narrative import (
    MAX_TEXT,
    TextSection,
    import_texts,
    narrative,
    save_text,
)
from kommunanalys.store import Store, data_version

CID = "socialnamnden"


def test_a_text_is_kept_per_period_with_its_revisions_and_audit(store: Store) -> None:
    version = data_version.current(store.backend)
    assert save_text(store, CID, 2024, "helår", TextSection.EVENTS, "Året.\r\n", "anna")
    assert save_text(store, CID, 2024, "delår 2", TextSection.EVENTS, "Delåret.", "anna")
    assert not save_text(store, CID, 2024, "helår", TextSection.EVENTS, " Året. ", "bo")
    assert save_text(store, CID, 2024, "helår", TextSection.EVENTS, "Året, rättat.", "bo")
    assert narrative(store, CID, 2024, "helår").text(TextSection.EVENTS) == "Året, rättat."
    assert narrative(store, CID, 2024, "delår 2").text(TextSection.EVENTS) == "Delåret."
    history = store.report_texts.history(CID, 2024, "helår", "arets_handelser")
    assert [(t.revision, t.body, t.written_by) for t in history] == [
        (1, "Året.", "anna"),
        (2, "Året, rättat.", "bo"),
    ]
    events = store.audit.events(action="report.text")
    assert len(events) == 3
    assert {e.actor for e in events} == {"anna", "bo"}
    assert any(e.old == "Året." and e.new == "Året, rättat." for e in events)
    assert data_version.current(store.backend) == version + 3


def test_a_text_someone_else_saved_in_between_is_refused(store: Store) -> None:
    save_text(store, CID, 2024, "helår", TextSection.SUMMARY, "Först.", "anna")
    seen = narrative(store, CID, 2024, "helår").revision(TextSection.SUMMARY)
    save_text(store, CID, 2024, "helår", TextSection.SUMMARY, "Anna igen.", "anna")
    with pytest.raises(KommunanalysError) as caught:
        save_text(
            store, CID, 2024, "helår", TextSection.SUMMARY, "Bo.", "bo", expected_revision=seen
        )
    assert caught.value.code is ErrorCode.VALUE_CHANGED
    assert narrative(store, CID, 2024, "helår").text(TextSection.SUMMARY) == "Anna igen."


def test_a_too_long_text_is_refused(store: Store) -> None:
    with pytest.raises(KommunanalysError) as caught:
        save_text(store, CID, 2024, "helår", TextSection.SUMMARY, "x" * (MAX_TEXT + 1), "a")
    assert caught.value.code is ErrorCode.REPORT_TEXT_TOO_LONG
    assert store.report_texts.latest(CID, 2024, "helår") == []


def _goals(store: Store) -> None:
    GoalRepository(store).save_book(read_goal_file(demo_goal_file()), actor="test")


def test_a_text_file_is_imported_once(store: Store, tmp_path: Path) -> None:
    _goals(store)
    path = tmp_path / "texter.toml"
    path.write_text(
        'committee = "socialnamnden"\nyear = 2024\nperiod = "delår 2"\n[texts]\n'
        'arets_handelser = "Lagen om skyddat boende."\n'
        '[texts.genomfort_arbete]\nforebyggande = "Föräldragrupper."\n',
        encoding="utf-8",
    )
    assert import_texts(store, path, "cli") == 2
    assert import_texts(store, path, "cli") == 0
    texts = narrative(store, CID, 2024, "delår 2")
    assert texts.work_done == {"forebyggande": "Föräldragrupper."}
    assert texts.text(TextSection.EVENTS) == "Lagen om skyddat boende."


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ('[texts]\narets_handelsr = "x"\n', ErrorCode.UNKNOWN_REPORT_SECTION, "arets_handelsr"),
        (
            '[texts]\narets_handelser = "x"\n[texts.genomfort_arbete]\nokant = "y"\n',
            ErrorCode.BAD_REPORT_TEXT_FILE,
            "nämndmålet 'okant' finns inte",
        ),
        ("[texts\n", ErrorCode.BAD_REPORT_TEXT_FILE, "texter.toml"),
    ],
)
def test_a_bad_text_file_writes_nothing(
    store: Store, tmp_path: Path, body: str, code: ErrorCode, fragment: str
) -> None:
    _goals(store)
    path = tmp_path / "texter.toml"
    path.write_text('committee = "socialnamnden"\nyear = 2024\n' + body, encoding="utf-8")
    with pytest.raises(KommunanalysError) as caught:
        import_texts(store, path, "cli")
    assert caught.value.code is code
    assert fragment in str(caught.value)
    assert store.report_texts.latest(CID, 2024, "helår") == []
    assert store.audit.events(action="report.text") == []
