"""Versioned schema. Each migration is a list of SQL statements, written for DuckDB; another
engine's :meth:`kommunanalys.store.backend.Dialect.ddl` rewrites the few words engines spell
differently (``DOUBLE``, the audit trail's sequence).

A migration is applied once, inside a transaction, and recorded in ``schema_version``.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
    #: The engines (:attr:`Dialect.name`) whose databases the statements change; empty: all.
    #: Another engine records the version without running them.
    engines: tuple[str, ...] = ()

    def applies_to(self, engine: str) -> bool:
        return not self.engines or engine in self.engines


#: The largest finite double: NaN compares above every number (in DuckDB and PostgreSQL alike)
#: and ±inf lie beyond it, so ``abs(x) <= MAX_DOUBLE`` holds exactly for finite numbers.
MAX_DOUBLE = "1.7976931348623157e308"


def finite(expression: str) -> str:
    """SQL that is true when ``expression`` is NULL or a finite number (not NaN, not ±inf)."""
    return f"({expression} IS NULL OR abs({expression}) <= {MAX_DOUBLE})"


def _finite_checks(*columns: str) -> str:
    return "".join(f",\n                CHECK {finite(c)}" for c in columns)


def _recode(table: str, column: str, codes: dict[str, str]) -> str:
    """An UPDATE that turns the stored words of ``column`` into codes (others stay)."""
    cases = " ".join(f"WHEN '{word}' THEN '{code}'" for word, code in codes.items())
    return f"UPDATE {table} SET {column} = CASE {column} {cases} ELSE {column} END"


# The words stored before migration 8, written out here (not read from the label tables) so
# that the migration stays as it shipped whatever the labels become.
_DIRECTIONS_2025 = {
    "ökning": "increase",
    "minskning": "decrease",
    "minst": "at_least",
    "högst": "at_most",
    "inom intervall": "within",
}
_GRADES_2025 = {
    "I mycket hög grad uppfyllt": "very_high",
    "I hög grad uppfyllt": "high",
    "Delvis uppfyllt": "partly",
    "Ej uppfyllt": "not_met",
}
_ASSIGNMENT_STATUSES_2025 = {"Klart": "done", "Pågår": "ongoing", "Ej klart i år": "not_done"}
#: The words an intervention's gender was written in before migration 22 (the form's free
#: text, the effect logic file's ``kon``), in lower case, and their codes; an effect logic file
#: may still write them (:class:`kommunanalys.effect.model.TargetGender`).
TARGET_GENDER_WORDS_2026 = {
    **dict.fromkeys(
        (
            "alla",
            "t",
            "båda",
            "båda könen",
            "samtliga",
            "totalt",
            "flickor och pojkar",
            "pojkar och flickor",
            "kvinnor och män",
            "män och kvinnor",
        ),
        "all",
    ),
    **dict.fromkeys(
        (
            "k",
            "flickor",
            "kvinnor",
            "tjejer",
            "unga kvinnor",
            "kvinnor och flickor",
            "flickor och kvinnor",
        ),
        "female",
    ),
    **dict.fromkeys(
        ("m", "pojkar", "män", "killar", "unga män", "män och pojkar", "pojkar och män"),
        "male",
    ),
}
#: The stored gender as its word is looked up: lower case (also ÅÄÖ, which a database in
#: the C locale does not lower), its spaces one, none at the ends.
_GENDER_WORD = "translate(lower(trim(regexp_replace(gender, '\\s+', ' ', 'g'))), 'ÅÄÖÉ', 'åäöé')"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "areas, indicators, imports, observations and derived values",
        (
            """CREATE TABLE area (
                code VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                level VARCHAR NOT NULL,
                parent VARCHAR,
                kommun VARCHAR,
                geometry VARCHAR,
                PRIMARY KEY (code, division)
            )""",
            """CREATE TABLE area_change (
                from_code VARCHAR NOT NULL,
                from_division VARCHAR NOT NULL,
                to_code VARCHAR NOT NULL,
                to_division VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                change_date VARCHAR NOT NULL
            )""",
            """CREATE TABLE indicator (
                id VARCHAR PRIMARY KEY,
                name_sv VARCHAR NOT NULL,
                name_en VARCHAR NOT NULL,
                domain VARCHAR NOT NULL,
                value_type VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                multiplier INTEGER NOT NULL,
                numerator VARCHAR,
                denominator VARCHAR,
                weight VARCHAR,
                view_of VARCHAR,
                view_gender VARCHAR,
                polarity VARCHAR NOT NULL,
                sensitive BOOLEAN NOT NULL,
                min_cell INTEGER,
                source_kind VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                kolada_id VARCHAR,
                quality VARCHAR NOT NULL,
                by_gender BOOLEAN NOT NULL,
                in_seed BOOLEAN NOT NULL,
                definition VARCHAR NOT NULL,
                sort_order INTEGER NOT NULL
            )""",
            """CREATE TABLE import (
                id INTEGER PRIMARY KEY,
                source VARCHAR NOT NULL,
                description VARCHAR NOT NULL,
                checksum VARCHAR NOT NULL,
                rows_read INTEGER NOT NULL,
                rows_written INTEGER NOT NULL,
                started_at TIMESTAMP NOT NULL,
                synthetic BOOLEAN NOT NULL,
                files VARCHAR NOT NULL
            )""",
            """CREATE TABLE observation (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                source VARCHAR NOT NULL,
                import_id INTEGER NOT NULL,
                revision INTEGER NOT NULL,
                PRIMARY KEY (indicator, area, division, period, gender, age_group, revision)
            )""",
            """CREATE TABLE derived_value (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                method VARCHAR NOT NULL,
                synthetic BOOLEAN NOT NULL,
                import_id INTEGER,
                PRIMARY KEY (indicator, area, division, period, gender, age_group)
            )""",
            "CREATE INDEX derived_value_area ON derived_value (area, period)",
        ),
    ),
    Migration(
        2,
        "goal follow-up: committees, units, goal tree, indicators, targets, values, periods",
        (
            """CREATE TABLE goal_committee (
                id VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                kommun VARCHAR NOT NULL,
                grading VARCHAR
            )""",
            """CREATE TABLE goal_unit (
                committee VARCHAR NOT NULL,
                id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                PRIMARY KEY (committee, id)
            )""",
            """CREATE TABLE goal_indicator (
                committee VARCHAR NOT NULL,
                id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                direction VARCHAR NOT NULL,
                decimals INTEGER NOT NULL,
                kolada_id VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                production VARCHAR NOT NULL,
                responsible_unit VARCHAR NOT NULL,
                footnote VARCHAR NOT NULL,
                area_indicator VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (committee, id)
            )""",
            """CREATE TABLE goal_target (
                committee VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                kind VARCHAR NOT NULL,
                value DOUBLE,
                low DOUBLE,
                high DOUBLE,
                PRIMARY KEY (committee, indicator, year, kind)
            )""",
            """CREATE TABLE goal_value (
                committee VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                period VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                analysis VARCHAR NOT NULL,
                entered_by VARCHAR NOT NULL,
                entered_at TIMESTAMP,
                version INTEGER NOT NULL,
                PRIMARY KEY (committee, indicator, year, period)
            )""",
            """CREATE TABLE goal_period (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                period VARCHAR NOT NULL,
                state VARCHAR NOT NULL,
                changed_by VARCHAR NOT NULL,
                changed_at TIMESTAMP,
                PRIMARY KEY (committee, year, period)
            )""",
            """CREATE TABLE goal_plan (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                title VARCHAR NOT NULL,
                summary VARCHAR NOT NULL,
                PRIMARY KEY (committee, year)
            )""",
            """CREATE TABLE goal_area (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                position INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                summary VARCHAR NOT NULL,
                PRIMARY KEY (committee, year, name)
            )""",
            """CREATE TABLE goal_objective (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                id VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                goal_area VARCHAR NOT NULL,
                council_goal VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                grade VARCHAR,
                motivation VARCHAR NOT NULL,
                analysis VARCHAR NOT NULL,
                work_done VARCHAR NOT NULL,
                graded_by VARCHAR NOT NULL,
                graded_at TIMESTAMP,
                PRIMARY KEY (committee, year, id)
            )""",
            """CREATE TABLE goal_objective_indicator (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                objective VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                indicator VARCHAR NOT NULL,
                PRIMARY KEY (committee, year, objective, indicator)
            )""",
            """CREATE TABLE goal_grade_decision (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                objective VARCHAR NOT NULL,
                grade VARCHAR NOT NULL,
                suggested VARCHAR,
                motivation VARCHAR NOT NULL,
                decided_by VARCHAR NOT NULL,
                decided_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE goal_assignment (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                id INTEGER NOT NULL,
                objective VARCHAR NOT NULL,
                origin VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                comment VARCHAR NOT NULL,
                deadline VARCHAR NOT NULL,
                PRIMARY KEY (committee, year, id)
            )""",
            """CREATE TABLE goal_transition (
                committee VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                outcome VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                note VARCHAR NOT NULL,
                PRIMARY KEY (committee, position)
            )""",
        ),
    ),
    Migration(
        3,
        "users, server-side sessions and the append-only audit trail",
        (
            """CREATE TABLE app_user (
                username VARCHAR PRIMARY KEY,
                display_name VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                committee VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                password_hash VARCHAR NOT NULL,
                active BOOLEAN NOT NULL,
                created_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE app_session (
                token_hash VARCHAR PRIMARY KEY,
                username VARCHAR NOT NULL,
                csrf VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                expires_at TIMESTAMP NOT NULL
            )""",
            "CREATE SEQUENCE audit_event_id START 1",
            """CREATE TABLE audit_event (
                id INTEGER PRIMARY KEY DEFAULT nextval('audit_event_id'),
                happened_at TIMESTAMP NOT NULL,
                actor VARCHAR NOT NULL,
                action VARCHAR NOT NULL,
                target VARCHAR NOT NULL,
                old VARCHAR,
                new VARCHAR,
                detail VARCHAR NOT NULL
            )""",
        ),
    ),
    Migration(
        4,
        "imports: who, rows added/revised/unchanged/rejected; observations without a primary-key "
        "index (the import pipeline guarantees unique keys and sequential revisions, and "
        "inserting into the index cost ten times the load); indicators to confirm",
        (
            """CREATE TABLE observation_v4 (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                source VARCHAR NOT NULL,
                import_id INTEGER NOT NULL,
                revision INTEGER NOT NULL
            )""",
            "INSERT INTO observation_v4 SELECT * FROM observation",
            "DROP TABLE observation",
            "ALTER TABLE observation_v4 RENAME TO observation",
            "ALTER TABLE import ADD COLUMN actor VARCHAR DEFAULT 'system'",
            "ALTER TABLE import ADD COLUMN rows_added INTEGER DEFAULT 0",
            "ALTER TABLE import ADD COLUMN rows_revised INTEGER DEFAULT 0",
            "ALTER TABLE import ADD COLUMN rows_unchanged INTEGER DEFAULT 0",
            "ALTER TABLE import ADD COLUMN rows_skipped INTEGER DEFAULT 0",
            "UPDATE import SET rows_added = rows_written",  # earlier imports: all were new
            "ALTER TABLE indicator ADD COLUMN confirmed BOOLEAN DEFAULT true",
        ),
    ),
    Migration(
        5,
        "disclosure control: the catalogue's rule options (zeros, rounding) and the suppression "
        "plan computed at refresh (primary and secondary cells) with the fingerprint of the "
        "rules, areas and values it was computed from",
        (
            """CREATE TABLE disclosure_option (
                indicator VARCHAR PRIMARY KEY,
                protect_zeros BOOLEAN NOT NULL,
                round_to INTEGER
            )""",
            """CREATE TABLE disclosure_plan (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                reason VARCHAR NOT NULL,
                PRIMARY KEY (indicator, area, division, period, gender, age_group)
            )""",
            """CREATE TABLE disclosure_plan_meta (
                fingerprint VARCHAR NOT NULL,
                computed_at TIMESTAMP NOT NULL,
                cells INTEGER NOT NULL,
                seconds DOUBLE NOT NULL
            )""",
        ),
    ),
    Migration(
        6,
        "custom areas: the DeSO each is made of, per vintage",
        (
            """CREATE TABLE custom_area_member (
                code VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                member_code VARCHAR NOT NULL,
                member_division VARCHAR NOT NULL,
                PRIMARY KEY (code, division, member_code, member_division)
            )""",
        ),
    ),
    Migration(
        7,
        "bulk imports kept as read: the stored rows move to observation_row, each bulk tidy "
        "CSV keeps its own table (a part, registered in observation_part with the SELECT that "
        "reads it) and observation becomes the view of both (store/observation_parts.py)",
        (
            "ALTER TABLE observation RENAME TO observation_row",
            """CREATE TABLE observation_part (
                import_id INTEGER PRIMARY KEY,
                table_name VARCHAR NOT NULL,
                select_sql VARCHAR NOT NULL
            )""",
            "CREATE VIEW observation AS SELECT indicator, area, division, period, gender, "
            "age_group, value, numerator, denominator, status, source, import_id, revision "
            "FROM observation_row",
        ),
    ),
    Migration(
        8,
        "goal directions, grades and assignment statuses stored as English codes (the Swedish "
        "words a goal file writes are their labels in kommunanalys/i18n/labels.py)",
        (
            _recode("goal_indicator", "direction", _DIRECTIONS_2025),
            _recode("goal_objective", "grade", _GRADES_2025),
            _recode("goal_grade_decision", "grade", _GRADES_2025),
            _recode("goal_grade_decision", "suggested", _GRADES_2025),
            _recode("goal_assignment", "status", _ASSIGNMENT_STATUSES_2025),
        ),
    ),
    Migration(
        9,
        "derived_value without its primary key: the refresh writes every key once by "
        "construction (store/derivation.py), and the key's index cost most of the time and "
        "memory of a national refresh (the whole index is held in memory at commit)",
        (
            """CREATE TABLE derived_value_9 (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                method VARCHAR NOT NULL,
                synthetic BOOLEAN NOT NULL,
                import_id INTEGER
            )""",
            "INSERT INTO derived_value_9 SELECT * FROM derived_value "
            "ORDER BY indicator, area, division, period, gender, age_group",
            "DROP INDEX derived_value_area",
            "DROP TABLE derived_value",
            "ALTER TABLE derived_value_9 RENAME TO derived_value",
            "CREATE INDEX derived_value_area ON derived_value (area, period)",
        ),
    ),
    Migration(
        10,
        "no stored number can be NaN or ±inf: every DOUBLE column of the observations, the "
        "derived values and the goals' values and targets gets a CHECK (the tables are rebuilt; "
        "DuckDB cannot add a CHECK to a table). Bulk imports kept as parts are checked by the "
        "staging before they are registered (store/staging.py)",
        (
            f"""CREATE TABLE observation_row_v10 (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                source VARCHAR NOT NULL,
                import_id INTEGER NOT NULL,
                revision INTEGER NOT NULL{_finite_checks("value", "numerator", "denominator")}
            )""",
            "INSERT INTO observation_row_v10 SELECT * FROM observation_row",
            "DROP TABLE observation_row",
            "ALTER TABLE observation_row_v10 RENAME TO observation_row",
            f"""CREATE TABLE derived_value_v10 (
                indicator VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                division VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                age_group VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                method VARCHAR NOT NULL,
                synthetic BOOLEAN NOT NULL,
                import_id INTEGER
                {_finite_checks("value", "numerator", "denominator")}
            )""",
            "INSERT INTO derived_value_v10 SELECT * FROM derived_value "
            "ORDER BY indicator, area, division, period, gender, age_group",
            "DROP INDEX derived_value_area",
            "DROP TABLE derived_value",
            "ALTER TABLE derived_value_v10 RENAME TO derived_value",
            "CREATE INDEX derived_value_area ON derived_value (area, period)",
            f"""CREATE TABLE goal_target_v10 (
                committee VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                kind VARCHAR NOT NULL,
                value DOUBLE,
                low DOUBLE,
                high DOUBLE,
                PRIMARY KEY (committee, indicator, year, kind)
                {_finite_checks("value", "low", "high")}
            )""",
            "INSERT INTO goal_target_v10 SELECT * FROM goal_target",
            "DROP TABLE goal_target",
            "ALTER TABLE goal_target_v10 RENAME TO goal_target",
            f"""CREATE TABLE goal_value_v10 (
                committee VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                period VARCHAR NOT NULL,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                analysis VARCHAR NOT NULL,
                entered_by VARCHAR NOT NULL,
                entered_at TIMESTAMP,
                version INTEGER NOT NULL,
                PRIMARY KEY (committee, indicator, year, period)
                {_finite_checks("value", "numerator", "denominator")}
            )""",
            "INSERT INTO goal_value_v10 SELECT * FROM goal_value",
            "DROP TABLE goal_value",
            "ALTER TABLE goal_value_v10 RENAME TO goal_value",
        ),
    ),
    Migration(
        11,
        "a nämndmål's grade and texts per reporting period (helår, delår 1, delår 2): they move "
        "from goal_objective to goal_objective_grade, keyed by period, and every grade decision "
        "names its period; what was stored becomes the helår's",
        (
            """CREATE TABLE goal_objective_grade (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                objective VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                grade VARCHAR,
                motivation VARCHAR NOT NULL,
                analysis VARCHAR NOT NULL,
                work_done VARCHAR NOT NULL,
                graded_by VARCHAR NOT NULL,
                graded_at TIMESTAMP,
                PRIMARY KEY (committee, year, objective, period)
            )""",
            "INSERT INTO goal_objective_grade SELECT committee, year, id, 'helår', grade, "
            "motivation, analysis, work_done, graded_by, graded_at FROM goal_objective "
            "WHERE grade IS NOT NULL OR motivation <> '' OR analysis <> '' OR work_done <> '' "
            "OR graded_by <> '' OR graded_at IS NOT NULL",
            """CREATE TABLE goal_objective_v11 (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                id VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                goal_area VARCHAR NOT NULL,
                council_goal VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                PRIMARY KEY (committee, year, id)
            )""",
            "INSERT INTO goal_objective_v11 SELECT committee, year, id, position, goal_area, "
            "council_goal, name FROM goal_objective",
            "DROP TABLE goal_objective",
            "ALTER TABLE goal_objective_v11 RENAME TO goal_objective",
            """CREATE TABLE goal_grade_decision_v11 (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                objective VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                grade VARCHAR NOT NULL,
                suggested VARCHAR,
                motivation VARCHAR NOT NULL,
                decided_by VARCHAR NOT NULL,
                decided_at TIMESTAMP NOT NULL
            )""",
            "INSERT INTO goal_grade_decision_v11 SELECT committee, year, objective, 'helår', "
            "grade, suggested, motivation, decided_by, decided_at FROM goal_grade_decision",
            "DROP TABLE goal_grade_decision",
            "ALTER TABLE goal_grade_decision_v11 RENAME TO goal_grade_decision",
        ),
    ),
    Migration(
        12,
        "the data version: one row, incremented with every committed write that changes "
        "published data, so that every process using the database sees another's import "
        "(store/data_version.py)",
        (
            "CREATE TABLE data_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
            "INSERT INTO data_version VALUES (1, 0)",
        ),
    ),
    Migration(
        13,
        "effect logic (issue 18): area development projects and their goals, social outcomes "
        "with their grid of items, the items' indicators, what is entered about a source; "
        "interventions (insatser) with their areas, effect logic items and indicators",
        (
            """CREATE TABLE effect_project (
                id VARCHAR NOT NULL PRIMARY KEY,
                name VARCHAR NOT NULL,
                area VARCHAR NOT NULL,
                position INTEGER NOT NULL
            )""",
            """CREATE TABLE effect_project_goal (
                project VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                text VARCHAR NOT NULL,
                PRIMARY KEY (project, position)
            )""",
            """CREATE TABLE effect_outcome (
                id VARCHAR NOT NULL PRIMARY KEY,
                name VARCHAR NOT NULL,
                owner_kind VARCHAR NOT NULL,
                owner VARCHAR NOT NULL,
                description VARCHAR NOT NULL,
                position INTEGER NOT NULL
            )""",
            """CREATE TABLE effect_item (
                outcome VARCHAR NOT NULL,
                number INTEGER NOT NULL,
                level VARCHAR NOT NULL,
                grid_column VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                direction VARCHAR NOT NULL,
                need VARCHAR NOT NULL,
                PRIMARY KEY (outcome, number)
            )""",
            """CREATE TABLE effect_item_indicator (
                outcome VARCHAR NOT NULL,
                number INTEGER NOT NULL,
                position INTEGER NOT NULL,
                indicator VARCHAR NOT NULL,
                PRIMARY KEY (outcome, number, position)
            )""",
            """CREATE TABLE effect_source (
                indicator VARCHAR NOT NULL PRIMARY KEY,
                source_system VARCHAR NOT NULL,
                frequency VARCHAR,
                delivery VARCHAR,
                responsible VARCHAR NOT NULL
            )""",
            f"""CREATE TABLE effect_intervention (
                id VARCHAR NOT NULL PRIMARY KEY,
                name VARCHAR NOT NULL,
                description VARCHAR NOT NULL,
                target_group VARCHAR NOT NULL,
                ages VARCHAR NOT NULL,
                gender VARCHAR NOT NULL,
                level VARCHAR,
                start_date DATE,
                end_date DATE,
                responsible VARCHAR NOT NULL,
                cost DOUBLE,
                status VARCHAR NOT NULL,
                created_by VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL
                {_finite_checks("cost")}
            )""",
            """CREATE TABLE effect_intervention_link (
                intervention VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                ref VARCHAR NOT NULL,
                PRIMARY KEY (intervention, kind, position)
            )""",
        ),
    ),
    Migration(
        14,
        "the economy: the verksamhet tree (nämnd → verksamhet → insats) and the ledger codes "
        "booked on it, ledger amounts per month × verksamhet × cost type for budget, revised "
        "budget, outcome and forecast (per delår), placement volumes (outcome and budget) per "
        "month × insats; amounts and volumes keep every revision, as observations do",
        (
            """CREATE TABLE econ_unit (
                committee VARCHAR NOT NULL,
                code VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                level VARCHAR NOT NULL,
                parent VARCHAR,
                position INTEGER NOT NULL,
                PRIMARY KEY (committee, code)
            )""",
            """CREATE TABLE econ_ledger_code (
                committee VARCHAR NOT NULL,
                ledger_code VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                PRIMARY KEY (committee, ledger_code)
            )""",
            f"""CREATE TABLE econ_amount (
                committee VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                month VARCHAR NOT NULL,
                cost_type VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                version VARCHAR NOT NULL,
                amount DOUBLE NOT NULL,
                synthetic BOOLEAN NOT NULL,
                import_id INTEGER NOT NULL,
                revision INTEGER NOT NULL,
                PRIMARY KEY (committee, unit, month, cost_type, kind, version, revision)
                {_finite_checks("amount")}
            )""",
            f"""CREATE TABLE econ_volume (
                committee VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                month VARCHAR NOT NULL,
                measure VARCHAR NOT NULL,
                regi VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                value DOUBLE NOT NULL,
                synthetic BOOLEAN NOT NULL,
                import_id INTEGER NOT NULL,
                revision INTEGER NOT NULL,
                PRIMARY KEY (committee, unit, month, measure, regi, kind, revision)
                {_finite_checks("value")}
            )""",
        ),
    ),
    Migration(
        15,
        "the catalogue says which indicators are complete register counts (Antal invånare from "
        "SCB: no sampling error, so no confidence interval); the shipped ones are marked",
        (
            "ALTER TABLE indicator ADD COLUMN complete_count BOOLEAN DEFAULT false",
            "UPDATE indicator SET complete_count = true WHERE value_type = 'count' "
            "AND source_kind = 'scb' AND (id LIKE 'antal_invanare%' OR id LIKE 'befolkning%' "
            "OR id IN ('antal_boende_bostadsratt', 'antal_boende_egnahem', "
            "'antal_boende_hyresratt', 'antal_utrikes_fodda', 'antal_utlandsk_bakgrund', "
            "'antal_lagenheter', 'antal_hushall', 'antal_hushall_ensamstaende_med_barn', "
            "'antal_personer_hustyp', 'antal_personer_smahus', 'antal_personer_flerbostadshus', "
            "'antal_personer_specialbostad'))",
        ),
    ),
    Migration(
        16,
        "the personnel, internal-control and financing tables of the verksamhetsberättelse "
        "(store/staff_control.py): personnel figures against the kommun, the control plan, "
        "audit recommendations, contract follow-up, state grants, särskilda satsningar and "
        "investments; every change a new revision of its key, with who imported it and when",
        tuple(
            f"""CREATE TABLE {table} (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                {columns},
                position INTEGER NOT NULL,
                revision INTEGER NOT NULL,
                source_file VARCHAR NOT NULL,
                imported_by VARCHAR NOT NULL,
                imported_at TIMESTAMP NOT NULL{_finite_checks(*numbers)}
            )"""
            for table, columns, numbers in (
                (
                    "staff_figure",
                    "measure VARCHAR NOT NULL, unit_name VARCHAR NOT NULL, "
                    "gender VARCHAR NOT NULL, value DOUBLE, kommun_value DOUBLE",
                    ("value", "kommun_value"),
                ),
                (
                    "control_risk",
                    "process VARCHAR NOT NULL, risk VARCHAR NOT NULL, "
                    "action VARCHAR NOT NULL, status VARCHAR NOT NULL, comment VARCHAR NOT NULL",
                    (),
                ),
                (
                    "control_audit",
                    "audit VARCHAR NOT NULL, reference VARCHAR NOT NULL, "
                    "background VARCHAR NOT NULL, action VARCHAR NOT NULL, "
                    "status VARCHAR NOT NULL, comment VARCHAR NOT NULL",
                    (),
                ),
                (
                    "contract_followup",
                    "framework VARCHAR NOT NULL, providers_start INTEGER, "
                    "providers_end INTEGER, followed_up INTEGER, approved_share DOUBLE, "
                    "result VARCHAR NOT NULL",
                    ("approved_share",),
                ),
                (
                    "state_grant",
                    "name VARCHAR NOT NULL, applied DOUBLE, received DOUBLE, budgeted DOUBLE, "
                    "objective VARCHAR NOT NULL, note VARCHAR NOT NULL",
                    ("applied", "received", "budgeted"),
                ),
                (
                    "special_initiative",
                    "name VARCHAR NOT NULL, budget DOUBLE, outcome DOUBLE",
                    ("budget", "outcome"),
                ),
                (
                    "investment",
                    "name VARCHAR NOT NULL, budget DOUBLE, outcome DOUBLE",
                    ("budget", "outcome"),
                ),
            )
        ),
    ),
    Migration(
        17,
        "login throttling in the database (access/accounts.py's Throttle), shared by every "
        "server process and kept across a restart: one row per counted failed login under its "
        "key (user:, client:, guess:), and the (account, address) pairs that have logged in; "
        "both pruned to the throttle's window and bounded in size",
        (
            """CREATE TABLE login_failure (
                key VARCHAR NOT NULL,
                failed_at DOUBLE NOT NULL,
                reported BOOLEAN NOT NULL
            )""",
            "CREATE INDEX login_failure_key ON login_failure (key, failed_at)",
            """CREATE TABLE login_known (
                account VARCHAR NOT NULL,
                address VARCHAR NOT NULL,
                seen_at DOUBLE NOT NULL
            )""",
        ),
    ),
    Migration(
        18,
        "editors enter their verksamhet's year-end forecast month by month with a comment "
        "(econ_forecast_entry: every change a new revision, with who and when), and the "
        "analysts lock a committee's month against further entries (econ_month_lock)",
        (
            f"""CREATE TABLE econ_forecast_entry (
                committee VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                month VARCHAR NOT NULL,
                amount DOUBLE,
                comment VARCHAR NOT NULL,
                revision INTEGER NOT NULL,
                entered_by VARCHAR NOT NULL,
                entered_at TIMESTAMP NOT NULL,
                PRIMARY KEY (committee, unit, month, revision)
                {_finite_checks("amount")}
            )""",
            """CREATE TABLE econ_month_lock (
                committee VARCHAR NOT NULL,
                month VARCHAR NOT NULL,
                locked_by VARCHAR NOT NULL,
                locked_at TIMESTAMP NOT NULL,
                PRIMARY KEY (committee, month)
            )""",
        ),
    ),
    Migration(
        19,
        "the narrative texts of the verksamhetsberättelse and the delårsrapport "
        "(store/report_texts.py): one text per committee, year, period, section and nämndmål, "
        "every change a new revision with who wrote it and when",
        (
            """CREATE TABLE report_text (
                committee VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                period VARCHAR NOT NULL,
                section VARCHAR NOT NULL,
                objective VARCHAR NOT NULL,
                revision INTEGER NOT NULL,
                body VARCHAR NOT NULL,
                written_by VARCHAR NOT NULL,
                written_at TIMESTAMP NOT NULL,
                PRIMARY KEY (committee, year, period, section, objective, revision)
            )""",
        ),
    ),
    Migration(
        20,
        "derived_value without the (area, period) index in DuckDB: DuckDB scans with its zone "
        "maps (the table is sorted by indicator and area) and never reads the index, which "
        "cost a sixth of a national refresh's CPU at commit; PostgreSQL keeps it (its reads "
        "by area use it)",
        ("DROP INDEX derived_value_area",),
        engines=("duckdb",),
    ),
    Migration(
        21,
        "PostgreSQL keeps a bulk tidy CSV's rows as read too: each import's in a table of its "
        "own that inherits observation_bulk (the import's number a constant default, its "
        "source in observation_bulk_source), so that the observation view over "
        "observation_row and observation_bulk is fixed: an import never rebuilds it, and "
        "never waits for a reader's lock (store/observation_parts.py, store/bulk_copy.py). "
        "Without CHECKs, as DuckDB's parts: the import refuses NaN and ±inf before it commits",
        (
            """CREATE TABLE observation_bulk (
                indicator VARCHAR,
                area_read VARCHAR,
                division VARCHAR,
                period VARCHAR,
                gender VARCHAR,
                age_group VARCHAR,
                value DOUBLE,
                numerator DOUBLE,
                denominator DOUBLE,
                status VARCHAR,
                import_id INTEGER NOT NULL
            )""",
            """CREATE TABLE observation_bulk_source (
                import_id INTEGER PRIMARY KEY,
                source VARCHAR NOT NULL
            )""",
        ),
        engines=("postgresql",),
    ),
    Migration(
        22,
        "an intervention's gender is a code (all, female, male) with its words made where it "
        "is shown, chosen from a list: the words stored before (the form's free text) become "
        "codes; a word that is none of them goes to the target group, in words, '(kön: …)', "
        "so that nothing written is lost",
        (
            "UPDATE effect_intervention SET target_group = trim(target_group || ' (kön: ' || "
            f"trim(gender) || ')'), gender = '' WHERE {_GENDER_WORD} <> '' AND {_GENDER_WORD} "
            "NOT IN (" + ", ".join(f"'{w}'" for w in TARGET_GENDER_WORDS_2026) + ")",
            f"UPDATE effect_intervention SET gender = CASE {_GENDER_WORD} "
            + " ".join(f"WHEN '{w}' THEN '{c}'" for w, c in TARGET_GENDER_WORDS_2026.items())
            + " ELSE '' END",
        ),
    ),
)


LATEST_VERSION = MIGRATIONS[-1].version
