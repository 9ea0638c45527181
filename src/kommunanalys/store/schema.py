"""Versioned schema. Each migration is a list of portable SQL statements.

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
)

LATEST_VERSION = MIGRATIONS[-1].version
