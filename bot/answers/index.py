"""The answer index: built once at start from every language's phrasings, then ``match`` picks
the FAQ topic for a free-text question, with the platform and country it names.

All languages share one BM25 index, so a question in another language than the user's setting
(a German living in France, a phrase copied from a news article) is still understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from bot.answers.bm25 import BM25, QueryWord
from bot.answers.entities import PlatformFinder, find_country
from bot.answers.phrasings import PHRASINGS_DIR, load_phrasings
from bot.answers.text import Analyzer
from bot.answers.topics import TOPICS_FILE, Topic, load_topics
from bot.answers.typos import Vocabulary
from bot.knowledge import KnowledgeBase

#: Below these the bot says it is not sure and offers the closest topics (tuned on the eval set,
#: see ``bench/answers.py``): a wrong answer stated confidently is worse than asking back.
MIN_SCORE: Final = 4.0
MIN_COVERAGE: Final = 0.5
TYPO_WEIGHT: Final = 0.9
TOPIC_WEIGHT = 1.0
ALTERNATIVES: Final = 3
#: The topic that leads to the form card, chosen when a question names a platform and asks how
#: to object ("how do I stop Instagram using my photos, I live in Austria").
HOW_TO_OBJECT: Final = "how-to-object"


@dataclass(frozen=True)
class Match:
    """The answer to show: ``topic_id`` is set only when ``confident``; ``alternatives`` are the
    three closest topics either way, best first, to offer as buttons."""

    topic_id: str | None
    score: float
    confident: bool
    alternatives: list[str] = field(default_factory=list)
    platform: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class _Document:
    topic_id: str
    terms: frozenset[str]


class AnswerIndex:
    """Topics plus a search index over how people ask for them; immutable after ``build``."""

    def __init__(
        self,
        topics: dict[str, Topic],
        documents: list[tuple[str, list[str]]],
        surface: dict[str, frozenset[str]],
        analyzer: Analyzer,
        platforms: PlatformFinder,
    ) -> None:
        self.topics = topics
        self._analyzer = analyzer
        self._bm25 = BM25([terms for _, terms in documents])
        self._documents = [_Document(topic, frozenset(terms)) for topic, terms in documents]
        pooled: dict[str, list[str]] = {topic_id: [] for topic_id in topics}
        for topic_id, terms in documents:
            pooled[topic_id].extend(terms)
        self._topic_ids = list(pooled)
        self._topic_bm25 = BM25(list(pooled.values()))
        self._surface = surface
        self._vocabulary = Vocabulary(surface)
        self._platforms = platforms

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        topics_file: Path = TOPICS_FILE,
        phrasings_dir: Path = PHRASINGS_DIR,
    ) -> AnswerIndex:
        """Load topics and phrasings and index them; fails at start on any data error."""
        topics = load_topics(topics_file, {p.id for p in kb.platforms})
        languages = load_phrasings(topics, phrasings_dir)
        analyzer = Analyzer(frozenset().union(*(p.stopwords for p in languages.values())))
        documents: list[tuple[str, list[str]]] = []
        surface: dict[str, set[str]] = {}

        def add(topic_id: str, text: str, language: str) -> None:
            terms = []
            for word in analyzer.content_words(text):
                term = analyzer.stem(word, language)
                surface.setdefault(word, set()).add(term)
                terms.append(term)
            if terms:
                documents.append((topic_id, terms))

        for language, data in languages.items():
            for topic_id, examples in data.phrasings.items():
                for example in examples:
                    add(topic_id, example, language)
            for topic_id, keywords in data.keywords.items():
                add(topic_id, " ".join(keywords), language)
        for topic in topics.values():
            add(topic.id, topic.title, "en")
        known = frozenset(surface)
        return cls(
            topics,
            documents,
            {word: frozenset(terms) for word, terms in surface.items()},
            analyzer,
            PlatformFinder(kb, known),
        )

    def match(self, question: str, language: str = "en") -> Match:
        """The best topic for ``question``; ``language`` is the user's setting (a tie-breaker
        only: every language's phrasings are searched)."""
        del language  # measured: restricting or boosting by the UI language did not help
        query, weights = self._query(question)
        platform = self._platforms.find(question)
        country = find_country(question)
        ranked = self._rank(query)
        if not ranked:
            return Match(None, 0.0, False, [], platform, country)
        (best, score, document), *_ = ranked
        coverage = _coverage(query, weights, self._documents[document].terms)
        confident = score >= MIN_SCORE and coverage >= MIN_COVERAGE
        alternatives = [topic for topic, _, _ in ranked[:ALTERNATIVES]]
        return Match(
            best if confident else None, round(score, 2), confident, alternatives, platform, country
        )

    def _query(self, question: str) -> tuple[list[QueryWord], list[float]]:
        """Each content word as the index terms it may stand for, with its idf weight."""
        query: list[QueryWord] = []
        weights: list[float] = []
        seen: set[str] = set()
        for word in self._analyzer.content_words(question):
            if word in seen:
                continue
            seen.add(word)
            terms = {t: 1.0 for t in self._analyzer.variants(word) if t in self._bm25}
            if not terms and word not in self._surface:
                for known, ratio in self._vocabulary.closest(word):
                    for term in self._surface[known]:
                        terms[term] = max(terms.get(term, 0.0), ratio * TYPO_WEIGHT)
            query.append(QueryWord(terms))
            idfs = [self._bm25.idf[t] for t in terms]
            weights.append(max(idfs) if idfs else self._bm25.unseen_idf())
        return query, weights

    def _rank(self, query: list[QueryWord]) -> list[tuple[str, float, int]]:
        """Topics by their best-matching document: (topic, score, document number)."""
        best: dict[str, tuple[float, int]] = {}
        for number, score in self._bm25.score(query).items():
            topic = self._documents[number].topic_id
            if score > best.get(topic, (0.0, -1))[0]:
                best[topic] = (score, number)
        if TOPIC_WEIGHT:
            for number, score in self._topic_bm25.score(query).items():
                topic = self._topic_ids[number]
                if topic in best:
                    best[topic] = (best[topic][0] + TOPIC_WEIGHT * score, best[topic][1])
        return sorted(
            ((topic, score, number) for topic, (score, number) in best.items()),
            key=lambda item: -item[1],
        )


def _coverage(query: list[QueryWord], weights: list[float], terms: frozenset[str]) -> float:
    """The idf-weighted share of the question's words found in the best document: a question
    about rent that happens to say "object" matches a topic, but covers little of it."""
    total = sum(weights)
    if not total:
        return 0.0
    found = sum(w for word, w in zip(query, weights, strict=True) if terms & word.terms.keys())
    return found / total


