"""An FAQ topic rendered as one Telegram HTML message in the user's language.

Fixed sentences go through ``tr._`` (and reuse the card's msgids, so translators see them once);
data sentences go through ``tr.raw`` and are escaped, so nothing in the data can inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.answers.topics import Topic
from bot.i18n import Html, Translator, escape
from bot.knowledge.card import MESSAGE_LIMIT, SOURCES_SHOWN


def render_answer(topic: Topic, tr: Translator) -> str:
    """The topic's answer, with its status, sources and check date; fits one message."""
    text = ""
    for style in ("links", "names", "count"):
        text = "\n\n".join(block for block in _blocks(topic, tr, style) if block)
        if len(text) <= MESSAGE_LIMIT:
            break
    return text


def _blocks(topic: Topic, tr: Translator, sources_style: str) -> list[str]:
    blocks = [f"<b>{_data(tr, topic.title)}</b>"]
    if topic.status == "unconfirmed":
        blocks.append(
            tr._("⚠️ <b>Not verified.</b> We could not confirm this answer. Check it yourself.")
        )
    elif topic.status == "reported":
        blocks.append(tr._("ℹ️ Partly based on single reports. Details may change."))
    blocks.append("\n".join(f"• {_data(tr, paragraph)}" for paragraph in topic.answer))
    if topic.unverified:
        notes = (f"• {_data(tr, note)}" for note in topic.unverified)
        blocks.append("\n".join([tr._("⚠️ <b>Not verified</b>"), *notes]))
    blocks.append(_sources(topic.sources, tr, sources_style))
    blocks.append(tr._("<i>Checked on {date}</i>", date=tr.date(topic.checked)))
    return blocks


def _data(tr: Translator, message: str) -> str:
    return escape(tr.raw(message))


def _sources(sources: Sequence[str], tr: Translator, style: str) -> str:
    """Like the form card: the first few sources as short domain links, then plain names, or
    a bare count only when a long translation would not fit otherwise."""
    if style == "count":
        return tr._("Sources: {count}", count=len(sources))
    shown = sources[:SOURCES_SHOWN]
    parts = [_link(s) if style == "links" and _host(s) else escape(_host(s) or s) for s in shown]
    if len(sources) > len(shown):
        parts.append(tr._("{count} more", count=len(sources) - len(shown)))
    return tr._("Sources: {sources}", sources=Html(", ".join(parts)))


def _host(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.") if url.startswith("https://") else ""


def _link(url: str) -> str:
    """Only the domain is shown: it is what a user should check before trusting a link."""
    return f'<a href="{escape(url)}">{escape(_host(url))}</a>'
