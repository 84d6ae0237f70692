"""Data-protection authorities, and which law applies where a user lives.

When an objection gets no answer or is refused, the next step is a complaint to the competent
authority. A wrong link or a wrong competence sends people to a dead end, so the data file is
validated once (``all_authorities`` at start), a complaint page that the facts do not confirm is
left out and flagged rather than guessed, and the legal regime says honestly where no right to
object exists. Domain code: no ``telegram`` import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any, Final
from urllib.parse import urlsplit

from babel import Locale

from bot.i18n import N_
from bot.knowledge.extract import find_line
from bot.knowledge.loader import DATA_DIR
from bot.knowledge.model import LEGAL_BASES, STATUSES, KnowledgeError, Status
from bot.knowledge.regions import COUNTRY_REGIONS

AUTHORITIES_FILE: Final = DATA_DIR / "authorities.json"

_ID = re.compile(r"^[a-z0-9]+$")
_REQUIRED = ("id", "country", "name", "languages", "status", "checked", "sources")
_KEYS = frozenset(
    {
        *_REQUIRED,
        "subdivision",
        "subdivision_name",
        "local_name",
        "website",
        "complaint_url",
        "complaint_url_unverified",
        "email",
        "competent_for_companies",
        "lead_for",
        "notes",
        "comment",
    }
)


@dataclass(frozen=True)
class Authority:
    """One supervisory authority; ``complaint_url`` is ``None`` exactly when it is unverified."""

    id: str
    country: str
    name: str
    languages: tuple[str, ...]
    status: Status
    checked: date
    sources: tuple[str, ...]
    subdivision: str | None = None
    subdivision_name: str | None = None
    local_name: str | None = None
    website: str | None = None
    complaint_url: str | None = None
    complaint_url_unverified: bool = False
    email: str | None = None
    competent_for_companies: bool = True
    lead_for: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Regime:
    """The law that decides whether an objection can be escalated, and what is not verified.

    ``id`` is a legal-basis id of ``model.LEGAL_BASES`` (the one the objection text cites), or
    ``"none"`` where no right to object like the GDPR's exists.
    """

    id: str
    objection_right: bool
    unverified: tuple[str, ...] = ()


# Sources: /work/shared/facts/authorities.md section 1 (GDPR Art. 12(3), 21, 77; UK GDPR and
# DUAA 2025; Swiss FADP Art. 30(2)(b), 49; LGPD Art. 18).
REGIMES: Final[dict[str, Regime]] = {
    "gdpr": Regime("gdpr", objection_right=True),
    "uk-gdpr": Regime(
        "uk-gdpr",
        objection_right=True,
        unverified=(
            N_("The exact wording of UK GDPR Articles 12A, 21 and 77 was not verified."),
            N_(
                "That companies must run a complaints process from 19 June 2026 comes from law "
                "firms and was not verified."
            ),
        ),
    ),
    "ch-fadp": Regime("ch-fadp", objection_right=True),
    "lgpd": Regime("lgpd", objection_right=True),
    "none": Regime("none", objection_right=False),
}
_REGION_REGIME: Final[dict[str, str]] = {region: basis for basis, region in LEGAL_BASES.items()}


def regime_for(region: str) -> Regime:
    """The regime of a region id (``regions.REGIONS``): GDPR for the EU/EEA, the UK, Swiss and
    Brazilian equivalents, and ``"none"`` everywhere else (the US, Australia, Korea, …)."""
    return REGIMES[_REGION_REGIME.get(region, "none")]


def load_authorities(path: Path = AUTHORITIES_FILE) -> tuple[Authority, ...]:
    """Read and validate the data file; ``KnowledgeError`` names the file and the record."""
    name = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError(f"{name}: file missing") from None
    except json.JSONDecodeError as exc:
        raise KnowledgeError(f"{name}: invalid JSON: {exc}") from None
    if not isinstance(document, dict) or set(document) - {"about", "authority"}:
        raise KnowledgeError(f"{name}: expected an object with 'about' and 'authority'")
    records = document.get("authority")
    if not isinstance(records, list) or not records:
        raise KnowledgeError(f"{name}: 'authority' must be a non-empty list")
    authorities = tuple(_build(name, index, item) for index, item in enumerate(records))
    _check_set(name, authorities)
    return authorities


@cache
def all_authorities() -> tuple[Authority, ...]:
    """The shipped authorities, loaded once; call it at start so a bad file stops the bot."""
    return load_authorities()


def authority_for(country_code: str, subdivision: str | None = None) -> Authority | None:
    """The authority that takes complaints about companies from people living there.

    A subdivision (``"DE-HH"``) picks among several; without one, a country with only
    subdivision authorities (Germany) gives ``None`` unless it has just one (``US`` → the
    Californian CPPA, which takes complaints from anyone).
    """
    country = country_code.upper()
    candidates = [a for a in all_authorities() if a.country == country]
    candidates = [a for a in candidates if a.competent_for_companies]
    if subdivision:
        for authority in candidates:
            if authority.subdivision == subdivision.upper():
                return authority
        if needs_subdivision(country):
            return None
    national = [a for a in candidates if a.subdivision is None]
    if national:
        return national[0]
    return candidates[0] if len(candidates) == 1 else None


def needs_subdivision(country_code: str) -> bool:
    """Whether the bot must ask for the region first (Germany: one authority per Land)."""
    return len(subdivisions(country_code)) > 1 and not any(
        a.subdivision is None and a.competent_for_companies
        for a in all_authorities()
        if a.country == country_code.upper()
    )


def subdivisions(country_code: str) -> list[tuple[str, str]]:
    """(code, name) of the regions with their own authority, by name, for the picker buttons.

    Names come from the data in the local language (``Bayern``): Babel has no subdivision names.
    """
    country = country_code.upper()
    return sorted(
        (
            (a.subdivision, a.subdivision_name or a.subdivision)
            for a in all_authorities()
            if a.country == country and a.subdivision and a.competent_for_companies
        ),
        key=lambda pair: pair[1],
    )


def lead_authority_for_meta() -> Authority:
    """Meta's lead authority in the EU/EEA (the Irish DPC, one-stop-shop of Art. 56 GDPR)."""
    return next(a for a in all_authorities() if "meta" in a.lead_for)


def _build(name: str, index: int, item: Any) -> Authority:
    record_id = item.get("id") if isinstance(item, dict) else None

    def fail(problem: str) -> KnowledgeError:
        return KnowledgeError(f"{name}: authority {record_id or f'#{index + 1}'!r}: {problem}")

    if not isinstance(item, dict):
        raise fail("each authority must be an object")
    if extra := set(item) - _KEYS:
        raise fail(f"unknown keys {sorted(extra)}")
    if missing := [key for key in _REQUIRED if key not in item]:
        raise fail(f"missing required field {missing[0]!r}")
    if not isinstance(record_id, str) or not _ID.match(record_id):
        raise fail("id must be short lowercase ascii letters and digits")
    country = item["country"]
    if country not in COUNTRY_REGIONS:
        raise fail(f"unknown country code {country!r}")
    subdivision = item.get("subdivision")
    if subdivision is not None:
        if not isinstance(subdivision, str) or not subdivision.startswith(f"{country}-"):
            raise fail(f"subdivision {subdivision!r} must be an ISO 3166-2 code of {country}")
        if not _is_text(item.get("subdivision_name")):
            raise fail("a subdivision needs a 'subdivision_name' for its button")
    for key in ("name", "local_name", "subdivision_name", "email", "comment"):
        if key in item and not _is_text(item[key]):
            raise fail(f"{key!r} must be non-empty text")
    unverified = _check_route(item, fail)
    languages = item["languages"]
    known = Locale("en").languages
    if not _is_str_list(languages) or not languages or any(c not in known for c in languages):
        raise fail(f"'languages' must be ISO 639-1 codes, got {languages!r}")
    checked = _date(item["checked"])
    if checked is None or checked > date.today():
        raise fail(f"'checked' must be a past ISO date like 2026-03-01, got {item['checked']!r}")
    sources = item["sources"]
    if not _is_str_list(sources) or not sources:
        raise fail("'sources' must be a non-empty list of strings")
    if bad := [s for s in sources if s.startswith("http") and not _is_https(s)]:
        raise fail(f"source {bad[0]!r} is not a valid https URL")
    notes = item.get("notes", [])
    if not _is_str_list(notes) or not all(_is_sentence(note) for note in notes):
        raise fail("'notes' must be one-line plain sentences without HTML or {placeholders}")
    if not isinstance(item.get("competent_for_companies", True), bool):
        raise fail("'competent_for_companies' must be true or false")
    lead_for = item.get("lead_for", [])
    if not _is_str_list(lead_for):
        raise fail("'lead_for' must be a list of platform family ids")
    return Authority(
        id=record_id,
        country=country,
        name=item["name"],
        languages=tuple(languages),
        status=item["status"],
        checked=checked,
        sources=tuple(sources),
        subdivision=subdivision,
        subdivision_name=item.get("subdivision_name"),
        local_name=item.get("local_name"),
        website=item.get("website"),
        complaint_url=item.get("complaint_url"),
        complaint_url_unverified=unverified,
        email=item.get("email"),
        competent_for_companies=item.get("competent_for_companies", True),
        lead_for=tuple(lead_for),
        notes=tuple(notes),
    )


def _check_route(item: dict[str, Any], fail: Callable[[str], KnowledgeError]) -> bool:
    """Links are https, and a missing complaint page is flagged and marked unconfirmed."""
    for key in ("website", "complaint_url"):
        if key in item and not _is_https(item[key]):
            raise fail(f"{key} {item[key]!r} is not a valid https URL")
    unverified = item.get("complaint_url_unverified", False)
    if unverified is not ("complaint_url" not in item):
        raise fail("set complaint_url_unverified = true exactly when complaint_url is left out")
    if "complaint_url" not in item and "website" not in item:
        raise fail("without a complaint_url the record needs a website to point to")
    if item["status"] not in STATUSES:
        raise fail(f"bad status {item['status']!r} (one of {', '.join(STATUSES)})")
    if unverified and item["status"] != "unconfirmed":
        raise fail("a record without a complaint_url must have status 'unconfirmed'")
    return unverified


def _check_set(name: str, authorities: tuple[Authority, ...]) -> None:
    """Rules across records: unique ids, one competent authority per place, one Meta lead."""
    seen: set[str] = set()
    places: dict[tuple[str, str | None], str] = {}
    for authority in authorities:
        where = f"{name}: authority {authority.id!r}"
        if authority.id in seen:
            raise KnowledgeError(f"{where}: duplicate id")
        seen.add(authority.id)
        if authority.competent_for_companies:
            place = (authority.country, authority.subdivision)
            if place in places:
                raise KnowledgeError(f"{where}: same place as {places[place]!r}: {place}")
            places[place] = authority.id
    leads = [a.id for a in authorities if "meta" in a.lead_for]
    if len(leads) != 1:
        raise KnowledgeError(f"{name}: exactly one authority needs lead_for ['meta'], got {leads}")


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _is_https(url: Any) -> bool:
    if not isinstance(url, str) or re.search(r"\s", url):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and "." in parts.netloc


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_sentence(value: str) -> bool:
    return _is_text(value) and value == value.strip() and not re.search(r"[\n<>{}]", value)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def extract_authorities(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for ``authorities.json``: yields each note with its record id.

    Names, URLs, emails and sources are not extracted: they must stay as they are. The
    ``keywords``, ``comment_tags`` and ``options`` of Babel's protocol are unused.
    """
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    cursor = 0
    for item in json.loads(source).get("authority", []):
        record_id = str(item.get("id", "?"))
        cursor = find_line(lines, f'"id": {json.dumps(record_id)}', cursor)
        for note in item.get("notes", []):
            lineno = find_line(lines, json.dumps(note, ensure_ascii=False), cursor)
            yield lineno + 1, None, note, [f"{record_id}: notes"]
