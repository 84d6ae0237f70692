"""End-to-end: free-text questions over the fake Bot API — each launch language, the exact form
for a platform-and-country question, the "not sure" path, groups, inline mode and feedback."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.fakeapi import FakeBotApi, FakeChat
from bot.i18n import Catalogs
from bot.storage import Storage
from tests.conftest import buttons

QUESTIONS = [
    ("en", "is it too late to object to meta ai?", "deadline"),
    ("de", "Muss ich für Instagram extra widersprechen?", "facebook-and-instagram"),
    ("fr", "je n'ai pas reçu de mail de confirmation", "no-confirmation"),
    ("es", "¿sirve de algo publicar el mensaje de adiós meta ai?", "hoax-post"),
    ("it", "whatsapp usa i miei messaggi per l'IA?", "whatsapp"),
    ("nl", "ik heb in 2024 al bezwaar gemaakt, moet ik opnieuw?", "earlier-objection"),
    ("pl", "czy muszę podać powód sprzeciwu?", "reason-required"),
    ("pt", "meta recusou a minha oposição, o que faço?", "refused"),
]


@pytest.mark.parametrize(("language", "question", "topic"), QUESTIONS)
async def test_a_question_in_each_language_gets_its_topic(
    bot: Application, make_chat, catalogs: Catalogs, language: str, question: str, topic: str
) -> None:
    (reply,) = await make_chat(language).send(question)
    services = bot.bot_data["services"]
    title = catalogs.get(language).raw(services.answers.topics[topic].title)
    assert title in reply["text"]
    assert f"faq:y:{topic}" in str(buttons(reply))


async def test_a_question_in_another_language_is_answered_in_the_users(
    bot: Application, make_chat, catalogs: Catalogs
) -> None:
    (reply,) = await make_chat("fr").send("Muss ich für Instagram extra widersprechen?")
    services = bot.bot_data["services"]
    title = services.answers.topics["facebook-and-instagram"].title
    assert catalogs.get("fr").raw(title) in reply["text"]


async def test_platform_and_country_question_gets_the_exact_form(
    bot: Application, make_chat
) -> None:
    card, _paste = await make_chat("en").send(
        "how do I stop Instagram using my photos, I live in Austria"
    )
    assert buttons(card)[0]["url"] == "https://help.instagram.com/contact/767264225370182"
    assert "Austria" in card["text"]


async def test_off_topic_gets_the_not_sure_path(bot: Application, make_chat) -> None:
    (reply,) = await make_chat("en").send("can you recommend a good pizza place?")
    data = [b["callback_data"] for b in buttons(reply)]
    assert len([d for d in data if d.startswith("faq:t:")]) == 3
    assert "obj:start" in data
    assert "faq:y:" not in str(data)


async def test_a_question_while_the_wizard_waits_for_a_country_is_answered(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    (picker,) = await chat.send("/object")
    await chat.press(picker, "obj:p:facebook")
    (reply,) = await chat.send("how do I know my objection worked?")
    assert "faq:y:confirmation" in str(buttons(reply))
    card, _paste = await chat.send("Germany")  # the wizard still takes the country
    assert buttons(card)[0]["url"] == "https://www.facebook.com/help/contact/712876720715583"


async def test_feedback_is_counted_per_topic_without_the_question(
    bot: Application, api: FakeBotApi, make_chat, database
) -> None:
    chat = make_chat("en")
    (reply,) = await chat.send("Is it too late to object?")
    await chat.press(reply, "faq:y:deadline")
    assert "faq:y:" not in str(buttons(api.messages(chat.user.id)[-1]))  # one vote per answer
    (other,) = await make_chat("en").send("Is it too late to object?")
    api.press_button(
        api.messages(other["chat"]["id"])[-1] and make_chat("en").user, other, "faq:n:deadline"
    )
    await api.wait_idle()
    storage = await Storage.open(database)
    try:
        assert await storage.feedback.totals() == {"deadline": (1, 1)}
        async with storage.db.execute("SELECT * FROM faq_feedback") as cursor:
            assert len((await cursor.fetchone()).keys()) == 3  # topic and two counts, nothing else
    finally:
        await storage.close()


async def test_groups_answer_only_when_addressed(
    bot: Application, api: FakeBotApi, make_chat
) -> None:
    chat = make_chat("en")
    group = FakeChat(id=-100777, type="supergroup", title="Privacy circle")
    api.send_text(chat.user, "is it too late to object?", chat=group)
    await api.wait_idle()
    assert api.sent(group.id) == []
    api.send_text(chat.user, f"@{api.bot_user['username']} is it too late to object?", chat=group)
    mentioned = await api.next_message(group.id)
    assert "faq:y:deadline" in str(buttons(mentioned))
    api.send_text(chat.user, "/ask do I have to give a reason?", chat=group)
    asked = await api.next_message(group.id)
    assert "faq:y:reason-required" in str(buttons(asked))


async def test_inline_mode_offers_cards_and_answers(bot: Application, api: FakeBotApi, make_chat):
    chat = make_chat("en")
    api.send_inline_query(chat.user, "instagram de")
    await api.wait_idle()
    answer = api.inline_answers[-1]
    results = answer["results"]
    assert results[0]["id"] == "card:instagram:DE"
    assert results[0]["reply_markup"]["inline_keyboard"][0][0]["url"] == (
        "https://help.instagram.com/contact/767264225370182"
    )
    api.send_inline_query(chat.user, "is it too late to object")
    await api.wait_idle()
    assert api.inline_answers[-1]["results"][0]["id"] == "faq:deadline"


async def test_forged_faq_buttons_expire(bot: Application, api: FakeBotApi, make_chat, database):
    chat = make_chat("en")
    (menu,) = await chat.send("/start")
    for forged in ("faq:y:nonexistent", "faq:x:deadline", "faq:t:../../etc"):
        api.press_button(chat.user, menu, forged)
        await api.wait_idle()
    assert [a.get("text") for a in api.answered_callbacks[-3:]] == ["This button has expired."] * 3
    storage = await Storage.open(database)
    try:
        assert await storage.feedback.totals() == {}
    finally:
        await storage.close()
