"""Shared fixtures: a loopback fake Bot API and the real bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.fakeapi import FakeBotApi, FakeUser
from bot.i18n import Catalogs
from bot.lifecycle import running_bot
from bot.settings import Settings

TOKEN = "1000000001:test-token-for-the-loopback-fake-api"


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    """Loading every catalog once per test session keeps the suite quick."""
    return Catalogs()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API; every test ends by checking the bot sent nothing Telegram would reject."""
    async with FakeBotApi(token=TOKEN) as server:
        yield server
        assert server.violations == [], server.violations


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A real SQLite file, fresh for each test."""
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def settings(api: FakeBotApi, database: Path) -> Settings:
    """Settings pointing the bot at the fake API and the test's database."""
    return Settings(
        token=TOKEN,
        api_url=api.url,
        database=database,
        moderators=frozenset({1}),
        check_after=timedelta(seconds=1),
    )


@pytest.fixture
async def bot(settings: Settings, catalogs: Catalogs) -> AsyncIterator[Application]:
    """The real Application, polling the fake API, stopped and closed after the test."""
    async with running_bot(settings, catalogs=catalogs, poll_timeout=1) as application:
        yield application


class Chat:
    """One user's conversation with the bot, as a test would have it."""

    def __init__(self, api: FakeBotApi, user: FakeUser) -> None:
        self.api, self.user = api, user

    async def say(self, text: str) -> dict[str, Any]:
        """Send a message and return the bot's next reply to this chat."""
        self.api.send_text(self.user, text)
        return await self.api.next_message(self.user.id)

    async def send(self, text: str) -> list[dict[str, Any]]:
        """Send a message, wait until the bot is idle, and return everything it sent back."""
        before = len(self.api.sent(self.user.id))
        self.api.send_text(self.user, text)
        await self.api.wait_idle()
        return self.api.sent(self.user.id)[before:]

    async def press(self, message: dict[str, Any], label_or_data: str) -> None:
        """Press the button whose text or callback data is ``label_or_data``."""
        self.api.press_button(self.user, message, callback_data(message, label_or_data))
        await self.api.wait_idle()


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline button of a message, row by row."""
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [button for row in keyboard for button in row]


def callback_data(message: dict[str, Any], label_or_data: str) -> str:
    """The callback data of the button with this text or data."""
    for button in buttons(message):
        if label_or_data in (button.get("text"), button.get("callback_data")):
            return str(button["callback_data"])
    raise AssertionError(f"no button {label_or_data!r} in {buttons(message)}")


@pytest.fixture
def make_chat(api: FakeBotApi) -> Any:
    """Build a :class:`Chat` for a user with a given Telegram language."""
    counter = iter(range(5000, 6000))

    def make(language_code: str | None = "en", first_name: str = "Ana") -> Chat:
        return Chat(
            api, FakeUser(id=next(counter), first_name=first_name, language_code=language_code)
        )

    return make
