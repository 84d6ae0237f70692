"""Typed settings from the environment, validated once at start and passed in explicitly."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE = "data/bot.sqlite3"
DEFAULT_WEBHOOK_PORT = 8443
#: Meta's confirmation email comes within minutes and setting changes show at once (see the
#: README), so a day leaves room for slow mail and spam folders without letting people forget.
DEFAULT_CHECK_AFTER = timedelta(days=1)
#: Confirmed, refused or unanswered objections are kept this long after they were resolved:
#: long enough to file a complaint with the evidence, then deleted.
DEFAULT_RETENTION = timedelta(days=90)
#: Messages per second for broadcasts: under Telegram's ~30/s, leaving room for replies.
DEFAULT_BROADCAST_RATE = 25.0
#: Telegram allows up to 1,000/s for paid broadcasts; more is a typo.
MAX_BROADCAST_RATE = 1000.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
# Telegram's rule for X-Telegram-Bot-Api-Secret-Token.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class ConfigError(Exception):
    """A configuration value is missing or invalid; the message names the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: str | None = None
    api_url: str = DEFAULT_API_URL
    database: Path = Path(DEFAULT_DATABASE)
    moderators: frozenset[int] = field(default_factory=frozenset)
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    check_after: timedelta = DEFAULT_CHECK_AFTER
    retention: timedelta = DEFAULT_RETENTION
    broadcast_rate: float = DEFAULT_BROADCAST_RATE
    report_threshold: int = 5
    report_window: timedelta = timedelta(days=1)
    form_check_every: timedelta | None = None

    @property
    def log_level_number(self) -> int:
        """The ``logging`` module's number for :attr:`log_level`."""
        return logging.getLevelNamesMapping()[self.log_level]


def _url(variable: str, value: str, *, https_only: bool) -> str:
    parts = urlsplit(value)
    schemes = ("https",) if https_only else ("http", "https")
    if parts.scheme not in schemes or not parts.netloc:
        expected = "an https:// URL" if https_only else "an http:// or https:// URL"
        raise ConfigError(variable, f"expected {expected}, got {value!r}")
    return value.rstrip("/")


def _moderators(value: str) -> frozenset[int]:
    ids: set[int] = set()
    for item in filter(None, (part.strip() for part in value.split(","))):
        if not re.fullmatch(r"-?\d{1,20}", item):
            raise ConfigError("BOT_MODERATORS", f"expected Telegram user ids, got {item!r}")
        ids.add(int(item))
    return frozenset(ids)


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ConfigError("BOT_WEBHOOK_PORT", f"expected a port from 1 to 65535, got {value!r}")
    return int(value)


def parse_duration(variable: str, value: str) -> timedelta:
    """``90s``, ``15m``, ``36h`` or ``2d`` as a positive duration."""
    match = re.fullmatch(r"(\d{1,7})([smhd])", value.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ConfigError(
            variable, f"expected a duration such as 90s, 15m, 36h or 2d, got {value!r}"
        )
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def load_settings(environ: Mapping[str, str], *, require_token: bool) -> Settings:
    """Read and validate the settings; raise :class:`ConfigError` on the first bad value."""
    env = {key: value.strip() for key, value in environ.items()}
    token = env.get("TELEGRAM_BOT_TOKEN") or None
    if token is None and require_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "required to serve Telegram (ask @BotFather)")
    if token is not None and not _TOKEN.match(token):
        # Never echo the value: it is a secret.
        raise ConfigError("TELEGRAM_BOT_TOKEN", "not a bot token (expected <digits>:<letters>)")

    log_level = (env.get("BOT_LOG_LEVEL") or "INFO").upper()
    if log_level not in _LOG_LEVELS:
        raise ConfigError("BOT_LOG_LEVEL", f"expected one of {', '.join(_LOG_LEVELS)}")

    webhook_url = env.get("BOT_WEBHOOK_URL") or None
    webhook_secret = env.get("BOT_WEBHOOK_SECRET") or None
    if webhook_url is not None:
        webhook_url = _url("BOT_WEBHOOK_URL", webhook_url, https_only=True)
        if webhook_secret is None:
            raise ConfigError("BOT_WEBHOOK_SECRET", "required when BOT_WEBHOOK_URL is set")
    if webhook_secret is not None and not _WEBHOOK_SECRET.match(webhook_secret):
        raise ConfigError("BOT_WEBHOOK_SECRET", "use 1-256 characters of A-Z, a-z, 0-9, _ and -")

    database = env.get("BOT_DATABASE") or DEFAULT_DATABASE
    return Settings(
        token=token,
        api_url=_url(
            "TELEGRAM_API_URL", env.get("TELEGRAM_API_URL") or DEFAULT_API_URL, https_only=False
        ),
        database=Path(database),
        moderators=_moderators(env.get("BOT_MODERATORS", "")),
        log_level=log_level,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_port=_port(env.get("BOT_WEBHOOK_PORT") or str(DEFAULT_WEBHOOK_PORT)),
        check_after=parse_duration(
            "BOT_CONFIRMATION_CHECK_AFTER", env.get("BOT_CONFIRMATION_CHECK_AFTER") or "1d"
        ),
        retention=parse_duration("BOT_RETENTION", env.get("BOT_RETENTION") or "90d"),
        broadcast_rate=_rate(env.get("BOT_BROADCAST_RATE") or str(DEFAULT_BROADCAST_RATE)),
        report_threshold=_positive(
            "BOT_FORM_REPORT_THRESHOLD", env.get("BOT_FORM_REPORT_THRESHOLD") or "5"
        ),
        report_window=parse_duration(
            "BOT_FORM_REPORT_WINDOW", env.get("BOT_FORM_REPORT_WINDOW") or "1d"
        ),
        form_check_every=(
            parse_duration("BOT_FORM_CHECK_EVERY", env["BOT_FORM_CHECK_EVERY"])
            if env.get("BOT_FORM_CHECK_EVERY", "off").lower() not in ("", "off")
            else None
        ),
    )


def _positive(variable: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(variable, f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _rate(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not 0 < rate <= MAX_BROADCAST_RATE:
        raise ConfigError(
            "BOT_BROADCAST_RATE",
            f"expected messages per second, above 0 and at most 1000, got {value!r}",
        )
    return rate
