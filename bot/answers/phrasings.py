"""The matching data in ``data/phrasings/<lang>.toml``: how people ask, per language.

Phrasings are never shown to users and are not translated: they are examples to match against.
Each file holds the language's stop words; per topic, phrasings and optional keywords; and in
``[countries]`` the inflected country names CLDR does not list ("w Polsce" → ``polsce = "PL"``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from bot.answers.topics import DATA_DIR, TopicError
from bot.i18n import LANGUAGES
from bot.knowledge.countries import normalize
from bot.knowledge.regions import is_country

PHRASINGS_DIR: Final = DATA_DIR / "phrasings"


@dataclass(frozen=True)
class Phrasings:
    """One language's examples: ``phrasings[topic]`` are questions, ``keywords[topic]`` hints."""

    language: str
    stopwords: frozenset[str]
    phrasings: dict[str, tuple[str, ...]]
    keywords: dict[str, tuple[str, ...]]
    countries: dict[str, str]


def load_phrasings(
    topic_ids: Collection[str], directory: Path = PHRASINGS_DIR
) -> dict[str, Phrasings]:
    """Every language's file; a missing file or an unknown topic id fails at start."""
    return {
        language: _load(directory / f"{language}.toml", language, topic_ids)
        for language in LANGUAGES
    }


def _load(path: Path, language: str, topic_ids: Collection[str]) -> Phrasings:
    with path.open("rb") as fp:
        document = tomllib.load(fp)
    if extra := set(document) - {"stopwords", "topic", "countries"}:
        raise TopicError(f"{path.name}: unknown top-level keys {sorted(extra)}")
    phrasings: dict[str, tuple[str, ...]] = {}
    keywords: dict[str, tuple[str, ...]] = {}
    for topic_id, table in document.get("topic", {}).items():
        if topic_id not in topic_ids:
            raise TopicError(f"{path.name}: unknown topic {topic_id!r}")
        if extra := set(table) - {"phrasings", "keywords"}:
            raise TopicError(f"{path.name}: topic {topic_id!r}: unknown keys {sorted(extra)}")
        phrasings[topic_id] = _strings(table.get("phrasings", []), path, topic_id)
        keywords[topic_id] = _strings(table.get("keywords", []), path, topic_id)
    stopwords = frozenset(
        normalize(word) for word in _strings(document.get("stopwords", []), path, "stopwords")
    )
    countries = document.get("countries", {})
    if not all(isinstance(code, str) and is_country(code) for code in countries.values()):
        raise TopicError(f"{path.name}: countries: expected name = ISO country code")
    return Phrasings(language, stopwords, phrasings, keywords, countries)


def _strings(value: Any, path: Path, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TopicError(f"{path.name}: {where}: expected a list of non-empty strings")
    return tuple(value)
