"""An indicator an import created that turns out to be one the catalogue knows: its values
move to the known indicator as revisions (an import of their own, with the analyst as actor
and an audit entry), and the duplicate is removed, all or nothing (issue 21 item 3; at upload
time the same choice is :func:`kommunanalys.ingest.pipeline.import_extract`'s
``indicator_map``)."""

from __future__ import annotations

from dataclasses import replace

from kommunanalys.ingest.pipeline import ImportResult, import_extract
from kommunanalys.model import Observation
from kommunanalys.refresh import refresh_derived
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import Extract
from kommunanalys.store import Store

SOURCE = "indicator-map"


class _Refused(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__(result.summary())
        self.result = result


def map_to_known(
    store: Store, new: str, known: str, actor: str, *, refresh: bool = True
) -> ImportResult:
    """Move the current values of ``new`` (unconfirmed, made by an import) to the confirmed
    catalogue indicator ``known`` and remove ``new``. The values are validated as any import
    (a problem leaves the database as it was) and written as new values or revisions of
    ``known``; the result's ``mapped`` is ``((new, known),)``."""
    description = f"{new} → {known}"
    where = Where(f"indikator {new}")
    indicators = {i.id: i for i in store.indicators()}
    problems = []
    if new not in indicators or indicators[new].confirmed:
        problems.append(Problem(where, f"{new} är ingen obekräftad indikator från en import"))
    target = indicators.get(known)
    if target is None or not target.confirmed or target.is_view or known == new:
        problems.append(Problem(where, f"indikatorn {known} finns inte i katalogen"))
    base = ImportResult(source=SOURCE, description=description)
    if problems:
        return replace(base, problems=tuple(problems))
    rows = [
        SourceRow(
            Observation(
                known,
                v.area,
                v.division,
                v.period,
                v.value,
                v.gender,
                v.age_group,
                v.numerator,
                v.denominator,
                v.status,
                source=indicators[new].source,
            ),
            where,
        )
        for v in store.current_observations([new])
    ]
    extract = Extract(source=SOURCE, description=description, rows=rows)
    try:
        with store.transaction():
            result = import_extract(store, extract, actor=actor, refresh=False)
            if result.problems:
                raise _Refused(result)
            store.remove_indicator(new)
            store.audit.record(
                actor,
                "indicator",
                f"indicator:{new}",
                old={"indicator": new, "values": len(rows)},
                new={"indicator": known, "import": result.record.id if result.record else None},
                detail=f"{description}: {result.summary()}",
            )
            if refresh:
                refresh_derived(store)
    except _Refused as refused:
        return refused.result
    return replace(result, mapped=((new, known),))
