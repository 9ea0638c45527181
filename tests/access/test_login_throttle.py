"""Login throttling per account and per address with back-off (issue 23 item 6), kept in the
database so that every server process and a restart share it (issue 19), bounded; and proxy
headers trusted only from configured proxies. On both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kommunanalys.access import accounts as accounts_module
from kommunanalys.access.accounts import Accounts, LoginThrottled, Throttle
from kommunanalys.access.roles import Role
from kommunanalys.config import LIMITS, Limits, Settings
from kommunanalys.store import Store
from kommunanalys.store.postgres import PostgresBackend
from kommunanalys.web import create_app
from tests.site import FAST_HASHER, PASSWORDS, Site
from tests.store.old_schema import database_at

OFFICE = "10.0.0.1"


def _accounts(store: Store, clock: list[float], **limits: int) -> Accounts:
    throttle = Throttle(store.accounts.throttle, Limits(**limits), clock=lambda: clock[0])
    accounts = Accounts(store, throttle, hasher=FAST_HASHER)
    accounts.add_user("anna", "rätt-lösenord-1", Role.ANALYST)
    accounts.add_user("bo", "rätt-lösenord-2", Role.ANALYST)
    return accounts


def _fail(accounts: Accounts, name: str, address: str = OFFICE) -> type[Exception]:
    try:
        accounts.login(name, "fel-lösenord", address)
    except LoginThrottled:
        return LoginThrottled
    except Exception as exc:
        return type(exc)
    raise AssertionError("a wrong password logged in")


def test_guessing_invented_names_never_blocks_a_real_users_first_login(store: Store) -> None:
    clock = [0.0]
    accounts = _accounts(store, clock, login_address_failures=3)
    for k in range(12):
        assert _fail(accounts, f"påhittad{k}") is not LoginThrottled
    # a real user who never logged in from this address gets in at once
    assert accounts.login("anna", "rätt-lösenord-1", OFFICE).user.username == "anna"
    # and the guesses left a bounded trail
    assert store.audit.count(action="login.failed") == 3


def test_repeated_failures_on_one_account_back_off_and_double(store: Store) -> None:
    clock = [0.0]
    accounts = _accounts(store, clock, login_account_failures=5, login_backoff=30)
    for _ in range(5):
        assert _fail(accounts, "anna", f"192.0.2.{clock[0]:.0f}") is not LoginThrottled
        clock[0] += 1
    # from any address, the account waits 30 s after its last failure
    assert _fail(accounts, "anna", "198.51.100.7") is LoginThrottled
    with pytest.raises(LoginThrottled):
        accounts.login("anna", "rätt-lösenord-1", "198.51.100.7")
    clock[0] += 30
    assert _fail(accounts, "anna") is not LoginThrottled  # the sixth failure: now 60 s
    clock[0] += 45
    assert _fail(accounts, "anna") is LoginThrottled
    clock[0] += 20
    assert accounts.login("anna", "rätt-lösenord-1").user.username == "anna"
    # another account was never held back
    assert accounts.login("bo", "rätt-lösenord-2", OFFICE).user.username == "bo"
    assert store.audit.count(action="login.throttled") == 2  # one per back-off, not per try


def test_spraying_real_accounts_from_one_address_backs_the_address_off(store: Store) -> None:
    clock = [0.0]
    accounts = _accounts(store, clock, login_address_failures=4)
    accounts.login("bo", "rätt-lösenord-2", OFFICE)  # bo has logged in from the office
    for _ in range(2):
        for name in ("anna", "bo"):
            _fail(accounts, name, "203.0.113.9")
    assert _fail(accounts, "anna", "203.0.113.9") is LoginThrottled
    with pytest.raises(LoginThrottled):  # the address waits, for every account
        accounts.login("bo", "rätt-lösenord-2", "203.0.113.9")
    for _ in range(4):
        _fail(accounts, "anna", OFFICE)
    # bo, known at the office, still gets in from there; the office's sprayed account does not
    assert accounts.login("bo", "rätt-lösenord-2", OFFICE).user.username == "bo"


def _beside(store: Store) -> Store:
    """Another connection to ``store``'s database, as a second server process has (a DuckDB
    file has one process: there it is the same store)."""
    if isinstance(store.backend, PostgresBackend):
        return Store.open(store.backend.url)
    return store


def test_two_servers_on_one_database_share_a_lock_out(store: Store) -> None:
    first = Accounts(store, hasher=FAST_HASHER)
    first.add_user("anna", "rätt-lösenord-1", Role.ANALYST)
    other = _beside(store)
    try:
        second = Accounts(other, hasher=FAST_HASHER)  # another worker, or after a restart
        for k in range(LIMITS.login_account_failures):
            assert _fail(first if k % 2 else second, "anna") is not LoginThrottled
        assert _fail(second, "anna") is LoginThrottled
        with pytest.raises(LoginThrottled):
            first.login("anna", "rätt-lösenord-1", OFFICE)
        # one audit row for the back-off, though both refused
        assert store.audit.count(action="login.throttled") == 1
        # an address known from a login in one worker is known in the other
        second.throttle.succeed("anna", "192.0.2.1")
        assert first.throttle.rows.known("anna", "192.0.2.1")
    finally:
        if other is not store:
            other.close()


def test_the_throttle_is_bounded_and_forgets_after_its_window(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts_module, "MAX_KEYS", 40)
    clock = [1000.0]
    accounts = _accounts(store, clock, login_address_failures=3, login_window=900)
    for k in range(100):  # the public guessing invented names: two rows each, bounded
        accounts.throttle.fail(f"påhittad{k}", f"192.0.2.{k % 7}", exists=False)
        clock[0] += 0.5
    rows = store.backend.query("SELECT count(*) FROM login_failure")[0][0]
    assert rows <= 40
    # one key keeps only what its rules can tell apart
    for _ in range(60):
        accounts.throttle.fail("bo", OFFICE, exists=True)
        clock[0] += 1
    assert store.accounts.throttle.count("user:bo", 0) == accounts.throttle.keep
    # once the window has passed, a failure prunes everything older
    clock[0] += 901
    accounts.throttle.fail("anna", OFFICE, exists=True)
    assert store.backend.query("SELECT count(*) FROM login_failure")[0][0] == 2
    for k in range(60):  # pairs that logged in: bounded too
        accounts.throttle.succeed("anna", f"198.51.100.{k}")
        clock[0] += 1
    assert store.backend.query("SELECT count(*) FROM login_known")[0][0] == 40
    assert accounts.throttle.rows.known("anna", "198.51.100.59")
    assert not accounts.throttle.rows.known("anna", "198.51.100.0")


def test_a_schema_16_database_gets_the_throttle_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = database_at(path, 16)
    con.execute(
        "INSERT INTO app_user VALUES ('anna', 'Anna', 'analyst', '', '', 'x', true, "
        "current_timestamp)"
    )
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() >= 17
        assert store.backend.query("SELECT username FROM app_user") == [("anna",)]
        assert store.backend.query("SELECT count(*) FROM login_failure") == [(0,)]
        accounts = Accounts(store, hasher=FAST_HASHER)
        for _ in range(LIMITS.login_account_failures):
            _fail(accounts, "anna")
        assert _fail(accounts, "anna") is LoginThrottled
    finally:
        store.close()


def test_five_invented_names_do_not_block_a_real_login_through_the_web(site: Site) -> None:
    client = site.anonymous()
    for k in range(LIMITS.login_account_failures + 3):
        answer = client.post("/login", data={"username": f"x{k}", "password": "fel-losenord"})
        assert answer.status_code == 401
    real = client.post(
        "/login",
        data={"username": "analytiker", "password": PASSWORDS["analytiker"]},
        follow_redirects=False,
    )
    assert real.status_code == 303


def _app_with(site: Site, proxies: frozenset[str]) -> TestClient:
    settings = Settings.for_tests(trusted_proxies=proxies)
    return TestClient(create_app(site.store, settings=settings, hasher=FAST_HASHER))


def test_forwarded_for_is_ignored_unless_the_proxy_is_configured(site: Site) -> None:
    cases = ((frozenset(), "testclient"), (frozenset({"testclient"}), "198.51.100.4"))
    for proxies, expected in cases:
        client = _app_with(site, proxies)
        client.post(
            "/login",
            data={"username": "analytiker", "password": "fel-losenord"},
            headers={"X-Forwarded-For": "203.0.113.250, 198.51.100.4"},
        )
        [event] = site.store.audit.events(action="login.failed", limit=1)
        assert event.detail == expected


def test_the_trusted_proxies_come_from_the_environment() -> None:
    settings = Settings.from_env({"KOMMUNANALYS_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.5"})
    assert settings.trusted_proxies == {"127.0.0.1", "10.0.0.5"}
    assert Settings.from_env({}).trusted_proxies == frozenset()
