"""Configuration: every bad value is named; defaults are the documented ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678"


def test_defaults() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, require_token=True)
    assert settings.api_url == "https://api.telegram.org"
    assert settings.database == Path("data/bot.sqlite3")
    assert settings.moderators == frozenset()
    assert settings.log_level == "INFO"
    assert settings.webhook_url is None and settings.webhook_port == 8443


def test_full_configuration() -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
            "BOT_DATABASE": "/data/x.sqlite3",
            "BOT_MODERATORS": " 11, 22 ,33",
            "BOT_LOG_LEVEL": "debug",
            "BOT_WEBHOOK_URL": "https://bot.example.org",
            "BOT_WEBHOOK_SECRET": "s3cret_-X",
            "BOT_WEBHOOK_PORT": "9000",
        },
        require_token=True,
    )
    assert settings.api_url == "http://127.0.0.1:8081"
    assert settings.moderators == frozenset({11, 22, 33})
    assert settings.log_level == "DEBUG"
    assert settings.webhook_port == 9000


def test_token_is_optional_for_the_local_chat() -> None:
    assert load_settings({}, require_token=False).token is None


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL"),
        ({"BOT_MODERATORS": "12,abc"}, "BOT_MODERATORS"),
        ({"BOT_LOG_LEVEL": "LOUD"}, "BOT_LOG_LEVEL"),
        ({"BOT_WEBHOOK_URL": "http://insecure.example"}, "BOT_WEBHOOK_URL"),
        ({"BOT_WEBHOOK_URL": "https://bot.example.org"}, "BOT_WEBHOOK_SECRET"),
        ({"BOT_WEBHOOK_SECRET": "has spaces"}, "BOT_WEBHOOK_SECRET"),
        ({"BOT_WEBHOOK_PORT": "70000"}, "BOT_WEBHOOK_PORT"),
    ],
)
def test_bad_values_name_the_variable(environ: dict[str, str], variable: str) -> None:
    if variable != "TELEGRAM_BOT_TOKEN":
        environ = {"TELEGRAM_BOT_TOKEN": TOKEN, **environ}
    with pytest.raises(ConfigError) as raised:
        load_settings(environ, require_token=True)
    assert raised.value.variable == variable
    assert str(raised.value).startswith(variable)


def test_a_bad_token_is_never_echoed() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"TELEGRAM_BOT_TOKEN": "secret value"}, require_token=True)
    assert "secret value" not in str(raised.value)
