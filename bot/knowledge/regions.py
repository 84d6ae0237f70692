"""Legal regions: which data-protection regime (and so which objection route) a country falls under.

Objection routes differ by law, not by language, so every country maps to exactly one region.
The mapping of territories is a judgement call; each non-obvious case is documented below.
"""

from __future__ import annotations

from typing import Final

from babel import Locale

from bot.i18n import N_

#: Region ids in display order. They appear in the data files and in deep links: never rename.
REGIONS: Final[tuple[str, ...]] = ("eea", "uk", "ch", "br", "us", "au", "kr", "row")

#: Short English region names, marked for translation.
REGION_NAMES: Final[dict[str, str]] = {
    "eea": N_("EU/EEA"),
    "uk": N_("United Kingdom"),
    "ch": N_("Switzerland"),
    "br": N_("Brazil"),
    "us": N_("United States"),
    "au": N_("Australia"),
    "kr": N_("South Korea"),
    "row": N_("Rest of the world"),
}

#: CLDR "territories" that are groupings, test or unknown codes, not places people live in.
NOT_COUNTRIES: Final[frozenset[str]] = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})

# fmt: off
EU_27: Final[frozenset[str]] = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})
# fmt: on

_EXPLICIT: Final[dict[str, str]] = {
    # EEA members outside the EU: GDPR applies through the EEA Agreement.
    "IS": "eea",
    "LI": "eea",
    "NO": "eea",
    # Parts of EU member states where EU law (and so the GDPR) applies: the French outermost
    # regions (Guadeloupe, Martinique, French Guiana, Réunion, Mayotte, Saint-Martin), Åland
    # (Finland) and the Spanish Canary Islands and Ceuta & Melilla (CLDR codes IC and EA).
    "GP": "eea",
    "MQ": "eea",
    "GF": "eea",
    "RE": "eea",
    "YT": "eea",
    "MF": "eea",
    "AX": "eea",
    "IC": "eea",
    "EA": "eea",
    "GB": "uk",
    "CH": "ch",
    "BR": "br",
    # US territories: US law applies and no federal right to object exists, so the US answer
    # fits. Whether platforms treat these accounts as US accounts is not verified.
    "US": "us",
    "PR": "us",
    "GU": "us",
    "VI": "us",
    "AS": "us",
    "MP": "us",
    "UM": "us",
    # Australian external territories (Christmas Island, Cocos, Norfolk Island, Heard & McDonald).
    "AU": "au",
    "CX": "au",
    "CC": "au",
    "NF": "au",
    "HM": "au",
    "KR": "kr",
}
# Deliberately "row" (rest of world), not uk/eea:
# - Crown dependencies JE, GG, IM and Sark (CQ) are not part of the UK; UK GDPR does not apply
#   there (they have their own laws). Gibraltar (GI) and the other British overseas territories
#   (AC, TA, SH, FK, GS, IO, DG, KY, BM, VG, TC, MS, AI, PN) likewise have their own laws.
# - Overseas countries and territories of EU states are outside the EU: Greenland (GL), the Faroe
#   Islands (FO), Saint-Barthélemy (BL), Saint-Pierre-et-Miquelon (PM), New Caledonia (NC),
#   French Polynesia (PF), Wallis & Futuna (WF), TF, Clipperton (CP), and the Dutch Caribbean
#   (AW, CW, SX, BQ).
# - Svalbard & Jan Mayen (SJ) and Bouvet Island (BV) are Norwegian but outside the EEA Agreement.
# - European microstates outside the EEA: Andorra, Monaco, San Marino, Vatican (AD, MC, SM, VA).
# - Kosovo (XK) is a user-assigned code CLDR uses; it is kept so Kosovars can pick their country.


def _build_countries() -> dict[str, str]:
    territories = Locale("en").territories
    codes = sorted(
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code.isupper() and code not in NOT_COUNTRIES
    )
    mapping: dict[str, str] = {}
    for code in codes:
        mapping[code] = "eea" if code in EU_27 else _EXPLICIT.get(code, "row")
    return mapping


#: Every CLDR country code → region id.
COUNTRY_REGIONS: Final[dict[str, str]] = _build_countries()


def is_country(code: str) -> bool:
    """Whether ``code`` is a country code the bot knows (case-insensitive)."""
    return code.upper() in COUNTRY_REGIONS


def region_of(code: str) -> str:
    """The region id of an ISO 3166-1 alpha-2 code; ``ValueError`` for codes that are no country,
    so a corrupted stored code fails loudly instead of silently getting rest-of-world advice."""
    try:
        return COUNTRY_REGIONS[code.upper()]
    except KeyError:
        raise ValueError(f"unknown country code {code!r}") from None
