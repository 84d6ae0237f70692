"""Typo tolerance: map a word the index has never seen to the closest words it has.

Char-trigram candidates, confirmed by difflib's ratio: "widerpsruch" → "widerspruch",
"confirmacion" is already fine (accents are normalised away before this). The first letter must
agree: people rarely mistype it, and with thirty languages' words a name like "Bergen" would
otherwise become the Turkish "ergen" (teenager).
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable

MIN_LENGTH = 5  # shorter words have too many neighbours: "sure" is not "unsure"
CUTOFF = 0.85  # difflib ratio: one letter missing from a 7-letter word is 0.92
CANDIDATES = 8
MAX_MATCHES = 2


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Vocabulary:
    """The surface words of all phrasings, searchable by spelling."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = sorted({w for w in words if len(w) >= MIN_LENGTH})
        self._by_trigram: dict[str, list[int]] = {}
        for number, word in enumerate(self._words):
            for gram in _trigrams(word):
                self._by_trigram.setdefault(gram, []).append(number)

    def closest(self, word: str) -> list[tuple[str, float]]:
        """Up to two known words spelled like ``word``, with their similarity (best first)."""
        if len(word) < MIN_LENGTH:
            return []
        shared = Counter(n for gram in _trigrams(word) for n in self._by_trigram.get(gram, ()))
        matcher = difflib.SequenceMatcher(b=word, autojunk=False)
        found: list[tuple[float, str]] = []
        same_start = [(count, n) for n, count in shared.items() if self._words[n][0] == word[0]]
        for _, number in heapq.nlargest(CANDIDATES, same_start):
            matcher.set_seq1(self._words[number])
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                found.append((ratio, self._words[number]))
        found.sort(reverse=True)
        return [(w, ratio) for ratio, w in found[:MAX_MATCHES]]
