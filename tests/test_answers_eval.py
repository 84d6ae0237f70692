"""The FAQ evaluation set: accuracy floors per language, and no confident wrong answer.

The floors leave room for one or two misses per language (21 questions each), so adding a
phrasing that shifts a close call does not fail the build; a real regression does.
"""

from __future__ import annotations

import pytest

from bench.answers import OFF_TOPIC, Question, Score, evaluate, load_questions
from bot.answers import AnswerIndex
from bot.answers.phrasings import load_phrasings
from bot.answers.text import words
from bot.i18n import LANGUAGES
from bot.knowledge import load_knowledge

TOP1_FLOOR = 0.85
TOP3_FLOOR = 0.9
MIN_QUESTIONS = 15
MIN_PHRASINGS = 4
MIN_STOPWORDS = 50


@pytest.fixture(scope="module")
def index() -> AnswerIndex:
    return AnswerIndex.build(load_knowledge())


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions()


@pytest.fixture(scope="module")
def scores(index: AnswerIndex, questions: list[Question]) -> dict[str, Score]:
    return evaluate(index, questions)


def test_eval_set_covers_every_language_and_topic(
    index: AnswerIndex, questions: list[Question]
) -> None:
    for language in LANGUAGES:
        mine = [q for q in questions if q.language == language]
        assert sum(q.topic != OFF_TOPIC for q in mine) >= MIN_QUESTIONS, language
        assert sum(q.topic == OFF_TOPIC for q in mine) >= 2, language
    assert {q.topic for q in questions} - {OFF_TOPIC} <= set(index.topics)


def test_every_language_has_phrasings_for_every_topic(index: AnswerIndex) -> None:
    for language, data in load_phrasings(index.topics).items():
        thin = [t for t in index.topics if len(data.phrasings.get(t, ())) < MIN_PHRASINGS]
        assert thin == [], language
        assert len(data.stopwords) >= MIN_STOPWORDS, language


def test_no_eval_question_is_a_phrasing(index: AnswerIndex, questions: list[Question]) -> None:
    phrasings = {
        " ".join(words(example))
        for language in load_phrasings(index.topics).values()
        for examples in language.phrasings.values()
        for example in examples
    }
    copied = [q.text for q in questions if " ".join(words(q.text)) in phrasings]
    assert copied == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_accuracy_floor(scores: dict[str, Score], language: str) -> None:
    score = scores[language]
    assert score.top1 / score.total >= TOP1_FLOOR, score.misses
    assert score.top3 / score.total >= TOP3_FLOOR, score.misses


@pytest.mark.parametrize("language", LANGUAGES)
def test_never_a_confident_wrong_answer(scores: dict[str, Score], language: str) -> None:
    score = scores[language]
    assert score.confident_wrong == 0, score.misses
    assert score.off_topic_confident == 0, score.misses


def test_recognised_platforms_and_countries(index: AnswerIndex, questions: list[Question]) -> None:
    for question in questions:
        match = index.match(question.text, question.language)
        if question.platform:
            assert match.platform == question.platform, question.text
        if question.country:
            assert match.country == question.country, question.text
