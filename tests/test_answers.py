"""FAQ answers: topic data, text analysis, platform and country recognition, rendering,
extraction and the ``ask`` command."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.answers import AnswerIndex, TopicError, load_topics, render_answer
from bot.answers.cli import ask_main, plain_text
from bot.answers.entities import CountryFinder, PlatformFinder
from bot.answers.extract import extract_topics
from bot.answers.text import Analyzer, words
from bot.answers.topics import TOPICS_FILE
from bot.i18n import Catalogs
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.card import MESSAGE_LIMIT

REQUIRED_TOPICS = {
    "meta-ai-training",
    "how-to-object",
    "deadline",
    "facebook-and-instagram",
    "whatsapp",
    "meta-ai-chats",
    "outside-europe",
    "third-party-data",
    "confirmation",
    "no-confirmation",
    "refused",
    "complaint",
    "reason-required",
    "earlier-objection",
    "private-account",
    "remove-from-model",
    "hoax-post",
    "children",
    "legal-basis",
    "other-platforms",
    "about-this-bot",
}
ALLOWED_TAGS = {"b", "i", "a", "code"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> AnswerIndex:
    return AnswerIndex.build(kb)


# --- topic data ---------------------------------------------------------------------------------


def test_every_required_topic_exists_with_sources_and_a_date(kb: KnowledgeBase) -> None:
    topics = load_topics(platforms={p.id for p in kb.platforms})
    assert set(topics) >= REQUIRED_TOPICS
    for topic in topics.values():
        assert topic.sources and topic.checked
        if topic.status == "unconfirmed":
            assert topic.unverified


def test_english_answers_stay_well_under_the_message_limit() -> None:
    for topic in load_topics().values():
        assert len(" ".join((topic.title, *topic.answer, *topic.unverified))) <= 1500, topic.id


def _write_topic(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(
        '[[topic]]\nid = "x"\ntitle = "T"\nstatus = "confirmed"\nchecked = 2025-05-01\n'
        f'answer = ["A."]\nsources = ["https://example.org/a"]\n{extra}',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('unverified = ["<b>bold</b>"]', "HTML"),
        ('related = ["missing"]', "related"),
        ('platform = "myspace"', "unknown platform"),
        ('typo = "x"', "unknown keys"),
    ],
)
def test_bad_topics_fail_at_start(tmp_path: Path, extra: str, problem: str) -> None:
    with pytest.raises(TopicError, match=problem):
        load_topics(_write_topic(tmp_path, extra), platforms={"facebook"})


def test_unconfirmed_topic_needs_its_unverified_notes(tmp_path: Path) -> None:
    path = _write_topic(tmp_path, "")
    path.write_text(path.read_text().replace("confirmed", "unconfirmed"), encoding="utf-8")
    with pytest.raises(TopicError, match="unverified"):
        load_topics(path)


# --- text analysis ------------------------------------------------------------------------------


def test_words_drop_case_accents_and_punctuation() -> None:
    assert words("N'ai-je PAS reçu l'e-mail?") == ["n", "ai", "je", "pas", "recu", "l", "e", "mail"]
    assert words("Österreich, Łódź!") == ["osterreich", "lodz"]


def test_stop_words_go_but_negations_and_ai_stay() -> None:
    analyzer = Analyzer(frozenset({"i", "the", "my"}))
    assert analyzer.content_words(words("I did not get the AI email, x 2024")) == [
        "did",
        "not",
        "get",
        "ai",
        "email",
        "2024",
    ]


def test_a_languages_own_keywords_are_never_its_stop_words() -> None:
    # "mi" is a Czech, Polish and Spanish stop word, and the Hungarian for "AI".
    analyzer = Analyzer(frozenset({"mi", "the"}), {"hu": frozenset({"mi"})})
    assert analyzer.content_words(["mi", "the", "adat"], "hu") == ["mi", "adat"]
    assert analyzer.content_words(["mi", "the", "adat"], "cs") == ["adat"]
    assert analyzer.content_words(["mi", "the", "adat"]) == ["adat"]


def test_a_word_is_stemmed_in_every_language() -> None:
    variants = Analyzer(frozenset()).variants("widersprechen")
    assert "widersprech" in variants  # German
    assert "widersprechen" in variants  # the word itself
    assert Analyzer(frozenset()).stem("objections", "en") == "object"


# --- platform and country -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("Muss ich für Insta extra widersprechen?", "instagram"),
        ("objected on FB already", "facebook"),
        ("does whats app read my chats", "whatsapp"),
        ("and my instgram photos?", "instagram"),  # one typo in a long brand name
        ("x'nagħmel biex noġġezzjona?", None),  # Maltese "what", not the platform X
        ("как запретить инстаграму брать мои фото", "instagram"),
        ("هل يستخدم فيسبوك صوري", "facebook"),
        ("what about my AI chats", None),  # "my ai" is Snapchat's alias, not meant here
        ("does Meta AI use my posts", None),  # Meta's training, not the Meta AI app
        ("is it too late to object", None),
    ],
)
def test_platform_named_in_a_question(kb: KnowledgeBase, text: str, platform: str | None) -> None:
    assert PlatformFinder(kb).find(text, known_words={"chats", "posts"}) == platform


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("ich wohne in Österreich", "AT"),
        ("I'm in France", "FR"),
        ("Deutschland", "DE"),
        ("mieszkam w Polsce", "PL"),
        ("I live in the US", "US"),
        ("I live in the UK", "GB"),
        ("come si fa, non ho capito", None),  # "no" and "si" are words, not countries
        ("do it at the end, de facto", None),  # two-letter codes are never taken from text
        ("mali post su facebook", None),  # Italian "harms", not Mali
        ("o instagram usa minhas fotos?", None),  # Portuguese "uses", not the USA
        ("I live in the USA", "US"),
        ("jeg bor i usa, kan jeg gøre indsigelse", "US"),
        ("germny", None),  # no fuzzy country guessing inside sentences
    ],
)
def test_country_named_in_a_question(text: str, country: str | None) -> None:
    assert CountryFinder({"polsce": "PL"}).find(text) == country


# --- matching -----------------------------------------------------------------------------------


def test_naming_a_platform_and_asking_to_object_leads_to_the_form_card(
    index: AnswerIndex,
) -> None:
    match = index.match("how do I stop Instagram using my photos, I live in Austria", "en")
    assert (match.topic_id, match.platform, match.country) == ("how-to-object", "instagram", "AT")
    assert match.confident


def test_a_question_in_another_language_than_the_users_is_understood(index: AnswerIndex) -> None:
    match = index.match("je n'ai pas reçu de mail de confirmation", "de")
    assert match.topic_id == "no-confirmation"


def test_typos_are_tolerated(index: AnswerIndex) -> None:
    assert index.match("i never got the confirmaton emial", "en").topic_id == "no-confirmation"
    assert index.match("ist es zu spät für den widersprch", "de").topic_id == "deadline"


def test_a_compound_typed_in_two_words_is_rejoined(index: AnswerIndex) -> None:
    assert index.match("keine bestätigungs mail", "de").topic_id == "no-confirmation"


@pytest.mark.parametrize("question", ["what's the weather", "recommend a pizza", "", "???"])
def test_off_topic_questions_are_not_answered(index: AnswerIndex, question: str) -> None:
    match = index.match(question, "en")
    assert not match.confident
    assert match.topic_id is None


def test_alternatives_offer_the_three_closest_topics(index: AnswerIndex) -> None:
    match = index.match("meta facebook instagram", "en")
    assert len(match.alternatives) == 3
    assert len(set(match.alternatives)) == 3


# --- rendering ----------------------------------------------------------------------------------


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


def test_every_answer_fits_one_message_with_balanced_html(
    index: AnswerIndex, catalogs: Catalogs
) -> None:
    for tr in catalogs.all():
        for topic in index.topics.values():
            text = render_answer(topic, tr)
            checker = _TagChecker()
            checker.feed(text)
            assert len(text) <= MESSAGE_LIMIT, (tr.language, topic.id)
            assert not checker.problems and not checker.stack, (tr.language, topic.id, text)


def test_answer_shows_status_sources_and_date(index: AnswerIndex, catalogs: Catalogs) -> None:
    tr = catalogs.get("en")
    text = render_answer(index.topics["facebook-and-instagram"], tr)
    assert text.startswith("<b>Facebook, Instagram and linked accounts</b>")
    assert "⚠️ <b>Not verified.</b>" in text
    assert '<a href="https://kp-partners.de/en/meta-ai-training/">kp-partners.de</a>' in text
    assert "<i>Checked on May 26, 2025</i>" in text
    refused = render_answer(index.topics["refused"], tr)
    assert "“cannot take further action”" in refused  # data text is escaped, quotes kept
    assert "ℹ️ Partly based on single reports." in refused


# --- extraction and CLI -------------------------------------------------------------------------


def test_extractor_yields_titles_and_paragraphs_with_the_topic_named() -> None:
    with TOPICS_FILE.open("rb") as fp:
        found = list(extract_topics(fp, (), (), {}))
    topics = load_topics()
    expected = sum(1 + len(t.answer) + len(t.unverified) for t in topics.values())
    assert len(found) == expected
    lines = TOPICS_FILE.read_text(encoding="utf-8").splitlines()
    for lineno, funcname, message, comments in found:
        assert funcname is None
        assert json.dumps(message, ensure_ascii=False) in lines[lineno - 1]
        assert comments[0].startswith("faq ")


def test_ask_prints_plain_text_and_json_lines() -> None:
    out = io.StringIO()
    assert ask_main("Is it too late to object?", "en", False, io.StringIO(), out) == 0
    assert out.getvalue().startswith("Is it too late to object?\n")
    assert "<" not in out.getvalue()
    out = io.StringIO()
    questions = io.StringIO("how do I stop Instagram using my photos, I live in Austria\npizza?\n")
    assert ask_main(None, "en", True, questions, out) == 0
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["topic"], first["platform"], first["country"]) == (
        "how-to-object",
        "instagram",
        "AT",
    )
    assert first["answer"].startswith("How to object")
    assert second["topic"] is None and second["answer"] is None


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    assert plain_text('<b>A &amp; B</b> <a href="https://x.org">x.org</a>') == "A & B x.org"
