"""The answer index: built once at start from every language's phrasings, then ``match`` picks
the FAQ topic for a free-text question, with the platform and country it names.

All languages share one BM25 index, so a question in another language than the user's setting
(a German living in France, a phrase copied from a news article) is still understood.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from bot.answers.bm25 import BM25, QueryWord
from bot.answers.entities import CountryFinder, PlatformFinder
from bot.answers.phrasings import PHRASINGS_DIR, load_phrasings
from bot.answers.text import Analyzer, words
from bot.answers.topics import TOPICS_FILE, Topic, load_topics
from bot.answers.typos import Vocabulary
from bot.knowledge import KnowledgeBase, region_of

#: Below these the bot says it is not sure and offers the closest topics (tuned on the eval set,
#: see ``bench/answers.py``): a wrong answer stated confidently is worse than asking back.
MIN_SCORE: Final = 8.0
MIN_COVERAGE: Final = 0.3
#: The runner-up must score clearly less: near-ties between topics are where wrong answers were.
MAX_RUNNER_UP: Final = 0.8
#: A typo-corrected word counts a little less than a word spelled as in the phrasings.
TYPO_WEIGHT: Final = 0.9
#: Each topic's score adds the BM25 score of all its phrasings pooled into one document to the
#: score of its best single phrasing: one phrasing rarely holds every word people use, and the
#: pooled document raised top-1 accuracy on the eval set from 0.84 to 0.91 (bench/answers.py).
TOPIC_WEIGHT: Final = 1.0
ALTERNATIVES: Final = 3
#: The topic that leads to the form card, chosen when a question names a platform and asks how
#: to object ("how do I stop Instagram using my photos, I live in Austria") while the words
#: alone point to a general topic; specific ones (WhatsApp, refusals…) keep their own answer.
HOW_TO_OBJECT: Final = "how-to-object"
GENERAL_TOPICS: Final = frozenset(
    {HOW_TO_OBJECT, "meta-ai-training", "other-platforms", "outside-europe", "private-account"}
)
#: Demoted when the question names a country where an objection form exists: "ich wohne in
#: Österreich" shares "wohne" with "ich wohne in den USA", not the question's meaning.
OUTSIDE_EUROPE: Final = "outside-europe"
OBJECTION_REGIONS: Final = frozenset({"eea", "uk", "ch"})


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


class _Ranked(NamedTuple):
    topic_id: str
    score: float
    document: int  # the topic's best-matching document


class AnswerIndex:
    """Topics plus a search index over how people ask for them; immutable after ``build``."""

    def __init__(
        self,
        *,
        topics: dict[str, Topic],
        documents: list[tuple[str, list[str]]],
        surface: dict[str, frozenset[str]],
        analyzer: Analyzer,
        platforms: PlatformFinder,
        countries: CountryFinder,
        intent: frozenset[str],
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
        self._countries = countries
        self._intent = intent

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
        analyzer = Analyzer(
            frozenset().union(*(p.stopwords for p in languages.values())),
            {
                language: frozenset(words(" ".join(w for ks in data.keywords.values() for w in ks)))
                for language, data in languages.items()
            },
        )
        documents: list[tuple[str, list[str]]] = []
        surface: dict[str, set[str]] = {}
        platforms = PlatformFinder(kb)

        def add(topic_id: str, text: str, language: str) -> None:
            terms = []
            for word in analyzer.content_words(platforms.canonical(words(text)), language):
                term = analyzer.stem(word, language)
                surface.setdefault(word, set()).add(term)
                terms.append(term)
            if terms:
                documents.append((topic_id, terms))

        intent: set[str] = set()  # stems of the how-to-object keywords: "object", "widersprech"…
        for language, data in languages.items():
            for topic_id, examples in data.phrasings.items():
                for example in examples:
                    add(topic_id, example, language)
            for topic_id, keywords in data.keywords.items():
                add(topic_id, " ".join(keywords), language)
            how_to_object = " ".join(data.keywords.get(HOW_TO_OBJECT, ()))
            for word in analyzer.content_words(words(how_to_object), language):
                intent.add(analyzer.stem(word, language))
        for topic in topics.values():
            add(topic.id, topic.title, "en")
        return cls(
            topics=topics,
            documents=documents,
            surface={word: frozenset(terms) for word, terms in surface.items()},
            analyzer=analyzer,
            platforms=platforms,
            countries=CountryFinder(
                {name: code for data in languages.values() for name, code in data.countries.items()}
            ),
            intent=frozenset(intent),
        )

    def match(self, question: str, language: str = "en") -> Match:
        """The best topic for ``question``. Every language's phrasings are searched; the user's
        ``language`` only decides which stop words apply."""
        # Stemming with the UI language only: 0.98 top-1 in-language, 0.80 when the question is
        # in another language; with every stemmer 0.97 either way (bench, 2026-11).
        query, weights = self._query(question, language)
        platform = self._platforms.find(question, self._surface)
        country = self._countries.find(question)
        ranked = self._rank(query)
        if not ranked:
            return Match(None, 0.0, False, [], platform, country)
        if country and region_of(country) in OBJECTION_REGIONS:
            ranked = _demote(ranked, OUTSIDE_EUROPE)
        (best, score, document), *rest = ranked
        clear = not rest or rest[0].score <= MAX_RUNNER_UP * score
        if platform and (best in GENERAL_TOPICS or country) and self._asks_to_object(query):
            # Naming the platform (and where one lives) and asking to object is the clearest
            # question there is: the answer is that form.
            ranked, best, clear = _promote(ranked, HOW_TO_OBJECT), HOW_TO_OBJECT, True
        coverage = _coverage(query, weights, self._documents[document].terms)
        confident = clear and score >= MIN_SCORE and coverage >= MIN_COVERAGE
        alternatives = [item.topic_id for item in ranked[:ALTERNATIVES]]
        return Match(
            best if confident else None, round(score, 2), confident, alternatives, platform, country
        )

    def country(self, text: str) -> str | None:
        """The country a text names, also by the inflected forms people write ("w Polsce",
        "ASV", "в Германии"): the wizard's fallback when the text is not a country's name."""
        return self._countries.find(text)

    def _query(self, question: str, language: str) -> tuple[list[QueryWord], list[float]]:
        """Each content word as the index terms it may stand for, with its idf weight."""
        query: list[QueryWord] = []
        weights: list[float] = []
        seen: set[str] = set()
        tokens = _join_compounds(self._platforms.canonical(words(question)), self._surface)
        for word in self._analyzer.content_words(tokens, language):
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

    def _asks_to_object(self, query: list[QueryWord]) -> bool:
        """Whether the question uses a word of objecting or stopping, in any language."""
        return any(self._intent & word.terms.keys() for word in query)

    def _rank(self, query: list[QueryWord]) -> list[_Ranked]:
        """Matching topics, best first (see ``TOPIC_WEIGHT``)."""
        best: dict[str, tuple[float, int]] = {}
        for number, score in self._bm25.score(query).items():
            topic = self._documents[number].topic_id
            if score > best.get(topic, (0.0, -1))[0]:
                best[topic] = (score, number)
        for number, score in self._topic_bm25.score(query).items():
            topic = self._topic_ids[number]
            if topic in best:
                best[topic] = (best[topic][0] + TOPIC_WEIGHT * score, best[topic][1])
        ranked = [_Ranked(topic, score, number) for topic, (score, number) in best.items()]
        return sorted(ranked, key=lambda item: -item.score)


def _join_compounds(tokens: list[str], known: Mapping[str, object]) -> list[str]:
    """Rejoin a compound typed in two words ("bestätigungs mail") when the phrasings know it."""
    result: list[str] = []
    for token in tokens:
        if result and len(token) > 2 and result[-1] + token in known:
            result[-1] += token
        else:
            result.append(token)
    return result


def _demote(ranked: list[_Ranked], topic: str) -> list[_Ranked]:
    """Halve one topic's score and re-sort."""
    halved = [
        item._replace(score=item.score / 2) if item.topic_id == topic else item for item in ranked
    ]
    return sorted(halved, key=lambda item: -item.score)


def _promote(ranked: list[_Ranked], topic: str) -> list[_Ranked]:
    """Put one topic first with the best score (the question matched that well)."""
    first = ranked[0]
    own = next((item for item in ranked if item.topic_id == topic), None)
    lead = _Ranked(topic, first.score, own.document if own else first.document)
    return [lead, *(item for item in ranked if item.topic_id != topic)]


def _coverage(query: list[QueryWord], weights: list[float], terms: frozenset[str]) -> float:
    """The idf-weighted share of the question's words found in the best document: a question
    about rent that happens to say "object" matches a topic, but covers little of it."""
    total = sum(weights)
    if not total:
        return 0.0
    found = sum(w for word, w in zip(query, weights, strict=True) if terms & word.terms.keys())
    return found / total
