"""Inline mode: ``@bot <question or platform [country]>`` in any chat offers cards to share.

Inline results carry only link buttons: a callback button in someone else's chat would act for
whoever presses it.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.ext import ContextTypes, InlineQueryHandler

from bot.answers import render_answer
from bot.handlers import forms
from bot.handlers.context import Visit, visit
from bot.handlers.replies import NO_PREVIEW
from bot.knowledge.card import KIND_LABELS, render_card
from bot.knowledge.countries import resolve_country

RESULTS_SHOWN = 5
CACHE_SECONDS = 60


async def _card_result(seen: Visit, platform_id: str, country: str) -> InlineQueryResultArticle:
    knowledge, tr = seen.services.knowledge, seen.tr
    platform = knowledge.platform(platform_id)
    entry, notices = await forms.current_form(
        seen.services, knowledge.lookup(platform_id, country), tr
    )
    card = render_card(knowledge, entry, platform, country, tr, notices=notices)
    links = [[InlineKeyboardButton(label, url=url)] for label, url in card.url_buttons]
    return InlineQueryResultArticle(
        id=f"card:{platform_id}:{country}",
        title=tr._(
            "{platform} in {country}", platform=platform.name, country=tr.country_name(country)
        ),
        description=tr._(KIND_LABELS[entry.kind]),
        input_message_content=InputTextMessageContent(
            card.text, parse_mode="HTML", link_preview_options=NO_PREVIEW
        ),
        reply_markup=InlineKeyboardMarkup(links) if links else None,
    )


def _topic_result(seen: Visit, topic_id: str) -> InlineQueryResultArticle:
    topic = seen.services.answers.topics[topic_id]
    return InlineQueryResultArticle(
        id=f"faq:{topic_id}",
        title=seen.tr.raw(topic.title),
        description=seen.tr.raw(topic.answer[0])[:100],
        input_message_content=InputTextMessageContent(
            render_answer(topic, seen.tr), parse_mode="HTML", link_preview_options=NO_PREVIEW
        ),
    )


def _platform_and_country(seen: Visit, text: str) -> tuple[str, str | None] | None:
    """``instagram de`` or ``facebook Österreich``: a platform, then optionally a country."""
    first, _, rest = text.partition(" ")
    platform = seen.services.knowledge.find_platform(first)
    if platform is None:
        return None
    country = resolve_country(rest, seen.services.catalogs.languages).code if rest else None
    return platform.id, country


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the form card for a named platform and the best FAQ answers for a question."""
    query = update.inline_query
    assert query is not None
    seen = await visit(update, context)
    text = query.query.strip()
    results: list[InlineQueryResultArticle] = []
    if text:
        match = seen.services.answers.match(text, seen.tr.language)
        named = _platform_and_country(seen, text) or (
            (match.platform, match.country) if match.platform else None
        )
        if named is not None:
            country = named[1] or (seen.user.country if seen.user else None)
            if country:
                results.append(await _card_result(seen, named[0], country))
        topics = [match.topic_id] if match.topic_id else []
        topics += [t for t in match.alternatives if t not in topics]
        results += [_topic_result(seen, t) for t in topics]
    else:
        results += [_topic_result(seen, t) for t in ("how-to-object", "meta-ai-training")]
    await query.answer(results[:RESULTS_SHOWN], cache_time=CACHE_SECONDS, is_personal=True)


HANDLERS = [InlineQueryHandler(inline_query)]
