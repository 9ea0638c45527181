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
