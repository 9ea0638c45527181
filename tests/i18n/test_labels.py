"""Every code the domain returns has a label, in Swedish and in English."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest

from kommunanalys.access.roles import Role
from kommunanalys.analysis.economy_forecast import ForecastMethod
from kommunanalys.analysis.economy_model import (
    AmountKind,
    CostType,
    Regi,
    SummaryRow,
    UnitLevel,
    VolumeMeasure,
)
from kommunanalys.analysis.equality import GapKind
from kommunanalys.analysis.insights import FindingKind, GenderOutcome
from kommunanalys.catalog.staff_control import ControlStatus, StaffMeasure, StaffUnit
from kommunanalys.effect.model import (
    Availability,
    Delivery,
    Frequency,
    GridColumn,
    InterventionStatus,
    Movement,
    OwnerKind,
    PreventionLevel,
    WantedDirection,
)
from kommunanalys.goals.model import AssignmentStatus, Direction, Grade
from kommunanalys.goals.status import GoalStatus, Track
from kommunanalys.i18n import use_language
from kommunanalys.i18n.labels import TABLES, label, msgid
from kommunanalys.model import Quality, ValueType
from kommunanalys.report.narrative import TextSection
from kommunanalys.stats.comparison import Outcome
from kommunanalys.stats.intervention import FollowUpResult
from kommunanalys.stats.trend import TrendResult, TrendSpan

CODES: tuple[type[StrEnum], ...] = (
    Outcome,
    TrendResult,
    FollowUpResult,
    TrendSpan,
    FindingKind,
    GenderOutcome,
    GapKind,
    Role,
    Quality,
    GoalStatus,
    Track,
    Grade,
    Direction,
    AssignmentStatus,
    ValueType,
    CostType,
    SummaryRow,
    AmountKind,
    UnitLevel,
    Regi,
    VolumeMeasure,
    ForecastMethod,
    PreventionLevel,
    GridColumn,
    WantedDirection,
    OwnerKind,
    Delivery,
    Frequency,
    Movement,
    Availability,
    InterventionStatus,
    StaffMeasure,
    StaffUnit,
    ControlStatus,
    TextSection,
)


@pytest.mark.parametrize("codes", CODES, ids=lambda c: c.__name__)
def test_every_code_has_one_label(codes: type[StrEnum]) -> None:
    table = TABLES[codes.__name__]
    assert set(table) == {c.value for c in codes}
    assert all(msgid(c) for c in codes)


def test_codes_are_english_and_labels_follow_the_language() -> None:
    assert Outcome.BETTER == "better" and msgid(Outcome.BETTER) == "bättre"
    assert label(TrendResult.WORSENING) == "försämras"
    use_language("en")
    try:
        assert label(TrendResult.WORSENING) == "worsening"
        assert label(Outcome.SIMILAR) == "similar"
        assert label(FindingKind.GENDER_GAP) == "difference between women and men"
    finally:
        use_language("sv")


def test_every_error_code_has_a_message_and_an_english_one() -> None:
    from kommunanalys.errors import ErrorCode, KommunanalysError
    from kommunanalys.i18n.messages import ERRORS, error_text

    assert set(ERRORS) == {c.value for c in ErrorCode}
    error = KommunanalysError(ErrorCode.LOG_IN_AS, roles=(Role.ANALYST, Role.ADMIN))
    assert str(error) == "Logga in som analytiker eller administratör för att göra detta."
    use_language("en")
    try:
        assert error_text(error) == "Log in as analyst or administrator to do this."
        assert str(error).startswith("Logga in")  # the CLI's and the log's text stays Swedish
    finally:
        use_language("sv")


def test_every_code_is_documented() -> None:
    from kommunanalys.errors import ErrorCode

    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for codes in (*CODES, ErrorCode):
        missing = [c.value for c in codes if f"| `{c.value}` |" not in doc]
        assert missing == [], f"{codes.__name__}: add to docs/api.md"


def test_value_statuses_have_one_label_table() -> None:
    from kommunanalys.i18n.labels import status_label, status_msgid
    from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT

    assert status_msgid(SUPPRESSED) == SUPPRESSION_TEXT
    assert status_msgid("..") == "Uppgift saknas eller är för osäker för att redovisas (SCB: ..)."
    assert status_msgid(None) is None and status_msgid("synthetic") is None
    assert status_label("synthetic") == "synthetic"
    use_language("en")
    try:
        assert status_label("0") == "Cannot be computed: the denominator is zero."
    finally:
        use_language("sv")


def test_goal_and_account_errors_carry_codes_and_are_worded_where_shown() -> None:
    from kommunanalys.access.accounts import AccountError, LoginThrottled
    from kommunanalys.errors import ErrorCode
    from kommunanalys.goals.model import Grade
    from kommunanalys.goals.repository import Conflict, GoalError
    from kommunanalys.i18n.messages import error_text

    grade = GoalError(ErrorCode.GRADE_NEEDS_MOTIVATION, grade=Grade.HIGH, suggested=Grade.NOT_MET)
    assert str(grade) == (
        "Bedömningen 'i hög grad uppfyllt' skiljer sig från förslaget 'ej uppfyllt': "
        "skriv en motivering."
    )
    throttled = LoginThrottled(ErrorCode.TOO_MANY_LOGINS)
    assert isinstance(throttled, AccountError) and isinstance(throttled, ValueError)
    use_language("en")
    try:
        assert error_text(grade) == (
            "The grade 'met to a high degree' differs from the suggestion 'not met': "
            "write a motivation."
        )
        assert error_text(Conflict(ErrorCode.VALUE_CHANGED)).startswith("Someone else")
        assert error_text(throttled) == "Too many failed logins. Wait a while and try again."
        assert str(throttled).startswith("För många")  # the CLI's and the log's text
    finally:
        use_language("sv")



def test_file_config_and_backup_errors_carry_codes_and_nest_their_reason() -> None:
    from kommunanalys.config import ConfigError
    from kommunanalys.errors import ErrorCode
    from kommunanalys.i18n.messages import error_text
    from kommunanalys.sources.adapter import SourceError
    from kommunanalys.sources.file_safety import UnsafeFile
    from kommunanalys.store.backup import BackupError

    empty = UnsafeFile(ErrorCode.FILE_EMPTY, name="tom.csv")
    refused = UnsafeFile(ErrorCode.FILE_NOT_RECOGNISED, reason=empty)
    assert isinstance(refused, SourceError) and refused.values == {"reason": empty}
    assert str(refused).startswith("tom.csv: filen är tom — filen ser inte ut som en export")
    mismatch = BackupError(ErrorCode.BACKUP_ROWS_DIFFER, path="k.tar")
    assert isinstance(mismatch, ValueError)
    assert isinstance(ConfigError(ErrorCode.OIDC_NEEDS_HTTPS), ValueError)
    use_language("en")
    try:
        assert error_text(refused).startswith("tom.csv: the file is empty — the file does not look")
        assert error_text(mismatch) == "The number of rows after the restore does not match k.tar."
        assert str(refused).startswith("tom.csv: filen är tom")  # the CLI's text stays Swedish
    finally:
        use_language("sv")


def test_catalogue_and_custom_area_errors_keep_file_row_and_column_as_values(
    tmp_path: Path,
) -> None:
    from kommunanalys.catalog.custom_areas import CustomAreaError, read_definitions
    from kommunanalys.catalog.indicators import CatalogueError
    from kommunanalys.errors import ErrorCode
    from kommunanalys.i18n.messages import error_text

    bad = CatalogueError(
        ErrorCode.CATALOGUE_NOT_AN_INTEGER, file="indicators.csv", row=4, column="min_cell", v="x"
    )
    assert (bad.values["file"], bad.values["row"], bad.values["column"]) == (
        "indicators.csv",
        4,
        "min_cell",
    )
    assert str(bad) == "indicators.csv: rad 4, kolumn min_cell: 'x' är inget heltal"
    use_language("en")
    try:
        assert error_text(bad) == "indicators.csv: row 4, column min_cell: 'x' is not an integer"
    finally:
        use_language("sv")
    toml = tmp_path / "omraden.toml"
    toml.write_text('[[omrade]]\nkod = "x"\nfarg = "röd"\n', encoding="utf-8")
    with pytest.raises(CustomAreaError) as caught:
        read_definitions(toml)
    assert str(caught.value) == "omraden.toml, område 1: okänd nyckel farg."
    use_language("en")
    try:
        assert error_text(caught.value) == "omraden.toml, area 1: unknown key farg."
    finally:
        use_language("sv")


def test_api_errors_carry_codes_their_status_and_the_last_reason() -> None:
    from kommunanalys.errors import ErrorCode
    from kommunanalys.i18n.messages import error_text
    from kommunanalys.sources.adapter import SourceError
    from kommunanalys.sources.http import ApiError

    last = ApiError(ErrorCode.API_STATUS_RETRIED, url="https://x/api", status=503)
    gave_up = ApiError(ErrorCode.API_GAVE_UP, reason=last, n=3)
    assert isinstance(gave_up, SourceError) and last.status == 503
    assert str(gave_up) == "https://x/api: svarade 503 (gav upp efter 3 försök)"
    use_language("en")
    try:
        assert error_text(gave_up) == "https://x/api: answered 503 (gave up after 3 attempts)"
    finally:
        use_language("sv")


def test_source_errors_are_coded_from_the_base_class_down() -> None:
    from kommunanalys.errors import ErrorCode, KommunanalysError
    from kommunanalys.i18n.messages import error_text
    from kommunanalys.sources.adapter import SourceError
    from kommunanalys.sources.mapped_file import MappingFileError
    from kommunanalys.sources.scb.jsonstat import JsonStatError

    assert issubclass(SourceError, KommunanalysError)
    bad = MappingFileError(ErrorCode.MAPPING_NO_VALUE, file="m.toml", index=2)
    assert str(bad) == "m.toml: values[2] saknar 'value' (kolumnnamnet)"
    stat = JsonStatError(ErrorCode.JSONSTAT_DIMENSION_MISSING, dimension="Tid")
    use_language("en")
    try:
        assert error_text(bad) == "m.toml: values[2] lacks 'value' (the column name)"
        assert error_text(stat) == "JSON-stat: the dimension Tid is missing"
    finally:
        use_language("sv")
