"""End-to-end: greeting, help, language choice, unknown input — over the fake Bot API."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.commands import COMMANDS
from bot.fakeapi import FakeBotApi, FakeChat, FakeUser
from bot.i18n import LANGUAGES, Catalogs, telegram_code
from bot.lifecycle import running_bot
from bot.settings import Settings
from tests.conftest import buttons

GREETING = "<b>Hello, {name}!</b>"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_start_greets_in_the_telegram_language(
    bot: Application, make_chat, catalogs: Catalogs, language: str
) -> None:
    chat = make_chat(language)
    reply = await chat.say("/start")
    tr = catalogs.get(language)
    assert tr._(GREETING, name="Ana") in reply["raw_text"]
    if language != "en":
        assert tr.raw(GREETING) != GREETING, f"{language} greeting is not translated"
    assert reply["parse_mode"] == "HTML"
    assert len(buttons(reply)) >= 2


@pytest.mark.parametrize(
    ("code", "language"), [("pt-br", "pt"), ("de-AT", "de"), ("zh-hans", "en"), (None, "en")]
)
async def test_regional_and_unknown_codes_are_negotiated(
    bot: Application, make_chat, catalogs: Catalogs, code: str | None, language: str
) -> None:
    reply = await make_chat(code).say("/start")
    assert catalogs.get(language)._(GREETING, name="Ana") in reply["raw_text"]


async def test_user_text_is_escaped_in_html(bot: Application, api: FakeBotApi) -> None:
    user = FakeUser(id=77, first_name="<b>Eve & co</b>", language_code="en")
    api.send_text(user, "/start")
    reply = await api.next_message(77)
    assert "&lt;b&gt;Eve &amp; co&lt;/b&gt;" in reply["raw_text"]


async def test_help_lists_every_command(bot: Application, make_chat) -> None:
    reply = await make_chat("en").say("/help")
    for command in ("/start", "/object", "/help", "/language"):
        assert command in reply["raw_text"]


async def test_help_button_edits_the_menu_in_place(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    menu = await chat.say("/start")
    await chat.press(menu, "menu:help")
    edited = api.messages(chat.user.id)[-1]
    assert edited["message_id"] == menu["message_id"]
    assert "/language" in edited["raw_text"]
    assert api.answered_callbacks, "the button's spinner must be stopped"


async def test_language_choice_survives_a_restart(
    api: FakeBotApi, settings: Settings, catalogs: Catalogs
) -> None:
    user = FakeUser(id=901, first_name="Jan", language_code="en")
    async with running_bot(settings, catalogs=catalogs, poll_timeout=1):
        api.send_text(user, "/language")
        menu = await api.next_message(user.id)
        api.press_button(user, menu, "lang:pl")
        await api.wait_idle()
        confirmation = api.messages(user.id)[-1]
        assert confirmation["raw_text"] == catalogs.get("pl")._(
            "From now on I speak {language} with you.", language="Polski"
        )
        # The chat's own command menu follows the chosen language.
        chat_menus = [
            r for r in api.requests if r.method == "setMyCommands" and "scope" in r.params
        ]
        assert chat_menus and chat_menus[-1].params["scope"]["chat_id"] == user.id

    async with running_bot(settings, catalogs=catalogs, poll_timeout=1):
        api.send_text(user, "/start")
        reply = await api.next_message(user.id)
        assert catalogs.get("pl")._(GREETING, name="Jan") in reply["raw_text"]


async def test_same_as_telegram_follows_the_app_language_again(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    chat = make_chat("fr")
    menu = await chat.say("/language")
    await chat.press(menu, "langs:west")
    await chat.press(api.messages(chat.user.id)[-1], "lang:it")
    await chat.press(api.messages(chat.user.id)[-1], "menu:language")
    await chat.press(api.messages(chat.user.id)[-1], "lang:auto")
    reply = await chat.say("/start")
    assert catalogs.get("fr")._(GREETING, name="Ana") in reply["raw_text"]


async def test_menus_and_descriptions_registered_for_every_language(
    bot: Application, api: FakeBotApi, catalogs: Catalogs
) -> None:
    for language in LANGUAGES:
        if language == "pt":  # the two-letter code "pt" carries the Brazilian menu
            continue
        tr = catalogs.get(language)
        commands = api.commands(language_code=telegram_code(language))
        assert [c["command"] for c in commands] == [command for command, _ in COMMANDS]
        assert commands[0]["description"] == tr._("Main menu")
    assert api.commands(language_code="") == api.commands(language_code="en")
    described = [
        r.params.get("language_code", "") for r in api.requests if r.method == "setMyDescription"
    ]
    assert sorted(described) == sorted({telegram_code(code) for code in LANGUAGES} | {""})


async def test_unknown_command_gets_a_friendly_answer(bot: Application, make_chat) -> None:
    reply = await make_chat("en").say("/frobnicate now")
    assert "/frobnicate" in reply["raw_text"] and "/help" in reply["raw_text"]


@pytest.mark.parametrize("kind", ["sticker", "photo"])
async def test_non_text_messages_are_answered(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs, kind: str
) -> None:
    chat = make_chat("es")
    getattr(api, f"send_{kind}")(chat.user)
    reply = await api.next_message(chat.user.id)
    assert reply["raw_text"] == catalogs.get("es")._(
        "I can only read text messages. Please type your question or use the buttons."
    )


async def test_forged_button_data_expires_politely(
    bot: Application, api: FakeBotApi, make_chat, catalogs: Catalogs
) -> None:
    chat = make_chat("nl")
    menu = await chat.say("/start")
    for forged in ("lang:xx", "nonsense", "menu:../../etc", "x" * 64):
        api.press_button(chat.user, menu, forged)
        await api.wait_idle()
    expired = catalogs.get("nl")._("This button has expired.")
    assert [a.get("text") for a in api.answered_callbacks] == [expired] * 4


async def test_in_groups_only_commands_are_answered(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    group = FakeChat(id=-100500, type="group", title="Privacy friends")
    api.send_text(chat.user, "hello everyone", chat=group)
    await api.wait_idle()
    assert api.sent(group.id) == []
    api.send_text(chat.user, f"/help@{api.bot_user['username']}", chat=group)
    reply = await api.next_message(group.id)
    assert "/language" in reply["raw_text"]
