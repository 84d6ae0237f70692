"""End-to-end: Telegram errors and blocked users never crash the bot or lose a reply."""

from __future__ import annotations

import logging

import pytest
from telegram.ext import Application

from bot.fakeapi import FakeBotApi
from bot.i18n import Catalogs
from bot.logging_setup import quiet_libraries
from bot.storage import Storage
from tests.conftest import TOKEN

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


async def test_429_is_retried_after_retry_after(bot: Application, api: FakeBotApi, make_chat):
    chat = make_chat("en")
    api.fail(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        chat_id=chat.user.id,
    )
    reply = await chat.say("/start")
    assert "Hello" in reply["raw_text"]
    attempts = [
        r
        for r in api.requests
        if r.method == "sendMessage" and r.params.get("chat_id") == chat.user.id
    ]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0, "the retry must wait for retry_after"


async def test_5xx_does_not_crash_the_bot(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    chat = make_chat("it")
    api.fail(
        "sendMessage", error_code=500, description="Internal Server Error", chat_id=chat.user.id
    )
    apology = await chat.say("/start")
    assert apology["raw_text"] == catalogs.get("it")._(SORRY)
    reply = await chat.say("/start")  # and the bot still works
    assert "Ana" in reply["raw_text"]


async def test_slow_answers_are_waited_for(bot: Application, api: FakeBotApi, make_chat):
    chat = make_chat("en")
    api.delay("sendMessage", 1.5)
    reply = await chat.say("/help")
    assert "/language" in reply["raw_text"]


async def test_blocked_user_is_marked_and_causes_no_unhandled_error(
    bot: Application, api: FakeBotApi, make_chat, database, caplog: pytest.LogCaptureFixture
) -> None:
    chat = make_chat("en")
    await chat.say("/start")
    api.block(chat.user)
    await api.wait_idle()
    storage = await Storage.open(database)
    try:
        user = await storage.users.get(chat.user.id)
        assert user is not None and user.blocked
    finally:
        await storage.close()

    caplog.clear()
    with caplog.at_level(logging.INFO):
        api.send_text(chat.user, "/help")  # e.g. a message that was in flight while blocking
        await api.wait_idle()
    forbidden = [r for r in api.requests if r.status == 403]
    assert forbidden, "the bot tried to answer and Telegram said 403"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_stale_chat_errors_are_logged_not_raised(
    bot: Application, api: FakeBotApi, make_chat, caplog: pytest.LogCaptureFixture
) -> None:
    chat = make_chat("en")
    api.fail(
        "sendMessage",
        error_code=400,
        description="Bad Request: chat not found",
        chat_id=chat.user.id,
        times=2,
    )
    with caplog.at_level(logging.WARNING):
        api.send_text(chat.user, "/start")
        await api.wait_idle()
    assert any("BadRequest" in r.getMessage() for r in caplog.records)
    reply = await chat.say("/start")
    assert "Hello" in reply["raw_text"]


async def test_logs_hold_no_message_text_and_no_token(
    bot: Application, api: FakeBotApi, make_chat, caplog: pytest.LogCaptureFixture
) -> None:
    chat = make_chat("en")
    secret = "my-very-private-question-about-instagram"
    quiet_libraries(logging.DEBUG)  # what `BOT_LOG_LEVEL=DEBUG` does
    with caplog.at_level(logging.DEBUG):
        api.fail(
            "sendMessage", error_code=500, description="Internal Server Error", chat_id=chat.user.id
        )
        await chat.say(secret)
        await chat.say(f"/nonsense {secret}")
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("tests"))
    assert secret not in text
    assert TOKEN.split(":")[1] not in text
