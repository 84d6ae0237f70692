"""End-to-end: moderators keep forms current — broken marks, new links, notes, report alerts,
the scheduled link check — and nobody else can."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.fakeapi import FakeBotApi, FakeUser
from bot.i18n import Catalogs
from bot.knowledge import load_knowledge
from bot.knowledge.model import Entry, KnowledgeBase
from bot.lifecycle import running_bot
from bot.settings import Settings
from bot.storage import Storage
from tests.conftest import Chat, buttons
from tests.test_knowledge_report import server  # noqa: F401 - the local HTTP server fixture

NEW_LINK = "https://www.facebook.com/help/contact/712876720715583?new=1"


def _urls(message: dict[str, Any]) -> list[str]:
    return [b["url"] for b in buttons(message) if "url" in b]


async def _submitted(database: Path, user: FakeUser, entry: str, status: str) -> None:
    storage = await Storage.open(database)
    try:
        await storage.users.seen(user.id, date.today())
        objection, _ = await storage.objections.record(
            user.id,
            platform=entry.split("-", maxsplit=1)[0],
            country="DE",
            region="eea",
            entry_id=entry,
            today=date.today(),
        )
        if status != "submitted":
            await storage.objections.update(objection, status=status, not_yet=0, today=date.today())
    finally:
        await storage.close()


async def test_broken_mark_and_new_link_reach_cards_audit_and_the_affected(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, database: Path
) -> None:
    waiting = [FakeUser(id=31_000 + i, first_name="W", language_code="de") for i in range(3)]
    confirmed = FakeUser(id=31_100, first_name="C", language_code="de")
    elsewhere = FakeUser(id=31_200, first_name="E", language_code="de")
    for user in waiting:
        await _submitted(database, user, "facebook-eu", "submitted")
    await _submitted(database, confirmed, "facebook-eu", "confirmed")
    await _submitted(database, elsewhere, "instagram-eu", "submitted")
    for user in [*waiting, confirmed, elsewhere]:
        api.add_user(user)
    moderator = Chat(api, FakeUser(id=1, first_name="Mo", language_code="en"))
    reader = Chat(api, FakeUser(id=31_300, first_name="R", language_code="en"))
    async with running_bot(
        replace(settings, broadcast_rate=200.0), catalogs=catalogs, poll_timeout=1
    ):
        saved, offer, panel = await moderator.send("/form facebook-eu broken")
        assert "facebook-eu" in saved["text"]
        assert "3 recipients" in panel["text"]  # the three still waiting, nobody else
        await moderator.send(f"/form facebook-eu url {NEW_LINK}")
        card, _paste = await reader.send("/object facebook de")
        assert _urls(card)[0] == NEW_LINK
        assert "marked this form as not working" in card["text"]
        draft = panel["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[2]
        await moderator.press(panel, f"mod:s:{draft}")
        await api.wait_for(lambda: "finished" in api.messages(1)[-1]["text"], timeout=30)
        assert offer
    # Their language was never chosen with /language, so they get the default (English) text.
    got = {
        int(r.params["chat_id"])
        for r in api.calls("sendMessage")
        if "objection form you used has changed" in str(r.params.get("text"))
    }
    assert got == {u.id for u in waiting}
    storage = await Storage.open(database)
    try:
        actions = [e.action for e in await storage.moderation.audit_log()]
        assert {"form.broken", "form.url", "broadcast.send"} <= set(actions)
        override = await storage.forms.override("facebook-eu")
        assert override is not None and override.broken and override.url == NEW_LINK
        assert override.updated_by == 1
    finally:
        await storage.close()


async def test_reports_past_the_threshold_alert_every_moderator_and_warn_users(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs, database: Path
) -> None:
    second_moderator = FakeUser(id=2, first_name="Mod2", language_code="de")
    api.add_user(second_moderator)
    api.add_user(FakeUser(id=1, first_name="Mo", language_code="en"))
    storage = await Storage.open(database)
    await storage.moderation.add_moderator(2, 1, datetime.now(UTC))
    await storage.close()
    async with running_bot(
        replace(settings, report_threshold=3), catalogs=catalogs, poll_timeout=1
    ):
        for i in range(3):
            chat = Chat(api, FakeUser(id=32_000 + i, first_name="U", language_code="en"))
            card, _paste = await chat.send("/object instagram fr")
            await chat.press(card, "obj:broken:instagram-eu")
        alerts = [
            r
            for r in api.calls("sendMessage")
            if "instagram-eu" in str(r.params.get("text")) and r.params["chat_id"] in (1, 2)
        ]
        assert sorted(r.params["chat_id"] for r in alerts) == [1, 2]  # once each
        card, _paste = await Chat(
            api, FakeUser(id=32_100, first_name="N", language_code="en")
        ).send("/object instagram fr")
        assert "3 people reported recently" in card["text"]


async def test_scheduled_link_check_alerts_on_a_failing_link(
    api: FakeBotApi,
    settings: Settings,
    catalogs: Catalogs,
    server: str,  # noqa: F811
) -> None:
    knowledge = load_knowledge()

    def local_links(entry: Entry) -> Entry:
        """Every link points at the local server; linkedin-eu's main link is gone."""
        main = f"{server}/gone" if entry.id == "linkedin-eu" else f"{server}/ok"
        return replace(
            entry,
            url=main if entry.url else None,
            alternatives=tuple(
                replace(a, url=f"{server}/ok" if a.url else None) for a in entry.alternatives
            ),
        )

    entries = tuple(local_links(e) for e in knowledge.entries)
    local = KnowledgeBase(knowledge.platforms, entries)
    api.add_user(FakeUser(id=1, first_name="Mo", language_code="en"))
    hourly = replace(settings, form_check_every=timedelta(seconds=1))
    async with running_bot(hourly, catalogs=catalogs, knowledge=local, poll_timeout=1):
        await api.wait_for(
            lambda: any("/gone" in str(r.params.get("text")) for r in api.calls("sendMessage")),
            timeout=20,
        )
        await api.wait_idle(quiet=2.5)  # more checks ran: the alert is not repeated today
    alerts = [r for r in api.calls("sendMessage") if "Form check" in str(r.params.get("text"))]
    assert len(alerts) == 1 and "linkedin-eu" in alerts[0].params["text"]


async def test_a_non_moderator_cannot_change_forms(bot, api: FakeBotApi, make_chat, database):
    intruder = make_chat("en")
    for command in ("/forms", "/form facebook-eu broken", f"/form facebook-eu url {NEW_LINK}"):
        (reply,) = await intruder.send(command)
        assert "What I can do" in reply["text"]
    storage = await Storage.open(database)
    try:
        assert await storage.forms.overrides() == {}
    finally:
        await storage.close()


async def test_forms_lists_every_entry_oldest_first(bot, api: FakeBotApi) -> None:
    moderator = Chat(api, FakeUser(id=1, first_name="Mo", language_code="en"))
    replies = await moderator.send("/forms")
    text = "\n".join(m["text"] for m in replies)
    for entry in load_knowledge().entries:
        assert entry.id in text
    assert text.index("reddit") < text.index("whatsapp-eu")  # 2024 before 2026
