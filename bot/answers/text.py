"""Turning a question into search terms: normalise, split, drop stop words, stem.

Questions arrive in any of the launch languages, often mixed ("Muss ich für Insta extra
widersprechen?"), so a query word is expanded to its stem in *every* language and the index keeps
whichever form its phrasings produced. Phrasings are stemmed with their own language only.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

from bot.knowledge.countries import normalize

#: Snowball algorithm per launch language.
STEMMERS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
}


def words(text: str) -> list[str]:
    """Normalised words, no accents or punctuation: "N'ai-je pas reçu?" → n ai je pas recu."""
    return normalize(text).split()


class Analyzer:
    """Stop words and stemmers of every launch language, shared by index build and queries."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        self.stopwords = stopwords
        self._stemmers = {lang: snowballstemmer.stemmer(name) for lang, name in STEMMERS.items()}
        self.variants = lru_cache(maxsize=65536)(self._variants)

    def content_words(self, tokens: list[str]) -> list[str]:
        """Words that can carry meaning: no stop words, no single letters (but digits stay)."""
        return [
            word
            for word in tokens
            if word not in self.stopwords and (len(word) > 1 or word.isdigit())
        ]

    def stem(self, word: str, language: str) -> str:
        """The word's stem in one language (phrasings: their own language)."""
        return self._stemmers[language].stemWord(word)

    def _variants(self, word: str) -> frozenset[str]:
        """The word itself and its stem in every language: what a query word may be indexed as."""
        return frozenset({word, *(stemmer.stemWord(word) for stemmer in self._stemmers.values())})
