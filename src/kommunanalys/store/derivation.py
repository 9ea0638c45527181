"""Derived values computed in the database, set by set (the rules: :mod:`kommunanalys.derive`).

A national import has ten million observations; as Python objects in one dict they took more
than 17 GB. Here every step is one set-based statement over a temporary working table, so the
engine decides how much to keep in memory (DuckDB spills joins and aggregates to disk) and no
row is ever a Python object:

1. the working table = the input values (the latest revision of every observation);
2. gender totals T = K + M for counts, where T is missing and K and M both have a value;
3. per hierarchy step (child division → parent division), the parents' sums (counts) and
   weighted means, where every child of the parent has a value and the parent has none
   (summed in the children's order, unless every count is a whole number that no order can
   round: :func:`_exact_sums`);
4. custom areas: the sum of their parts (counts) and their weighted means (means);
5. gender totals again (for the aggregated K and M: only in the divisions aggregated into);
6. every share and rate from its numerator and denominator, replacing any stored value of the
   ratio at that place: in catalogue order, in as few statements as the ratios' dependencies
   allow (a ratio of ratios sees the value computed before it); a ratio with no row of its
   numerator or its denominator has nothing to compute and is skipped;
7. ``derived_value`` replaced by the working table, sorted by key: reading one indicator,
   period and division then takes a third of the time, as the engine skips the blocks of
   other indicators, and one area's values lie together. The sort is the largest cost left
   (about half of a national derivation's CPU; bench/README.md, h23derive).

A weighted mean is summed in the engine's order, as the Python derivation summed in a dict's:
its last bit may differ between the two (the demo's values agree to 12 significant digits).
Types come from the backend's dialect: the statements are the engine-neutral subset.

The input relation, the indicators' rules, the areas' parents and the custom areas' parts are
given by the caller; the same statements serve a refresh (input: the stored observations) and
an in-memory derivation (input: values the caller loaded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.store.backend import Backend, DuckDBBackend
from kommunanalys.store.observation_parts import current_rows
from kommunanalys.store.store import VALUE_COLUMNS as COLUMNS

_PLACE = ("area", "division", "period", "gender", "age_group")
WORK = "derive_work"
_SPEC = "derive_spec"
_PARENT = "derive_parent"
_MEMBER = "derive_member"
_RATIO_SPEC = "derive_ratio_spec"
_RATIO = "derive_ratio"
_NUMERATOR = "derive_ratio_numerator"


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """What derivation needs of one indicator."""

    id: str
    value_type: str  # model.ValueType's value
    weight: str | None = None  # a mean's weight count
    #: A share or rate computed from these two (None for anything else).
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float = 1.0


def _same(left: str, right: str, columns: Sequence[str]) -> str:
    return " AND ".join(f"{left}.{c} = {right}.{c}" for c in columns)


def _absent(alias: str, division: str | None = None) -> str:
    """No working row with the key of ``alias`` (in ``division``, else ``alias``'s)."""
    where = _same("x", alias, ("indicator", "area", "period", "gender", "age_group"))
    division_test = f"x.division = {division}" if division else f"x.division = {alias}.division"
    return f"NOT EXISTS (SELECT 1 FROM {WORK} x WHERE {where} AND {division_test})"


_KEY = ("indicator", *_PLACE)
#: The latest revision of every stored observation, as a value row: the rows with no later
#: revision of their key (:func:`~kommunanalys.store.observation_parts.current_rows`).
_OBSERVED = current_rows(
    "o.indicator, o.area, o.division, o.period, o.gender, o.age_group, o.value, o.numerator, "
    "o.denominator, o.status, 'observed', coalesce(i.synthetic, false), o.import_id",
    join=" JOIN import i ON i.id = o.import_id",
)

Row = tuple[object, ...]


def derive_stored(
    backend: Backend,
    rules: Sequence[IndicatorRule],
    parents: Sequence[tuple[str, str, str]],
    hierarchy: Sequence[tuple[str, str]],
    members: Sequence[tuple[str, str, str, str]],
) -> int:
    """Replace ``derived_value`` by the stored observations and everything derived from them
    (all or nothing); the number of values."""
    with backend.transaction():
        _create_work(backend)
        backend.execute(f"INSERT INTO {WORK} {_OBSERVED}")
        derive_work(backend, rules, parents, hierarchy, members)
        count = int(backend.query(f"SELECT count(*) FROM {WORK}")[0][0])
        backend.execute("DELETE FROM derived_value")
        backend.execute(
            f"INSERT INTO derived_value ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} "
            f"FROM {WORK} ORDER BY indicator, area, division, period, gender, age_group"
        )
        _drop_work(backend)
    return count


def derive_rows(
    rows: Sequence[Row],
    rules: Sequence[IndicatorRule],
    parents: Sequence[tuple[str, str, str]],
    hierarchy: Sequence[tuple[str, str]],
    members: Sequence[tuple[str, str, str, str]],
) -> list[Row]:
    """The same derivation over ``rows`` (value rows in :data:`COLUMNS` order), in a private
    in-memory database; the rows with everything derived, sorted by key."""
    backend = DuckDBBackend()
    try:
        _create_work(backend)
        backend.bulk_insert(WORK, COLUMNS, rows)
        derive_work(backend, rules, parents, hierarchy, members)
        return backend.query(
            f"SELECT {', '.join(COLUMNS)} FROM {WORK} "
            "ORDER BY indicator, area, division, period, gender, age_group"
        )
    finally:
        backend.close()


def _create_work(backend: Backend) -> None:
    d = backend.dialect
    types = (d.text,) * 6 + (d.double,) * 3 + (d.text, d.text, "BOOLEAN", d.integer)
    _temp(backend, WORK, ", ".join(f"{c} {t}" for c, t in zip(COLUMNS, types, strict=True)))


def _temp(backend: Backend, table: str, columns: str) -> None:
    """A new, empty temporary table (one left by an interrupted run is replaced)."""
    backend.execute(f"DROP TABLE IF EXISTS {table}")
    backend.execute(f"CREATE TEMP TABLE {table} ({columns})")


def derive_work(
    backend: Backend,
    rules: Sequence[IndicatorRule],
    parents: Sequence[tuple[str, str, str]],
    hierarchy: Sequence[tuple[str, str]],
    members: Sequence[tuple[str, str, str, str]],
) -> None:
    """Add the derived values to the working table, in place.

    ``parents``: (code, division, parent code) of every area with a parent; ``hierarchy``:
    (child division, parent division) in the order of aggregation; ``members``: (custom area,
    its division, part, the part's division)."""
    _load_inputs(backend, rules, parents, members)
    index = backend.dialect.lookup_index(WORK, _KEY)
    if index:  # the NOT EXISTS tests look rows up by key (PostgreSQL: an index)
        backend.execute(index)
    _statistics(backend, WORK, _SPEC, _PARENT, _MEMBER)
    _gender_totals(backend)
    children: dict[str, dict[str, int]] = {}
    for _, division, parent in parents:
        counted = children.setdefault(division, {})
        counted[parent] = counted.get(parent, 0) + 1
    for child, parent in hierarchy:
        if not _has_rows(backend, child):
            continue  # nothing to sum
        most = max(children.get(child, {}).values(), default=1)
        exact = _exact_sums(backend, child, most)
        _aggregate(backend, child, parent, exact, not _has_rows(backend, parent))
    _statistics(backend, WORK)
    if members:
        _aggregate_custom(backend)
    # Again only where the aggregation wrote: elsewhere every row is one the first pass saw.
    _gender_totals(backend, _aggregated_divisions(hierarchy, members))
    # A ratio needs rows of its numerator and its denominator: the derivation makes no new
    # indicator but the ratios, so those present are the input's and the ratios made so far.
    present = {str(r[0]) for r in backend.query(f"SELECT DISTINCT indicator FROM {WORK}")}
    for batch in _batches(rules):
        wanted = [r for r in batch if {r.numerator, r.denominator} <= present]
        if wanted:
            _ratios(backend, wanted)
            present |= {r.id for r in wanted}


def _statistics(backend: Backend, *tables: str) -> None:
    """Let the engine's planner know the working tables' sizes (PostgreSQL gathers none for
    temporary tables by itself, and plans nested loops over millions of rows without)."""
    for table in tables:
        statement = backend.dialect.statistics(table)
        if statement:
            backend.execute(statement)


def _drop_work(backend: Backend) -> None:
    for table in (WORK, _SPEC, _PARENT, _MEMBER, _RATIO_SPEC, _RATIO, _NUMERATOR):
        backend.execute(f"DROP TABLE IF EXISTS {table}")


def _load_inputs(
    backend: Backend,
    rules: Sequence[IndicatorRule],
    parents: Sequence[tuple[str, str, str]],
    members: Sequence[tuple[str, str, str, str]],
) -> None:
    text = backend.dialect.text
    _temp(backend, _SPEC, f"id {text} PRIMARY KEY, value_type {text}, weight {text}")
    backend.bulk_insert(
        _SPEC, ("id", "value_type", "weight"), [(r.id, r.value_type, r.weight) for r in rules]
    )
    _temp(backend, _PARENT, f"code {text}, division {text}, parent {text}")
    backend.bulk_insert(_PARENT, ("code", "division", "parent"), list(parents))
    _temp(
        backend,
        _MEMBER,
        f"parent {text}, parent_division {text}, part {text}, part_division {text}",
    )
    backend.bulk_insert(
        _MEMBER, ("parent", "parent_division", "part", "part_division"), list(members)
    )


def _aggregated_divisions(
    hierarchy: Sequence[tuple[str, str]], members: Sequence[tuple[str, str, str, str]]
) -> list[str]:
    """The divisions the aggregation writes into: the hierarchy's parents and the custom
    areas' (sorted: the same statement text every time)."""
    return sorted({parent for _, parent in hierarchy} | {m[1] for m in members})


def _gender_totals(backend: Backend, divisions: Sequence[str] | None = None) -> None:
    """T = K + M for counts, where T is missing; K's other columns are kept (as before).

    One grouping of the counts' rows by place (indicator, area, division, period, age
    group) finds the places that lack a total and have values of K and M (the working table
    holds one row per key), and only those are joined with their K and M rows. At a national
    import every place has its total: the join of every K with its M and the lookup of a T
    took 2.3 s (CPU 4.5 s) to find nothing at 10 M rows, the grouping 1.4 s (CPU 2.7 s).

    ``divisions``: only in these (the second pass: after the first, a key outside the
    divisions the aggregation wrote into has the rows it had then, so its T is there or
    cannot be made; at a national import the second pass then reads the RegSO and kommun
    rows instead of every DeSO's too). None: everywhere."""
    where = ""
    params: tuple[str, ...] = ()
    if divisions is not None:
        if not divisions:
            return
        where = f" AND division IN ({', '.join('?' * len(divisions))})"
        params = tuple(divisions)

    place = ("indicator", "area", "division", "period", "age_group")
    backend.execute(
        f"INSERT INTO {WORK} WITH p AS (SELECT {', '.join(place)} FROM {WORK} "
        f"WHERE gender IN ('K', 'M', 'T'){where} AND indicator IN (SELECT id FROM {_SPEC} "
        f"WHERE value_type = 'count') GROUP BY {', '.join(place)} "
        "HAVING count(*) FILTER (WHERE gender = 'T') = 0 "
        "AND count(value) FILTER (WHERE gender = 'K') > 0 "
        "AND count(value) FILTER (WHERE gender = 'M') > 0) "
        "SELECT k.indicator, k.area, k.division, k.period, 'T', k.age_group, k.value + m.value, "
        "k.numerator, k.denominator, k.status, 'computed', k.synthetic OR m.synthetic, "
        f"k.import_id FROM p JOIN {WORK} k ON "
        + _same("k", "p", place)
        + f" AND k.gender = 'K' AND k.value IS NOT NULL JOIN {WORK} m ON "
        + _same("m", "p", place)
        + " AND m.gender = 'M' AND m.value IS NOT NULL",
        params,
    )


def _has_rows(backend: Backend, division: str) -> bool:
    """Whether the working table has a row in ``division`` (a scan that stops at the first,
    and skips the blocks whose divisions cannot match)."""
    return bool(backend.query(f"SELECT 1 FROM {WORK} WHERE division = ? LIMIT 1", (division,)))


def _exact_sums(backend: Backend, division: str, most_children: int) -> bool:
    """Whether every count in ``division`` is a whole number small enough that a sum of any
    ``most_children`` of them is exact in any order (each partial sum a whole number within
    2**53, which a double holds exactly), so the sum needs no order to be the same to the
    last bit. A count is a number of people or things, so a national import's always is."""
    bound = float(2**53 // max(most_children, 1))
    found = backend.query(
        f"SELECT 1 FROM {WORK} v WHERE v.division = ? AND v.indicator IN (SELECT id FROM "
        f"{_SPEC} WHERE value_type = 'count') AND (v.value <> floor(v.value) "
        "OR abs(v.value) > ?) LIMIT 1",
        (division, bound),
    )
    return not found


def _aggregate(
    backend: Backend, child: str, parent: str, exact: bool = False, vacant: bool = False
) -> None:
    """One hierarchy step: a parent's sum (counts) or weighted mean (means with a weight),
    only where every child has a value (and its weight) and the parent has no value.

    Counts and means are separate statements: the means' join with their weights would
    otherwise be built over every row of the step (more than half its time).

    Every sum is ordered by the child area: a floating-point sum depends on the order of its
    terms, and a parallel hash aggregate adds them in whatever order its threads meet them, so
    an unordered sum could differ in its last bit from one build to the next (and a value that
    sits on a rounding or comparison boundary would then flip). ``exact``: every count summed
    is a whole number that no order can round (:func:`_exact_sums`), so the counts' sums go
    unordered, the same to the last bit (ordering them was a third of the step's time).

    ``vacant``: the working table has no row in ``parent``, so no parent value can be there
    already, and the test for one (an anti-join of every group with the working table, a
    quarter of a national DeSO → RegSO step) is left out. The counts' statement writes only
    counts and the means' only means, so the means' keys are still free after the counts'."""
    total = "sum(v.value)" if exact else "sum(v.value ORDER BY v.area)"
    free, params = " AND " + _absent("g", "?"), [child, child, parent, parent]
    if vacant:
        free, params = "", [child, child, parent]
    backend.execute(
        f"INSERT INTO {WORK} "
        f"WITH p AS (SELECT code, parent FROM {_PARENT} WHERE division = ?), "
        "n AS (SELECT parent, count(*) AS children FROM p GROUP BY parent), "
        "g AS (SELECT v.indicator, p.parent AS area, v.period, v.gender, v.age_group, "
        f"count(*) AS members, count(v.value) AS known, {total} AS total, "
        "bool_or(v.synthetic) AS synthetic "
        f"FROM {WORK} v JOIN p ON p.code = v.area WHERE v.division = ? AND v.indicator IN "
        f"(SELECT id FROM {_SPEC} WHERE value_type = 'count') "
        "GROUP BY v.indicator, p.parent, v.period, v.gender, v.age_group) "
        "SELECT g.indicator, g.area, ?, g.period, g.gender, g.age_group, g.total, "
        "NULL, NULL, NULL, 'aggregated', g.synthetic, NULL "
        "FROM g JOIN n ON n.parent = g.area "
        "WHERE g.members = n.children AND g.known = g.members" + free,
        params,
    )
    backend.execute(
        f"INSERT INTO {WORK} "
        f"WITH p AS (SELECT code, parent FROM {_PARENT} WHERE division = ?), "
        "n AS (SELECT parent, count(*) AS children FROM p GROUP BY parent), "
        f"s AS (SELECT id, weight FROM {_SPEC} WHERE value_type = 'mean' "
        "AND weight IS NOT NULL), "
        "g AS (SELECT v.indicator, p.parent AS area, v.period, v.gender, v.age_group, "
        "count(*) AS members, count(v.value) AS known, count(w.value) AS weights, "
        "sum(w.value ORDER BY v.area) AS weight_total, "
        "sum(v.value * w.value ORDER BY v.area) AS weighted, "
        "bool_or(v.synthetic) AS synthetic "
        f"FROM {WORK} v JOIN p ON p.code = v.area JOIN s ON s.id = v.indicator "
        f"LEFT JOIN {WORK} w ON w.indicator = s.weight AND "
        + _same("w", "v", _PLACE)
        + " WHERE v.division = ? "
        "GROUP BY v.indicator, p.parent, v.period, v.gender, v.age_group) "
        "SELECT g.indicator, g.area, ?, g.period, g.gender, g.age_group, "
        "g.weighted / g.weight_total, NULL, NULL, NULL, 'aggregated', g.synthetic, NULL "
        "FROM g JOIN n ON n.parent = g.area "
        "WHERE g.members = n.children AND g.known = g.members AND g.weights = g.members "
        "AND g.weight_total > 0" + free,
        params,
    )


def _aggregate_custom(backend: Backend) -> None:
    """Custom areas: the sum of their parts (counts) and their weighted mean (means with a
    weight), where every part has a value (and its weight), summed in the parts' order, as
    a hierarchy step (:func:`_aggregate`) makes a RegSO's."""
    backend.execute(
        f"INSERT INTO {WORK} "
        f"WITH n AS (SELECT parent, parent_division, count(*) AS parts FROM {_MEMBER} "
        "GROUP BY parent, parent_division), "
        f"m AS (SELECT DISTINCT * FROM {_MEMBER}), "
        "g AS (SELECT v.indicator, m.parent AS area, m.parent_division AS division, v.period, "
        "v.gender, v.age_group, count(*) AS members, count(v.value) AS known, "
        "sum(v.value ORDER BY v.division, v.area) AS total, bool_or(v.synthetic) AS synthetic "
        f"FROM {WORK} v JOIN m ON m.part = v.area AND m.part_division = v.division "
        f"JOIN {_SPEC} s ON s.id = v.indicator WHERE s.value_type = 'count' "
        "GROUP BY v.indicator, m.parent, m.parent_division, v.period, v.gender, v.age_group) "
        "SELECT g.indicator, g.area, g.division, g.period, g.gender, g.age_group, g.total, "
        "NULL, NULL, NULL, 'aggregated', g.synthetic, NULL FROM g "
        "JOIN n ON n.parent = g.area AND n.parent_division = g.division "
        "WHERE g.members = n.parts AND g.known = g.members AND " + _absent("g")
    )
    backend.execute(
        f"INSERT INTO {WORK} "
        f"WITH n AS (SELECT parent, parent_division, count(*) AS parts FROM {_MEMBER} "
        "GROUP BY parent, parent_division), "
        f"m AS (SELECT DISTINCT * FROM {_MEMBER}), "
        f"s AS (SELECT id, weight FROM {_SPEC} WHERE value_type = 'mean' "
        "AND weight IS NOT NULL), "
        "g AS (SELECT v.indicator, m.parent AS area, m.parent_division AS division, v.period, "
        "v.gender, v.age_group, count(*) AS members, count(v.value) AS known, "
        "count(w.value) AS weights, sum(w.value ORDER BY v.division, v.area) AS weight_total, "
        "sum(v.value * w.value ORDER BY v.division, v.area) AS weighted, "
        "bool_or(v.synthetic) AS synthetic "
        f"FROM {WORK} v JOIN m ON m.part = v.area AND m.part_division = v.division "
        f"JOIN s ON s.id = v.indicator LEFT JOIN {WORK} w ON w.indicator = s.weight AND "
        + _same("w", "v", _PLACE)
        + " GROUP BY v.indicator, m.parent, m.parent_division, v.period, v.gender, "
        "v.age_group) "
        "SELECT g.indicator, g.area, g.division, g.period, g.gender, g.age_group, "
        "g.weighted / g.weight_total, NULL, NULL, NULL, 'aggregated', g.synthetic, NULL "
        "FROM g JOIN n ON n.parent = g.area AND n.parent_division = g.division "
        "WHERE g.members = n.parts AND g.known = g.members AND g.weights = g.members "
        "AND g.weight_total > 0 AND " + _absent("g")
    )


def _batches(rules: Sequence[IndicatorRule]) -> list[list[IndicatorRule]]:
    """The ratios in catalogue order, cut into batches that can each be one statement: a
    ratio whose numerator or denominator an earlier ratio of the batch computes starts a new
    batch (it must see that value, as when they were computed one at a time)."""
    batches: list[list[IndicatorRule]] = []
    written: set[str] = set()
    for rule in rules:
        if rule.numerator is None or rule.denominator is None:
            continue
        if not batches or {rule.numerator, rule.denominator} & written:
            batches.append([])
            written = set()
        batches[-1].append(rule)
        written.add(rule.id)
    return batches


def _ratios(backend: Backend, batch: Sequence[IndicatorRule]) -> None:
    """Shares and rates wherever the numerator has a value and the denominator a row: the
    status of either (numerator first), "0" for a zero denominator, else the quotient; each
    replaces any value of the ratio at that place."""
    d = backend.dialect
    _temp(
        backend,
        _RATIO_SPEC,
        f"id {d.text}, numerator {d.text}, denominator {d.text}, multiplier {d.double}",
    )
    backend.execute(f"DROP TABLE IF EXISTS {_RATIO}")
    backend.bulk_insert(
        _RATIO_SPEC,
        ("id", "numerator", "denominator", "multiplier"),
        [(r.id, r.numerator, r.denominator, float(r.multiplier)) for r in batch],
    )
    # The numerators with their ratio and denominator's id first, in a table of their own:
    # in one statement the engine joined numerators and denominators on the place alone (every
    # numerator met every indicator there: 56 M rows at 3 M observations, 6 s of CPU for a
    # statement that found nothing) and the ids after.
    backend.execute(f"DROP TABLE IF EXISTS {_NUMERATOR}")
    backend.execute(
        f"CREATE TEMP TABLE {_NUMERATOR} AS SELECT q.id, q.multiplier, q.denominator, "
        "v.area, v.division, v.period, v.gender, v.age_group, v.value, v.synthetic, v.status "
        f"FROM {_RATIO_SPEC} q JOIN {WORK} v ON v.indicator = q.numerator"
    )
    backend.execute(
        f"CREATE TEMP TABLE {_RATIO} AS "
        "WITH r AS (SELECT n.id, n.multiplier, n.area, n.division, n.period, n.gender, "
        "n.age_group, n.value AS num, d.value AS den, n.synthetic OR d.synthetic AS synthetic, "
        "CASE WHEN n.status IS NOT NULL AND n.status <> '' THEN n.status ELSE d.status END "
        f"AS status FROM {_NUMERATOR} n JOIN {WORK} d ON d.indicator = n.denominator AND "
        + _same("d", "n", _PLACE)
        + "), s AS (SELECT *, CASE WHEN status IS NULL AND den = 0 THEN '0' ELSE status END "
        "AS st FROM r WHERE status IS NOT NULL OR (num IS NOT NULL AND den IS NOT NULL)) "
        "SELECT id AS indicator, area, division, period, gender, age_group, "
        "CASE WHEN (st IS NULL OR st = '') AND num IS NOT NULL AND den IS NOT NULL "
        "THEN num / den * multiplier END AS value, num AS numerator, den AS denominator, "
        f"st AS status, 'computed' AS method, synthetic, CAST(NULL AS {d.integer}) AS import_id "
        "FROM s"
    )
    _statistics(backend, _RATIO)
    backend.execute(f"DELETE FROM {WORK} w USING {_RATIO} r WHERE " + _same("w", "r", _KEY))
    backend.execute(f"INSERT INTO {WORK} SELECT * FROM {_RATIO}")
