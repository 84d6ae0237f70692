"""Which platform and which country a question names ("Insta", "whats app", "ich wohne in
Österreich"), so the bot can show the exact form card without asking again.

Countries are matched only on exact names or aliases, never fuzzily and never as two-letter
codes: inside a sentence "de", "it", "no" or "man" are ordinary words, and a wrong country means
wrong legal advice. Platform names may carry one typo ("instgram"), since no ordinary word is
that close to a brand name of six letters or more.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Final

from bot.answers.text import words
from bot.i18n import LANGUAGES
from bot.knowledge import KnowledgeBase
from bot.knowledge.countries import ALIASES, cldr_names, normalize

MAX_SPAN = 4
#: Aliases that name a platform on their own but are ordinary phrases in a question about Meta:
#: "my AI chats" is not Snapchat's My AI, and "Meta AI" in "does Meta AI use my posts" means
#: Meta's training, not the Meta AI app (whose card says there is nothing to object to).
PLATFORM_STOP_SPANS: Final = frozenset({"my ai", "meta ai"})
#: Country names in some language that are ordinary words in another ("mali": Italian
#: for "harms"), or too vague to act on.
COUNTRY_STOP_WORDS: Final = frozenset(
    {
        "mali", "man", "georgia", "jersey", "guinea", "chad",
        "cada",  # Latvian "Čada" (Chad); Spanish and Portuguese "each"
        "maili",  # Irish "Mailí" (Mali); Turkish "the mail"
        "mon",  # Icelandic "Mön" (Isle of Man); French "my"
        "tai",  # Estonian "Tai" (Thailand); Lithuanian "this", Romanian "your"
        "peru",  # Finnish "cancel"
        "samo",  # Slovenian "Samoa"; Slovenian, Croatian "only"
        "toga",  # Irish "Tóga" (Togo); Croatian "of that"
        "oma",  # Portuguese "Omã" (Oman); Estonian and Finnish "own"
        "czad",  # Polish "Czad" (Chad); slang "cool"
        "cad",  # Czech, Croatian, Slovak "Čad" (Chad); Irish "what"
        "того",  # Russian, Ukrainian, Bulgarian "Того" (Togo); Russian "of that"
        "بليز",  # Arabic "Belize"; colloquial "please"
        "مالي",  # Arabic "Mali"; "my money", "I have"
        "عمان",  # Arabic "Oman"; also Amman, Jordan's capital
    }
)  # fmt: skip
#: Country abbreviations that are ordinary words when not written in capitals.
CAPITALS_ONLY: Final = ("US", "USA")
#: ... but "usa" after a preposition is the country ("jeg bor i usa", "vivo en usa").
LIVING_IN_USA: Final = re.compile(
    r"\b(?:i|in|en|em|aux|w|v|u|z|iz|from|aus)\s+usa\b", re.IGNORECASE
)
#: Maltese "x'" ("what": "x'nagħmel?") is not the platform X.
MALTESE_WHAT: Final = re.compile(r"\bx['’]", re.IGNORECASE)
_FUZZY_MIN = 6
_FUZZY_CUTOFF = 0.85
_MAX_ENDING = 4  # Polish and other case endings: "whatsappie", "facebookowi"


def _spans(tokens: list[str]) -> list[str]:
    """Word n-grams, longest first, so "facebook messenger" wins over "facebook"."""
    return [
        " ".join(tokens[start : start + size])
        for size in range(min(MAX_SPAN, len(tokens)), 0, -1)
        for start in range(len(tokens) - size + 1)
    ]


class PlatformFinder:
    """Platform names and aliases from the knowledge base, matched on word n-grams."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._long_names: dict[str, str] = {}
        for platform in kb.platforms:
            for name in (platform.name, *platform.aliases):
                folded = normalize(name).replace(" ", "")
                if len(folded) >= _FUZZY_MIN:
                    self._long_names[folded] = platform.id

    def canonical(self, tokens: list[str]) -> list[str]:
        """The words with each platform name replaced by its id ("whats app", "insta" →
        "whatsapp", "instagram"), so phrasings and questions agree on one word per platform."""
        result: list[str] = []
        start = 0
        while start < len(tokens):
            for size in range(min(MAX_SPAN, len(tokens) - start), 0, -1):
                platform = self._platform(" ".join(tokens[start : start + size]))
                if platform is not None:
                    result.append(platform)
                    start += size
                    break
            else:
                result.append(tokens[start])
                start += 1
        return result

    def find(self, text: str, known_words: Collection[str] = ()) -> str | None:
        """The platform named in ``text``: the longest name first, then one-typo brand names
        among words that are not ``known_words`` (the phrasings' vocabulary)."""
        tokens = words(MALTESE_WHAT.sub(" ", text))
        for span in _spans(tokens):
            platform = self._platform(span)
            if platform is not None:
                return platform
        for token in tokens:
            if len(token) >= _FUZZY_MIN and token not in known_words:
                close = difflib.get_close_matches(
                    token, self._long_names, n=1, cutoff=_FUZZY_CUTOFF
                )
                if close:
                    return self._long_names[close[0]]
        return None

    def _platform(self, span: str) -> str | None:
        """An exact name or alias, or an inflected brand name ("instagrama", "facebooku")."""
        if span in PLATFORM_STOP_SPANS:
            return None
        platform = self._kb.find_platform(span)
        if platform is not None:
            return platform.id
        if " " not in span:
            for cut in range(min(_MAX_ENDING, len(span) - _FUZZY_MIN) + 1):
                platform_id = self._long_names.get(span[: len(span) - cut])
                if platform_id is not None:
                    return platform_id
        return None


class CountryFinder:
    """Country names in every language plus the wizard's aliases and the inflected forms the
    phrasings files list ("w Polsce"), built once."""

    def __init__(self, forms: Mapping[str, str] = MappingProxyType({})) -> None:
        names = {
            n: c
            for n, c in cldr_names(LANGUAGES).items()
            if len(n) > 2 and n not in COUNTRY_STOP_WORDS
        }
        # Aliases are chosen by hand, so short ones ("UK") are meant; they override CLDR names.
        for alias, code in (*ALIASES.items(), *forms.items()):
            names[normalize(alias)] = code
        for word in CAPITALS_ONLY:
            names.pop(word.lower(), None)
        self._names = names

    def find(self, text: str) -> str | None:
        """The country named in ``text`` by an exact name or alias; "US" and "USA" only in
        capitals, since "us" is an ordinary English word and "usa" a Spanish, Italian and
        Portuguese one ("uses")."""
        if re.search(r"\bUSA?\b", text) or LIVING_IN_USA.search(text):
            return "US"
        for span in _spans(words(text)):
            code = self._names.get(span)
            if code is not None:
                return code
        return None
