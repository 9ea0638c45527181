"""The secret key: production refuses to start without a real one; dev and demo keep working."""

from __future__ import annotations

import pytest

from kommunanalys.config import (
    ENV_MODE,
    ENV_SECRET,
    MIN_SECRET_BITS,
    ConfigError,
    Settings,
    check_secret_key,
    new_secret_key,
    secret_key_bits,
)
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
        ("a" * 32, "går att gissa"),
        ("kommunanalys" * 3, "går att gissa"),
        ("correcthorsebatterystaple" * 2, "går att gissa"),
        ("abcdefabcdefabcdefabcdefabcdefabcdefab", "går att gissa"),
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


@pytest.mark.parametrize("mode", ["produktion", "prodution", "live", "yes"])
def test_an_unknown_mode_is_an_error_not_development(mode: str) -> None:
    with pytest.raises(ConfigError, match="inget känt läge") as refused:
        Settings.from_env({ENV_MODE: mode, ENV_SECRET: GOOD})
    assert ENV_MODE in str(refused.value) and mode in str(refused.value)


@pytest.mark.parametrize(
    ("mode", "production"),
    [("", False), ("development", False), ("demo", False), ("Production ", True), ("prod", True)],
)
def test_the_known_modes(mode: str, production: bool) -> None:
    assert Settings.from_env({ENV_MODE: mode, ENV_SECRET: GOOD}).production is production


def test_the_entropy_estimate_sees_repetition_and_passes_generated_keys() -> None:
    assert secret_key_bits("") == 0 and secret_key_bits("a" * 64) == 0
    # a repeated word counts once, however often it is repeated
    assert secret_key_bits("kommunanalys" * 3) == secret_key_bits("kommunanalys" * 9)
    assert secret_key_bits(GOOD) >= MIN_SECRET_BITS
    keys = {new_secret_key() for _ in range(2000)}
    assert len(keys) == 2000
    for key in keys:
        check_secret_key(key)  # a key from `kommunanalys secret` always passes
