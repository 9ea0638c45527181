"""Analysts' data page: upload a file, read the validation report, confirm; import history;
indicators to confirm and their data-quality status; an indicator's revision history.

Uploads are streamed to a server-named file in a private folder (the client's file name is
only shown, never used as a path), limited in size, then checked by content. Nothing is
written before the analyst confirms the preview, and the confirmed import is the same
validated pipeline run again (all or nothing).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access import audit
from kommunanalys.access.roles import Forbidden, Role, User, require_role
from kommunanalys.errors import ErrorCode
from kommunanalys.formatting import format_number
from kommunanalys.i18n import gettext as _
from kommunanalys.i18n.language import current_language
from kommunanalys.ingest.indicators import set_indicator_status
from kommunanalys.ingest.uploads import UploadFolder, discard
from kommunanalys.model import Quality
from kommunanalys.query import UnknownIndicator
from kommunanalys.refresh import PublishState
from kommunanalys.sources.file_safety import MAX_FILE_BYTES
from kommunanalys.store import Store
from kommunanalys.web.dependencies import (
    DatasetDep,
    PublisherDep,
    StoreDep,
    get_pending_imports,
)
from kommunanalys.web.rendering import page_only, respond, wants_json
from kommunanalys.web.sessions import CurrentUser, check_csrf

if TYPE_CHECKING:  # the import's readers (files, sources) are loaded when a file is imported
    from kommunanalys.ingest import ImportResult

router = APIRouter(include_in_schema=False)


@dataclass
class Pending:
    token: str
    username: str
    name: str  # the client's file name, for display only
    path: Path
    mapping: Path | None
    created: float


class PendingImports:
    """Previews waiting for the analyst's confirmation, by token; their files wait in
    :class:`kommunanalys.ingest.uploads.UploadFolder` (stale folders of crashed processes are
    swept when it is made). One per app, made by ``create_app``."""

    def __init__(self, uploads: UploadFolder | None = None) -> None:
        self.uploads = uploads or UploadFolder()
        self.uploads.sweep_stale()
        self._items: dict[str, Pending] = {}

    @property
    def folder(self) -> Path:
        return self.uploads.folder

    def current(self) -> dict[str, Pending]:
        """The previews still waiting; older ones (``Limits.upload_max_age``) are discarded
        with their files, and so is any upload folder left that old."""
        for token, item in list(self._items.items()):
            if self.uploads.clock() - item.created > self.uploads.max_age:
                _discard(self._items.pop(token))
        self.uploads.sweep()
        return self._items


PendingDep = Annotated[PendingImports, Depends(get_pending_imports)]


def import_file(store: Store, path: Path, **options: Any) -> ImportResult:
    """:func:`kommunanalys.ingest.files.import_file`, its readers (the sources' formats)
    loaded at a server's first import, not at its start."""
    from kommunanalys.ingest.files import import_file as read

    return read(store, path, **options)


def _discard(item: Pending) -> None:
    discard(item.path.parent)


async def _save(upload: UploadFile, folder: Path, name: str) -> Path:
    """Stream to ``folder/name`` (a server-chosen name), refusing more than the limit."""
    target = folder / name
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise HTTPException(
                    413,
                    _("Filen är större än gränsen %(mb)s MB för uppladdning.")
                    % {"mb": MAX_FILE_BYTES // 1_000_000},
                )
            out.write(chunk)
    return target


def import_summary(result: ImportResult) -> str:
    """:meth:`ImportResult.summary` (the CLI's and the audit trail's Swedish sentence) in the
    reader's language, for the page; its counts as the language writes them ("12 345")."""
    lang = current_language()

    def n(count: int) -> str:
        return format_number(count, lang=lang)

    if result.problems:
        return _("Importen avvisades: %(n)s fel, inget skrevs.") % {"n": n(len(result.problems))}
    if not result.added and not result.revised:
        text = _("Inget nytt: alla %(n)s värden finns redan med samma värde.") % {
            "n": n(result.unchanged)
        }
    else:
        text = _("%(added)s nya, %(revised)s reviderade, %(unchanged)s oförändrade värden") % {
            "added": n(result.added),
            "revised": n(result.revised),
            "unchanged": n(result.unchanged),
        }
        if result.skipped:
            text += _(", %(n)s celler utanför kommunen eller utan indikator") % {
                "n": n(result.skipped)
            }
        text += "."
    if result.new_indicators:
        text += " " + _("%(n)s nya indikatorer att bekräfta.") % {
            "n": n(len(result.new_indicators))
        }
    if result.dry_run:
        text = _("Förhandsgranskning:") + " " + text
    return text


def _analyst(user: User) -> User:
    require_role(user, Role.ANALYST)
    return user


def _page(
    request: Request,
    store: Store,
    *,
    result: ImportResult | None = None,
    pending: Pending | None = None,
    publishing: PublishState | None = None,
    mapping_given: bool = False,
    status_code: int = 200,
) -> Response:
    imports = list(reversed(store.imports()))[:50]
    to_confirm = [i for i in store.indicators() if not i.confirmed]
    indicators = store.indicators()
    context = {
        "result": result,
        "pending": pending,
        "imports": imports,
        "to_confirm": to_confirm,
        "indicators": indicators,
        "indicator_by_id": {i.id: i for i in indicators},
        "qualities": list(Quality),
        "max_mb": MAX_FILE_BYTES // 1_000_000,
        "summary": import_summary(result) if result else "",
        "publishing": publishing,
        # a file of no known format: the page points at its own mapping field
        "ask_mapping": bool(result and result.needs_mapping and not mapping_given),
    }
    return respond(
        request,
        "imports.html",
        {
            "result": result_json(result) if result else None,
            "imports": [import_json(r) for r in imports],
            "to_confirm": [i.id for i in to_confirm],
            "publishing": publishing_json(publishing) if publishing else None,
            **page_only(context),
        },
        status_code=status_code,
    )


@router.get("/import")
@router.get("/import.json")
def imports_page(
    request: Request, user: CurrentUser, store: StoreDep, publisher: PublisherDep
) -> Response:
    _analyst(user)
    return _page(request, store, publishing=publisher.state())


@router.post("/import")
async def upload(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    pending: PendingDep,
    data_file: Annotated[UploadFile, File(alias="fil")],
    mapping_file: Annotated[UploadFile | None, File(alias="mappning")] = None,
    csrf: str = Form(""),
) -> Response:
    check_csrf(request, csrf)
    _analyst(user)
    uploads = pending.uploads
    folder = uploads.new()
    with uploads.holding(folder):  # a refused, unreadable or cancelled upload leaves no file
        display = Path(data_file.filename or "fil").name[:120]
        path = await _save(data_file, folder, "data")
        mapping = None
        if mapping_file is not None and mapping_file.filename:
            mapping = await _save(mapping_file, folder, "mappning.toml")
        result = import_file(
            store,
            path,
            mapping=mapping,
            actor=user.username,
            dry_run=True,
            display_name=display,
        )
    if not result.ok:
        discard(folder)
        return _page(
            request, store, result=result, mapping_given=mapping is not None, status_code=422
        )
    token = secrets.token_urlsafe(24)
    item = Pending(token, user.username, display, path, mapping, uploads.clock())
    pending.current()[token] = item
    return _page(request, store, result=result, pending=item)


@router.post("/import/bekrafta")
def confirm(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    pending: PendingDep,
    publisher: PublisherDep,
    token: str = Form(...),
    csrf: str = Form(""),
    links: Annotated[list[str], Form(alias="koppla")] = [],  # noqa: B006 (FastAPI copies it)
) -> Response:
    check_csrf(request, csrf)
    _analyst(user)
    # "NY=KÄND": the analyst put a new indicator's values in a catalogue one; "" keeps it new
    pairs = [link.partition("=") for link in links if link]
    indicator_map = {new: known for new, _, known in pairs if new and known}
    item = pending.current().pop(token, None)
    if item is None or item.username != user.username:
        raise Forbidden(ErrorCode.PREVIEW_GONE)
    try:
        result = import_file(
            store,
            item.path,
            mapping=item.mapping,
            actor=user.username,
            display_name=item.name,
            refresh=False,  # the publisher refreshes in its own thread; readers never wait
            indicator_map=indicator_map or None,
        )
    finally:
        _discard(item)
    if result.ok and (result.added or result.revised or result.new_indicators):
        publisher.publish()
    return _page(
        request,
        store,
        result=result,
        publishing=publisher.state(),
        status_code=200 if result.ok else 422,
    )


@router.post("/indikatorer/status")
def chosen_indicator_status(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    publisher: PublisherDep,
    indicator: Annotated[str, Form(alias="indikator")],
    quality: Annotated[str, Form(alias="kvalitet")],
    confirmed: Annotated[str, Form(alias="bekraftad")] = "nej",
    csrf: str = Form(""),
) -> Response:
    return indicator_status(request, user, store, publisher, indicator, quality, confirmed, csrf)


@router.post("/indikator/{indicator_id}/status")
def indicator_status(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    publisher: PublisherDep,
    indicator_id: str,
    quality: Annotated[str, Form(alias="kvalitet")],
    confirmed: Annotated[str, Form(alias="bekraftad")] = "nej",
    csrf: str = Form(""),
) -> Response:
    check_csrf(request, csrf)
    _analyst(user)
    try:
        chosen = Quality(quality)
    except ValueError:
        raise HTTPException(400, _("Okänd kvalitetsstatus '%(v)s'.") % {"v": quality}) from None
    try:
        set_indicator_status(
            store, indicator_id, user.username, quality=chosen, confirmed=confirmed == "ja"
        )
    except KeyError:
        raise UnknownIndicator(ErrorCode.UNKNOWN_INDICATOR, indicator=indicator_id) from None
    publisher.publish_now()  # a status is no value: nothing to refresh
    return RedirectResponse("/import#indikatorer", status_code=303)


@router.get("/indikator/{indicator_id}/historik")
@router.get("/indikator/{indicator_id}/historik.json")
def history(
    request: Request,
    user: CurrentUser,
    dataset: DatasetDep,
    store: StoreDep,
    indicator_id: str,
    area: Annotated[str | None, Query(alias="omrade")] = None,
) -> Response:
    """Every stored version of the indicator's values, as written now (an import not yet
    published included): old revisions are unprotected data, so only analysts see them."""
    _analyst(user)
    indicator = dataset.indicator(indicator_id)
    rows = store.history(indicator_id, area=area or None)
    if rows:  # old revisions are unprotected values: who read which, and how
        audit.record_export(
            store.audit,
            user.username,
            f"indicator:{indicator_id}/historik",
            fmt="json" if wants_json(request) else "html",
            rows=len(rows),
            selection={"omrade": area} if area else None,
        )
    return respond(
        request,
        "history.html",
        {
            "indicator": indicator_id,
            "revisions": [
                {
                    "area": r.area,
                    "division": r.division.value,
                    "period": r.period,
                    "gender": r.gender.value,
                    "age_group": r.age_group,
                    "revision": r.revision,
                    "value": r.value,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "status": r.status,
                    "import": r.import_id,
                    "imported_at": r.imported_at.isoformat(),
                    "imported_by": r.imported_by,
                }
                for r in rows
            ],
            **page_only({"indicator": indicator, "rows": rows, "area": area}),
        },
    )


def result_json(result: ImportResult) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "summary": result.summary(),
        "dry_run": result.dry_run,
        "added": result.added,
        "revised": result.revised,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
        "new_indicators": list(result.new_indicators),
        "needs_mapping": result.needs_mapping,
        "proposals": {
            new: [{"indicator": p.indicator, "score": p.score} for p in found]
            for new, found in result.proposals
        },
        "mapped": dict(result.mapped),
        "problems": [
            {
                "file": p.where.file,
                "sheet": p.where.sheet,
                "row": p.where.row,
                "column": p.where.column,
                "message": p.message,
            }
            for p in result.problems
        ],
    }


def publishing_json(state: PublishState) -> dict[str, Any]:
    """Whether the latest import is readable yet, and the data version the readers see."""
    latest = state.version.latest
    return {
        "publishing": state.publishing,
        "failed": state.failed,
        "data_version": {
            "imports": state.version.imports,
            "latest_import": latest.id if latest else None,
            "observations": state.version.observations,
        },
    }


def import_json(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "source": r.source,
        "description": r.description,
        "actor": r.actor,
        "started_at": r.started_at.isoformat(),
        "checksum": r.checksum,
        "files": list(r.files),
        "rows_read": r.rows_read,
        "added": r.rows_added,
        "revised": r.rows_revised,
        "unchanged": r.rows_unchanged,
        "skipped": r.rows_skipped,
    }
