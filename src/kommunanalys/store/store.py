"""The store: the one place that reads and writes the database.

:class:`Store` owns the connection (a :class:`~kommunanalys.store.backend.Backend`) and every
table. The statistics (areas, indicators, imports, observations, derived values) it reads and
writes itself, giving and taking domain objects (:mod:`kommunanalys.model`); the other tables
it reaches through one repository each, sharing its connection and transactions:
``store.audit`` (:mod:`.audit`), ``store.accounts`` (:mod:`.accounts`) and ``store.goals``
(:mod:`.goals`). SQL stays in ``store/``; what the engine writes its own way, in
:mod:`kommunanalys.store.backend`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kommunanalys.catalog.custom_areas import CustomArea
from kommunanalys.catalog.indicators import COLUMNS as CATALOGUE_COLUMNS
from kommunanalys.config import is_database_url
from kommunanalys.model import (
    Area,
    AreaChange,
    Division,
    Gender,
    ImportRecord,
    Indicator,
    Level,
    Observation,
    Polarity,
    Quality,
    Revision,
    Value,
    ValueType,
)
from kommunanalys.rows import SourceRow, Where
from kommunanalys.store import data_version
from kommunanalys.store.accounts import AccountRows
from kommunanalys.store.audit import AuditLog
from kommunanalys.store.backend import Backend, DuckDBBackend
from kommunanalys.store.economy import EconomyRows
from kommunanalys.store.effect_logic import EffectLogicRows
from kommunanalys.store.goals import GoalRows
from kommunanalys.store.observation_parts import ROW_TABLE, current_rows, rebuild_view, sql_text
from kommunanalys.store.report_texts import ReportTextRows
from kommunanalys.store.schema import LATEST_VERSION, MIGRATIONS
from kommunanalys.store.value_slice import SLICE_COLUMNS, ValueSlice, slice_from_rows

if TYPE_CHECKING:  # made where an import stages: a reader (`values`, the server) never does
    from kommunanalys.store.staging import Staging

_IMPORT_COLUMNS = (
    "id",
    "source",
    "description",
    "checksum",
    "rows_read",
    "rows_written",
    "started_at",
    "synthetic",
    "files",
    "actor",
    "rows_added",
    "rows_revised",
    "rows_unchanged",
    "rows_skipped",
)
_INDICATOR_COLUMNS = (*CATALOGUE_COLUMNS, "sort_order", "confirmed", "complete_count")
#: The schema version that made ``observation`` a view (migration 7).
_PARTS_SCHEMA = 7
#: The columns of a value row, in order (those of ``derived_value``; ``Value.row()``).
VALUE_COLUMNS = (
    "indicator",
    "area",
    "division",
    "period",
    "gender",
    "age_group",
    "value",
    "numerator",
    "denominator",
    "status",
    "method",
    "synthetic",
    "import_id",
)


class Store:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        #: the append-only audit trail
        self.audit = AuditLog(backend)
        #: local accounts and sessions
        self.accounts = AccountRows(backend)
        #: goal follow-up: committees, goal trees, values, grades
        self.goals = GoalRows(backend)
        #: the economy: verksamheter, ledger amounts, placement volumes
        self.economy = EconomyRows(backend)
        #: effect logic: projects, outcomes and their items
        self.effect_logic = EffectLogicRows(backend)
        #: the narrative texts of the verksamhetsberättelse and the delårsrapport
        self.report_texts = ReportTextRows(backend)

    def staging(self, *, file_label: str = "") -> Staging:
        """A new staging area for one import's rows (use as a context manager)."""
        from kommunanalys.store.staging import Staging

        return Staging(self.backend, file_label=file_label)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, for writes through the store and its repositories; nested uses
        join the outer transaction."""
        with self.backend.transaction():
            yield

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open (and migrate) the DuckDB file at ``path``; :class:`DatabaseLocked` when another
        process holds it. A ``postgresql://`` (or ``postgres://``) URL opens that PostgreSQL
        database instead (:mod:`.postgres`; ``read_only`` changes nothing there: readers and
        writers run side by side).

        ``read_only`` opens a file of the current schema read-only, so commands that only read
        run beside other readers; a file of an older schema is migrated first (which needs it
        for writing), then reopened read-only."""
        if is_database_url(path):
            from kommunanalys.store.postgres import PostgresBackend  # psycopg only when used

            store = cls(PostgresBackend(str(path)))
            try:
                store.migrate()
            except BaseException:
                store.close()
                raise
            return store
        if read_only:
            store = cls(DuckDBBackend(path, read_only=True))
            if store.is_current():
                return store
            store.close()
        store = cls(DuckDBBackend(path))
        store.migrate()
        if read_only:
            store.close()
            return cls.open(path, read_only=True)
        return store

    @classmethod
    def memory(cls) -> Store:
        store = cls(DuckDBBackend(":memory:"))
        store.migrate()
        return store

    def close(self) -> None:
        self.backend.close()

    def snapshot(self) -> Store:
        """A store that reads the database as it is now, whatever is written later; its
        writes go to this store's connection
        (:class:`~kommunanalys.store.backend.DuckDBSnapshot`)."""
        return Store(self.backend.snapshot())

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version. Two processes opening a new
        database at once take turns (:meth:`Backend.exclusive`): the second finds the work done."""
        b = self.backend
        with b.exclusive("kommunanalys migrate"):
            b.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP)"
            )
            current = self.schema_version()
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                with b.transaction():
                    for statement in migration.statements:
                        if migration.applies_to(b.dialect.name):
                            b.execute(b.dialect.ddl(statement))
                    if migration.version >= _PARTS_SCHEMA:
                        # the observation view again: an engine that drops a view with the table
                        # it reads (PostgreSQL) has lost it when a migration rebuilt that table
                        rebuild_view(b)
                    b.execute(
                        "INSERT INTO schema_version VALUES (?, ?, ?)",
                        (migration.version, migration.description, _now()),
                    )
        return LATEST_VERSION

    def is_current(self) -> bool:
        """Whether the database has every migration (and so needs no write to be read)."""
        if "schema_version" not in self.backend.table_names():
            return False
        return self.schema_version() >= LATEST_VERSION

    def schema_version(self) -> int:
        rows = self.backend.query("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    # -- areas ---------------------------------------------------------------------------
    def save_areas(self, areas: Iterable[Area], changes: Iterable[AreaChange] = ()) -> None:
        """Replace the area catalogue (and the change log) with ``areas``."""
        rows = [
            (a.code, a.division.value, a.name, a.level.value, a.parent, a.kommun, a.geometry)
            for a in areas
        ]
        change_rows = [
            (c.from_code, c.from_division.value, c.to_code, c.to_division.value, c.kind, c.date)
            for c in changes
        ]
        with self.backend.transaction():
            self.backend.execute("DELETE FROM area")
            self.backend.execute("DELETE FROM area_change")
            self.backend.execute("DELETE FROM custom_area_member")
            self.backend.bulk_insert(
                "area",
                ("code", "division", "name", "level", "parent", "kommun", "geometry"),
                rows,
            )
            self.backend.bulk_insert(
                "area_change",
                ("from_code", "from_division", "to_code", "to_division", "kind", "change_date"),
                change_rows,
            )

    def areas(
        self,
        *,
        level: Level | None = None,
        division: Division | None = None,
        with_geometry: bool = False,
    ) -> list[Area]:
        geometry = "geometry" if with_geometry else "NULL"
        sql = f"SELECT code, name, level, division, parent, kommun, {geometry} FROM area"
        where, params = _where(level=level, division=division)
        rows = self.backend.query(sql + where + " ORDER BY level, code, division", params)
        return [_area(r) for r in rows]

    def add_areas(self, areas: Iterable[Area]) -> list[str]:
        """Add areas (e.g. units a source defines) not yet known; return their codes."""
        present = {(r[0], r[1]) for r in self.backend.query("SELECT code, division FROM area")}
        new = [a for a in areas if (a.code, a.division.value) not in present]
        self.backend.bulk_insert(
            "area",
            ("code", "division", "name", "level", "parent", "kommun", "geometry"),
            [
                (a.code, a.division.value, a.name, a.level.value, a.parent, a.kommun, a.geometry)
                for a in new
            ],
        )
        return [a.code for a in new]

    def save_custom_area(self, custom: CustomArea) -> None:
        """Add or replace a custom area: its area rows and its members per vintage."""
        with self.backend.transaction():
            self._delete_custom_area(custom.code)
            self.add_areas(custom.areas)
            self.backend.bulk_insert(
                "custom_area_member",
                ("code", "division", "member_code", "member_division"),
                [
                    (code, division.value, member, member_division.value)
                    for (code, division), members in custom.members.items()
                    for member, member_division in members
                ],
            )

    def remove_custom_area(self, code: str) -> bool:
        """Remove a custom area; False when there is none with ``code``."""
        with self.backend.transaction():
            return self._delete_custom_area(code)

    def _delete_custom_area(self, code: str) -> bool:
        found = self.backend.query(
            "SELECT count(*) FROM area WHERE code = ? AND level = ?", [code, Level.CUSTOM.value]
        )[0][0]
        self.backend.execute(
            "DELETE FROM area WHERE code = ? AND level = ?", [code, Level.CUSTOM.value]
        )
        self.backend.execute("DELETE FROM custom_area_member WHERE code = ?", [code])
        return bool(found)

    def indicators_per_year(self) -> dict[tuple[str, Division], dict[str, int]]:
        """How many indicators have a value, per area (and vintage) and year."""
        out: dict[tuple[str, Division], dict[str, int]] = {}
        for area, division, period, count in self.backend.query(
            "SELECT area, division, period, count(DISTINCT indicator) FROM derived_value "
            "WHERE value IS NOT NULL GROUP BY area, division, period"
        ):
            out.setdefault((area, Division(division)), {})[period] = int(count)
        return out

    def indicator_levels(self) -> dict[str, set[Level]]:
        """The levels (kommun, RegSO, DeSO, …) at which each indicator has a value."""
        out: dict[str, set[Level]] = {}
        for indicator, level in self.backend.query(
            "SELECT DISTINCT d.indicator, a.level FROM derived_value d JOIN area a "
            "ON a.code = d.area AND a.division = d.division WHERE d.value IS NOT NULL"
        ):
            out.setdefault(indicator, set()).add(Level(level))
        return out

    def custom_members(self) -> dict[tuple[str, Division], tuple[tuple[str, Division], ...]]:
        """The DeSO each custom area is made of, per vintage."""
        grouped: dict[tuple[str, Division], list[tuple[str, Division]]] = {}
        for code, division, member, member_division in self.backend.query(
            "SELECT code, division, member_code, member_division FROM custom_area_member "
            "ORDER BY code, division, member_code"
        ):
            grouped.setdefault((code, Division(division)), []).append(
                (member, Division(member_division))
            )
        return {key: tuple(members) for key, members in grouped.items()}

    def area_changes(self) -> list[AreaChange]:
        rows = self.backend.query(
            "SELECT from_code, to_code, kind, change_date, from_division, to_division "
            "FROM area_change ORDER BY from_code, to_code"
        )
        return [AreaChange(r[0], r[1], r[2], r[3], Division(r[4]), Division(r[5])) for r in rows]

    # -- indicators ------------------------------------------------------------------------
    def save_indicators(self, indicators: Sequence[Indicator]) -> None:
        rows = [_indicator_row(ind, i) for i, ind in enumerate(indicators)]
        with self.backend.transaction():
            self.backend.execute("DELETE FROM indicator")
            self.backend.bulk_insert("indicator", _INDICATOR_COLUMNS, rows)

    def add_indicators(self, indicators: Sequence[Indicator]) -> list[str]:
        """Add the indicators not yet in the catalogue (after the others); return their ids."""
        present = {r[0] for r in self.backend.query("SELECT id FROM indicator")}
        new = [i for i in indicators if i.id not in present]
        if new:
            start = int(
                self.backend.query("SELECT coalesce(max(sort_order), 0) + 1 FROM indicator")[0][0]
            )
            rows = [_indicator_row(ind, start + n) for n, ind in enumerate(new)]
            self.backend.bulk_insert("indicator", _INDICATOR_COLUMNS, rows)
        return [i.id for i in new]

    def update_indicator(
        self, indicator_id: str, *, quality: Quality | None = None, confirmed: bool | None = None
    ) -> None:
        """Change an indicator's data-quality status and/or confirm it."""
        if quality is not None:
            self.backend.execute(
                "UPDATE indicator SET quality = ? WHERE id = ?", (quality.value, indicator_id)
            )
        if confirmed is not None:
            self.backend.execute(
                "UPDATE indicator SET confirmed = ? WHERE id = ?", (confirmed, indicator_id)
            )

    def remove_indicator(self, indicator_id: str) -> None:
        """Remove an indicator an import created and its stored and derived values (its values
        have been written elsewhere). All or nothing; a ValueError if some of its values sit in
        a bulk import's part (only a tidy CSV of known indicators is stored so: never one an
        import created)."""
        with self.backend.transaction():
            self.backend.execute(f"DELETE FROM {ROW_TABLE} WHERE indicator = ?", (indicator_id,))
            left = self.backend.query(
                "SELECT count(*) FROM observation WHERE indicator = ?", (indicator_id,)
            )[0][0]
            if left:
                raise ValueError(f"{indicator_id}: {left} values in a bulk import's part")
            self.backend.execute("DELETE FROM derived_value WHERE indicator = ?", (indicator_id,))
            self.backend.execute("DELETE FROM indicator WHERE id = ?", (indicator_id,))

    def indicators(self) -> list[Indicator]:
        rows = self.backend.query(
            f"SELECT {', '.join(_INDICATOR_COLUMNS)} FROM indicator ORDER BY sort_order"
        )
        return [_indicator(r) for r in rows]

    # -- imports and observations ------------------------------------------------------------
    def record_import(
        self,
        *,
        source: str,
        description: str,
        checksum: str,
        observations: Sequence[Observation],
        files: Sequence[str] = (),
        synthetic: bool = False,
        rows_read: int | None = None,
        actor: str = "system",
    ) -> ImportRecord:
        """Write ``observations`` as one import, all or nothing, without validation (the
        import pipeline in :mod:`kommunanalys.ingest` validates first).

        A value equal to the current one is skipped (loading the same data twice writes
        nothing); a different value becomes the next revision of its key.
        """
        seen: set[tuple[str, ...]] = set()
        for o in observations:
            key = (o.indicator, o.area, o.division.value, o.period, o.gender.value, o.age_group)
            if key in seen:
                raise ValueError(f"dubbel nyckel i importen: {key}")
            seen.add(key)
        label = files[0] if files else source
        with self.staging(file_label=label) as staging:
            staging.add_rows([SourceRow(o, Where(label)) for o in observations])
            with self.backend.transaction():
                return self.merge_staged(
                    staging,
                    source=source,
                    description=description,
                    checksum=checksum,
                    files=files,
                    synthetic=synthetic,
                    rows_read=len(observations) if rows_read is None else rows_read,
                    actor=actor,
                )

    def merge_staged(
        self,
        staging: Staging,
        *,
        source: str,
        description: str,
        checksum: str,
        files: Sequence[str] = (),
        synthetic: bool = False,
        rows_read: int,
        rows_skipped: int = 0,
        actor: str = "system",
        import_id: int | None = None,
    ) -> ImportRecord:
        """Merge validated staged rows as a new import; call inside a transaction."""
        b = self.backend
        next_id = self.next_import_id() if import_id is None else import_id
        counts = staging.merge(next_id)
        record = ImportRecord(
            id=next_id,
            source=source,
            description=description,
            checksum=checksum,
            rows_read=rows_read,
            rows_written=counts.added + counts.revised,
            started_at=_now(),
            synthetic=synthetic,
            files=tuple(files),
            actor=actor,
            rows_added=counts.added,
            rows_revised=counts.revised,
            rows_unchanged=counts.unchanged,
            rows_skipped=rows_skipped,
        )
        b.execute(
            f"INSERT INTO import ({', '.join(_IMPORT_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _IMPORT_COLUMNS)})",
            (
                record.id,
                record.source,
                record.description,
                record.checksum,
                record.rows_read,
                record.rows_written,
                record.started_at,
                record.synthetic,
                json.dumps(list(record.files)),
                record.actor,
                record.rows_added,
                record.rows_revised,
                record.rows_unchanged,
                record.rows_skipped,
            ),
        )
        if record.rows_written:
            data_version.bump(b)
        return record

    def data_version(self) -> int:
        """The data version this store sees (:mod:`.data_version`; a snapshot's: as of it)."""
        return data_version.current(self.backend)

    def changed_data(self) -> None:
        """Count one more change of the published data (inside the writer's transaction)."""
        data_version.bump(self.backend)

    def next_import_id(self) -> int:
        """The next import's number. Inside the import's transaction it also takes the
        imports' lock where several processes write (PostgreSQL): a second import waits
        until the first has committed or rolled back, then numbers itself after it."""
        lock = self.backend.dialect.import_lock()
        if lock and self.backend.in_transaction():
            self.backend.query(lock)
        return int(self.backend.query("SELECT coalesce(max(id), 0) + 1 FROM import")[0][0])

    def imports(self) -> list[ImportRecord]:
        rows = self.backend.query(f"SELECT {', '.join(_IMPORT_COLUMNS)} FROM import ORDER BY id")
        return [
            ImportRecord(
                **dict(zip(_IMPORT_COLUMNS[:7], r[:7], strict=True)),
                synthetic=bool(r[7]),
                files=tuple(json.loads(r[8])),
                actor=r[9] or "system",
                rows_added=r[10] or 0,
                rows_revised=r[11] or 0,
                rows_unchanged=r[12] or 0,
                rows_skipped=r[13] or 0,
            )
            for r in rows
        ]

    def current_observations(self, indicators: Sequence[str] | None = None) -> list[Value]:
        """The latest revision of every observation (of ``indicators`` when given), flagged
        synthetic by its import."""
        where = ""
        if indicators is not None:
            where = f"o.indicator IN ({', '.join(sql_text(i) for i in indicators) or 'NULL'})"
        select = current_rows(
            "o.indicator, o.area, o.division, o.period, o.gender, o.age_group, o.value, "
            "o.numerator, o.denominator, o.status, 'observed', i.synthetic, o.import_id",
            join=" JOIN import i ON i.id = o.import_id",
            where=where,
        )
        rows = self.backend.query(select)
        return [_value(r) for r in rows]

    def history(
        self, indicator: str, *, area: str | None = None, limit: int = 500
    ) -> list[Revision]:
        """Every stored version of ``indicator``'s values (optionally one area's), newest
        import first, old revisions included."""
        where, params = "o.indicator = ?", [indicator]
        if area is not None:
            where += " AND o.area = ?"
            params.append(area)
        rows = self.backend.query(
            "SELECT o.indicator, o.area, o.division, o.period, o.gender, o.age_group, "
            "o.revision, o.value, o.numerator, o.denominator, o.status, o.import_id, "
            "i.started_at, coalesce(i.actor, 'system'), i.source "
            f"FROM observation o JOIN import i ON i.id = o.import_id WHERE {where} "
            "ORDER BY o.import_id DESC, o.area, o.period, o.gender, o.revision DESC LIMIT ?",
            (*params, limit),
        )
        return [
            Revision(
                r[0],
                r[1],
                Division(r[2]),
                r[3],
                Gender(r[4]),
                r[5],
                int(r[6]),
                r[7],
                r[8],
                r[9],
                r[10],
                int(r[11]),
                r[12],
                r[13],
                r[14],
            )
            for r in rows
        ]

    def revised_keys(self, indicator: str) -> int:
        """How many of ``indicator``'s values have more than one revision."""
        rows = self.backend.query(
            "SELECT count(DISTINCT (area, division, period, gender, age_group)) "
            "FROM observation WHERE indicator = ? AND revision > 1",
            (indicator,),
        )
        return int(rows[0][0])

    def observation_count(self) -> int:
        return int(self.backend.query("SELECT count(*) FROM observation")[0][0])

    # -- derived values ----------------------------------------------------------------------
    def replace_derived(self, values: Iterable[Value]) -> int:
        rows = [v.row() for v in values]
        with self.backend.transaction():
            self.backend.execute("DELETE FROM derived_value")
            return self.backend.bulk_insert("derived_value", VALUE_COLUMNS, rows)

    def values(
        self,
        *,
        indicators: Sequence[str] | None = None,
        areas: Sequence[str] | None = None,
        periods: Sequence[str] | None = None,
        genders: Sequence[Gender] | None = None,
        division: Division | None = None,
        ordered: bool = True,
    ) -> list[Value]:
        """Current values (observed, aggregated and computed), in a stable order unless
        ``ordered`` is False (sorting a national level costs a third of reading it)."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, wanted in (
            ("indicator", indicators),
            ("area", areas),
            ("period", periods),
            ("gender", [g.value for g in genders] if genders else None),
        ):
            if wanted is not None:
                if not wanted:
                    return []
                clauses.append(f"{column} IN ({', '.join('?' for _ in wanted)})")
                params.extend(wanted)
        if division is not None:
            clauses.append("division = ?")
            params.append(division.value)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.backend.query(
            f"SELECT {', '.join(VALUE_COLUMNS)} FROM derived_value{where}"
            + (" ORDER BY indicator, area, period, gender" if ordered else ""),
            params,
        )
        return [_value(r) for r in rows]

    def value_slice(
        self, indicator: str, period: str, gender: Gender, division: Division
    ) -> ValueSlice:
        """The current values of ``indicator`` for ``period`` and ``gender`` in every area of
        ``division``, as columns (:mod:`kommunanalys.store.value_slice`), in the engine's
        order: the rows :meth:`values` returns for the same filter, without a Value each."""
        rows = self.backend.query(
            f"SELECT {', '.join(SLICE_COLUMNS)} FROM derived_value "
            "WHERE indicator = ? AND period = ? AND gender = ? AND division = ?",
            (indicator, period, gender.value, division.value),
        )
        return slice_from_rows(indicator, division, period, gender, rows)

    def value_slices(
        self, indicators: Sequence[str], period: str, gender: Gender, division: Division
    ) -> dict[str, ValueSlice]:
        """:meth:`value_slice` of each of ``indicators`` (an empty slice where it has no
        value) in one query: a domain's forty indicators are one read, not forty."""
        found: dict[str, list[tuple[Any, ...]]] = {i: [] for i in indicators}
        if indicators:
            rows = self.backend.query(
                f"SELECT indicator, {', '.join(SLICE_COLUMNS)} FROM derived_value "
                f"WHERE indicator IN ({', '.join('?' for _ in indicators)}) "
                "AND period = ? AND gender = ? AND division = ?",
                (*indicators, period, gender.value, division.value),
            )
            for r in rows:
                found[r[0]].append(r[1:])
        return {
            i: slice_from_rows(i, division, period, gender, rows) for i, rows in found.items()
        }

    def periods(self) -> list[str]:
        rows = self.backend.query("SELECT DISTINCT period FROM derived_value ORDER BY period")
        return [r[0] for r in rows]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _where(**filters: Any) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column, wanted in filters.items():
        if wanted is not None:
            clauses.append(f"{column} = ?")
            params.append(getattr(wanted, "value", wanted))
    return ((" WHERE " + " AND ".join(clauses)) if clauses else "", params)


#: Enum members by stored text: a dict lookup per row instead of an Enum call (national reads
#: build thousands of values per request).
_DIVISIONS = {d.value: d for d in Division}
_GENDERS = {g.value: g for g in Gender}


def _value(r: tuple[Any, ...]) -> Value:
    """A row in the order of ``VALUE_COLUMNS``. Positional arguments: a national read builds
    6 000 values per request, and keywords cost a third more."""
    return Value(
        r[0],
        r[1],
        _DIVISIONS.get(r[2]) or Division(r[2]),
        r[3],
        _GENDERS.get(r[4]) or Gender(r[4]),
        r[6],
        r[7],
        r[8],
        r[9],
        r[10],
        bool(r[11]),
        r[12],
        r[5],
    )


def _area(r: tuple[Any, ...]) -> Area:
    return Area(
        code=r[0],
        name=r[1],
        level=Level(r[2]),
        division=Division(r[3]),
        parent=r[4],
        kommun=r[5],
        geometry=r[6],
    )


def _indicator_row(ind: Indicator, order: int) -> tuple[Any, ...]:
    return (
        ind.id,
        ind.name_sv,
        ind.name_en,
        ind.domain,
        ind.value_type.value,
        ind.unit,
        ind.multiplier,
        ind.numerator,
        ind.denominator,
        ind.weight,
        ind.view_of,
        ind.view_gender.value if ind.view_gender else None,
        ind.polarity.value,
        ind.sensitive,
        ind.min_cell,
        ind.source_kind,
        ind.source,
        ind.kolada_id,
        ind.quality.value,
        ind.by_gender,
        ind.in_seed,
        ind.definition,
        order,
        ind.confirmed,
        ind.complete_count,
    )


def _indicator(r: tuple[Any, ...]) -> Indicator:
    return Indicator(
        id=r[0],
        name_sv=r[1],
        name_en=r[2],
        domain=r[3],
        value_type=ValueType(r[4]),
        unit=r[5],
        multiplier=r[6],
        numerator=r[7],
        denominator=r[8],
        weight=r[9],
        view_of=r[10],
        view_gender=Gender(r[11]) if r[11] else None,
        polarity=Polarity(r[12]),
        sensitive=bool(r[13]),
        min_cell=r[14],
        source_kind=r[15],
        source=r[16],
        kolada_id=r[17],
        quality=Quality(r[18]),
        by_gender=bool(r[19]),
        in_seed=bool(r[20]),
        definition=r[21],
        confirmed=bool(r[23]) if r[23] is not None else True,
        complete_count=bool(r[24]),
    )
