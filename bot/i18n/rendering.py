"""Telegram HTML building blocks shared by the answer card, the FAQ answers and escalation."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.i18n.translator import Html, Translator, escape

#: Telegram's hard limit for one message.
MESSAGE_LIMIT = 4096
#: How many sources a message lists by name; the forms report has all of them.
SOURCES_SHOWN = 4


def host(url: str) -> str:
    """The domain of an https URL without ``www.``; empty for anything else."""
    return urlsplit(url).netloc.removeprefix("www.") if url.startswith("https://") else ""


def short_link(url: str) -> str:
    """A link showing only the domain: the full address is on the button, and the domain is what
    a user should check before trusting a link."""
    return f'<a href="{escape(url)}">{escape(host(url) or url)}</a>'


def data_text(tr: Translator, message: str) -> str:
    """Data text (knowledge base, FAQ): translated through the catalogs, then escaped, so data
    never carries markup."""
    return escape(tr.raw(message))


def section(title: str, items: Sequence[str], *, numbered: bool = False) -> str:
    """A titled list, or nothing for no items."""
    if not items:
        return ""
    marks = [f"{n}." for n in range(1, len(items) + 1)] if numbered else ["•"] * len(items)
    return "\n".join([title, *(f"{mark} {item}" for mark, item in zip(marks, items, strict=True))])


def join_blocks(blocks: Sequence[str]) -> str:
    """Paragraphs separated by blank lines, skipping empty ones."""
    return "\n\n".join(block for block in blocks if block)


def sources_line(sources: Sequence[str], tr: Translator, style: str = "links") -> str:
    """The first few sources as short domain links; ``names`` drops the links and ``count``
    shows only how many there are, for a long translation that would not fit otherwise.
    Repository sources ("owner/repo@commit:path") show as "owner/repo", each label once."""
    if style == "count":
        return tr._("Sources: {count}", count=len(sources))
    labelled: dict[str, str] = {}
    for source in sources[:SOURCES_SHOWN]:
        label = host(source) or source.split("@", 1)[0]
        linked = style == "links" and host(source)
        labelled.setdefault(label, short_link(source) if linked else escape(label))
    parts = list(labelled.values())
    if len(sources) > SOURCES_SHOWN:
        parts.append(tr._("{count} more", count=len(sources) - SOURCES_SHOWN))
    return tr._("Sources: {sources}", sources=Html(", ".join(parts)))
