"""The knowledge base's data types: immutable, so one loaded copy is shared by all handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal

from bot.knowledge.regions import REGIONS, region_of

Kind = Literal["form", "setting", "email", "none"]
Status = Literal["confirmed", "reported", "unconfirmed"]

KINDS: Final[tuple[str, ...]] = ("form", "setting", "email", "none")
STATUSES: Final[tuple[str, ...]] = ("confirmed", "reported", "unconfirmed")
#: Legal bases the objection text knows how to cite, and the only region each one fits.
LEGAL_BASES: Final[dict[str, str]] = {"gdpr": "eea", "uk-gdpr": "uk", "ch-fadp": "ch", "lgpd": "br"}


class KnowledgeError(Exception):
    """A data file is wrong; the message names the file and the entry so it is fixed in minutes."""


@dataclass(frozen=True)
class Platform:
    """A service users ask about; ``id`` is used in deep links and must never change."""

    id: str
    name: str
    family: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alternative:
    """Something that helps when the main route does not (or does not fully) apply."""

    text: str
    label: str | None = None
    url: str | None = None
    app_path: str | None = None
    unverified: bool = False


@dataclass(frozen=True)
class Email:
    """Where an opt-out email goes; address and subject stay untranslated on purpose."""

    to: str
    subject: str | None = None


@dataclass(frozen=True)
class Entry:
    """One objection route (or the honest absence of one) for a platform in some regions."""

    id: str
    platform: str
    regions: tuple[str, ...]
    kind: Kind
    status: Status
    checked: date
    sources: tuple[str, ...]
    file: str = ""
    url: str | None = None
    app_path: tuple[str, ...] = ()
    email: Email | None = None
    intro: str | None = None
    who: str | None = None
    fields: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    confirmation: tuple[str, ...] = ()
    if_no_confirmation: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    legal_basis: str | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """Platforms and entries with a (platform, region) index; built by ``load_knowledge``."""

    platforms: tuple[Platform, ...]
    entries: tuple[Entry, ...]
    _platforms: dict[str, Platform] = field(init=False, repr=False, compare=False)
    _entries: dict[str, Entry] = field(init=False, repr=False, compare=False)
    _index: dict[tuple[str, str], Entry] = field(init=False, repr=False, compare=False)
    _names: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(e.platform, region): e for e in self.entries for region in e.regions}
        names: dict[str, str] = {}
        for platform in self.platforms:
            for name in (*platform.aliases, platform.name, platform.id):
                names[_fold(name)] = platform.id
        object.__setattr__(self, "_platforms", {p.id: p for p in self.platforms})
        object.__setattr__(self, "_entries", {e.id: e for e in self.entries})
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_names", names)

    def platform(self, platform_id: str) -> Platform:
        """The platform with this id (``KeyError`` if unknown)."""
        return self._platforms[platform_id]

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id (``KeyError`` if unknown)."""
        return self._entries[entry_id]

    def lookup(self, platform_id: str, country_code: str) -> Entry:
        """The one entry for a platform in the region of an ISO country code."""
        return self._index[(platform_id, region_of(country_code))]

    def lookup_region(self, platform_id: str, region: str) -> Entry:
        """The one entry for a platform in a region id (see ``regions.REGIONS``)."""
        return self._index[(platform_id, region)]

    def find_platform(self, text: str) -> Platform | None:
        """Match an id, name or alias ("insta", "whats app", "Grok"), ignoring case and spacing."""
        platform_id = self._names.get(_fold(text))
        return self._platforms[platform_id] if platform_id else None


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


__all__ = [
    "KINDS",
    "LEGAL_BASES",
    "REGIONS",
    "STATUSES",
    "Alternative",
    "Email",
    "Entry",
    "Kind",
    "KnowledgeBase",
    "KnowledgeError",
    "Platform",
    "Status",
]
