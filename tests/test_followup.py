"""End-to-end: after "I've submitted it" the bot asks whether the confirmation came, and each
answer leads where it should. The check interval is one second here."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from telegram.ext import Application

from bot.fakeapi import FakeBotApi
from bot.followup.scheduler import SchedulerConfig
from bot.i18n import Catalogs
from bot.lifecycle import running_bot
from bot.settings import Settings
from bot.storage import Storage
from tests.conftest import Chat, buttons

CHECK = "⏰ <b>Did your {platform} objection work?</b>"


async def _submit(chat: Chat, platform: str, country: str) -> None:
    (card, *_rest) = await chat.send(f"/object {platform} {country}")
    done = next(
        b["callback_data"]
        for b in buttons(card)
        if b.get("callback_data", "").startswith("obj:done:")
    )
    await chat.press(card, done)


async def _next_check(api: FakeBotApi, chat: Chat, platform: str = "Facebook") -> dict[str, Any]:
    check = CHECK.format(platform=platform).replace("<b>", "").replace("</b>", "")
    await api.wait_for(
        lambda: any(check in m["text"] for m in _unanswered(api, chat)),
        timeout=10,
        what="a confirmation check",
    )
    return next(m for m in _unanswered(api, chat) if check in m["text"])


def _unanswered(api: FakeBotApi, chat: Chat) -> list[dict[str, Any]]:
    return [m for m in api.messages(chat.user.id) if "fu:yes:" in str(buttons(m))]


def _checks_sent(api: FakeBotApi, chat: Chat) -> int:
    """Confirmation checks delivered to the chat (counted from requests: answered checks are
    edited to lose their buttons afterwards)."""
    return sum(
        1
        for r in api.calls("sendMessage")
        if r.status == 200
        and r.params.get("chat_id") == chat.user.id
        and "fu:yes:" in json.dumps(r.params.get("reply_markup"))
    )


async def _answer(api: FakeBotApi, chat: Chat, check: dict[str, Any], answer: str) -> list[dict]:
    before = len(api.sent(chat.user.id))
    data = next(
        b["callback_data"] for b in buttons(check) if b["callback_data"].startswith(f"fu:{answer}:")
    )
    await chat.press(check, data)
    return api.sent(chat.user.id)[before:]


async def _rows(database, sql: str, *args: object) -> list[tuple]:
    storage = await Storage.open(database)
    try:
        async with storage.db.execute(sql, args) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]
    finally:
        await storage.close()


async def test_confirmed_path(bot: Application, api: FakeBotApi, make_chat, database) -> None:
    chat = make_chat("en")
    await _submit(chat, "facebook", "FR")
    check = await _next_check(api, chat)
    assert "email" in check["text"].lower()  # what Meta's confirmation looks like
    (reply,) = await _answer(api, chat, check, "yes")
    assert "Confirmed" in reply["text"]
    assert buttons(api.messages(chat.user.id)[-2]) == []  # the answered question lost its buttons
    assert await _rows(database, "SELECT status FROM objections") == [("confirmed",)]
    assert await _rows(database, "SELECT count(*) FROM checks") == [(0,)]


async def test_not_yet_twice_escalates_to_the_authority(
    bot: Application, api: FakeBotApi, make_chat, database
) -> None:
    chat = make_chat("en")
    await _submit(chat, "instagram", "FR")
    first = await _next_check(api, chat, "Instagram")
    (checklist,) = await _answer(api, chat, first, "no")
    assert "spam" in checklist["text"].lower()
    assert [b.get("url") for b in buttons(checklist)] == [
        "https://help.instagram.com/contact/767264225370182"
    ]
    second = await _next_check(api, chat, "Instagram")
    replies = await _answer(api, chat, second, "no")
    escalation = replies[0]
    assert "CNIL" in escalation["text"]
    assert "https://www.cnil.fr/fr/plaintes" in [b.get("url") for b in buttons(escalation)]
    assert await _rows(database, "SELECT status, not_yet FROM objections") == [("no_answer", 2)]


async def test_a_double_tap_counts_once(bot: Application, api: FakeBotApi, make_chat, database):
    chat = make_chat("en")
    await _submit(chat, "facebook", "IE")
    check = await _next_check(api, chat)
    data = next(
        b["callback_data"] for b in buttons(check) if b["callback_data"].startswith("fu:no:")
    )
    api.press_button(chat.user, check, data)
    api.press_button(chat.user, check, data)
    await api.wait_idle()
    assert await _rows(database, "SELECT status, not_yet FROM objections") == [("submitted", 1)]


async def test_remind_me_later_asks_again(bot: Application, api: FakeBotApi, make_chat) -> None:
    chat = make_chat("de")
    await _submit(chat, "facebook", "AT")
    first = await _next_check(api, chat)
    await _answer(api, chat, first, "later")
    second = await _next_check(api, chat)
    assert second["message_id"] != first["message_id"]
    assert _checks_sent(api, chat) == 2


@pytest.mark.parametrize(
    ("country", "authority"), [("GB", "ICO"), ("CH", "FDPIC"), ("BR", "ANPD"), ("IE", "DPC")]
)
async def test_refused_with_a_right_escalates(
    bot: Application, api: FakeBotApi, make_chat, country: str, authority: str
) -> None:
    chat = make_chat("en")
    await _submit(chat, "facebook", country)
    check = await _next_check(api, chat)
    replies = await _answer(api, chat, check, "refused")
    assert authority in replies[0]["text"]
    assert any("<pre>" in m["raw_text"] for m in replies)  # the complaint text to paste


async def test_germany_asks_for_the_land(
    bot: Application, api: FakeBotApi, make_chat, database
) -> None:
    chat = make_chat("de")
    await _submit(chat, "facebook", "DE")
    check = await _next_check(api, chat)
    (question,) = await _answer(api, chat, check, "refused")
    hamburg = next(
        b["callback_data"] for b in buttons(question) if b["callback_data"].endswith(":DE-HH")
    )
    before = len(api.sent(chat.user.id))
    await chat.press(question, hamburg)
    replies = api.sent(chat.user.id)[before:]
    assert "HmbBfDI" in replies[0]["text"] or "Hamburg" in replies[0]["text"]
    assert "DPC" in replies[0]["text"]  # the Irish DPC leads for Meta; the user may still go home
    assert await _rows(database, "SELECT subdivision FROM users") == [("DE-HH",)]


async def test_refused_without_a_right_is_explained(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    await _submit(chat, "linkedin", "US")
    check = await _next_check(api, chat, "LinkedIn")
    replies = await _answer(api, chat, check, "refused")
    assert replies and not any("<pre>" in m["raw_text"] for m in replies)


async def test_status_lists_and_updates(bot: Application, api: FakeBotApi, make_chat) -> None:
    chat = make_chat("en")
    (empty,) = await chat.send("/status")
    assert "/object" in empty["text"]
    await _submit(chat, "facebook", "NL")
    (listing,) = await chat.send("/status")
    assert "Facebook" in listing["text"] and "waiting for a confirmation" in listing["text"]
    await chat.press(listing, buttons(listing)[0]["callback_data"])
    question = api.messages(chat.user.id)[-1]
    assert "fu:yes:" in str(buttons(question))


async def test_blocked_user_gets_no_more_checks(
    bot: Application, api: FakeBotApi, make_chat, database
) -> None:
    chat = make_chat("en")
    await _submit(chat, "facebook", "FR")
    api.block(chat.user)
    await api.wait_for(
        lambda: any(r.status == 403 for r in api.requests) or not api.calls("sendMessage")[-1:],
        timeout=10,
    )
    await api.wait_idle()
    assert await _rows(database, "SELECT blocked FROM users") == [(1,)]
    assert await _rows(database, "SELECT count(*) FROM checks") == [(0,)]


async def test_429_on_a_check_is_honoured(bot: Application, api: FakeBotApi, make_chat) -> None:
    chat = make_chat("en")
    await _submit(chat, "facebook", "FR")
    api.fail("sendMessage", error_code=429, retry_after=1, chat_id=chat.user.id)
    await _next_check(api, chat)
    assert _checks_sent(api, chat) == 1


async def test_failing_sends_are_retried_with_backoff(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, make_chat
) -> None:
    fast = SchedulerConfig(backoff=timedelta(milliseconds=200))
    async with running_bot(settings, catalogs=catalogs, poll_timeout=1, scheduler_config=fast):
        chat = make_chat("en")
        await _submit(chat, "facebook", "FR")
        api.fail(
            "sendMessage",
            error_code=500,
            description="Internal Server Error",
            chat_id=chat.user.id,
            times=2,
        )
        await _next_check(api, chat)
        statuses = [
            r.status
            for r in api.calls("sendMessage")
            if "fu:yes" in json.dumps(r.params.get("reply_markup"))
        ]
        assert statuses == [500, 500, 200]


async def test_checks_survive_a_restart(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, make_chat
) -> None:
    chat = make_chat("en")
    slow = replace(settings, check_after=timedelta(seconds=3))
    async with running_bot(slow, catalogs=catalogs, poll_timeout=1):
        await _submit(chat, "facebook", "FR")
    async with running_bot(slow, catalogs=catalogs, poll_timeout=1):
        await _next_check(api, chat)
        await api.wait_idle()
    assert _checks_sent(api, chat) == 1


async def test_mydata_and_forget(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, make_chat, database
) -> None:
    chat = make_chat("en")
    # Long enough that the check cannot come due before /forget, even on a slow machine.
    later = replace(settings, check_after=timedelta(seconds=4))
    async with running_bot(later, catalogs=catalogs, poll_timeout=1):
        await _submit(chat, "facebook", "FR")
        (document,) = await chat.send("/mydata")
        exported = json.loads(api.uploads[-1].content)
        assert exported["users"][0]["id"] == chat.user.id
        assert exported["objections"][0]["platform"] == "facebook"
        assert exported["checks"], "the waiting reminder is part of the user's data"
        assert document["document"]["file_name"] == "my-data.json"
        (question,) = await chat.send("/forget")
        await chat.press(question, "priv:forget")
        for table in ("users", "objections", "checks", "wizard", "form_reports"):
            assert await _rows(database, f"SELECT count(*) FROM {table}") == [(0,)], table
        await api.wait_idle(quiet=4.5)  # the check would have been due by now
    assert _checks_sent(api, chat) == 0


async def test_privacy_explains_storage(bot: Application, make_chat) -> None:
    (reply,) = await make_chat("en").send("/privacy")
    assert "/mydata" in reply["text"] and "/forget" in reply["text"]
