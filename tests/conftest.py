"""Shared fixtures. The demo database is built once per test session from the shipped files.

No test may reach the network: socket connections to anything but localhost fail loudly.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kommunanalys.demo.build import build_demo
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app

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
def demo_store(demo_db: Path) -> Iterator[Store]:
    store = Store.open(demo_db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def dataset(demo_store: Store) -> Dataset:
    return Dataset(demo_store)


@pytest.fixture(scope="session")
def client(demo_store: Store) -> TestClient:
    return TestClient(create_app(demo_store))
