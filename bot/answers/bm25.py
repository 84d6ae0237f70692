"""Okapi BM25 over short documents, where one query word may match several index terms.

A query word stands for a set of terms (its stems in every language, or its typo corrections),
and it scores in a document with its best term only, so a word is never counted twice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class QueryWord:
    """One query word as the index terms it may match, each with a weight in (0, 1]."""

    terms: dict[str, float]


class BM25:
    """An inverted index: term → postings of (document, weighted term frequency)."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        lengths = [len(doc) for doc in documents]
        average = sum(lengths) / max(self.size, 1)
        self._norm = [K1 * (1 - B + B * length / average) for length in lengths]
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for number, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                tf = count * (K1 + 1) / (count + self._norm[number])
                self._postings.setdefault(term, []).append((number, tf))
        self.idf = {
            term: math.log(1 + (self.size - len(postings) + 0.5) / (len(postings) + 0.5))
            for term, postings in self._postings.items()
        }

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def unseen_idf(self) -> float:
        """The weight a word would have if it occurred in no document (for coverage)."""
        return math.log(1 + (self.size + 0.5) / 0.5)

    def score(self, query: Iterable[QueryWord]) -> dict[int, float]:
        """Document number → BM25 score, for documents matching at least one word."""
        scores: dict[int, float] = {}
        for word in query:
            best: dict[int, float] = {}
            for term, weight in word.terms.items():
                idf = self.idf.get(term)
                if idf is None:
                    continue
                for number, tf in self._postings[term]:
                    value = weight * idf * tf
                    if value > best.get(number, 0.0):
                        best[number] = value
            for number, value in best.items():
                scores[number] = scores.get(number, 0.0) + value
        return scores
