"""Turning a question into search terms: normalise, split, drop stop words, stem.

Questions arrive in any of the bot's languages, often mixed ("Muss ich für Insta extra
widersprechen?"), so a query word is expanded to its stem in *every* language and the index keeps
whichever form its phrasings produced. Phrasings are stemmed with their own language only.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Protocol

import snowballstemmer

from bot.i18n import LANGUAGES
from bot.knowledge.countries import normalize

#: Snowball algorithm per language, where Snowball has one for it or for a very close language
#: (Croatian → Serbian, Slovak → Czech). The rest get :class:`PrefixStemmer`.
SNOWBALL = {
    "ar": "arabic",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hr": "serbian",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "pt_BR": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sk": "czech",
    "sv": "swedish",
    "tr": "turkish",
}
#: Words are cut to this many letters where no stemmer exists (Bulgarian, Icelandic, Latvian,
#: Maltese, Slovenian, Ukrainian): inflections mostly change the end of a word, and five-letter
#: prefixes are a known good fallback for inflected languages.
PREFIX_LENGTH = 5


class Stemmer(Protocol):
    """What Snowball's stemmers and :class:`PrefixStemmer` share."""

    def stemWord(self, word: str) -> str: ...  # Snowball's name


class PrefixStemmer:
    """Fallback stemmer: the first :data:`PREFIX_LENGTH` letters ("заперечення" → "запер")."""

    def stemWord(self, word: str) -> str:  # Snowball's name
        return word[:PREFIX_LENGTH]


def stemmer_for(language: str) -> Stemmer:
    """Snowball's stemmer for the language, else the prefix fallback."""
    name = SNOWBALL.get(language)
    return snowballstemmer.stemmer(name) if name else PrefixStemmer()


def words(text: str) -> list[str]:
    """Normalised words, no accents or punctuation: "N'ai-je pas reçu?" → n ai je pas recu."""
    return normalize(text).split()


class Analyzer:
    """Stop words and stemmers of every language, shared by index build and queries."""

    def __init__(
        self, stopwords: frozenset[str], keywords: Mapping[str, frozenset[str]] | None = None
    ) -> None:
        """``stopwords`` are every language's, pooled (questions mix languages); a language's
        own ``keywords`` stay words for it ("mi" is a Czech stop word but Hungarian for "AI")."""
        self.stopwords = stopwords
        self._own_stopwords = {
            language: stopwords - words for language, words in (keywords or {}).items()
        }
        # One stemmer per algorithm: Portuguese serves pt and pt_BR, the prefix rule six languages.
        algorithms = {language: SNOWBALL.get(language, "prefix") for language in LANGUAGES}
        distinct = {name: stemmer_for(language) for language, name in algorithms.items()}
        self._stemmers = {language: distinct[name] for language, name in algorithms.items()}
        self._distinct = list(distinct.values())
        self.stem = lru_cache(maxsize=65536)(self._stem)
        self.variants = lru_cache(maxsize=65536)(self._variants)

    def content_words(self, tokens: list[str], language: str | None = None) -> list[str]:
        """Words that can carry meaning in ``language``: no stop words, no single letters (but
        digits stay)."""
        stopwords = (
            self._own_stopwords.get(language, self.stopwords) if language else self.stopwords
        )
        return [
            word for word in tokens if word not in stopwords and (len(word) > 1 or word.isdigit())
        ]

    def _stem(self, word: str, language: str) -> str:
        """The word's stem in one language (phrasings: their own language)."""
        return self._stemmers[language].stemWord(word)

    def _variants(self, word: str) -> frozenset[str]:
        """The word itself and its stem in every language: what a query word may be indexed as."""
        return frozenset({word, *(stemmer.stemWord(word) for stemmer in self._distinct)})
