"""Which platform and which country a question names ("Insta", "whats app", "ich wohne in
Österreich"), so the bot can show the exact form card without asking again.

Countries are matched only on exact names or aliases, never fuzzily and never as two-letter
codes: inside a sentence "de", "it", "no" or "man" are ordinary words, and a wrong country means
wrong legal advice. Platform names may carry one typo ("instgram"), since no ordinary word is
that close to a brand name of six letters or more.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Final

from babel import Locale

from bot.answers.text import words
from bot.i18n import LANGUAGES
from bot.knowledge import COUNTRY_REGIONS, KnowledgeBase
from bot.knowledge.countries import ALIASES, normalize

MAX_SPAN = 4
#: Aliases that name a platform on their own but are ordinary phrases in a question about Meta:
#: "my AI chats" is not Snapchat's My AI, and "Meta AI" in "does Meta AI use my posts" means
#: Meta's training, not the Meta AI app (whose card says there is nothing to object to).
PLATFORM_STOP_SPANS: Final = frozenset({"my ai", "meta ai"})
#: Country names in some launch language that are ordinary words in another ("mali": Italian
#: for "harms"), or too vague to act on.
COUNTRY_STOP_WORDS: Final = frozenset({"mali", "man", "georgia", "jersey", "guinea", "chad"})
_FUZZY_MIN = 6
_FUZZY_CUTOFF = 0.85


def _spans(tokens: list[str]) -> list[str]:
    """Word n-grams, longest first, so "facebook messenger" wins over "facebook"."""
    return [
        " ".join(tokens[start : start + size])
        for size in range(min(MAX_SPAN, len(tokens)), 0, -1)
        for start in range(len(tokens) - size + 1)
    ]


class PlatformFinder:
    """Platform names and aliases from the knowledge base, matched on word n-grams."""

    def __init__(self, kb: KnowledgeBase, known_words: frozenset[str]) -> None:
        self._kb = kb
        self._known_words = known_words
        self._long_names: dict[str, str] = {}
        for platform in kb.platforms:
            for name in (platform.name, *platform.aliases):
                folded = normalize(name).replace(" ", "")
                if len(folded) >= _FUZZY_MIN:
                    self._long_names[folded] = platform.id

    def find(self, text: str) -> str | None:
        """The platform named in ``text``: the longest name first, then one-typo brand names
        among words the phrasings never use."""
        tokens = words(text)
        for span in _spans(tokens):
            if span in PLATFORM_STOP_SPANS:
                continue
            platform = self._kb.find_platform(span)
            if platform is not None:
                return platform.id
        for token in tokens:
            if len(token) >= _FUZZY_MIN and token not in self._known_words:
                close = difflib.get_close_matches(
                    token, self._long_names, n=1, cutoff=_FUZZY_CUTOFF
                )
                if close:
                    return self._long_names[close[0]]
        return None


def find_country(text: str) -> str | None:
    """The country named in ``text`` by an exact name in a launch language or an alias."""
    names = _country_names()
    for span in _spans(words(text)):
        code = names.get(span)
        if code is not None:
            return code
    return None


@cache
def _country_names() -> dict[str, str]:
    """Normalised country names in every launch language plus the wizard's aliases."""
    names: dict[str, str] = {}
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code in COUNTRY_REGIONS:
            name = territories.get(code)
            if name:
                names.setdefault(normalize(name.split("(")[0]), code)
    for alias, code in ALIASES.items():
        names[normalize(alias)] = code
    return {
        name: code
        for name, code in names.items()
        if len(name) > 2 and name not in COUNTRY_STOP_WORDS
    }
