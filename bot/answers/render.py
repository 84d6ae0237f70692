"""An FAQ topic rendered as one Telegram HTML message in the user's language.

Fixed sentences go through ``tr._`` (and reuse the card's msgids, so translators see them once);
data sentences go through ``tr.raw`` and are escaped, so nothing in the data can inject markup.
"""

from __future__ import annotations

from bot.answers.topics import Topic
from bot.i18n import Translator
from bot.i18n.rendering import MESSAGE_LIMIT, data_text, sources_line


def render_answer(topic: Topic, tr: Translator) -> str:
    """The topic's answer, with its status, sources and check date; fits one message."""
    text = ""
    for style in ("links", "names", "count"):
        text = "\n\n".join(block for block in _blocks(topic, tr, style) if block)
        if len(text) <= MESSAGE_LIMIT:
            break
    return text


def _blocks(topic: Topic, tr: Translator, sources_style: str) -> list[str]:
    blocks = [f"<b>{data_text(tr, topic.title)}</b>"]
    if topic.status == "unconfirmed":
        blocks.append(
            tr._("⚠️ <b>Not verified.</b> We could not confirm this answer. Check it yourself.")
        )
    elif topic.status == "reported":
        blocks.append(tr._("ℹ️ Partly based on single reports. Details may change."))
    blocks.append("\n".join(f"• {data_text(tr, paragraph)}" for paragraph in topic.answer))
    if topic.unverified:
        notes = (f"• {data_text(tr, note)}" for note in topic.unverified)
        blocks.append("\n".join([tr._("⚠️ <b>Not verified</b>"), *notes]))
    blocks.append(sources_line(topic.sources, tr, sources_style))
    blocks.append(tr._("<i>Checked on {date}</i>", date=tr.date(topic.checked)))
    return blocks
