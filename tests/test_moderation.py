"""End-to-end: moderators, subscriptions and broadcasts over the fake Bot API."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.fakeapi import FakeBotApi, FakeChat, FakeUser
from bot.i18n import Catalogs
from bot.lifecycle import running_bot
from bot.settings import Settings
from bot.storage import Audience, Storage
from tests.conftest import Chat

MODERATOR = 1  # the conftest settings' BOT_MODERATORS


async def _seed_subscribers(database: Path, api: FakeBotApi, count: int) -> list[FakeUser]:
    """``count`` users; every third speaks German; even ids follow Facebook, odd ones all."""
    storage = await Storage.open(database)
    users = []
    try:
        for i in range(count):
            user = FakeUser(
                id=20_000 + i, first_name=f"S{i}", language_code="de" if i % 3 == 0 else "en"
            )
            api.add_user(user)
            users.append(user)
            await storage.users.seen(user.id, date.today())
            await storage.subscriptions.subscribe(
                user.id, "facebook" if i % 2 == 0 else "*", user.language_code, date.today()
            )
    finally:
        await storage.close()
    return users


def _broadcast_messages(api: FakeBotApi, marker: str) -> dict[int, list[str]]:
    """What subscribers received (the moderator's own previews are not counted)."""
    received: dict[int, list[str]] = {}
    for request in api.calls("sendMessage"):
        text = str(request.params.get("text", ""))
        if request.status == 200 and marker in text and request.params["chat_id"] != MODERATOR:
            received.setdefault(int(request.params["chat_id"]), []).append(text)
    return received


async def _compose(chat: Chat, api: FakeBotApi, english: str, german: str | None) -> dict[str, Any]:
    """/broadcast, the text, optionally a German version; returns the latest draft panel."""
    await chat.send("/broadcast")
    _preview, panel = await chat.send(english)
    if german:
        broadcast = panel["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[2]
        await chat.press(panel, f"mod:v:{broadcast}")
        await chat.press(api.messages(chat.user.id)[-1], f"mod:vl:{broadcast}:de")
        _preview, panel = await chat.send(german)
    return panel


async def _narrow(chat: Chat, api: FakeBotApi, panel: dict[str, Any], key: str, value: str) -> dict:
    """Audience → By <key> → <value>, as a moderator taps it; returns the new panel."""
    draft = _draft_id(panel)
    await chat.press(panel, f"mod:a:{draft}")
    step = {"platform": "ap", "language": "al", "region": "ar"}[key]
    await chat.press(api.messages(chat.user.id)[-1], f"mod:{step}:{draft}")
    await chat.press(api.messages(chat.user.id)[-1], f"mod:af:{draft}:{key}={value}")
    return api.messages(chat.user.id)[-1]


def _draft_id(panel: dict[str, Any]) -> str:
    return panel["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[2]


@pytest.fixture
def fast(settings: Settings) -> Settings:
    return replace(settings, broadcast_rate=500.0)


async def test_broadcast_with_versions_and_a_filter(
    api: FakeBotApi, fast: Settings, catalogs: Catalogs, database: Path
) -> None:
    users = await _seed_subscribers(database, api, 300)
    moderator = Chat(api, FakeUser(id=MODERATOR, first_name="Mo", language_code="en"))
    async with running_bot(fast, catalogs=catalogs, poll_timeout=1):
        # Typed text is data: "<b>" typed by a moderator must arrive escaped, not as markup.
        panel = await _compose(moderator, api, "UPDATE-EN <b>new</b> form", "UPDATE-DE Neu & gut")
        draft = _draft_id(panel)
        assert "300 recipients" in panel["text"]
        panel = await _narrow(moderator, api, panel, "platform", "facebook")
        assert "300 recipients" in panel["text"]  # '*' subscribers count for Facebook too
        panel = await _narrow(moderator, api, panel, "language", "de")
        expected = {u.id for u in users if u.language_code == "de"}
        assert f"{len(expected)} recipients" in panel["text"]
        assert not _broadcast_messages(api, "UPDATE"), "nothing is sent before Send"
        await moderator.press(panel, f"mod:s:{draft}")
        await api.wait_for(
            lambda: "finished" in api.messages(MODERATOR)[-1]["text"],
            timeout=30,
            what="the final report",
        )
    received = _broadcast_messages(api, "UPDATE")
    assert set(received) == expected
    assert all(texts == ["UPDATE-DE Neu &amp; gut"] for texts in received.values()), received
    assert f"{len(expected)} of {len(expected)} sent" in api.messages(MODERATOR)[-1]["text"]


async def test_blocked_users_and_a_429_storm(
    api: FakeBotApi, fast: Settings, catalogs: Catalogs, database: Path
) -> None:
    users = await _seed_subscribers(database, api, 120)
    for user in users[:5]:  # blocked earlier: Telegram told the bot, they are no longer asked
        api.block(user)
    blocked = users[5:15]  # blocked without the bot knowing yet: the broadcast finds out (403)
    for user in blocked:
        api.fail(
            "sendMessage",
            error_code=403,
            description="Forbidden: bot was blocked by the user",
            chat_id=user.id,
            times=10,
        )
    moderator = Chat(api, FakeUser(id=MODERATOR, first_name="Mo", language_code="en"))
    async with running_bot(fast, catalogs=catalogs, poll_timeout=1):
        panel = await _compose(moderator, api, "STORM-EN", None)
        for user in users[15:35]:  # a storm of 429s on the recipients' sends
            api.fail("sendMessage", error_code=429, retry_after=1, chat_id=user.id, times=2)
        await moderator.press(panel, f"mod:s:{_draft_id(panel)}")
        await api.wait_for(
            lambda: "finished" in api.messages(MODERATOR)[-1]["text"],
            timeout=60,
            what="the final report",
        )
        report = api.messages(MODERATOR)[-1]["text"]
    received = _broadcast_messages(api, "STORM")
    assert set(received) == {u.id for u in users[15:]}
    assert all(len(texts) == 1 for texts in received.values()), "nobody gets it twice"
    assert "105 of 115 sent" in report and "10 blocked" in report
    storage = await Storage.open(database)
    try:
        for user in users[:15]:
            assert (await storage.users.get(user.id)).blocked
        assert len(await storage.subscriptions.audience(Audience())) == 105
    finally:
        await storage.close()


async def test_cancel_stops_the_broadcast(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, database: Path
) -> None:
    await _seed_subscribers(database, api, 200)
    slow = replace(settings, broadcast_rate=20.0)
    moderator = Chat(api, FakeUser(id=MODERATOR, first_name="Mo", language_code="en"))
    async with running_bot(slow, catalogs=catalogs, poll_timeout=1):
        panel = await _compose(moderator, api, "CANCEL-ME", None)
        draft = _draft_id(panel)
        api.press_button(moderator.user, panel, f"mod:s:{draft}")  # the bot stays busy sending
        await api.wait_for(lambda: len(_broadcast_messages(api, "CANCEL-ME")) >= 10, timeout=30)
        progress = api.messages(MODERATOR)[-1]
        api.press_button(moderator.user, progress, f"mod:c:{draft}")  # the bot is busy: no idle
        await api.wait_for(
            lambda: "cancelled" in api.messages(MODERATOR)[-1]["text"],
            timeout=30,
            what="the cancel report",
        )
        sent = len(_broadcast_messages(api, "CANCEL-ME"))
        await api.wait_idle(quiet=1.0)
        assert len(_broadcast_messages(api, "CANCEL-ME")) == sent < 200
        (listing,) = await moderator.send("/broadcasts")
        assert f"#{draft}" in listing["text"] and "cancelled" in listing["text"]


async def test_moderators_add_remove_and_audit(
    bot, api: FakeBotApi, make_chat, database: Path
) -> None:
    moderator = Chat(api, FakeUser(id=MODERATOR, first_name="Mo", language_code="en"))
    helper = make_chat("en")
    (added,) = await moderator.send(f"/moderators add {helper.user.id}")
    assert "is now a moderator" in added["text"]
    (listing,) = await helper.send("/moderators")  # the new moderator may now use it
    assert str(helper.user.id) in listing["text"]
    (removed,) = await moderator.send(f"/moderators remove {helper.user.id}")
    assert "no longer a moderator" in removed["text"]
    (refused,) = await moderator.send(f"/moderators remove {MODERATOR}")
    assert "BOT_MODERATORS" in refused["text"]
    storage = await Storage.open(database)
    try:
        actions = [(e.action, e.detail) for e in await storage.moderation.audit_log()]
        assert actions[:2] == [
            ("moderator.remove", {"user_id": helper.user.id}),
            ("moderator.add", {"user_id": helper.user.id}),
        ]
    finally:
        await storage.close()


async def test_a_non_moderator_can_do_none_of_it(
    bot, api: FakeBotApi, make_chat, database: Path, catalogs: Catalogs
) -> None:
    await _seed_subscribers(database, api, 5)
    moderator = Chat(api, FakeUser(id=MODERATOR, first_name="Mo", language_code="en"))
    panel = await _compose(moderator, api, "SECRET-DRAFT", None)
    draft = _draft_id(panel)
    intruder = make_chat("en")
    help_text = catalogs.get("en")._("<b>What I can do</b>")
    for command in (
        "/broadcast",
        "/broadcasts",
        "/moderators",
        f"/moderators add {intruder.user.id}",
    ):
        (reply,) = await intruder.send(command)
        assert help_text.replace("<b>", "").replace("</b>", "") in reply["text"], command
    answered = len(api.answered_callbacks)
    before = len(api.calls("sendMessage"))
    for data in (
        f"mod:s:{draft}",
        f"mod:af:{draft}:all",
        f"mod:p:{draft}",
        f"mod:d:{draft}",
        f"mod:c:{draft}",
        f"mod:v:{draft}",
        f"mod:vl:{draft}:de",
    ):
        api.press_button(intruder.user, panel, data)
        await api.wait_idle()
    assert len(api.answered_callbacks) == answered + 7  # spinners stopped, nothing else
    assert len(api.calls("sendMessage")) == before
    assert not _broadcast_messages(api, "SECRET-DRAFT") or set(
        _broadcast_messages(api, "SECRET-DRAFT")
    ) == {MODERATOR}
    storage = await Storage.open(database)
    try:
        assert (await storage.broadcasts.get(int(draft))).state == "draft"
        assert not await storage.moderation.is_added_moderator(intruder.user.id)
    finally:
        await storage.close()


async def test_subscribe_toggle_and_settings(bot, api: FakeBotApi, make_chat, database) -> None:
    chat = make_chat("en")
    (picker,) = await chat.send("/subscribe")
    await chat.press(picker, "sub:t:instagram")
    await chat.press(api.messages(chat.user.id)[-1], "sub:t:linkedin")
    (settings_reply,) = await chat.send("/settings")
    assert "Instagram, LinkedIn" in settings_reply["text"]
    (stopped,) = await chat.send("/unsubscribe")
    (settings_reply,) = await chat.send("/settings")
    assert "Updates: none" in settings_reply["text"]
    assert stopped


async def test_group_subscription_needs_an_admin(bot, api: FakeBotApi, make_chat) -> None:
    admin, member = make_chat("en"), make_chat("en")
    group = FakeChat(id=-100999, type="supergroup", title="Objectors")
    api.set_admins(group.id, [admin.user.id])
    api.send_text(member.user, "/subscribe", chat=group)
    refused = await api.next_message(group.id)
    assert "administrator" in refused["text"]
    api.send_text(admin.user, "/subscribe", chat=group)
    accepted = await api.next_message(group.id)
    assert "This group will get" in accepted["text"]
