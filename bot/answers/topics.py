"""The FAQ topics in ``data/topics.toml``: loaded and validated once at start.

People act on these answers, so a malformed topic must stop the bot from starting rather than
show a half-sourced answer: every problem raises ``TopicError`` naming the topic.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
TOPICS_FILE: Final = DATA_DIR / "topics.toml"
STATUSES: Final = ("confirmed", "reported", "unconfirmed")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "title", "status", "checked", "answer", "sources")
_KEYS = frozenset({*_REQUIRED, "unverified", "platform", "related"})


class TopicError(Exception):
    """``topics.toml`` is wrong; the message names the topic so it is fixed in minutes."""


Fail = Callable[[str], TopicError]


@dataclass(frozen=True)
class Topic:
    """One FAQ answer: English source text (translated at render time), its sources and date."""

    id: str
    title: str
    status: str
    checked: date
    answer: tuple[str, ...]
    sources: tuple[str, ...]
    unverified: tuple[str, ...] = ()
    platform: str | None = None
    related: tuple[str, ...] = ()


def load_topics(
    path: Path = TOPICS_FILE, platforms: Collection[str] | None = None
) -> dict[str, Topic]:
    """Load and validate the topics, in file order; ``platforms`` are the known platform ids."""
    with path.open("rb") as fp:
        document = tomllib.load(fp)
    if set(document) != {"topic"}:
        raise TopicError(f"{path.name}: expected only [[topic]] tables")
    topics: dict[str, Topic] = {}
    for item in document["topic"]:
        topic = _build(item, platforms)
        if topic.id in topics:
            raise TopicError(f"topic {topic.id!r}: duplicate id")
        topics[topic.id] = topic
    for topic in topics.values():
        if unknown := [r for r in topic.related if r not in topics or r == topic.id]:
            raise TopicError(f"topic {topic.id!r}: bad related topics {unknown}")
    return topics


def _build(item: dict[str, Any], platforms: Collection[str] | None) -> Topic:
    topic_id = item.get("id")
    if not isinstance(topic_id, str) or not _ID.match(topic_id):
        raise TopicError(f"topic {topic_id!r}: id must be short lowercase ascii")

    def fail(problem: str) -> TopicError:
        return TopicError(f"topic {topic_id!r}: {problem}")

    if extra := set(item) - _KEYS:
        raise fail(f"unknown keys {sorted(extra)}")
    if missing := [key for key in _REQUIRED if key not in item]:
        raise fail(f"missing required field {missing[0]!r}")
    if item["status"] not in STATUSES:
        raise fail(f"bad status {item['status']!r} (one of {', '.join(STATUSES)})")
    checked = item["checked"]
    if isinstance(checked, datetime) or not isinstance(checked, date):
        raise fail("'checked' must be a TOML date like 2025-05-26")
    if checked > date.today():
        raise fail(f"'checked' date {checked} is in the future")
    texts = {key: _text_list(item.get(key, []), key, fail) for key in ("answer", "unverified")}
    _text(item["title"], "title", fail)
    if not texts["answer"]:
        raise fail("'answer' needs at least one paragraph")
    if item["status"] == "unconfirmed" and not texts["unverified"]:
        raise fail("status 'unconfirmed' needs 'unverified' notes saying what is not verified")
    sources = item["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise fail("'sources' must be a non-empty list of strings")
    for source in sources:
        if source.startswith("http") and not _is_https(source):
            raise fail(f"source {source!r} is not a valid https URL")
    platform = item.get("platform")
    if platform is not None and platforms is not None and platform not in platforms:
        raise fail(f"unknown platform {platform!r}")
    related = item.get("related", [])
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        raise fail("'related' must be a list of topic ids")
    return Topic(
        id=topic_id,
        title=item["title"],
        status=item["status"],
        checked=checked,
        answer=texts["answer"],
        sources=tuple(sources),
        unverified=texts["unverified"],
        platform=platform,
        related=tuple(related),
    )


def _text_list(value: Any, key: str, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(f"{key!r} must be a list of paragraphs")
    for paragraph in value:
        _text(paragraph, key, fail)
    return tuple(value)


def _text(value: Any, key: str, fail: Fail) -> None:
    """Each paragraph is one msgid for translators: one plain line, no markup, no placeholders."""
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{key!r} must be non-empty text")
    if value != value.strip() or "\n" in value:
        raise fail(f"{key!r} text must be one line without surrounding spaces: {value!r}")
    if re.search(r"[<>{}]|https?://", value):
        raise fail(f"{key!r} text must not contain HTML, URLs or {{placeholders}}: {value!r}")


def _is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and "." in parts.netloc and not re.search(r"\s", url)
