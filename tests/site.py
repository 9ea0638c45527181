"""Writable copies of the demo database: ``copy_db``, and a :class:`Site` (a fresh copy with
its own app and one user per role) for the access, admin, security, i18n and import-page tests
(each test gets its own copy: logins, throttles and audit counts never leak between tests). The
``demo_copy`` and ``site`` fixtures in tests/conftest.py make one per test."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kommunanalys.access.accounts import Accounts
from kommunanalys.access.roles import Role
from kommunanalys.config import Settings
from kommunanalys.store import Store
from kommunanalys.store.audit import AuditEvent
from kommunanalys.web import create_app

CID = "socialnamnden"
#: real argon2, at a cost that keeps the suite fast (injected wherever a password is hashed)
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8192)
PASSWORDS = {
    "admin": "admin-losenord-2025",
    "analytiker": "analys-losenord-2025",
    "hr.redaktor": "hr-losenord-2025",
    "ekonomi.redaktor": "ekonomi-losenord-2025",
}


@dataclass
class Site:
    store: Store
    app: FastAPI

    @property
    def accounts(self) -> Accounts:
        return Accounts(self.store, hasher=FAST_HASHER)

    def anonymous(self) -> TestClient:
        return TestClient(self.app)

    def login(self, username: str) -> TestClient:
        client = TestClient(self.app)
        response = client.post(
            "/login",
            data={"username": username, "password": PASSWORDS[username]},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return client

    def events(self, action: str | None = None, actor: str | None = None) -> list[AuditEvent]:
        return self.store.audit.events(action=action, actor=actor)


def csrf_of(client: TestClient, page: str = "/") -> str:
    """The session's CSRF token, read from a page the way a browser's form carries it."""
    match = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert match, "the page of a signed-in user has no CSRF field"
    return match.group(1)


def copy_db(demo_db: Path, target: Path) -> Path:
    """A writable copy of the session's demo database, as built (never write the shared one).

    Only the file is copied, not its write-ahead log: the build closed its store, so the file
    holds the whole demo, and the log holds only what other tests wrote through the shared
    store (export audit entries, users), which must not leak into this test's copy."""
    shutil.copyfile(demo_db, target)
    return target


def make_site(demo_db: Path, folder: Path, settings: Settings | None = None) -> Site:
    return site_over(Store.open(copy_db(demo_db, folder / "site.duckdb")), settings)


def site_over(store: Store, settings: Settings | None = None) -> Site:
    """A :class:`Site` over ``store`` (a fresh copy of the demo on either engine)."""
    app = create_app(store, settings=settings or Settings.for_tests(), hasher=FAST_HASHER)
    site = Site(store, app)
    accounts = site.accounts
    accounts.add_user("admin", PASSWORDS["admin"], Role.ADMIN)
    accounts.add_user("analytiker", PASSWORDS["analytiker"], Role.ANALYST, committee=CID)
    accounts.add_user(
        "hr.redaktor", PASSWORDS["hr.redaktor"], Role.EDITOR, committee=CID, unit="hr"
    )
    accounts.add_user(
        "ekonomi.redaktor",
        PASSWORDS["ekonomi.redaktor"],
        Role.EDITOR,
        committee=CID,
        unit="ekonomi",
    )
    return site
