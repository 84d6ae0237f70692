"""End-to-end in every language: negotiation of Telegram's language codes, the grouped /language
menu, the wizard walked with a typed country name, one FAQ question, and an Arabic card whose
link survives right-to-left text."""

from __future__ import annotations

import html
import re

import pytest
from telegram.ext import Application

from bot.answers.phrasings import load_phrasings
from bot.answers.topics import TOPICS_FILE, load_topics
from bot.fakeapi import FakeBotApi
from bot.i18n import LANGUAGE_GROUPS, LANGUAGES, Catalogs, native_name, negotiate
from bot.i18n.translator import END_ISOLATE, ISOLATE
from bot.knowledge import likely_countries, load_knowledge
from tests.conftest import buttons, callback_data
from tests.helpers import check_html

# Written out on purpose (from ../shared/facts/objection-mechanisms.md), not read from the data.
INSTAGRAM_FORM = "https://help.instagram.com/contact/767264225370182"
KNOWLEDGE = load_knowledge()
TOPICS = load_topics(TOPICS_FILE, {p.id for p in KNOWLEDGE.platforms})
PHRASINGS = load_phrasings(TOPICS)
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def telegram_code(language: str) -> str:
    """What a Telegram app set to this language sends: ``pt-br``, ``de``."""
    return language.replace("_", "-").lower()


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("nb", "nb"),
        ("no", "nb"),
        ("nn", "nb"),
        ("pt-br", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt"),
        ("pt-pt", "pt"),
        ("zh-hans", "en"),
        ("de-at", "de"),
        ("ar-eg", "ar"),
        ("uk", "uk"),
        ("ga", "ga"),
        ("is", "is"),
        ("sr-latn", "en"),
        ("", "en"),
        (None, "en"),
        ("x!-1", "en"),
    ],
)
def test_every_telegram_code_variant_negotiates(code: str | None, language: str) -> None:
    assert negotiate(code) == language


def test_every_language_is_in_exactly_one_menu_group() -> None:
    grouped = [code for codes in LANGUAGE_GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(LANGUAGES) and len(grouped) == len(set(grouped))
    assert len(LANGUAGES) == 31


@pytest.mark.parametrize("language", LANGUAGES)
async def test_wizard_and_a_question_in_every_language(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs, language: str
) -> None:
    tr = catalogs.get(language)
    chat = make_chat(telegram_code(language))
    menu = await chat.say("/start")
    assert tr._("<b>Hello, {name}!</b>", name="Ana") in menu["raw_text"]

    # Main menu → Instagram → the country typed by name, as the user's language writes it.
    await chat.press(menu, "obj:start")
    await chat.press(api.messages(chat.user.id)[-1], "obj:p:instagram")
    country = likely_countries(language)[0]
    name = tr.country_name(country)
    replies = await chat.send(name)
    card = next(m for m in replies if any(b.get("url") for b in buttons(m)))
    visible = check_html(card["raw_text"])
    assert BIDI_CONTROLS.sub("", name) in BIDI_CONTROLS.sub("", visible)
    entry = KNOWLEDGE.lookup("instagram", country)
    checked = tr._("<i>Checked on {date}</i>", date=tr.date(entry.checked))
    assert checked in card["raw_text"]
    if entry.url:
        assert entry.url in [b["url"] for b in buttons(card) if "url" in b]

    # One FAQ question, typed as people of this language ask it: the answer is in the language.
    question = PHRASINGS[language].phrasings["hoax-post"][0]
    answer = (await chat.send(question))[-1]
    title = html.escape(tr.raw(TOPICS["hoax-post"].title))
    assert answer["raw_text"].startswith(f"<b>{title}</b>"), (question, answer["raw_text"][:80])


async def test_language_menu_is_grouped_and_every_language_reachable(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    chat = make_chat("uk")
    menu = await chat.say("/language")
    for code in LANGUAGES:  # every language by its own name in the text
        assert html.escape(native_name(code)) in menu["raw_text"]
    first_screen = {b["callback_data"] for b in buttons(menu)}
    assert {"lang:uk", "lang:en", "lang:auto"} <= first_screen
    assert len(buttons(menu)) <= 10, "the first screen stays short"
    for group, codes in LANGUAGE_GROUPS.items():
        await chat.press(api.messages(chat.user.id)[-1], f"langs:{group}")
        page = api.messages(chat.user.id)[-1]
        assert [b["callback_data"] for b in buttons(page)][: len(codes)] == [
            f"lang:{code}" for code in codes
        ]
        await chat.press(page, "menu:language")  # back to the first screen
    await chat.press(api.messages(chat.user.id)[-1], "langs:north")
    await chat.press(api.messages(chat.user.id)[-1], "lang:is")
    confirmation = api.messages(chat.user.id)[-1]
    assert confirmation["raw_text"] == catalogs.get("is")._(
        "From now on I speak {language} with you.", language="Íslenska"
    )


async def test_forged_language_group_is_an_expired_button(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    chat = make_chat("tr")
    menu = await chat.say("/language")
    api.press_button(chat.user, menu, "langs:klingon")
    await api.wait_idle()
    assert api.answered_callbacks[-1]["text"] == catalogs.get("tr")._("This button has expired.")
    assert callback_data(menu, "langs:more") == "langs:more"


async def test_arabic_card_keeps_its_link_intact(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    tr = catalogs.get("ar")
    chat = make_chat("ar")
    replies = await chat.send("/object instagram at")
    card = replies[0]
    text = card["raw_text"]
    check_html(text)
    assert tr.raw("Open the form") != "Open the form"
    # The link's address is untouched by bidi marks, and the link is isolated as a whole.
    hrefs = re.findall(r'<a href="([^"]*)">', text)
    assert INSTAGRAM_FORM in hrefs
    assert not any(BIDI_CONTROLS.search(href) for href in hrefs)
    link = f'<a href="{INSTAGRAM_FORM}">help.instagram.com</a>'
    assert f"{ISOLATE}{link}{END_ISOLATE}" in text
    assert next(b["url"] for b in buttons(card) if "url" in b) == INSTAGRAM_FORM
    assert "→" not in text, "menu paths point the way Arabic reads: ←"
    # Every line's direction comes from Arabic text, not from a Latin name at its start.
    for line in check_html(text).splitlines():
        first_strong = re.search(
            r"[A-Za-z\u0600-\u06ff]", re.sub(f"{ISOLATE}.*?{END_ISOLATE}", "", line)
        )
        if first_strong:
            assert "\u0600" <= first_strong.group(0) <= "\u06ff" or line.startswith("http"), line
