"""The catalog check: every language complete, nothing fuzzy, nothing stale, placeholders and
HTML tags identical to the English and properly nested, and every message the bot renders from
the catalogs (menus, answer cards, paste texts, escalations, FAQ answers) within Telegram's
limits and valid Telegram HTML in every language."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.answers.render import render_answer
from bot.answers.topics import TOPICS_FILE, load_topics
from bot.commands import COMMANDS, DESCRIPTION, SHORT_DESCRIPTION
from bot.followup.escalation import render_escalation
from bot.i18n import LANGUAGES, Catalogs
from bot.knowledge.authorities import all_authorities, regime_for
from bot.knowledge.card import MESSAGE_LIMIT, render_card
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.regions import region_of
from tests.helpers import check_html
from tests.test_knowledge_card import SAMPLE_COUNTRY

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TRANSLATED = [language for language in LANGUAGES if language != "en"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?([a-z][a-z0-9-]*)[^>]*>")


def _msgid(message_id: str | tuple[str, ...]) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=locale)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _read(LOCALES / "bot.pot")


def _extracted_from_code() -> set[tuple[str, ...]]:
    with (ROOT / "babel.cfg").open() as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        found.add(_msgid(message))
    return found


def test_template_is_current_with_the_code(template: Catalog) -> None:
    in_code = _extracted_from_code()
    in_template = {_msgid(m.id) for m in template if m.id}
    assert in_code - in_template == set(), "new text in the code: run `make extract`"
    assert in_template - in_code == set(), "text gone from the code: run `make extract`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_language_is_complete_and_consistent(template: Catalog, language: str) -> None:
    path = LOCALES / language / "LC_MESSAGES" / "bot.po"
    catalog = _read(path, language)
    # The header's plural rule is Babel's gettext rule for the language (Arabic 6 forms, Irish
    # and Maltese 5, Slovenian 4, Czech/Slovak/Polish/Russian/Ukrainian 3 …).
    assert (catalog.num_plurals, catalog.plural_expr) == (
        get_plural(language).num_plurals,
        get_plural(language).plural_expr,
    )
    expected_forms = catalog.num_plurals
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None:
            problems.append(f"missing: {message.id!r}")
            continue
        if translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        strings = (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        if message.pluralizable and len(strings) != expected_forms:
            problems.append(f"needs {expected_forms} plural forms: {message.id!r}")
        english = " ".join(_msgid(message.id))
        english_tags = Counter(TAG.findall(_msgid(message.id)[0]))  # each form has the same tags
        for text in strings:
            if not text.strip():
                problems.append(f"empty: {message.id!r}")
                continue
            if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english)):
                problems.append(f"placeholders differ: {message.id!r} → {text!r}")
            if Counter(TAG.findall(text)) != english_tags:
                problems.append(f"HTML tags differ: {message.id!r} → {text!r}")
            elif not _tags_nest(text):
                problems.append(f"HTML tags not nested: {message.id!r} → {text!r}")
    assert not problems, f"{language}: " + "\n".join(problems)


def _tags_nest(text: str) -> bool:
    stack: list[str] = []
    for match in TAG.finditer(text):
        if match.group(0).startswith("</"):
            if not stack or stack.pop() != match.group(1):
                return False
        else:
            stack.append(match.group(1))
    return not stack


def test_no_placeholder_inside_an_html_attribute(template: Catalog) -> None:
    # Right-to-left languages wrap every filled-in value in bidi isolates: never inside a URL.
    inside = [
        m.id
        for m in template
        if m.id and re.search(r'=["\']?[^"\'>]*\{', m.id[0] if isinstance(m.id, tuple) else m.id)
    ]
    assert inside == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_texts_fit_telegram_limits(language: str) -> None:
    tr = Catalogs().get(language)
    for _command, description in COMMANDS:
        assert 1 <= len(tr._(description)) <= 256
    assert len(tr._(DESCRIPTION)) <= 512
    assert len(tr._(SHORT_DESCRIPTION)) <= 120


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_actually_loads(language: str) -> None:
    # Babel silently falls back to the English text when a catalog does not load.
    tr = Catalogs().get(language)
    assert tr.raw("Change the language") != "Change the language"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rendered_message_fits_telegram(language: str, kb: KnowledgeBase) -> None:
    tr = Catalogs().get(language)
    messages: list[tuple[str, str]] = []
    for entry in kb.entries:
        platform = kb.platform(entry.platform)
        for region in entry.regions:
            card = render_card(kb, entry, platform, SAMPLE_COUNTRY[region], tr)
            messages.append((f"card {entry.id}", card.text))
            if card.objection_text:
                paste = tr._("<b>Text you can paste</b> into the form or email (tap it to copy):")
                messages.append((f"paste {entry.id}", f"{paste}\n<pre>{card.objection_text}</pre>"))
    for authority in all_authorities():
        regime = regime_for(region_of(authority.country))
        if not (authority.competent_for_companies and regime.objection_right):
            continue
        for what in ("no_confirmation", "refused"):
            escalation = render_escalation(
                authority,
                regime,
                platform_name="Instagram",
                entry=kb.lookup("instagram", authority.country),
                submitted_on=date(2026, 1, 31),
                what_happened=what,
                tr=tr,
                is_meta=True,
            )
            messages.append((f"escalation {authority.id}", escalation.text))
            messages.append(
                (f"complaint {authority.id}", f"<pre>{escalation.complaint_text}</pre>")
            )
    for topic in load_topics(TOPICS_FILE, {p.id for p in kb.platforms}).values():
        messages.append((f"answer {topic.id}", render_answer(topic, tr)))
    for what, text in messages:
        assert len(text) <= MESSAGE_LIMIT, (language, what, len(text))
        check_html(text)
