"""Telegram's HTML parse mode: turns marked-up text into plain text plus entities.

Telegram rejects malformed HTML and counts length limits on the *parsed* text, so the fake must
parse it the same way to answer with the same errors (e.g. a stray ``<`` in a translation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ATTR = re.compile(r"\s+([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_START_END = re.compile(r"\s*/?>")
_END = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")


class EntityParseError(ValueError):
    """Raised with Telegram's wording; the caller prefixes "Bad Request: can't parse entities"."""


@dataclass
class _Open:
    tag: str
    start: int  # UTF-16 offset in the plain text
    attrs: dict[str, str]
    language: str | None = None


def utf16_len(text: str) -> int:
    """Entity offsets and lengths are measured in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into (plain text, entities) or raise EntityParseError."""
    out: list[str] = []
    offset = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&":
            decoded, i = _entity_at(text, i)
            out.append(decoded)
            offset += utf16_len(decoded)
            continue
        if char != "<":
            out.append(char)
            offset += utf16_len(char)
            i += 1
            continue
        if text.startswith("</", i):
            i = _close_tag(text, i, stack, offset, entities)
        else:
            frame, i = _open_tag(text, i)
            frame.start = offset
            stack.append(frame)
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _entity_at(text: str, i: int) -> tuple[str, int]:
    match = _ENTITY.match(text, i)
    if match:
        decimal, hexa, name = match.groups()
        if name is None:
            code = int(decimal) if decimal else int(hexa, 16)
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code), match.end()
        elif name in NAMED_ENTITIES:
            return NAMED_ENTITIES[name], match.end()
    raise EntityParseError(
        f"Character '&' at byte offset {_byte_offset(text, i)} must be escaped as &amp; "
        "unless it starts an HTML entity"
    )


def _unescape(value: str) -> str:
    def repl(match: re.Match[str]) -> str:
        decimal, hexa, name = match.groups()
        if name is not None:
            return NAMED_ENTITIES.get(name, match.group(0))
        return chr(int(decimal) if decimal else int(hexa, 16))

    return _ENTITY.sub(repl, value)


def _open_tag(text: str, i: int) -> tuple[_Open, int]:
    match = _START.match(text, i)
    if not match:
        raise EntityParseError(f'Unsupported start tag "" at byte offset {_byte_offset(text, i)}')
    tag = match.group(1).lower()
    if tag not in TAG_ENTITY:
        raise EntityParseError(
            f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, i)}'
        )
    pos = match.end()
    attrs: dict[str, str] = {}
    while attr := _ATTR.match(text, pos):
        value = attr.group(2) or ""
        if value[:1] in {'"', "'"}:
            value = value[1:-1]
        attrs[attr.group(1).lower()] = _unescape(value)
        pos = attr.end()
    end = _START_END.match(text, pos)
    if not end:
        raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, i)}")
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError('Tag "span" must have class "tg-spoiler"')
    if tag == "tg-emoji" and not attrs.get("emoji-id"):
        raise EntityParseError('Tag "tg-emoji" must have attribute "emoji-id"')
    return _Open(tag=tag, start=0, attrs=attrs), end.end()


def _close_tag(
    text: str, i: int, stack: list[_Open], offset: int, entities: list[dict[str, Any]]
) -> int:
    match = _END.match(text, i)
    if not match:
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, i)}")
    tag = match.group(1).lower()
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, i)}")
    frame = stack.pop()
    if frame.tag != tag:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, i)}, "
            f'expected "</{frame.tag}>", found "</{tag}>"'
        )
    language = frame.attrs.get("class", "")
    if tag == "code" and stack and stack[-1].tag == "pre" and language.startswith("language-"):
        stack[-1].language = language.removeprefix("language-")
        return match.end()
    entity = _entity_for(frame, offset)
    if entity is not None:
        entities.append(entity)
    return match.end()


def _entity_for(frame: _Open, end: int) -> dict[str, Any] | None:
    length = end - frame.start
    kind = TAG_ENTITY[frame.tag]
    if length <= 0:
        return None  # Telegram drops empty entities
    entity: dict[str, Any] = {"type": kind, "offset": frame.start, "length": length}
    if kind == "text_link":
        if not frame.attrs.get("href"):
            return None
        entity["url"] = frame.attrs["href"]
    elif kind == "pre" and frame.language:
        entity["language"] = frame.language
    elif kind == "blockquote" and "expandable" in frame.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = frame.attrs["emoji-id"]
    return entity
