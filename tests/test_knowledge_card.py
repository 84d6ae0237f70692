"""Answer cards: valid Telegram HTML, within the message limit, honest about what is unverified."""

from __future__ import annotations

import pytest
from babel.support import NullTranslations

from bot.i18n import Translator
from bot.knowledge.card import MESSAGE_LIMIT, render_card
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeBase
from tests.helpers import check_html, source_translator

SAMPLE_COUNTRY = {
    "eea": "DE", "uk": "GB", "ch": "CH", "br": "BR", "us": "US", "au": "AU", "kr": "KR",
    "row": "JP",
}  # fmt: skip
#: The card never needs <pre>: its paste text is a message of its own.
CARD_TAGS = frozenset({"b", "i", "a", "code"})
#: English must leave room for longer languages (German runs ~25 % longer).
ENGLISH_BUDGET = int(MESSAGE_LIMIT * 0.8)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def test_every_entry_fits_and_is_valid_html(kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        for region in entry.regions:
            card = render_card(
                kb, entry, entry.platform, SAMPLE_COUNTRY[region], source_translator()
            )
            visible = check_html(card.text, CARD_TAGS)
            assert len(card.text) <= MESSAGE_LIMIT, entry.id
            assert len(visible) <= ENGLISH_BUDGET, (entry.id, len(visible))
            assert "<a href=" in card.text or not entry.sources[0].startswith("https"), entry.id
            for _, url in card.url_buttons:
                assert url.startswith("https://")


def test_facebook_germany_card(kb: KnowledgeBase) -> None:
    card = render_card(kb, kb.lookup("facebook", "DE"), "facebook", "DE", source_translator())
    assert card.text.startswith("<b>Facebook in Germany</b>")
    assert ("Open the form", "https://www.facebook.com/help/contact/712876720715583") in (
        card.url_buttons
    )
    assert "Privacy Center" in card.text and "Not verified" in card.text
    assert "Checked on May 26, 2025" in card.text
    assert card.objection_text and "Article 21 GDPR" in card.objection_text
    assert "Meta" in card.objection_text


def test_none_card_says_so_and_offers_alternatives(kb: KnowledgeBase) -> None:
    card = render_card(kb, kb.lookup("facebook", "US"), "facebook", "US", source_translator())
    assert "There is no way to object for Facebook in United States" in card.text
    assert "What helps instead" in card.text
    assert card.objection_text is None
    labels = dict(card.url_buttons)
    assert any("not verified" in label for label in labels)


def test_unconfirmed_entry_is_marked(kb: KnowledgeBase) -> None:
    card = render_card(kb, kb.entry("threads-eu"), "threads", "FR", source_translator())
    assert "Not verified." in card.text


@pytest.mark.parametrize(
    ("country", "phrase"),
    [("GB", "Article 21 UK GDPR"), ("CH", "Article 30(2)(b)"), ("BR", "Article 18, paragraph 2")],
)
def test_objection_text_cites_the_right_law(kb: KnowledgeBase, country: str, phrase: str) -> None:
    card = render_card(
        kb, kb.lookup("instagram", country), "instagram", country, source_translator()
    )
    assert card.objection_text and phrase in card.objection_text


def test_settings_need_no_objection_text(kb: KnowledgeBase) -> None:
    for platform in ("linkedin", "x", "chatgpt", "claude", "gemini"):
        card = render_card(kb, kb.lookup(platform, "DE"), platform, "DE", source_translator())
        assert card.objection_text is None


def test_email_card_shows_address_and_subject(kb: KnowledgeBase) -> None:
    card = render_card(kb, kb.lookup("slack", "DE"), "slack", "DE", source_translator())
    assert "<code>feedback@slack.com</code>" in card.text
    assert "<code>Slack Global model opt-out request</code>" in card.text


def test_localised_country_and_date(kb: KnowledgeBase) -> None:
    card = render_card(kb, kb.lookup("facebook", "AT"), "facebook", "AT", source_translator("de"))
    assert "Österreich" in card.text and "26. Mai 2025" in card.text


def test_long_translation_falls_back_without_breaking_html(kb: KnowledgeBase) -> None:
    class Verbose(NullTranslations):
        def gettext(self, message: str) -> str:
            return message + " " + message  # twice as long as English

    card = render_card(kb, kb.entry("threads-ch"), "threads", "CH", Translator("en", Verbose()))
    assert len(card.text) <= MESSAGE_LIMIT
    check_html(card.text, CARD_TAGS)
