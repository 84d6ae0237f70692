"""Every user-facing data sentence reaches the translators, with context, and nothing else."""

from __future__ import annotations

import io

from babel.messages.extract import extract

from bot.knowledge.extract import extract_knowledge, iter_messages
from bot.knowledge.loader import DATA_DIR, iter_files, load_knowledge


def extracted() -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in iter_files(DATA_DIR):
        with path.open("rb") as fp:
            for lineno, message, comments, _ in extract(extract_knowledge, fp):
                found.append((path.name, lineno, message, comments))
    return found


def test_extractor_yields_every_message_with_context() -> None:
    found = extracted()
    messages = {message for _, _, message, _ in found}
    assert messages == set(iter_messages(load_knowledge()))
    for name, lineno, message, comments in found:
        assert lineno > 0 and comments and ":" in comments[0], (name, message)
        line = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[lineno - 1]
        assert message[:30] in line, (name, lineno, message)


def test_brand_names_urls_and_sources_are_not_extracted() -> None:
    messages = set(iter_messages(DATA_DIR))
    assert "Facebook" not in messages and "X (Twitter)" not in messages
    assert not any(m.startswith("https://") for m in messages)
    assert "feedback@slack.com" not in messages
    assert "Slack Global model opt-out request" not in messages


def test_translatable_strings_are_whole_plain_sentences() -> None:
    for message in iter_messages(DATA_DIR):
        assert message == message.strip() and "\n" not in message
        assert not any(ch in message for ch in "<>{}"), message


def test_raw_extractor_protocol() -> None:
    source = b'[[entry]]\nid = "a"\nnotes = ["Hello."]\n[[entry.alternatives]]\ntext = "Hi."\n'
    rows = list(extract_knowledge(io.BytesIO(source), ["_"], [], {}))
    assert rows == [(3, None, "Hello.", ["a: notes"]), (5, None, "Hi.", ["a: alternatives.text"])]
