"""The shipped knowledge base: coverage, data hygiene and the answers users act on."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.loader import DATA_DIR, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.regions import REGIONS

PLATFORM_IDS = {
    "facebook", "instagram", "threads", "messenger", "whatsapp", "metaai", "linkedin", "x",
    "gemini", "chatgpt", "claude", "copilot", "reddit", "tumblr", "quora", "slack", "adobe",
    "substack", "medium", "snapchat", "discord", "tiktok",
}  # fmt: skip
FB_FORM = "https://www.facebook.com/help/contact/712876720715583"
IG_FORM = "https://help.instagram.com/contact/767264225370182"
THIRD_PARTY_FORM = "https://www.facebook.com/help/contact/510058597920541"
LINKEDIN_SETTING = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"
X_SETTING = "https://x.com/settings/grok_settings"
FACTS = Path("/work/shared/facts/objection-mechanisms.md")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def test_platform_ids_are_the_fixed_set(kb: KnowledgeBase) -> None:
    assert {p.id for p in kb.platforms} == PLATFORM_IDS


@pytest.mark.parametrize("region", REGIONS)
def test_every_platform_resolves_in_every_region(kb: KnowledgeBase, region: str) -> None:
    for platform in kb.platforms:
        entry = kb.lookup_region(platform.id, region)
        assert entry.platform == platform.id and region in entry.regions


def test_every_entry_has_source_date_and_status(kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        assert entry.sources, entry.id
        assert isinstance(entry.checked, date) and date(2023, 1, 1) <= entry.checked, entry.id
        assert entry.status in {"confirmed", "reported", "unconfirmed"}, entry.id
        if entry.status == "unconfirmed":
            assert entry.unverified, entry.id


def test_every_url_is_https(kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        urls = [entry.url, *(a.url for a in entry.alternatives)]
        urls += [s for s in entry.sources if s.startswith("http")]
        for url in filter(None, urls):
            assert url.startswith("https://"), (entry.id, url)


def test_every_link_comes_from_the_fact_sheet(kb: KnowledgeBase) -> None:
    """Never invent a URL: each link users get must appear verbatim in the facts."""
    if not FACTS.exists():
        pytest.skip("fact sheet not available")
    facts = FACTS.read_text(encoding="utf-8")
    for entry in kb.entries:
        for url in filter(None, [entry.url, *(a.url for a in entry.alternatives)]):
            assert url in facts, (entry.id, url)


def test_facebook_germany(kb: KnowledgeBase) -> None:
    entry = kb.lookup("facebook", "DE")
    assert (entry.kind, entry.url, entry.legal_basis) == ("form", FB_FORM, "gdpr")
    text = " ".join(entry.pitfalls)
    assert "Instagram" in text and "27 May 2025" in text and "Goodbye Meta AI" in text
    assert "desktop browser" in " ".join(entry.steps)
    assert any("linked" in note for note in entry.unverified)


def test_instagram_france(kb: KnowledgeBase) -> None:
    entry = kb.lookup("instagram", "FR")
    assert (entry.kind, entry.url, entry.legal_basis) == ("form", IG_FORM, "gdpr")


def test_instagram_and_threads_never_send_users_to_the_facebook_form(kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        if entry.platform in {"instagram", "threads"}:
            assert entry.url in (None, IG_FORM), entry.id
            assert FB_FORM not in [a.url for a in entry.alternatives], entry.id


def test_facebook_us_is_none_with_third_party_form(kb: KnowledgeBase) -> None:
    entry = kb.lookup("facebook", "US")
    assert entry.kind == "none" and entry.url is None and entry.legal_basis is None
    assert THIRD_PARTY_FORM in [a.url for a in entry.alternatives]
    assert any("cannot take further action" in p for p in entry.pitfalls)


@pytest.mark.parametrize("country", ["US", "AU", "KR", "JP", "IN", "CA"])
def test_meta_outside_gdpr_like_regions_has_no_form(kb: KnowledgeBase, country: str) -> None:
    for platform in ("facebook", "instagram", "threads", "messenger"):
        assert kb.lookup(platform, country).kind == "none"


def test_brazil_form_link_is_marked_not_verified(kb: KnowledgeBase) -> None:
    entry = kb.lookup("facebook", "BR")
    assert entry.url is None and entry.legal_basis == "lgpd"
    assert all(a.unverified for a in entry.alternatives if a.url)


def test_linkedin_germany_is_the_setting(kb: KnowledgeBase) -> None:
    entry = kb.lookup("linkedin", "DE")
    assert (entry.kind, entry.url) == ("setting", LINKEDIN_SETTING)


def test_x_us_is_the_grok_setting(kb: KnowledgeBase) -> None:
    entry = kb.lookup("x", "US")
    assert (entry.kind, entry.url) == ("setting", X_SETTING)


def test_whatsapp_germany_has_no_form_but_advanced_chat_privacy(kb: KnowledgeBase) -> None:
    entry = kb.lookup("whatsapp", "DE")
    assert entry.kind == "none" and entry.url is None
    assert any(a.app_path and "Advanced chat privacy" in a.app_path for a in entry.alternatives)
    assert entry.unverified  # whether the general objection covers AI training


def test_legal_basis_matches_region(kb: KnowledgeBase) -> None:
    assert kb.lookup("facebook", "GB").legal_basis == "uk-gdpr"
    assert kb.lookup("facebook", "CH").legal_basis == "ch-fadp"
    assert kb.lookup("facebook", "NO").legal_basis == "gdpr"


def test_unconfirmed_facts_are_flagged(kb: KnowledgeBase) -> None:
    assert kb.entry("threads-eu").status == "unconfirmed"
    assert kb.entry("discord").status == "unconfirmed"
    assert kb.lookup("facebook", "KR").status == "unconfirmed"


def test_find_platform(kb: KnowledgeBase) -> None:
    cases = {
        "insta": "instagram", "IG": "instagram", "fb": "facebook", "Twitter": "x",
        "grok": "x", "GPT": "chatgpt", "whats app": "whatsapp", "WhatsApp": "whatsapp",
        "meta ai": "metaai", "X": "x", "linked in": "linkedin",
    }  # fmt: skip
    for text, expected in cases.items():
        found = kb.find_platform(text)
        assert found is not None and found.id == expected, text
    assert kb.find_platform("myspace") is None


def test_entry_lookup_by_id(kb: KnowledgeBase) -> None:
    assert kb.entry("facebook-eu").platform == "facebook"
    with pytest.raises(ValueError):
        kb.lookup("facebook", "XX")


def test_domain_does_not_import_telegram() -> None:
    for path in Path(DATA_DIR).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "telegram" for n in names), path
