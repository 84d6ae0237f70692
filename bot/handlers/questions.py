"""Free-text questions: the FAQ answer, the form card when a platform is named, or "not sure".

Callback data: ``faq:t:<topic>`` shows a topic, ``faq:y:<topic>`` / ``faq:n:<topic>`` count a
Helpful / Not helpful vote (per topic only; the question itself is never stored).
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.answers import Match, render_answer
from bot.handlers import wizard
from bot.handlers.context import Visit, visit
from bot.handlers.menus import MENU_OBJECT
from bot.handlers.replies import acknowledge, replace_keyboard, reply
from bot.i18n import Translator

TOPIC, HELPFUL, UNHELPFUL = "faq:t:", "faq:y:", "faq:n:"
_DATA = re.compile(r"^faq:([tyn]):([a-z0-9-]{1,40})$")
RELATED_SHOWN = 2
#: Offered when a question matches nothing at all: where most people start.
STARTING_TOPICS = ("how-to-object", "meta-ai-training", "about-this-bot")


def answer_keyboard(seen: Visit, topic_id: str, platform: str | None) -> InlineKeyboardMarkup:
    """Feedback, a way into the wizard where useful, and the closest related topics."""
    tr, answers = seen.tr, seen.services.answers
    topic = answers.topics[topic_id]
    rows = [
        [
            InlineKeyboardButton(tr._("👍 Helpful"), callback_data=f"{HELPFUL}{topic_id}"),
            InlineKeyboardButton(tr._("👎 Not helpful"), callback_data=f"{UNHELPFUL}{topic_id}"),
        ]
    ]
    form_platform = platform or topic.platform
    if form_platform:
        name = seen.services.knowledge.platform(form_platform).name
        rows.append(
            [
                InlineKeyboardButton(
                    tr._("🛡 Find the form for {platform}", platform=name),
                    callback_data=f"obj:p:{form_platform}",
                )
            ]
        )
    rows += [
        [InlineKeyboardButton(tr.raw(answers.topics[r].title), callback_data=f"{TOPIC}{r}")]
        for r in topic.related[:RELATED_SHOWN]
    ]
    return InlineKeyboardMarkup(rows)


def unsure_keyboard(seen: Visit, match: Match) -> InlineKeyboardMarkup:
    """The closest topics and the wizard, when the bot is not sure what was asked."""
    topics = seen.services.answers.topics
    offered = list(match.alternatives[:3])
    offered += [t for t in STARTING_TOPICS if t not in offered][: 3 - len(offered)]
    rows = [
        [InlineKeyboardButton(seen.tr.raw(topics[t].title), callback_data=f"{TOPIC}{t}")]
        for t in offered
    ]
    rows.append(
        [InlineKeyboardButton(seen.tr._("🛡 Find the objection form"), callback_data=MENU_OBJECT)]
    )
    return InlineKeyboardMarkup(rows)


def unsure_text(tr: Translator) -> str:
    """Never a confident wrong answer: say so and offer the closest topics."""
    return tr._(
        "I'm not sure I understood your question. Is it one of these? You can also ask it "
        "in other words."
    )


async def answer_question(update: Update, seen: Visit, question: str) -> None:
    """Answer a question in the user's language, whatever language it was asked in."""
    match = seen.services.answers.match(question, seen.tr.language)
    if match.topic_id is None:
        await reply(update, unsure_text(seen.tr), unsure_keyboard(seen, match))
        return
    if match.topic_id == "how-to-object" and match.platform:
        # "How do I stop Instagram using my photos, I live in Austria": the form itself.
        await wizard.open_platform(update, seen, match.platform, match.country)
        return
    topic = seen.services.answers.topics[match.topic_id]
    await reply(
        update, render_answer(topic, seen.tr), answer_keyboard(seen, topic.id, match.platform)
    )


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/ask <question>``: works in groups too, where plain text is not for the bot."""
    seen = await visit(update, context)
    question = " ".join(context.args or [])
    if not question:
        await reply(
            update,
            seen.tr._(
                "Ask me a question after the command, for example: /ask Is it too late to object?"
            ),
        )
        return
    await answer_question(update, seen, question)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group the bot answers only when addressed: mentioned, or replied to."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = _addressed_question(message, context.bot.username, context.bot.id)
    if question is None:
        return
    seen = await visit(update, context)
    await answer_question(update, seen, question)


def _addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    text = message.text or ""
    mention = f"@{username}".casefold()
    if mention in text.casefold():
        start = text.casefold().index(mention)
        return (text[:start] + text[start + len(mention) :]).strip() or None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


async def faq_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A topic button, or a feedback vote."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    match = _DATA.match(query.data)
    topics = seen.services.answers.topics
    if match is None or match.group(2) not in topics:
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    action, topic_id = match.groups()
    if action == "t":
        await acknowledge(query)
        await reply(
            update, render_answer(topics[topic_id], seen.tr), answer_keyboard(seen, topic_id, None)
        )
        return
    await seen.services.storage.feedback.count(topic_id, helpful=action == "y")
    await acknowledge(query, seen.tr._("Thank you for the feedback!"))
    if query.message is not None and isinstance(query.message, Message):
        await _drop_feedback_row(query.message)


async def _drop_feedback_row(message: Message) -> None:
    """One vote per answer: the feedback buttons go, the others stay."""
    markup = message.reply_markup
    if markup is None:
        return
    rows = [
        [b for b in row if not str(b.callback_data or "").startswith((HELPFUL, UNHELPFUL))]
        for row in markup.inline_keyboard
    ]
    await replace_keyboard(message, InlineKeyboardMarkup([row for row in rows if row]))


HANDLERS = [
    CommandHandler("ask", ask_command),
    MessageHandler(filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, group_text),
    CallbackQueryHandler(faq_button, pattern=r"^faq:"),
]
