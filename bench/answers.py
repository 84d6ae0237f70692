"""FAQ matching quality and speed on the evaluation set (``tests/data/faq_eval/<lang>.toml``).

Prints per-language top-1 and top-3 accuracy, how off-topic questions were handled, the median
and 99th-percentile time per question with every language's phrasings loaded, and the index
build time and memory. ``tests/test_answers_eval.py`` uses the same scoring for its floors.
"""

from __future__ import annotations

import statistics
import time
import tomllib
import tracemalloc
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.answers import AnswerIndex, Match
from bot.knowledge import load_knowledge

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "faq_eval"
OFF_TOPIC = "none"


@dataclass(frozen=True)
class Question:
    """One labelled question; ``topic`` is ``"none"`` for off-topic ones."""

    language: str
    text: str
    topic: str
    platform: str | None = None
    country: str | None = None


@dataclass
class Score:
    """One language's results; answerable questions and off-topic ones are counted apart."""

    total: int = 0
    top1: int = 0
    top3: int = 0
    confident_right: int = 0
    confident_wrong: int = 0
    off_topic: int = 0
    off_topic_confident: int = 0
    misses: list[str] = field(default_factory=list)


def load_questions(directory: Path = EVAL_DIR) -> list[Question]:
    """The evaluation set: one file per language, named by its code, in file order."""
    questions = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as fp:
            items = tomllib.load(fp).get("question", [])
        questions += [Question(language=path.stem, **item) for item in items]
    return questions


def evaluate(index: AnswerIndex, questions: list[Question]) -> dict[str, Score]:
    """Score every question; top-1 counts the best guess even when it is not confident."""
    scores: dict[str, Score] = defaultdict(Score)
    for question in questions:
        match = index.match(question.text, question.language)
        _count(scores[question.language], question, match)
    return dict(scores)


def _count(score: Score, question: Question, match: Match) -> None:
    if question.topic == OFF_TOPIC:
        score.off_topic += 1
        if match.confident:
            score.off_topic_confident += 1
            score.misses.append(f"off-topic answered: {question.text!r} → {match.topic_id}")
        return
    score.total += 1
    best = match.alternatives[0] if match.alternatives else None
    if best == question.topic:
        score.top1 += 1
    else:
        score.misses.append(f"{question.text!r}: want {question.topic}, got {match.alternatives}")
    if question.topic in match.alternatives:
        score.top3 += 1
    if match.confident:
        if match.topic_id == question.topic:
            score.confident_right += 1
        else:
            score.confident_wrong += 1


def main() -> None:
    """Build the index, score the evaluation set and time every question."""
    kb = load_knowledge()
    started = time.perf_counter()
    index = AnswerIndex.build(kb)
    build_ms = (time.perf_counter() - started) * 1000
    tracemalloc.start()
    AnswerIndex.build(kb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    questions = load_questions()
    scores = evaluate(index, questions)
    print("FAQ matching (all languages loaded)")
    print(f"  index build: {build_ms:.0f} ms, peak memory while building {peak / 1e6:.1f} MB")
    print("  lang   questions  top-1   top-3   confident (right/wrong)  off-topic confident")
    for language, score in scores.items():
        print(
            f"  {language:5}  {score.total:9}  {score.top1 / score.total:5.0%}  "
            f"{score.top3 / score.total:6.0%}  "
            f"{score.confident_right:15}/{score.confident_wrong:<7}  "
            f"{score.off_topic_confident}/{score.off_topic}"
        )
    for language, score in scores.items():
        for miss in score.misses:
            print(f"    miss [{language}] {miss}")
    timings = []
    for _ in range(5):
        for question in questions:
            started = time.perf_counter()
            index.match(question.text, question.language)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"  per question: median {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
