"""Errors the user is told about: a code and the values that go into its message.

The domain raises ``KommunanalysError(ErrorCode.UNKNOWN_AREA, area="XYZ")``; the text is made
where the error is shown, from the message table in :mod:`kommunanalys.i18n.messages`: the web
error handlers in the reader's language (:func:`kommunanalys.i18n.messages.error_text`), the CLI
in Swedish (``str(error)``, the Swedish message, which the audit log records too).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from kommunanalys.i18n.messages import swedish_text


class ErrorCode(StrEnum):
    """What went wrong; the message of each is in :data:`kommunanalys.i18n.messages.ERRORS`."""

    UNKNOWN_AREA = "unknown_area"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_LEVEL = "unknown_level"
    NO_DATA_FOR_AREA = "no_data_for_area"
    NO_DATA_FOR_YEAR = "no_data_for_year"
    NO_VALUES_FOR_INDICATOR = "no_values_for_indicator"
    NO_VALUES_FOR_SELECTION = "no_values_for_selection"
    NO_VALUES_FOR_SELECTION_IN_YEAR = "no_values_for_selection_in_year"
    NO_SIMILAR_FOR_KOMMUN = "no_similar_for_kommun"
    NO_VALUES_TO_COMPARE = "no_values_to_compare"
    PART_OF_INDICATOR = "part_of_indicator"
    DIFFERENCE_NOT_TESTABLE = "difference_not_testable"
    BOUNDARY_CHANGED = "boundary_changed"
    VALUE_MISSING = "value_missing"
    COUNTS_MISSING = "counts_missing"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_NUMBER_AS_WRITTEN = "not_a_number_as_written"
    NOT_A_FINITE_NUMBER = "not_a_finite_number"
    LOG_IN_AS = "log_in_as"
    ROLE_REQUIRED = "role_required"
    LOG_IN_TO_REPORT = "log_in_to_report"
    OTHER_UNITS_INDICATOR = "other_units_indicator"
    FORM_EXPIRED = "form_expired"
    PREVIEW_GONE = "preview_gone"
    PERIOD_LOCKED = "period_locked"
    NO_GOALS_LOADED = "no_goals_loaded"
    UNKNOWN_COMMITTEE = "unknown_committee"
    NO_GOAL_PLAN = "no_goal_plan"
    NO_GOAL_PLAN_FOR_YEAR = "no_goal_plan_for_year"
    YEAR_NOT_OPEN = "year_not_open"
    UNKNOWN_OBJECTIVE = "unknown_objective"
    UNKNOWN_PERIOD_STATE = "unknown_period_state"
    PERIOD_CLOSED = "period_closed"
    VALUE_CHANGED = "value_changed"
    GRADE_NEEDS_MOTIVATION = "grade_needs_motivation"
    NOT_A_GOAL_YEAR = "not_a_goal_year"
    BAD_PERIOD = "bad_period"
    UNKNOWN_REPORT_TYPE = "unknown_report_type"
    NO_OBJECTIVE_IN_YEAR = "no_objective_in_year"
    NOT_A_GRADE = "not_a_grade"
    UNKNOWN_GOAL_INDICATOR = "unknown_goal_indicator"
    UNKNOWN_UNIT = "unknown_unit"
    NO_SUCH_COMMITTEE = "no_such_committee"
    CHOOSE_ROLE = "choose_role"
    BAD_USERNAME = "bad_username"
    PASSWORD_TOO_SHORT = "password_too_short"
    EDITOR_NEEDS_UNIT = "editor_needs_unit"
    USER_EXISTS = "user_exists"
    NO_SUCH_USER = "no_such_user"
    PUBLIC_IS_NO_LOGIN = "public_is_no_login"
    LAST_ADMIN_ROLE = "last_admin_role"
    NO_SUCH_ACTIVE_USER = "no_such_active_user"
    CANNOT_DEACTIVATE_SELF = "cannot_deactivate_self"
    LAST_ADMIN_DEACTIVATE = "last_admin_deactivate"
    WRONG_LOGIN = "wrong_login"
    TOO_MANY_LOGINS = "too_many_logins"
    MALFORMED_LIST = "malformed_list"
    TOO_MANY_VALUES = "too_many_values"
    ONE_VALUE_ONLY = "one_value_only"
    NOT_A_YEAR = "not_a_year"
    UNKNOWN_GENDER = "unknown_gender"
    UNKNOWN_DOMAIN = "unknown_domain"
    UNKNOWN_MAP_LEVEL = "unknown_map_level"
    UNKNOWN_PROFILE_FORMAT = "unknown_profile_format"
    UNKNOWN_CLASSIFICATION = "unknown_classification"
    UNKNOWN_POLICE_CHOICE = "unknown_police_choice"
    TOO_FEW_AREAS = "too_few_areas"
    SECRET_KEY_MISSING = "secret_key_missing"
    SECRET_KEY_KNOWN = "secret_key_known"
    SECRET_KEY_SHORT = "secret_key_short"
    OIDC_SETTINGS_MISSING = "oidc_settings_missing"
    OIDC_NEEDS_HTTPS = "oidc_needs_https"
    OIDC_ROLE_MAP_ROLE = "oidc_role_map_role"
    BACKUP_EXISTS = "backup_exists"
    BACKUP_MISSING = "backup_missing"
    NOT_A_BACKUP = "not_a_backup"
    BACKUP_NO_MANIFEST = "backup_no_manifest"
    BACKUP_FORMAT = "backup_format"
    BACKUP_FOREIGN_FILE = "backup_foreign_file"
    BACKUP_MANIFEST_MISMATCH = "backup_manifest_mismatch"
    BACKUP_CHECKSUM = "backup_checksum"
    DATABASE_EXISTS = "database_exists"
    BACKUP_SCHEMA_NEWER = "backup_schema_newer"
    BACKUP_UNREADABLE = "backup_unreadable"
    BACKUP_VALUES_DIFFER = "backup_values_differ"
    BACKUP_ROWS_DIFFER = "backup_rows_differ"
    FILE_MISSING = "file_missing"
    FILE_EMPTY = "file_empty"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE_UNSUPPORTED = "file_type_unsupported"
    FILE_NOT_TEXT = "file_not_text"
    WORKBOOK_TOO_LARGE_UNPACKED = "workbook_too_large_unpacked"
    WORKBOOK_PART_RATIO = "workbook_part_ratio"
    ZIP_NOT_WORKBOOK = "zip_not_workbook"
    FILE_DAMAGED = "file_damaged"
    FILE_DAMAGED_PART = "file_damaged_part"
    WORKBOOK_EXTERNAL_LINKS = "workbook_external_links"
    WORKBOOK_MACROS = "workbook_macros"
    CSV_NOT_UTF8 = "csv_not_utf8"
    FILE_NOT_RECOGNISED = "file_not_recognised"
    NOT_JSON = "not_json"
    UNKNOWN_JSON = "unknown_json"


class KommunanalysError(Exception):
    """An error with a :class:`ErrorCode` and the values its message needs."""

    def __init__(self, code: ErrorCode, /, **values: Any) -> None:
        super().__init__(code, values)
        self.code = code
        self.values = values

    def __str__(self) -> str:
        """The Swedish message (the CLI's, the log's); pages make theirs in the reader's
        language."""
        return swedish_text(self.code, self.values)
