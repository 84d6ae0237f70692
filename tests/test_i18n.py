"""Locale negotiation and the Translator's formatting."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import Catalogs, Html, native_name, negotiate, telegram_code


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


def test_unknown_language_falls_back_to_english(catalogs: Catalogs) -> None:
    assert catalogs.get("xx").language == "en"
    assert catalogs.for_telegram("pt-BR").language == "pt_BR"
