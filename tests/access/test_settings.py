"""The secret key: production refuses to start without a real one; dev and demo keep working."""

from __future__ import annotations

import pytest

from kommunanalys.config import ENV_MODE, ENV_SECRET, ConfigError, Settings
from kommunanalys.store import Store
from kommunanalys.web import create_app

GOOD = "p3Yk2-very-long-random-secret-key-0123456789abcdef"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "utan hemlig nyckel"),
        ("", "utan hemlig nyckel"),
        ("changeme", "känt standardvärde"),
        ("SECRET", "känt standardvärde"),
        ("kort-nyckel", "för kort"),
    ],
)
def test_default_secret_key_in_production_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, store: Store, key: str | None, message: str
) -> None:
    monkeypatch.setenv(ENV_MODE, "production")
    if key is None:
        monkeypatch.delenv(ENV_SECRET, raising=False)
    else:
        monkeypatch.setenv(ENV_SECRET, key)
    with pytest.raises(ConfigError, match=message) as refused:
        create_app(store)
    assert ENV_SECRET in str(refused.value)  # the message says what to set


def test_production_starts_with_a_real_key(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    monkeypatch.setenv(ENV_MODE, "production")
    monkeypatch.setenv(ENV_SECRET, GOOD)
    app = create_app(store)
    assert app.state.settings.production and app.state.settings.secret_key == GOOD


def test_dev_and_demo_work_without_a_key_and_get_a_per_process_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_MODE, raising=False)
    monkeypatch.delenv(ENV_SECRET, raising=False)
    first, second = Settings.from_env(), Settings.from_env()
    assert not first.production and first.ephemeral_key
    assert len(first.secret_key) >= 32 and first.secret_key != second.secret_key
