"""End-to-end: the objection wizard over the fake Bot API — buttons, typed countries, deep links,
/object with arguments, the answer card's exact links, and stale or forged buttons."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.ext import Application

from bot.fakeapi import FakeBotApi
from bot.i18n import Catalogs
from bot.knowledge import load_knowledge
from bot.storage import Storage
from tests.conftest import buttons, callback_data

# Exact links from ../shared/facts/objection-mechanisms.md, written out here on purpose: the test
# must catch a wrong URL in the data, so it does not read the expected value from the data.
FACEBOOK_FORM = "https://www.facebook.com/help/contact/712876720715583"
INSTAGRAM_FORM = "https://help.instagram.com/contact/767264225370182"
THIRD_PARTY_FORM = "https://www.facebook.com/help/contact/510058597920541"
LINKEDIN_SETTING = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"
X_SETTING = "https://x.com/settings/grok_settings"

KNOWLEDGE = load_knowledge()


def urls(message: dict[str, Any]) -> list[str]:
    return [b["url"] for b in buttons(message) if "url" in b]


async def _walk(chat, api: FakeBotApi, platform: str, country: str) -> dict[str, Any]:
    """/object → platform button → country button; returns the card."""
    picker = await chat.say("/object")
    await chat.press(picker, f"obj:p:{platform}")
    prompt = api.messages(chat.user.id)[-1]
    api.press_button(chat.user, prompt, f"obj:c:{platform}:{country}")
    return await api.next_message(chat.user.id)


@pytest.mark.parametrize(
    ("language", "platform", "country", "url"),
    [
        ("de", "facebook", "DE", FACEBOOK_FORM),
        ("fr", "instagram", "FR", INSTAGRAM_FORM),
        ("en", "facebook", "GB", FACEBOOK_FORM),
        ("it", "instagram", "CH", INSTAGRAM_FORM),
        ("nl", "messenger", "NL", FACEBOOK_FORM),
        ("pl", "linkedin", "PL", LINKEDIN_SETTING),
        ("es", "x", "US", X_SETTING),
        ("pt", "linkedin", "BR", LINKEDIN_SETTING),
        ("en", "facebook", "US", THIRD_PARTY_FORM),
        ("en", "instagram", "AU", THIRD_PARTY_FORM),
    ],
)
async def test_wizard_links_the_right_form(
    bot: Application, api: FakeBotApi, make_chat, language, platform, country, url
) -> None:
    chat = make_chat(language)
    card = await _walk(chat, api, platform, country)
    assert urls(card)[0] == url  # the platform's own route (or the only help) comes first


async def test_every_platform_and_region_renders_its_entry(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    # One country per region; the card's first link is the entry's own (when it has one).
    for country in ("AT", "GB", "CH", "BR", "US", "AU", "KR", "JP"):
        chat = make_chat("en")
        await chat.send("/start")
        for platform in KNOWLEDGE.platforms:  # each chat's updates are answered in order
            api.send_text(chat.user, f"/object {platform.id} {country}")
        await api.wait_idle()
        replies = api.sent(chat.user.id)[1:]
        cards = [m for m in replies if "obj:cc:" in str(buttons(m))]
        assert len(cards) == len(KNOWLEDGE.platforms)
        pastes = 0
        for platform, card in zip(KNOWLEDGE.platforms, cards, strict=True):
            assert f"obj:cc:{platform.id}" in str(buttons(card))
            entry = KNOWLEDGE.lookup(platform.id, country)
            if entry.url:
                assert urls(card)[0] == entry.url
            assert ("obj:done" in str(buttons(card))) == (entry.kind != "none")
            pastes += bool(entry.legal_basis and entry.kind != "setting")
        assert len(replies) == len(cards) + pastes


async def test_the_card_has_steps_pitfalls_date_and_a_paste_text(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    chat = make_chat("de")
    card = await _walk(chat, api, "facebook", "DE")
    tr = catalogs.get("de")
    assert tr._("<b>How to do it</b>") in card["raw_text"]
    assert (
        tr._("<i>Checked on {date}</i>", date=tr.date(KNOWLEDGE.entry("facebook-eu").checked))
        in (card["raw_text"])
    )
    paste = await api.next_message(chat.user.id)
    assert "<pre>" in paste["raw_text"] and "21" in paste["raw_text"]  # Art. 21 GDPR
    labels = [b["text"] for b in buttons(card)]
    assert tr._("✅ I've submitted it") in labels and tr._("⚠️ The form doesn't work") in labels


async def test_unverified_facts_say_so(bot: Application, api: FakeBotApi, make_chat, catalogs):
    chat = make_chat("fr")
    card = await _walk(chat, api, "threads", "FR")
    assert (
        catalogs.get("fr")._(
            "⚠️ <b>Not verified.</b> We could not confirm this answer. Check it yourself."
        )
        in card["raw_text"]
    )


async def test_no_objection_right_is_said_plainly(bot: Application, api: FakeBotApi, make_chat):
    chat = make_chat("en")
    card = await _walk(chat, api, "instagram", "US")
    assert "There is no way to object for Instagram in United States" in card["text"]
    assert "obj:done" not in str(buttons(card))


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("de", "Deutschland"),
        ("fr", "Allemagne"),
        ("es", "alemania"),
        ("it", "Germania"),
        ("nl", "Duitsland"),
        ("pl", "Niemcy"),
        ("pt", "Alemanha"),
        ("en", "germny"),
        ("en", "DE"),
        ("fr", "deutschland"),
        ("ru", "Германия"),
        ("uk", "в Німеччині"),  # an inflected form from the phrasings' [countries] table
        ("pl", "w Niemczech"),
        ("ar", "ألمانيا"),
        ("tr", "Almanya'da"),
        ("el", "Γερμανία"),
        ("hu", "Németország"),
    ],
)
async def test_typed_country_names_resolve(
    bot: Application, api: FakeBotApi, make_chat, language: str, typed: str
) -> None:
    chat = make_chat(language)
    picker = await chat.say("/object")
    await chat.press(picker, "obj:p:facebook")
    card = await chat.say(typed)
    assert urls(card)[0] == FACEBOOK_FORM


async def test_unknown_country_offers_suggestions_then_accepts_a_button(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    picker = await chat.say("/object")
    await chat.press(picker, "obj:p:instagram")
    answer = await chat.say("Austrlia")
    suggestion = [b for b in buttons(answer) if b.get("callback_data", "").startswith("obj:c:")]
    assert suggestion and suggestion[0]["callback_data"] == "obj:c:instagram:AU"
    nonsense = await chat.say("qwertyuiop")
    assert "qwertyuiop" in nonsense["text"]
    assert [b for b in buttons(nonsense) if b.get("callback_data", "").startswith("obj:c:")]


async def test_the_country_is_remembered_and_changeable(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    await _walk(chat, api, "facebook", "IE")
    await api.wait_idle()
    (picker,) = await chat.send("/object")
    await chat.press(picker, "obj:p:instagram")  # no country question this time
    card = api.messages(chat.user.id)[-2]  # the card, then the paste text
    assert urls(card)[0] == INSTAGRAM_FORM
    api.press_button(chat.user, card, "obj:cc:instagram")
    await api.wait_idle()
    prompt = api.messages(chat.user.id)[-1]
    await chat.press(prompt, "obj:c:instagram:US")
    assert urls(api.messages(chat.user.id)[-1]) == [THIRD_PARTY_FORM]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("/start instagram-de", INSTAGRAM_FORM),
        ("/start facebook-gb", FACEBOOK_FORM),
        ("/object insta Österreich", INSTAGRAM_FORM),
        ("/object fb at", FACEBOOK_FORM),
        ("/object linkedin de", LINKEDIN_SETTING),
    ],
)
async def test_deep_links_and_object_arguments_jump_to_the_answer(
    bot: Application, make_chat, text: str, url: str
) -> None:
    card = await make_chat("en").say(text)
    assert urls(card)[0] == url


async def test_deep_link_without_country_asks_for_it(bot: Application, make_chat) -> None:
    prompt = await make_chat("en").say("/start instagram")
    assert "obj:c:instagram:" in str(buttons(prompt))


async def test_unknown_platform_shows_the_picker(bot: Application, make_chat) -> None:
    reply = await make_chat("en").say("/object myspace de")
    assert "myspace" in reply["text"] and "obj:p:facebook" in str(buttons(reply))


async def test_submitted_is_recorded_once_and_broken_form_reported(
    bot: Application, api: FakeBotApi, make_chat, database
) -> None:
    chat = make_chat("en")
    card = await _walk(chat, api, "facebook", "DE")
    await api.wait_idle()
    for _ in range(2):
        await chat.press(card, "obj:done:facebook-eu:DE")
    await chat.press(card, callback_data(card, "obj:broken:facebook-eu"))
    await chat.press(card, callback_data(card, "obj:broken:facebook-eu"))
    storage = await Storage.open(database)
    try:
        rows = await (
            await storage.db.execute(
                "SELECT platform, country, region, entry_id, status FROM objections "
                "WHERE user_id = ?",
                (chat.user.id,),
            )
        ).fetchall()
        assert [tuple(r) for r in rows] == [("facebook", "DE", "eea", "facebook-eu", "submitted")]
        reports = await (
            await storage.db.execute(
                "SELECT count(*) FROM form_reports WHERE user_id = ?", (chat.user.id,)
            )
        ).fetchone()
        assert reports[0] == 1  # once per user, entry and day
    finally:
        await storage.close()


@pytest.mark.parametrize(
    "forged",
    [
        "obj:p:myspace",
        "obj:c:facebook:ZZ",
        "obj:c:facebook:de",
        "obj:c:nothing:DE",
        "obj:done:facebook-eu:US",
        "obj:done:nothing:DE",
        "obj:broken:nothing",
        "obj:cc:",
        "obj:p:facebook:DE:extra",
    ],
)
async def test_forged_wizard_buttons_expire(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs, database, forged: str
) -> None:
    chat = make_chat("en")
    menu = await chat.say("/start")
    api.press_button(chat.user, menu, forged)
    await api.wait_idle()
    assert api.answered_callbacks[-1].get("text") == "This button has expired."
    storage = await Storage.open(database)
    try:
        row = await (await storage.db.execute("SELECT count(*) FROM objections")).fetchone()
        assert row[0] == 0
    finally:
        await storage.close()


#: One country of each region, to reach every entry of the knowledge base.
REGION_COUNTRIES = ("DE", "GB", "CH", "BR", "US", "AU", "KR", "JP")


@pytest.mark.parametrize("language", ["de", "fr", "pl", "pt"])
async def test_every_card_fits_telegram_in_long_languages(
    bot: Application, api: FakeBotApi, make_chat, language: str
) -> None:
    # The fake API rejects (and records as a violation) any message over 4096 characters or
    # with broken HTML, so sending every entry's card is the check.
    chat = make_chat(language)
    await chat.send("/start")
    shown = set()
    for country in REGION_COUNTRIES:
        for platform in KNOWLEDGE.platforms:
            entry = KNOWLEDGE.lookup(platform.id, country)
            if entry.id not in shown:
                shown.add(entry.id)
                api.send_text(chat.user, f"/object {platform.id} {country}")
    await api.wait_idle()
    assert shown == {entry.id for entry in KNOWLEDGE.entries}
    assert not [r for r in api.requests if r.method == "sendMessage" and r.status != 200]
