"""The fake Bot API answers a real PTB client like Telegram does, by method and state."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import time
import warnings
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.fakeapi import FakeBotApi, FakeChat, FakeUser, UploadedFile, parse_html
from bot.fakeapi.formatting import EntityParseError

TOKEN = "123456:TEST"
ANA = FakeUser(id=1001, first_name="Ana", language_code="de")
BEN = FakeUser(id=1002, first_name="Ben", language_code="en", username="ben")
GROUP = FakeChat(id=-100777, type="supergroup", title="Friends")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN, bot_username="objection_helper_bot") as fake:
        yield fake
        # Tests that provoke violations on purpose assert and clear them.
        assert fake.violations == []


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url) as client:
        yield client


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(f"echo: {update.message.text}")


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("One", callback_data="pick:1"),
                InlineKeyboardButton("Two", callback_data="pick:2"),
            ]
        ]
    )
    await update.effective_chat.send_message(
        "<b>Pick</b> one", parse_mode="HTML", reply_markup=keyboard
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("noted")
    await query.edit_message_text(f"picked {query.data}")


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.inline_query is not None
    content = InputTextMessageContent(f"you typed {update.inline_query.query}")
    await update.inline_query.answer(
        [InlineQueryResultArticle(id="1", title="Result", input_message_content=content)]
    )


@pytest.fixture
async def app(api: FakeBotApi) -> AsyncIterator[Application]:
    application = ApplicationBuilder().token(TOKEN).base_url(api.base_url).build()
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def seconds(error: RetryAfter) -> float:
    """retry_after in seconds, whichever type this PTB version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB deprecates the int form in favour of timedelta
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def take_violations(api: FakeBotApi) -> list[str]:
    found = list(api.violations)
    api.violations.clear()
    return found


async def post(api: FakeBotApi, method: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{api.base_url}{TOKEN}/{method}", **kwargs)


# --- real Application over HTTP ------------------------------------------------------------------


async def test_updates_flow_and_replies_are_recorded(api: FakeBotApi, app: Application) -> None:
    update = api.send_text(ANA, "hello there")
    assert update["message"]["chat"]["id"] == ANA.id
    reply = await api.next_message(ANA.id)
    assert reply["text"] == "echo: hello there"
    assert reply["from"]["username"] == "objection_helper_bot"
    api.send_text(ANA, "again")
    assert (await api.next_message(ANA.id))["text"] == "echo: again"
    await api.wait_idle(quiet=0.1)
    assert [m["text"] for m in api.sent(ANA.id)] == ["echo: hello there", "echo: again"]
    assert api.sent(BEN.id) == []
    sends = api.calls("sendMessage")
    assert [r.status for r in sends] == [200, 200]
    assert sends[0].params["chat_id"] == ANA.id  # decoded to int, as Telegram would
    assert api.state.delivered_update_id == api.state.last_update_id == 2


async def test_button_press_round_trip(api: FakeBotApi, app: Application) -> None:
    api.send_text(ANA, "/menu")
    shown = await api.next_message(ANA.id)
    assert shown["text"] == "Pick one"  # parsed like Telegram: tags become entities
    assert shown["raw_text"] == "<b>Pick</b> one"
    assert shown["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    assert shown["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "pick:2"

    press = api.press_button(ANA, shown, "pick:2")
    query_id = press["callback_query"]["id"]
    await api.wait_for(lambda: shown.get("edit_count") == 1)
    assert shown["text"] == "picked pick:2"
    assert "reply_markup" not in shown  # editMessageText without markup drops the keyboard
    assert [m["text"] for m in api.messages(ANA.id)] == ["picked pick:2"]
    assert api.answered_callbacks[0]["callback_query_id"] == query_id
    assert api.answered_callbacks[0]["text"] == "noted"


async def test_forged_callback_data_reaches_handler(api: FakeBotApi, app: Application) -> None:
    api.send_text(ANA, "/menu")
    shown = await api.next_message(ANA.id)
    api.press_button(ANA, shown, "forged:../../etc")
    await api.wait_for(lambda: len(api.answered_callbacks) == 1)
    await api.wait_for(lambda: shown["text"] == "picked forged:../../etc")


async def test_group_command_and_inline_query(api: FakeBotApi, app: Application) -> None:
    api.send_text(BEN, "/menu@objection_helper_bot", chat=GROUP)
    shown = await api.next_message(GROUP.id)
    assert shown["chat"]["type"] == "supergroup"
    update = api.send_inline_query(BEN, "abc")
    await api.wait_for(lambda: len(api.inline_answers) == 1)
    answer = api.inline_answers[0]
    assert answer["inline_query_id"] == update["inline_query"]["id"]
    assert answer["results"][0]["input_message_content"]["message_text"] == "you typed abc"


async def test_wait_helpers_fail_loudly(api: FakeBotApi) -> None:
    api.send_text(ANA, "nobody polls")
    with pytest.raises(AssertionError, match="idle"):
        await api.wait_idle(quiet=0.01, timeout=0.1)
    with pytest.raises(AssertionError, match="bot message #1 to chat 1001"):
        await api.next_message(ANA.id, timeout=0.05)


# --- long polling ----------------------------------------------------------------------------


async def test_get_updates_long_polls_and_offset_confirms(api: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=0) == ()
    poll = asyncio.get_running_loop().create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()  # waiting for an update, not answering empty at once
    api.send_text(ANA, "one")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 2
    assert [u.message.text for u in updates if u.message] == ["one"]
    api.send_text(ANA, "two")
    again = await bot.get_updates(timeout=0)
    assert [u.message.text for u in again if u.message] == ["one", "two"]  # not confirmed yet
    confirmed = await bot.get_updates(offset=again[-1].update_id + 1, timeout=0)
    assert confirmed == ()
    assert api.state.updates == []
    await bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


# --- faults ------------------------------------------------------------------------------------


async def test_429_fault_raises_retry_after_once(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    api.add_user(BEN)
    api.fail("sendMessage", retry_after=3, chat_id=BEN.id)
    await bot.send_message(ANA.id, "other chat is not affected")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(BEN.id, "hi")
    assert seconds(caught.value) == 3
    await bot.send_message(BEN.id, "hi")  # the fault fired its one time
    assert [r.status for r in api.calls("sendMessage")] == [200, 429, 200]
    assert len(api.sent()) == 2


async def test_block_gives_403_and_member_update(api: FakeBotApi, bot: Bot) -> None:
    api.send_text(ANA, "/start")
    await bot.send_message(ANA.id, "welcome")
    api.block(ANA)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(ANA.id, "still there?")
    updates = await bot.get_updates(timeout=0)
    change = updates[-1].my_chat_member
    assert change is not None
    assert change.new_chat_member.status == "kicked"
    api.unblock(ANA)
    await bot.send_message(ANA.id, "welcome back")
    assert [m["text"] for m in api.sent(ANA.id)] == ["welcome", "welcome back"]


async def test_unknown_chat_is_not_found(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "hello?")
    api.fail("sendMessage", error_code=400, description="Bad Request: chat not found")
    api.add_user(ANA)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(ANA.id, "scripted")
    assert api.sent() == []


async def test_server_errors_are_network_errors(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    api.fail("sendMessage", error_code=500, description="Internal Server Error")
    api.fail("sendMessage", error_code=502)
    with pytest.raises(NetworkError) as first:
        await bot.send_message(ANA.id, "a")
    assert not isinstance(first.value, BadRequest | Forbidden | TimedOut)
    with pytest.raises(NetworkError):
        await bot.send_message(ANA.id, "b")
    await bot.send_message(ANA.id, "c")
    assert [m["text"] for m in api.sent()] == ["c"]


async def test_slow_answers(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    api.delay("sendMessage", 0.3)
    started = time.monotonic()
    await bot.send_message(ANA.id, "slow")
    assert time.monotonic() - started >= 0.3
    api.delay("sendMessage", 1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(ANA.id, "too slow", read_timeout=0.1)
    started = time.monotonic()
    await bot.send_message(ANA.id, "fast")
    assert time.monotonic() - started < 0.3


async def test_flood_limits_answer_429(api: FakeBotApi, bot: Bot) -> None:
    for user in (ANA, BEN):
        api.add_user(user)
    await bot.send_message(ANA.id, "1")  # limits are off by default
    await bot.send_message(ANA.id, "2")
    api.set_flood_limits(global_per_second=2, per_chat_per_second=1)
    await bot.send_message(ANA.id, "3")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANA.id, "4")
    assert seconds(caught.value) >= 1
    await bot.send_message(BEN.id, "5")
    api.add_user(FakeUser(id=1003))
    with pytest.raises(RetryAfter):  # global cap (2/s) before the third user's first message
        await bot.send_message(1003, "6")
    await asyncio.sleep(1.0)  # the window moves on
    await bot.send_message(1003, "6")
    bodies = [r.description for r in api.calls("sendMessage") if r.status == 429]
    assert bodies[0].startswith("Too Many Requests: retry after")
    assert [m["text"] for m in api.sent()] == ["1", "2", "3", "5", "6"]


# --- misuse is rejected and recorded -------------------------------------------------------------


async def test_wrong_token_is_unauthorized(api: FakeBotApi) -> None:
    stranger = Bot("999:WRONG", base_url=api.base_url)
    with pytest.raises(InvalidToken):
        await stranger.initialize()  # PTB calls getMe and maps 401 to InvalidToken
    await stranger.shutdown()
    response = await post(api, "getMe")
    assert response.json()["ok"] is True
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{api.base_url}1:X/getMe")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_is_a_violation(api: FakeBotApi, bot: Bot) -> None:
    response = await post(api, "sendMesage", data={"chat_id": "1", "text": "x"})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    with pytest.raises(EndPointNotFound):  # PTB's name for a 404 from do_api_request
        await bot.do_api_request("sendMesage", api_kwargs={"chat_id": 1})
    assert take_violations(api) == ["sendMesage: Not Found"] * 2


async def test_unknown_missing_and_mistyped_parameters(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    with pytest.raises(BadRequest, match="colour"):
        await bot.send_message(ANA.id, "hi", api_kwargs={"colour": "red"})
    assert take_violations(api) == ["sendMessage: unknown parameter 'colour'"]
    response = await post(api, "sendMessage", data={"chat_id": "1001"})
    assert response.status_code == 400
    assert take_violations(api) == ["sendMessage: required parameter 'text' is missing"]
    response = await post(api, "deleteMessage", data={"chat_id": "1001", "message_id": "x"})
    assert response.status_code == 400
    assert "'message_id'" in take_violations(api)[0]
    bad_markup = {"inline_keyboard": [[{"text": "x", "callbackdata": "y"}]]}
    with pytest.raises(BadRequest):
        await bot.send_message(ANA.id, "hi", api_kwargs={"reply_markup": bad_markup})
    assert any("callbackdata" in v for v in take_violations(api))
    assert api.sent() == []


async def test_json_bodies_are_accepted(api: FakeBotApi) -> None:
    api.add_user(ANA)
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    response = await post(
        api, "sendMessage", json={"chat_id": ANA.id, "text": "json", "reply_markup": markup}
    )
    assert response.json()["result"]["reply_markup"] == markup
    assert api.sent(ANA.id)[0]["text"] == "json"


async def test_text_length_counts_after_entity_parsing(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    await bot.send_message(ANA.id, "x" * 4096)
    await bot.send_message(ANA.id, "<b>" + "x" * 4090 + "</b>&amp;", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ANA.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ANA.id, "<b> </b>", parse_mode="HTML")
    assert take_violations(api) == [
        "sendMessage: Bad Request: message is too long",
        "sendMessage: Bad Request: message text is empty",
    ]
    assert len(api.sent()) == 2


async def test_callback_data_limits(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)

    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])

    await bot.send_message(ANA.id, "ok", reply_markup=keyboard("ä" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ANA.id, "no", reply_markup=keyboard("ä" * 32 + "x"))  # 65 bytes
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ANA.id, "no", reply_markup=keyboard(""))
    assert take_violations(api) == ["sendMessage: Bad Request: BUTTON_DATA_INVALID"] * 2
    assert [m["text"] for m in api.sent()] == ["ok"]


async def test_bad_html_is_rejected(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    for text in ("<b>open", "a < b", "fish & chips", "line<br>break", "<b><i>x</b></i>"):
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(ANA.id, text, parse_mode="HTML")
    assert len(take_violations(api)) == 5
    await bot.send_message(ANA.id, "a &lt; b &amp; <i>fish</i> &#128512;", parse_mode="HTML")
    await bot.send_message(ANA.id, "a < b & c")  # no parse_mode: plain text
    assert [m["text"] for m in api.sent()] == ["a < b & fish 😀", "a < b & c"]


def test_parse_html_entities() -> None:
    text, entities = parse_html(
        '😀 <b>bold <i>both</i></b> <a href="https://x.org/?a=1&amp;b=2">link</a> '
        '<span class="tg-spoiler">s</span> <pre><code class="language-py">x</code></pre> '
        "<blockquote expandable>q</blockquote>"
    )
    assert text == "😀 bold both link s x q"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 9},  # the emoji is 2 UTF-16 units
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 13, "length": 4, "url": "https://x.org/?a=1&b=2"},
        {"type": "spoiler", "offset": 18, "length": 1},
        {"type": "pre", "offset": 20, "length": 1, "language": "py"},
        {"type": "expandable_blockquote", "offset": 22, "length": 1},
    ]
    for bad in ('<span class="x">s</span>', "</b>", "<b", "&nope;", "<tg-emoji>x</tg-emoji>"):
        with pytest.raises(EntityParseError):
            parse_html(bad)


async def test_commands_and_descriptions_per_language(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "Starten")], language_code="de")
    await bot.set_my_commands([BotCommand("grp", "Group")], scope=BotCommandScopeAllGroupChats())
    assert [c["command"] for c in api.commands()] == ["start", "help"]
    assert api.commands("de") == [{"command": "start", "description": "Starten"}]
    assert api.commands("fr") == []
    assert [c["command"] for c in api.commands(scope={"type": "all_group_chats"})] == ["grp"]
    assert [c.command for c in await bot.get_my_commands(language_code="de")] == ["start"]
    await bot.delete_my_commands(language_code="de")
    assert api.commands("de") == []
    await bot.set_my_description("Long text", language_code="de")
    await bot.set_my_short_description("Short")
    assert api.descriptions == {"de": "Long text"}
    assert api.short_descriptions == {"": "Short"}
    assert (await bot.get_my_description(language_code="de")).description == "Long text"
    assert (await bot.get_my_short_description()).short_description == "Short"

    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("start", "x")], language_code="DE")
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "x")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("start", "x" * 257)])
    with pytest.raises(BadRequest):
        await bot.set_my_description("x" * 513)
    with pytest.raises(BadRequest):
        await bot.set_my_short_description("x" * 121)
    assert len(take_violations(api)) == 5
    assert api.descriptions == {"de": "Long text"}


async def test_edit_message_text_states(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d")]])
    sent = await bot.send_message(ANA.id, "v1", reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("v1", ANA.id, sent.message_id, reply_markup=keyboard)
    edited = await bot.edit_message_text("v2", ANA.id, sent.message_id, reply_markup=keyboard)
    assert edited.text == "v2"
    assert edited.reply_markup == keyboard
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("v3", ANA.id, 999)
    await bot.edit_message_reply_markup(ANA.id, sent.message_id, reply_markup=None)
    stored = api.sent(ANA.id)[0]
    assert stored["text"] == "v2"
    assert stored["edit_count"] == 2
    assert "reply_markup" not in stored
    assert await bot.delete_message(ANA.id, sent.message_id) is True
    assert api.messages(ANA.id) == []
    assert api.sent(ANA.id)[0]["deleted"] is True
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ANA.id, sent.message_id)


async def test_callback_answers_are_checked(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    sent = await bot.send_message(ANA.id, "m")
    press = api.press_button(ANA, api.sent(ANA.id)[0], "x")
    query_id = press["callback_query"]["id"]
    assert press["callback_query"]["message"]["message_id"] == sent.message_id
    assert await bot.answer_callback_query(query_id) is True
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("made-up")
    assert len(take_violations(api)) == 2
    assert len(api.answered_callbacks) == 1


async def test_send_document_multipart_is_recorded(api: FakeBotApi, bot: Bot) -> None:
    api.add_user(ANA)
    payload = "Widerspruch ✓\n".encode() * 100
    message = await bot.send_document(
        ANA.id,
        InputFile(io.BytesIO(payload), filename="objection.txt"),
        caption="<b>Hier</b>",
        parse_mode="HTML",
    )
    assert message.document is not None
    assert message.document.file_name == "objection.txt"
    assert message.document.file_size == len(payload)
    assert message.caption == "Hier"
    upload = api.sent(ANA.id)[0]["upload"]
    assert isinstance(upload, UploadedFile)
    assert (upload.filename, upload.content) == ("objection.txt", payload)
    assert api.calls("sendDocument")[0].params["document"] == upload
    photo = await bot.send_photo(ANA.id, b"\x89PNG fake")
    assert photo.photo
    assert api.uploads[1].content == b"\x89PNG fake"


async def test_chats_members_and_unhandled_methods(api: FakeBotApi, bot: Bot) -> None:
    api.send_text(BEN, "hi all", chat=GROUP)
    api.set_admins(GROUP.id, [BEN.id])
    with pytest.raises(Forbidden, match="initiate"):  # Ben never opened a private chat
        await bot.send_message(BEN.id, "psst")
    chat = await bot.get_chat(GROUP.id)
    assert (chat.title, chat.type) == ("Friends", "supergroup")
    assert (await bot.get_chat_member(GROUP.id, BEN.id)).status == "administrator"
    with pytest.raises(BadRequest, match=r"(?i)user not found"):
        await bot.get_chat_member(GROUP.id, ANA.id)
    api.add_user(ANA)
    assert (await bot.get_chat_member(GROUP.id, ANA.id)).status == "left"
    admins = await bot.get_chat_administrators(GROUP.id)
    assert [a.user.id for a in admins] == [BEN.id]
    await bot.send_chat_action(GROUP.id, "typing")
    assert api.chat_actions == [{"chat_id": GROUP.id, "action": "typing"}]
    assert await bot.set_chat_menu_button() is True
    assert await bot.set_my_name("Helper") is True
    assert api.unhandled_methods == ["setMyName"]
    assert await bot.leave_chat(GROUP.id) is True
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(GROUP.id, "still here")
    updates = await bot.get_updates(timeout=0)
    assert updates[-1].my_chat_member is not None
    assert updates[-1].my_chat_member.new_chat_member.status == "left"


async def test_other_update_kinds_parse_in_ptb(api: FakeBotApi, bot: Bot) -> None:
    api.send_sticker(ANA)
    api.send_photo(ANA, caption="look")
    raw = api.inject_update(
        {"edited_message": {**api.send_text(BEN, "typo")["message"], "text": "fixed"}}
    )
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [1, 2, 3, 4]
    assert updates[0].message is not None and updates[0].message.sticker is not None
    assert updates[1].message is not None and updates[1].message.caption == "look"
    assert updates[1].message.photo[-1].width == 800
    assert updates[3].edited_message is not None
    assert updates[3].edited_message.text == "fixed"
    assert raw["update_id"] == 4


async def test_stop_ends_pending_long_poll() -> None:
    fake = FakeBotApi(token=TOKEN)
    await fake.start()
    async with Bot(TOKEN, base_url=fake.base_url) as client:
        poll = asyncio.get_running_loop().create_task(client.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await fake.stop()
        assert time.monotonic() - started < 1
        with pytest.raises(NetworkError):
            await poll
