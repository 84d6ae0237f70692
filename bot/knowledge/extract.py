"""Babel extraction for the data files, so translators get every user-facing data sentence.

babel.cfg (owned by the lead). Babel splits a section name at the first ":", so a dotted
``module:function`` cannot be the section name itself; declare it under ``[extractors]``:

    [extractors]
    knowledge = bot.knowledge.extract:extract_knowledge

    [knowledge: bot/knowledge/data/**.toml]

Brand names, URLs, sources and email addresses are not extracted: they must stay as they are.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Entry, KnowledgeBase

#: Entry fields holding one sentence or a list of sentences, in card order.
TEXT_FIELDS = (
    "intro",
    "notes",
    "who",
    "app_path",
    "steps",
    "fields",
    "confirmation",
    "if_no_confirmation",
    "pitfalls",
    "unverified",
)
ALTERNATIVE_FIELDS = ("text", "app_path", "label")

_HINTS = {
    "app_path": "Menu path: use the menu names the app shows in your language; keep the arrows.",
    "label": "Button label, keep it short.",
}


def _strings(table: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, message) pairs of one raw or resolved entry, in card order."""
    for key in TEXT_FIELDS:
        value = table.get(key)
        for message in [value] if isinstance(value, str) else value or []:
            yield key, message
    for alternative in table.get("alternatives") or []:
        for key in ALTERNATIVE_FIELDS:
            if isinstance(alternative.get(key), str):
                yield f"alternatives.{key}", alternative[key]


def extract_knowledge(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor: yield ``(lineno, funcname, message, comments)`` per data sentence.

    ``keywords``, ``comment_tags`` and ``options`` belong to Babel's protocol and are unused.
    ``funcname`` is ``None`` so Babel treats each message as a plain singular string.
    """
    source = fileobj.read().decode("utf-8")
    document = tomllib.loads(source)
    lines = source.splitlines()
    cursor = 0
    for table in document.get("entry", []):
        entry_id = str(table.get("id", "?"))
        cursor = find_line(lines, f"id = {json.dumps(entry_id)}", cursor)
        for key, message in _strings(table):
            lineno = find_line(lines, _toml_literal(message), cursor)
            comments = [f"{entry_id}: {key}"]
            hint = _HINTS.get(key.rsplit(".", 1)[-1])
            if hint:
                comments.append(hint)
            yield lineno + 1, None, message, comments


def _toml_literal(message: str) -> str:
    """How a basic TOML string appears in the file (JSON escaping matches for our texts)."""
    return json.dumps(message, ensure_ascii=False)


def find_line(lines: list[str], needle: str, start: int) -> int:
    """Index of the first line at or after ``start`` containing ``needle`` (else ``start``)."""
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index
    return start


def iter_messages(kb_or_data_dir: KnowledgeBase | Path | str) -> Iterator[str]:
    """Every translatable data string once, in a stable order (for catalog completeness tests)."""
    if isinstance(kb_or_data_dir, KnowledgeBase):
        kb = kb_or_data_dir
    else:
        kb = load_knowledge(Path(kb_or_data_dir))
    seen: set[str] = set()
    for entry in kb.entries:
        for _, message in _strings(_as_table(entry)):
            if message not in seen:
                seen.add(message)
                yield message


def _as_table(entry: Entry) -> dict[str, Any]:
    table: dict[str, Any] = {key: getattr(entry, key) for key in TEXT_FIELDS}
    table["alternatives"] = [
        {key: getattr(alt, key) for key in ALTERNATIVE_FIELDS} for alt in entry.alternatives
    ]
    return table
