"""Country resolution and region mapping: a wrong country means wrong legal advice."""

from __future__ import annotations

import pytest
from babel import Locale

from bot.i18n import LANGUAGES
from bot.knowledge.countries import likely_countries, resolve_country
from bot.knowledge.regions import COUNTRY_REGIONS, EU_27, NOT_COUNTRIES, REGIONS, region_of


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("Alemania", "DE"),
        ("Germania", "DE"),
        ("Duitsland", "DE"),
        ("Niemcy", "DE"),
        ("Alemanha", "DE"),
        ("germny", "DE"),
        ("  GERMANY!! ", "DE"),
        ("de", "DE"),
        ("AT", "AT"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("Great Britain", "GB"),
        ("USA", "US"),
        ("America", "US"),
        ("US", "US"),
        ("Holland", "NL"),
        ("Österreich", "AT"),
        ("osterreich", "AT"),
        ("suisse", "CH"),
        ("Schweiz", "CH"),
        ("Svizzera", "CH"),
        ("Brasil", "BR"),
        ("Côte d’Ivoire", "CI"),
        ("Polska", "PL"),
        ("España", "ES"),
        ("espana", "ES"),
        ("Frankreich", "FR"),
    ],
)
def test_resolves(text: str, code: str) -> None:
    assert resolve_country(text).code == code


@pytest.mark.parametrize("text", ["xqzv", "blorptania", "asdfgh"])
def test_nonsense_gets_suggestions_not_a_guess(text: str) -> None:
    match = resolve_country(text)
    assert match.code is None
    assert 3 <= len(match.suggestions) <= 5
    assert all(code in COUNTRY_REGIONS for code in match.suggestions)


def test_ambiguous_typo_is_not_guessed() -> None:
    match = resolve_country("Austrlia")  # Australia or Austria: the law differs
    assert match.code is None and {"AU", "AT"} <= set(match.suggestions)


def test_empty_input() -> None:
    assert resolve_country("  ").code is None


def test_every_cldr_country_has_a_region() -> None:
    territories = Locale("en").territories
    codes = {c for c in territories if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES}
    assert set(COUNTRY_REGIONS) == codes
    assert all(region_of(code) in REGIONS for code in codes)
    assert not NOT_COUNTRIES & set(COUNTRY_REGIONS)


def test_region_mapping() -> None:
    assert all(region_of(code) == "eea" for code in EU_27 | {"IS", "LI", "NO"})
    for code in ("GP", "MQ", "GF", "RE", "YT"):
        assert region_of(code) == "eea"
    expected = {"GB": "uk", "CH": "ch", "BR": "br", "US": "us", "AU": "au", "KR": "kr"}
    for code, region in expected.items():
        assert region_of(code) == region
    for code in ("JE", "GG", "IM", "GI", "GL", "FO", "NC", "JP", "CA", "IN", "SJ", "AD"):
        assert region_of(code) == "row", code
    assert region_of("de") == "eea"
    with pytest.raises(ValueError):
        region_of("EU")


def test_every_country_name_in_every_language_resolves_to_itself() -> None:
    named: dict[str, set[str]] = {}  # a few names mean different countries in two languages
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code in COUNTRY_REGIONS:
                named.setdefault(name, set()).add(code)
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code in COUNTRY_REGIONS:
            name = territories.get(code)
            if name:
                found = resolve_country(name).code
                assert found == code or found in named[name], (language, name)
                # "Kongo" is Congo-Brazzaville in Polish, Congo-Kinshasa elsewhere: same region.
                assert region_of(found) == region_of(code), (language, name)


@pytest.mark.parametrize(
    ("language", "first"),
    [("de", ["DE", "AT", "CH", "LU", "LI"]), ("fr", ["FR", "BE", "CH", "LU", "CA"]),
     ("en", ["GB", "IE", "US", "AU", "MT"]), ("pt", ["PT", "BR"]), ("pt_BR", ["BR", "PT"]),
     ("es", ["ES", "MX", "AR"])],
)  # fmt: skip
def test_likely_countries(language: str, first: list[str]) -> None:
    codes = likely_countries(language)
    assert codes[: len(first)] == first
    assert all(code in COUNTRY_REGIONS for code in codes)


def test_likely_countries_unknown_language() -> None:
    assert likely_countries("xx") == []
