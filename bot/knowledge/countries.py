"""Turning what a user types ("Deutschland", "suisse", "germny", "UK") into a country code.

Users answer "Where do you live?" in their own words and language; a wrong country means wrong
legal advice, so only confident matches are accepted and anything else returns suggestions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from babel import Locale

from bot.i18n import LANGUAGES
from bot.knowledge.regions import COUNTRY_REGIONS

#: Common names that CLDR does not list (normalised form is computed, so write them naturally).
ALIASES: Final[dict[str, str]] = {
    # United Kingdom and its nations
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Großbritannien": "GB",
    "Grande-Bretagne": "GB",
    "Gran Bretaña": "GB",
    "Gran Bretagna": "GB",
    "Groot-Brittannië": "GB",
    "Grã-Bretanha": "GB",
    "Angleterre": "GB",
    "Inglaterra": "GB",
    "Inghilterra": "GB",
    "Engeland": "GB",
    "Anglia": "GB",
    "Schottland": "GB",
    "Écosse": "GB",
    "Escocia": "GB",
    "Scozia": "GB",
    "Schotland": "GB",
    "Szkocja": "GB",
    "Escócia": "GB",
    # United States
    "USA": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States of America": "US",
    "Amerika": "US",
    "Vereinigte Staaten von Amerika": "US",
    "Amérique": "US",
    "EEUU": "US",
    "EE. UU.": "US",
    "EUA": "US",
    "Stati Uniti d'America": "US",
    "Ameryka": "US",
    # Netherlands
    "Holland": "NL",
    "Hollande": "NL",
    "Holanda": "NL",
    "Olanda": "NL",
    # Others people commonly write differently from CLDR
    "Deutschland": "DE",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Svizzera": "CH",
    "Brasil": "BR",
    "Czech Republic": "CZ",
    "Tschechien": "CZ",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "Burma": "MM",
    "Russia": "RU",
    "Vatican": "VA",
    "Ivory Coast": "CI",
    "Emirates": "AE",
    "UAE": "AE",
    "Irland": "IE",
    "Eire": "IE",
    # Short and everyday names in other scripts and languages that CLDR does not list
    "США": "US",
    "Америка": "US",
    "Англия": "GB",
    "Англія": "GB",
    "Британия": "GB",
    "Британія": "GB",
    "ΗΠΑ": "US",
    "Αμερική": "US",
    "Αγγλία": "GB",
    "أمريكا": "US",
    "امريكا": "US",
    "بريطانيا": "GB",
    "إنجلترا": "GB",
    "انجلترا": "GB",
    "ABD": "US",
    "İngiltere": "GB",
    "ASV": "US",
    "JAV": "US",
    "ZDA": "US",
    "САЩ": "US",
}

#: Countries to offer first, by the user's language (most speakers first).
LIKELY: Final[dict[str, tuple[str, ...]]] = {
    "en": ("GB", "IE", "US", "AU", "MT", "CA", "NZ"),
    "de": ("DE", "AT", "CH", "LU", "LI", "BE"),
    "fr": ("FR", "BE", "CH", "LU", "CA", "MC"),
    "es": ("ES", "MX", "AR", "CO", "CL", "PE", "US"),
    "it": ("IT", "CH", "SM", "VA"),
    "nl": ("NL", "BE", "SR"),
    "pl": ("PL",),
    "pt": ("PT", "BR", "AO", "MZ"),
    "bg": ("BG",),
    "cs": ("CZ", "SK"),
    "da": ("DK",),
    "el": ("GR", "CY"),
    "et": ("EE",),
    "fi": ("FI",),
    "ga": ("IE", "GB"),
    "hr": ("HR", "BA"),
    "hu": ("HU", "RO", "SK"),
    "is": ("IS",),
    "lt": ("LT",),
    "lv": ("LV",),
    "mt": ("MT",),
    "nb": ("NO",),
    "ro": ("RO", "MD"),
    "sk": ("SK", "CZ"),
    "sl": ("SI",),
    "sv": ("SE", "FI"),
    # Languages of many people who live in Europe: where most of them live in the EU/EEA first,
    # then the home countries.
    "ar": ("DE", "FR", "SE", "NL", "BE", "AT", "MA", "EG"),
    "ru": ("DE", "LV", "EE", "LT", "CY", "FI", "RU"),
    "tr": ("TR", "DE", "NL", "AT", "FR", "BE", "CY"),
    "uk": ("UA", "PL", "DE", "CZ", "SK", "IT", "ES"),
}

_CONFIDENT = 0.85  # difflib ratio: "germny"→"germany" is 0.92, unrelated names are far below
_MARGIN = 0.05  # the best country must beat the next one clearly ("Nigera": Nigeria or Niger?)
_MAX_SUGGESTIONS = 5
_CANDIDATES = 40  # names compared by spelling: the ones sharing the most trigrams


@dataclass(frozen=True)
class CountryMatch:
    """The resolved country, or ``None`` plus the closest codes to offer as buttons."""

    code: str | None
    suggestions: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    """Casefold, drop accents and punctuation, collapse spaces: "Côte d'Ivoire" → "cote d ivoire".

    Users type on phones, often without accents; CLDR names have them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = (
        stripped.replace("ł", "l")
        .replace("ø", "o")
        .replace("đ", "d")
        .replace("ı", "i")
        .replace("ħ", "h")
    )
    return re.sub(r"[\W_]+", " ", stripped).strip()


@cache
def cldr_names(languages: tuple[str, ...]) -> dict[str, str]:
    """Normalised CLDR name → code for every country, in every given language (first wins)."""
    names: dict[str, str] = {}
    for language in languages:
        territories = Locale.parse(language).territories
        for code in COUNTRY_REGIONS:
            name = territories.get(code)
            if name:
                names.setdefault(normalize(name), code)
                # CLDR adds qualifiers like "Myanmar (Burma)": also accept the part before "(".
                names.setdefault(normalize(name.split("(")[0]), code)
    return names


@cache
def _index(languages: tuple[str, ...]) -> dict[str, str]:
    """Every CLDR name of the given languages plus the aliases, which win."""
    return {**cldr_names(languages), **{normalize(a): code for a, code in ALIASES.items()}}


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@cache
def _by_trigram(languages: tuple[str, ...]) -> defaultdict[str, list[str]]:
    """Trigram → the names containing it, to find candidates for a misspelt name quickly."""
    grams: defaultdict[str, list[str]] = defaultdict(list)
    for name in _index(languages):
        for gram in _trigrams(name):
            grams[gram].append(name)
    return grams


def resolve_country(text: str, languages: tuple[str, ...] = LANGUAGES) -> CountryMatch:
    """Resolve free text to one country code, tolerating case, accents, punctuation and typos."""
    query = normalize(text)
    if not query:
        return CountryMatch(None, [])
    compact = query.replace(" ", "").upper()
    if len(compact) == 2 and compact in COUNTRY_REGIONS:
        return CountryMatch(compact)
    index = _index(tuple(languages))
    if query in index:
        return CountryMatch(index[query])
    # Thousands of names in 31 languages: compare spelling only with those sharing most trigrams.
    shared = Counter(
        name for gram in _trigrams(query) for name in _by_trigram(tuple(languages))[gram]
    )
    candidates = [name for name, _ in shared.most_common(_CANDIDATES)]
    if len(candidates) < _CANDIDATES:  # nonsense shares few trigrams: still offer the closest
        candidates += _index(tuple(languages[:1]))  # the first language's ~250 names
    scored = sorted(
        ((difflib.SequenceMatcher(None, query, name).ratio(), name) for name in candidates),
        reverse=True,
    )
    codes: list[str] = []
    scores: list[float] = []
    for score, name in scored:
        if index[name] not in codes:
            codes.append(index[name])
            scores.append(score)
        if len(codes) > _MAX_SUGGESTIONS:
            break
    if scores[0] >= _CONFIDENT and scores[0] - scores[1] >= _MARGIN:
        return CountryMatch(codes[0])
    # Even for nonsense, offer the closest few: picking a button beats retyping.
    return CountryMatch(None, codes[:_MAX_SUGGESTIONS])


def likely_countries(language: str) -> list[str]:
    """Countries to offer as quick picks for a UI language (``pt_BR`` puts Brazil first)."""
    base, _, territory = language.replace("-", "_").partition("_")
    codes = list(LIKELY.get(base.lower(), ()))
    territory = territory.upper()
    if territory in COUNTRY_REGIONS:
        codes = [territory, *(code for code in codes if code != territory)]
    return codes
