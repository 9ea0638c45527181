"""What a route needs from the app, as FastAPI dependencies.

:func:`kommunanalys.web.app.create_app` sets the objects on ``app.state`` once, at start;
routes receive them as typed parameters (``ds: DatasetDep``) and never read ``app.state``
themselves: this module and ``app.py`` are the only ones that do. A test may still replace an
object on ``app.state`` (another OpenID provider, a broken dataset): each request reads it
again.

The dataset is the one object that changes while the app runs: a snapshot of the database
(:class:`kommunanalys.refresh.Publisher`). An import asks the publisher for a refresh, which
runs in its own thread and swaps in a new :class:`Dataset` when it is ready; until then every
request reads the old one, whole and unblocked. Writes go to the store itself
(:func:`get_store`), never to a snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

from kommunanalys.access.accounts import Accounts
from kommunanalys.access.oidc import OidcClient
from kommunanalys.analysis.narrative import LanguageModelConfig
from kommunanalys.config import Settings
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.query import Dataset
from kommunanalys.refresh import Publisher
from kommunanalys.store import Store

if TYPE_CHECKING:  # the imports routes own their pending uploads; app.py makes the one object
    from kommunanalys.web.routes.imports import PendingImports


def _state(request: Request) -> Any:
    return request.app.state


def get_dataset(request: Request) -> Dataset:
    """The dataset every page and API answer reads (values gated, catalogue, areas); data
    another process wrote is published first (:meth:`Publisher.check`, once a second)."""
    _state(request).publisher.check()
    dataset: Dataset = _state(request).dataset
    return dataset


def get_publisher(request: Request) -> Publisher:
    """What publishes new data to the readers: after an import or a status change."""
    publisher: Publisher = _state(request).publisher
    return publisher


def get_store(request: Request) -> Store:
    """The store itself, as written now (imports, revisions, the audit trail); the readers'
    snapshot is :func:`get_dataset`."""
    store: Store = _state(request).store
    return store


def get_accounts(request: Request) -> Accounts:
    accounts: Accounts = _state(request).accounts
    return accounts


def get_goals(request: Request) -> GoalRepository:
    goals: GoalRepository = _state(request).goals
    return goals


def get_settings(request: Request) -> Settings:
    settings: Settings = _state(request).settings
    return settings


def get_oidc(request: Request) -> OidcClient | None:
    """The OpenID Connect client, or None when single sign-on is not configured."""
    oidc: OidcClient | None = getattr(_state(request), "oidc", None)
    return oidc


def get_language_model(request: Request) -> LanguageModelConfig | None:
    """The optional language model for the insights' summary."""
    config: LanguageModelConfig | None = _state(request).language_model
    return config


def get_pending_imports(request: Request) -> PendingImports:
    """Uploaded files waiting for the analyst's confirmation (see ``routes/imports.py``)."""
    pending: PendingImports = _state(request).pending_imports
    return pending


DatasetDep = Annotated[Dataset, Depends(get_dataset)]
StoreDep = Annotated[Store, Depends(get_store)]
PublisherDep = Annotated[Publisher, Depends(get_publisher)]
AccountsDep = Annotated[Accounts, Depends(get_accounts)]
GoalsDep = Annotated[GoalRepository, Depends(get_goals)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
OidcDep = Annotated[OidcClient | None, Depends(get_oidc)]
LanguageModelDep = Annotated[LanguageModelConfig | None, Depends(get_language_model)]
