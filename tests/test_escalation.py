"""Escalation texts: valid Telegram HTML within the limit, honest, and a usable complaint."""

from __future__ import annotations

from datetime import date

import pytest

from bot.followup.escalation import (
    Escalation,
    WhatHappened,
    render_ask_subdivision,
    render_escalation,
    render_no_right,
)
from bot.knowledge.authorities import (
    Authority,
    all_authorities,
    authority_for,
    regime_for,
)
from bot.knowledge.card import MESSAGE_LIMIT
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.regions import region_of
from tests.helpers import check_html, source_translator

SUBMITTED = date(2026, 1, 31)
ARTICLES = {
    "gdpr": ["Article 21 GDPR", "Article 77 GDPR"],
    "uk-gdpr": ["Article 21 UK GDPR", "Article 77 UK GDPR"],
    "ch-fadp": ["Article 30(2)(b)", "Article 49 FADP"],
    "lgpd": ["Article 18, §2", "Article 18, §1"],
}
SAMPLE = {"eea": "DE", "uk": "GB", "ch": "CH", "br": "BR"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def escalatable() -> list[Authority]:
    return [
        a
        for a in all_authorities()
        if a.competent_for_companies and regime_for(region_of(a.country)).objection_right
    ]


@pytest.mark.parametrize("what", ["no_confirmation", "refused"])
def test_every_authority_renders_valid_html_within_the_limit(kb: KnowledgeBase, what: str) -> None:
    for authority in escalatable():
        region = region_of(authority.country)
        regime = regime_for(region)
        entry = kb.lookup("facebook", authority.country)
        result = render_escalation(
            authority,
            regime,
            platform_name="Facebook",
            entry=entry,
            submitted_on=SUBMITTED,
            what_happened=what,  # type: ignore[arg-type]
            tr=source_translator(),
            is_meta=True,
        )
        visible = check_html(result.text)
        assert len(result.text) <= MESSAGE_LIMIT * 0.8, authority.id  # room for translations
        assert authority.name in visible
        check_html(f"<pre>{result.complaint_text}</pre>")
        assert len(result.complaint_text) <= MESSAGE_LIMIT
        for label, url in result.url_buttons:
            assert label and url.startswith("https://"), authority.id
        if authority.complaint_url:
            assert result.url_buttons[0][1] == authority.complaint_url
        else:
            assert "not verified" in visible.lower() and "not verified" in result.url_buttons[0][0]


@pytest.mark.parametrize("region", ["eea", "uk", "ch", "br"])
def test_complaint_text_has_platform_date_form_and_articles(kb: KnowledgeBase, region: str) -> None:
    country = SAMPLE[region]
    authority = authority_for(country, "DE-HH" if country == "DE" else None)
    assert authority is not None
    entry = kb.lookup("linkedin", country)
    for what in ("no_confirmation", "refused"):
        result = render_escalation(
            authority,
            regime_for(region),
            platform_name="LinkedIn",
            entry=entry,
            submitted_on=SUBMITTED,
            what_happened=what,  # type: ignore[arg-type]
            tr=source_translator(),
            is_meta=False,
        )
        text = result.complaint_text
        assert "LinkedIn" in text and "January 31, 2026" in text
        assert entry.url and entry.url in text
        for article in ARTICLES[regime_for(region).id]:
            assert article in text, (region, article)
        assert "Irish" not in result.text  # the Meta sentence is for Meta only
        assert len(result.url_buttons) == 1


def test_gdpr_silence_names_the_deadline_and_refusal_says_so(kb: KnowledgeBase) -> None:
    authority = authority_for("FR")
    assert authority is not None

    def escalate(what: WhatHappened) -> Escalation:
        return render_escalation(
            authority,
            regime_for("eea"),
            platform_name="Instagram",
            entry=kb.lookup("instagram", "FR"),
            submitted_on=SUBMITTED,
            what_happened=what,
            tr=source_translator(),
            is_meta=True,
        )

    silent = escalate("no_confirmation")
    assert "February 28, 2026" in silent.text  # one month after 31 January
    assert "Article 12(3) GDPR" in silent.complaint_text
    assert "Irish Data Protection Commission" in silent.text
    assert "https://forms.dataprotection.ie/contact" in [url for _, url in silent.url_buttons]
    refused = escalate("refused")
    assert "refused my objection" in refused.complaint_text
    assert "Article 21(1) GDPR" in refused.complaint_text


def test_languages_are_localized_and_values_escaped(kb: KnowledgeBase) -> None:
    authority = authority_for("BE")
    assert authority is not None
    result = render_escalation(
        authority,
        regime_for("eea"),
        platform_name="A<b>&C",
        entry=kb.lookup("facebook", "BE"),
        submitted_on=SUBMITTED,
        what_happened="refused",
        tr=source_translator("de"),
        is_meta=False,
    )
    visible = check_html(result.text)
    assert "Französisch" in visible and "Niederländisch" in visible
    assert "A<b>&C" in visible and "A&lt;b&gt;&amp;C" in result.complaint_text
    assert "Translate it" not in visible  # BE takes complaints in German, the user's language
    english = render_escalation(
        authority_for("IE"),  # type: ignore[arg-type]
        regime_for("eea"),
        platform_name="Facebook",
        entry=kb.lookup("facebook", "IE"),
        submitted_on=SUBMITTED,
        what_happened="refused",
        tr=source_translator(),
        is_meta=True,
    )
    assert "Translate it" not in english.text
    assert "leads for Meta" in english.text and len(english.url_buttons) == 1
    austria = render_escalation(
        authority_for("AT"),  # type: ignore[arg-type]
        regime_for("eea"),
        platform_name="Facebook",
        entry=kb.lookup("facebook", "AT"),
        submitted_on=SUBMITTED,
        what_happened="refused",
        tr=source_translator(),
        is_meta=True,
    )
    assert "German" in austria.text and "Translate it" in austria.text


def test_no_right_region_is_honest_and_uses_the_knowledge_base(kb: KnowledgeBase) -> None:
    entry = kb.lookup("facebook", "US")
    text = render_no_right(
        "us",
        platform_name="Facebook",
        tr=source_translator(),
        entry=entry,
        authority=authority_for("US"),
    )
    visible = check_html(text)
    assert "no general legal right to object" in visible
    assert "California Privacy Protection Agency" in visible
    third_party = [a.url for a in entry.alternatives if a.url]
    assert third_party and all(url in text for url in third_party)
    assert "not verified" in visible
    for region, country in [("au", "AU"), ("kr", "KR"), ("row", "JP"), ("row", "NZ")]:
        text = render_no_right(
            region,
            platform_name="Facebook",
            tr=source_translator(),
            authority=authority_for(country),
        )
        visible = check_html(text)
        assert "no legal right" in visible and len(text) <= MESSAGE_LIMIT


def test_ask_subdivision_offers_the_sixteen_lander() -> None:
    text, options = render_ask_subdivision(source_translator())
    assert "Which Land" in check_html(text)
    assert len(options) == 16 and ("DE-HH", "Hamburg") in options


def test_regime_without_right_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="render_no_right"):
        render_escalation(
            authority_for("US"),  # type: ignore[arg-type]
            regime_for("us"),
            platform_name="Facebook",
            entry=kb.lookup("facebook", "US"),
            submitted_on=SUBMITTED,
            what_happened="refused",
            tr=source_translator(),
            is_meta=True,
        )


@pytest.mark.parametrize(("country", "language"), [("NO", "nb"), ("PT", "pt_BR"), ("SE", "sv")])
def test_an_authority_in_the_users_language_needs_no_translation(
    kb: KnowledgeBase, country: str, language: str
) -> None:
    # Datatilsynet lists "no": a Bokmål user writes to it as is, as a Brazilian in Portugal does.
    result = render_escalation(
        authority_for(country),  # type: ignore[arg-type]
        regime_for("eea"),
        platform_name="Instagram",
        entry=kb.lookup("instagram", country),
        submitted_on=SUBMITTED,
        what_happened="refused",
        tr=source_translator(language),
        is_meta=True,
    )
    assert "Translate it" not in result.text
