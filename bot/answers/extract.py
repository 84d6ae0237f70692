"""Babel extraction for ``data/topics.toml``: every title and answer paragraph is one msgid.

babel.cfg (owned by the lead):

    [extractors]
    faq = bot.answers.extract:extract_topics

    [faq: bot/answers/data/topics.toml]

Ids, sources and dates are not extracted: they must stay as they are. Phrasings are matching
data, never shown, so they are not extracted either.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from bot.knowledge.extract import find_line

#: Topic fields holding user-facing text, in rendering order, with a hint for translators.
FIELDS = {
    "title": "FAQ topic title, shown in bold and on buttons: keep it short.",
    "answer": "FAQ answer paragraph.",
    "unverified": "FAQ note shown under “Not verified”.",
}


def extract_topics(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor: yield ``(lineno, funcname, message, comments)`` per topic text.

    ``keywords``, ``comment_tags`` and ``options`` belong to Babel's protocol and are unused.
    """
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    cursor = 0
    for table in tomllib.loads(source).get("topic", []):
        topic_id = str(table.get("id", "?"))
        cursor = find_line(lines, f"id = {json.dumps(topic_id)}", cursor)
        for key, hint in FIELDS.items():
            value = table.get(key)
            for message in [value] if isinstance(value, str) else value or []:
                lineno = find_line(lines, json.dumps(message, ensure_ascii=False), cursor)
                yield lineno + 1, None, message, [f"faq {topic_id}: {key}", hint]
