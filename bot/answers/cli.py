"""``python -m bot ask``: answer questions from the command line, for checking the FAQ by hand
and for scripts (one JSON line per question read from stdin)."""

from __future__ import annotations

import html
import json
import re
from typing import TextIO

from bot.answers.index import AnswerIndex, Match
from bot.answers.render import render_answer
from bot.i18n import Catalogs, Translator
from bot.knowledge import load_knowledge

_TAG = re.compile(r"<[^>]+>")


def ask_main(
    question: str | None, language: str, as_json: bool, stdin: TextIO, stdout: TextIO
) -> int:
    """Answer ``question``, or every line of ``stdin`` as JSON lines when it is ``None``.

    Returns the exit status: 0, or 1 when a single question found no confident answer.
    """
    index = AnswerIndex.build(load_knowledge())
    tr = Catalogs().get(language)
    if question is None:
        for line in stdin:
            if line.strip():
                match = index.match(line.strip(), language)
                stdout.write(json.dumps(_record(index, match, tr), ensure_ascii=False) + "\n")
        return 0
    match = index.match(question, language)
    if as_json:
        stdout.write(json.dumps(_record(index, match, tr), ensure_ascii=False, indent=2) + "\n")
    elif match.topic_id is not None:
        stdout.write(plain_text(render_answer(index.topics[match.topic_id], tr)) + "\n")
    else:
        titles = ", ".join(tr.raw(index.topics[t].title) for t in match.alternatives)
        stdout.write(f"Not sure. Closest topics: {titles or '-'}\n")
    return 0 if match.confident else 1


def _record(index: AnswerIndex, match: Match, tr: Translator) -> dict[str, object]:
    answer = plain_text(render_answer(index.topics[match.topic_id], tr)) if match.topic_id else None
    return {
        "topic": match.topic_id,
        "score": match.score,
        "confident": match.confident,
        "alternatives": match.alternatives,
        "platform": match.platform,
        "country": match.country,
        "answer": answer,
    }


def plain_text(message: str) -> str:
    """Telegram HTML as terminal text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", message))
