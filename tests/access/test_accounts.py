"""Accounts on their own, over an in-memory store: the injected hasher, sessions, the rows
in ``store.accounts`` and the events in ``store.audit`` (the pages' tests run them through the
web app)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from kommunanalys.access.accounts import AccountError, Accounts
from kommunanalys.access.roles import Role
from kommunanalys.store import Store
from tests.site import FAST_HASHER


def test_passwords_are_hashed_with_the_injected_hasher(store: Store) -> None:
    Accounts(store, hasher=FAST_HASHER).add_user("anna", "anna-losenord-1", Role.ADMIN)
    stored = store.accounts.password_hash("anna")
    assert stored is not None and "$m=8192,t=1," in stored
    assert "anna-losenord-1" not in stored
    # any argon2 hasher verifies it: the parameters are in the hash
    assert PasswordHasher().verify(stored, "anna-losenord-1")


def test_the_public_is_no_users_role(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER)
    with pytest.raises(AccountError, match="Välj rollen"):
        accounts.add_user("erik", "erik-losenord-1", Role.PUBLIC)
    assert accounts.user("erik") is None
    assert store.audit.events(action="user.add") == []


def test_a_login_is_a_session_until_logout(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER)
    accounts.add_user("anna", "anna-losenord-1", Role.ANALYST, committee="socialnamnden")
    session = accounts.login("Anna ", "anna-losenord-1", client="10.0.0.1")
    assert accounts.session(session.token) == session
    accounts.logout(session.token)
    assert accounts.session(session.token) is None
    events = store.audit.events(target_prefix="user/anna")
    assert [(e.action, e.actor) for e in events] == [
        ("logout", "anna"),
        ("login", "anna"),
        ("user.add", "system"),
    ]
    assert events[1].detail == "10.0.0.1"


def test_a_wrong_password_is_refused_and_audited(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER)
    accounts.add_user("anna", "anna-losenord-1", Role.ADMIN)
    with pytest.raises(AccountError):
        accounts.login("anna", "fel-losenord-1")
    [failed] = store.audit.events(action="login.failed")
    assert failed.target == "user/anna"


def test_a_role_change_ends_the_users_sessions_in_one_transaction(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER)
    accounts.add_user("anna", "anna-losenord-1", Role.ADMIN)
    accounts.add_user("bo", "bo-losenord-12", Role.ANALYST, committee="socialnamnden")
    session = accounts.login("bo", "bo-losenord-12")
    accounts.change_user("bo", Role.ADMIN, actor="anna")
    assert accounts.session(session.token) is None
    assert store.accounts.user("bo") == ("bo", "bo", "admin", "", "")
    [change] = store.audit.events(action="user.change")
    assert (change.actor, change.target) == ("anna", "user/bo")
