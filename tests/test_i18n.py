"""Locale negotiation and the Translator's formatting."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.i18n import LANGUAGES, Catalogs, Html, native_name, negotiate, telegram_code


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "de"),
        ("DE", "de"),
        ("de-AT", "de"),
        ("pt-br", "pt_BR"),
        ("pt", "pt"),
        ("fr-CA", "fr"),
        ("zh-hans", "en"),
        ("", "en"),
        (None, "en"),
        ("??", "en"),
        ("x-klingon", "en"),
        ("nl-be", "nl"),
        ("pl", "pl"),
    ],
)
def test_negotiate(code: str | None, expected: str) -> None:
    assert negotiate(code) == expected


def test_telegram_codes_are_two_letters() -> None:
    assert telegram_code("pt_BR") == "pt" and telegram_code("de") == "de"


def test_native_names() -> None:
    assert native_name("de") == "Deutsch"
    assert native_name("fr") == "Français"
    assert native_name("pl") == "Polski"
    assert native_name("pt") == "Português (Portugal)"
    assert native_name("pt_BR") == "Português (Brasil)"
    assert native_name("uk") == "Українська" and native_name("ar") == "العربية"


def test_right_to_left_values_are_bidi_isolates(catalogs: Catalogs) -> None:
    link = Html('<a href="https://example.org/x">example.org</a>')
    arabic = catalogs.get("ar")._("Link: {link}", link=link)
    assert "\u2068" + link + "\u2069" in arabic and 'href="https://example.org/x"' in arabic
    assert catalogs.get("de")._("Link: {link}", link=link) == "Link: " + link


def test_placeholders_are_escaped_unless_marked_safe(catalogs: Catalogs) -> None:
    tr = catalogs.get("en")
    assert tr._("<b>Hello, {name}!</b>", name="<i>x</i>") == "<b>Hello, &lt;i&gt;x&lt;/i&gt;!</b>"
    assert tr._("<b>Hello, {name}!</b>", name=Html("<i>x</i>")) == "<b>Hello, <i>x</i>!</b>"


def test_dates_and_numbers_follow_the_language(catalogs: Catalogs) -> None:
    day = date(2025, 5, 27)
    assert catalogs.get("en").date(day) == "May 27, 2025"
    assert catalogs.get("de").date(day) == "27. Mai 2025"
    assert catalogs.get("de").number(12345) == "12.345"
    assert catalogs.get("fr").country_name("DE") == "Allemagne"
    assert catalogs.get("ru").date(day) == "27 мая 2025\u202fг."
    assert catalogs.get("ar").country_name("DE") == "ألمانيا"
    # Plural rules are the language's own: Russian 1 / 2–4 / 5+, Arabic six forms.
    ru = catalogs.get("ru")
    forms = {ru.ngettext("{n} recipient", "{n} recipients", n) for n in (1, 2, 5)}
    assert len(forms) == 3, forms


def test_unknown_language_falls_back_to_english(catalogs: Catalogs) -> None:
    assert catalogs.get("xx").language == "en"
    assert catalogs.for_telegram("pt-BR").language == "pt_BR"


@pytest.mark.parametrize("language", LANGUAGES)
def test_durations_are_words_in_every_language(catalogs: Catalogs, language: str) -> None:
    # CLDR has only "1 d" / "2 u" for Maltese and Irish; their catalogs spell the units.
    tr = catalogs.get(language)
    for value in (timedelta(days=1), timedelta(days=90), timedelta(hours=2), timedelta(days=6)):
        text = tr.duration(value)
        assert re.search(r"[^\W\d_]{2,}", text), (language, text)
    if language in ("mt", "ga"):
        assert tr.duration(timedelta(days=2)) != "2 days", "spelled by the catalog"
