"""Shared fixtures. The demo database is built once per test session from the shipped files.

* ``engine``: ``duckdb``, and in the directories of :data:`BOTH_ENGINES` also ``postgresql``
  (test ids ``[duckdb]`` and ``[postgresql]``); the fixtures below that write follow it;
* ``store``: a fresh, empty, migrated store for one test (closed after): in-memory DuckDB, or
  a fresh PostgreSQL database of the session's throwaway cluster (tests/postgres_cluster.py);
* ``pg_cluster``: that cluster (started on first use, stopped at the session's end);
* ``demo_db``: the session's demo database file (built once per session, per xdist worker);
* ``demo_engine``: the engine of the shared demo, parametrised (session scope) like ``engine``;
  ``demo_store`` / ``dataset`` / ``demo_app`` / ``client``: the shared demo and its app on that
  engine, read only (on PostgreSQL a database of its own, copied from ``pg_demo_template``;
  each made once per session and engine); ``fresh_client``: a client of that app with its own
  cookies;
* ``demo_copy``: a writable copy of the demo database file, for tests that open it themselves
  (the CLI, imports into the demo data); ``demo_target``: the same on the test's engine (a
  file, or a URL of ``pg_demo_copy``: the demo copied into PostgreSQL once per session);
* ``site``: a fresh app over a copy of the demo database (on the test's engine) with one user
  per role and the fast password hasher injected, for tests that write (``site_settings`` may
  be overridden).

Tests that must open a database file themselves (crash, lock, backup, restore, CLI) do so.

No test may reach the network: socket connections to anything but localhost fail loudly.
"""

from __future__ import annotations

import gc
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kommunanalys.config import Settings
from kommunanalys.demo.build import build_demo
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.store.transfer import copy_database
from kommunanalys.web import create_app
from tests.postgres_cluster import MISSING, Cluster, binaries
from tests.site import Site, copy_db, make_site, site_over

DATA = Path(__file__).parent / "data"

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
        self.close()
        raise RuntimeError(f"tests must not use the network (tried {address!r})")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    store = Store.open(path)
    build_demo(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def demo_engine(request: pytest.FixtureRequest) -> str:
    """The engine of the session's shared demo (``demo_store`` and what is built on it):
    ``duckdb``, and in the directories of :data:`BOTH_ENGINES` also ``postgresql``."""
    return str(getattr(request, "param", "duckdb"))


class _Shared:
    """The shared demo's store, dataset, app and client per engine, made once per session (per
    xdist worker) and kept across switches of ``demo_engine``: pytest tears a parametrised
    session fixture down whenever the next test has the other engine."""

    def __init__(self) -> None:
        self.stores: dict[str, Store] = {}
        self.datasets: dict[str, Dataset] = {}
        self.apps: dict[str, FastAPI] = {}
        self.clients: dict[str, TestClient] = {}

    def close(self) -> None:
        """Drop the apps and datasets first (their snapshots give their connections back while
        the interpreter is whole), then close the stores."""
        self.clients.clear()
        self.apps.clear()
        self.datasets.clear()
        gc.collect()
        for store in self.stores.values():
            store.close()


@pytest.fixture(scope="session")
def _shared() -> Iterator[_Shared]:
    shared = _Shared()
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def demo_store(demo_engine: str, _shared: _Shared, request: pytest.FixtureRequest) -> Store:
    """The session's demo, read only: the DuckDB file (``demo_db``), or on PostgreSQL a
    database of its own, copied from the demo template (``pg_demo_template``)."""
    if demo_engine not in _shared.stores:
        if demo_engine == "postgresql":
            cluster: Cluster = request.getfixturevalue("pg_cluster")
            source: Path | str = cluster.create_database(
                request.getfixturevalue("pg_demo_template")
            )
        else:
            source = request.getfixturevalue("demo_db")
        _shared.stores[demo_engine] = Store.open(source)
    return _shared.stores[demo_engine]


@pytest.fixture(scope="session")
def dataset(demo_engine: str, demo_store: Store, _shared: _Shared) -> Dataset:
    if demo_engine not in _shared.datasets:
        _shared.datasets[demo_engine] = Dataset(demo_store)
    return _shared.datasets[demo_engine]


@pytest.fixture(scope="session")
def demo_app(demo_engine: str, demo_store: Store, _shared: _Shared) -> FastAPI:
    """The web app over the session's demo store (read only: tests that write use ``site``)."""
    if demo_engine not in _shared.apps:
        _shared.apps[demo_engine] = create_app(demo_store)
    return _shared.apps[demo_engine]


@pytest.fixture(scope="session")
def client(demo_engine: str, demo_app: FastAPI, _shared: _Shared) -> TestClient:
    if demo_engine not in _shared.clients:
        _shared.clients[demo_engine] = TestClient(demo_app)
    return _shared.clients[demo_engine]


@pytest.fixture
def fresh_client(demo_app: FastAPI) -> TestClient:
    """A client of the demo app with cookies of its own (for tests that set the language)."""
    return TestClient(demo_app)


#: The test directories whose tests of the database (``store``, ``site``, ``engine``) run on
#: both engines.
BOTH_ENGINES = ("store", "ingest", "privacy", "goals", "access", "web", "cli")
ENGINES = ("duckdb", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``engine`` (and so ``store`` and ``site``) and ``demo_engine`` (the shared demo:
    ``demo_store``, ``dataset``, ``client``) on both engines in the directories of
    :data:`BOTH_ENGINES`; elsewhere DuckDB. A test that uses both has one engine: ``engine``
    follows ``demo_engine``."""
    names = metafunc.fixturenames
    if "engine" not in names and "demo_engine" not in names:
        return
    parts = Path(str(metafunc.definition.path)).relative_to(Path(__file__).parent).parts
    if not parts or parts[0] not in BOTH_ENGINES:
        return
    engines = ENGINES[:1] if metafunc.definition.get_closest_marker("duckdb_only") else ENGINES
    if "demo_engine" in names:
        metafunc.parametrize("demo_engine", engines, indirect=True, ids=engines, scope="session")
    else:
        metafunc.parametrize("engine", engines, indirect=True, ids=engines)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine of this test's database: ``duckdb`` or ``postgresql`` (parametrised in the
    directories of :data:`BOTH_ENGINES`; in a test that also uses the shared demo, its engine)."""
    if hasattr(request, "param"):
        return str(request.param)
    if "demo_engine" in request.fixturenames:
        return str(request.getfixturevalue("demo_engine"))
    return "duckdb"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "duckdb_only(reason): a test of what only the DuckDB engine does (its ``store`` is not "
        "run on PostgreSQL)",
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster (Unix socket only) for the whole session."""
    if binaries() is None:
        pytest.fail(MISSING)
    cluster = Cluster()
    yield cluster
    cluster.stop()


def _migrated(url: str) -> None:
    Store.open(url).close()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database (a copy of one migrated once), dropped after."""
    url = pg_cluster.create_database(pg_cluster.template("kommunanalys_template", _migrated))
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture
def store(engine: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh, empty, migrated store: in-memory DuckDB, or (``engine`` postgresql) a fresh
    PostgreSQL database."""
    if engine == "postgresql":
        url = request.getfixturevalue("pg_url")
        store = Store.open(url)
    else:
        store = Store.memory()
    yield store
    store.close()


def _demo_on(source: Path) -> Callable[[str], None]:
    def prepare(url: str) -> None:
        demo, target = Store.open(source, read_only=True), Store.open(url)
        try:
            copy_database(demo.snapshot(), target)
        finally:
            demo.close()
            target.close()

    return prepare


@pytest.fixture(scope="session")
def pg_demo_template(
    demo_db: Path, pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The name of a PostgreSQL database holding the session's demo, row for row (copied from
    the DuckDB file once, as ``migrate-db`` does), for copies.

    Copied from a copy of the file as built (``copy_db``), not from ``demo_db`` itself: the
    shared DuckDB store has that file open, and what earlier tests wrote through it (an
    anonymous refusal's audit row, an export's) sits in its write-ahead log, which a store
    opened on the same file in this process reads too. The template was then made with those
    rows whenever a DuckDB test that wrote came first in the worker, and every PostgreSQL
    copy counted one audit event too many (two tests of test_goal_pages failed so, now and
    then, under ``-n 2``)."""
    pristine = copy_db(demo_db, tmp_path_factory.mktemp("pg_demo") / "demo.duckdb")
    return pg_cluster.template("kommunanalys_demo", _demo_on(pristine))


@pytest.fixture
def pg_demo_copy(pg_cluster: Cluster, pg_demo_template: str) -> Iterator[str]:
    """A writable PostgreSQL copy of the demo (``CREATE DATABASE … TEMPLATE``), dropped after."""
    url = pg_cluster.create_database(pg_demo_template)
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture(scope="session")
def pg_demo_read(pg_cluster: Cluster, pg_demo_template: str) -> str:
    """A PostgreSQL copy of the demo for the session's readers (never write it)."""
    return pg_cluster.create_database(pg_demo_template)


@pytest.fixture
def demo_source(engine: str, request: pytest.FixtureRequest) -> Path | str:
    """The session's demo on this test's engine, to read: the DuckDB file (``demo_db``) or a
    PostgreSQL URL (``pg_demo_read``)."""
    if engine == "postgresql":
        return str(request.getfixturevalue("pg_demo_read"))
    return Path(request.getfixturevalue("demo_db"))


@pytest.fixture
def new_target(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """A database that does not exist yet on this test's engine (``init`` or the first command
    makes it): a DuckDB file name in ``tmp_path``, or an empty PostgreSQL database."""
    if engine != "postgresql":
        yield tmp_path / "ny.duckdb"
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def demo_target(engine: str, request: pytest.FixtureRequest) -> Path | str:
    """A writable copy of the demo on this test's engine: a DuckDB file (``demo_copy``) or a
    PostgreSQL URL (``pg_demo_copy``), for ``--db`` and ``Store.open``."""
    if engine == "postgresql":
        return str(request.getfixturevalue("pg_demo_copy"))
    return Path(request.getfixturevalue("demo_copy"))


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A writable copy of the session's demo database file (never write the shared one)."""
    return copy_db(demo_db, tmp_path / "demo.duckdb")


@pytest.fixture
def site_settings() -> Settings:
    """The settings of the ``site`` fixture's app (a module may override this fixture)."""
    return Settings.for_tests()


@pytest.fixture
def site(
    engine: str,
    demo_db: Path,
    tmp_path: Path,
    site_settings: Settings,
    request: pytest.FixtureRequest,
) -> Iterator[Site]:
    """A fresh copy of the demo database with its own app and one user per role (on
    PostgreSQL: a copy of the demo there)."""
    if engine == "postgresql":
        site = site_over(Store.open(request.getfixturevalue("pg_demo_copy")), site_settings)
    else:
        site = make_site(demo_db, tmp_path, site_settings)
    yield site
    site.store.close()
