"""Reading and validating the TOML data files once at start.

People act on these answers, so a typo must stop the bot from starting rather than show a wrong
link: every check raises ``KnowledgeError`` with one line naming the file and the entry.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.knowledge.model import (
    KINDS,
    LEGAL_BASES,
    STATUSES,
    Alternative,
    Email,
    Entry,
    KnowledgeBase,
    KnowledgeError,
    Platform,
)
from bot.knowledge.regions import REGIONS

DATA_DIR = Path(__file__).resolve().parent / "data"
PLATFORMS_FILE = "platforms.toml"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEXT_LISTS = (
    "fields",
    "steps",
    "confirmation",
    "if_no_confirmation",
    "pitfalls",
    "notes",
    "unverified",
)
_REQUIRED = ("id", "platform", "regions", "kind", "status", "checked", "sources")
_ENTRY_KEYS = frozenset(
    {
        *_REQUIRED,
        *_TEXT_LISTS,
        "extends",
        "url",
        "app_path",
        "email",
        "intro",
        "who",
        "alternatives",
        "legal_basis",
    }
)
_ALTERNATIVE_KEYS = frozenset({"text", "label", "url", "app_path", "unverified"})
_PLATFORM_KEYS = frozenset({"id", "name", "family", "aliases"})


def load_knowledge(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Load and validate all data files; raise ``KnowledgeError`` on the first problem."""
    data_dir = Path(data_dir)
    platforms = _load_platforms(data_dir / PLATFORMS_FILE)
    raw: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted(data_dir.rglob("*.toml")):
        if path.name == PLATFORMS_FILE:
            continue
        name = path.relative_to(data_dir).as_posix()
        for item in _entry_tables(path, name):
            entry_id = item.get("id")
            if not isinstance(entry_id, str) or not _ID.match(entry_id):
                raise KnowledgeError(
                    f"{name}: entry {entry_id!r}: id must be short lowercase ascii"
                )
            if entry_id in raw:
                other = raw[entry_id][0]
                raise KnowledgeError(f"{name}: entry {entry_id!r}: duplicate id (also in {other})")
            raw[entry_id] = (name, item)
    known = {p.id for p in platforms}
    entries = tuple(
        _build_entry(name, _resolve(entry_id, raw), known) for entry_id, (name, _) in raw.items()
    )
    _check_coverage(platforms, entries)
    return KnowledgeBase(platforms=platforms, entries=entries)


def _read(path: Path, name: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fp:
            return tomllib.load(fp)
    except FileNotFoundError:
        raise KnowledgeError(f"{name}: file missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{name}: invalid TOML: {exc}") from None


def _entry_tables(path: Path, name: str) -> list[dict[str, Any]]:
    document = _read(path, name)
    extra = set(document) - {"entry"}
    if extra:
        raise KnowledgeError(f"{name}: unknown top-level keys {sorted(extra)}; use [[entry]]")
    items = document.get("entry", [])
    if not isinstance(items, list):
        raise KnowledgeError(f"{name}: 'entry' must be an array of tables ([[entry]])")
    return items


def _load_platforms(path: Path) -> tuple[Platform, ...]:
    name = path.name
    document = _read(path, name)
    if set(document) != {"platform"}:
        raise KnowledgeError(f"{name}: expected only [[platform]] tables")
    platforms: list[Platform] = []
    names: dict[str, str] = {}
    for item in document["platform"]:
        pid = item.get("id")
        where = f"{name}: platform {pid!r}"
        if not isinstance(pid, str) or not _ID.match(pid):
            raise KnowledgeError(f"{where}: id must be short lowercase ascii")
        if extra := set(item) - _PLATFORM_KEYS:
            raise KnowledgeError(f"{where}: unknown keys {sorted(extra)}")
        display = item.get("name")
        aliases = item.get("aliases", [])
        if not isinstance(display, str) or not display:
            raise KnowledgeError(f"{where}: missing required field 'name'")
        if not _is_str_list(aliases):
            raise KnowledgeError(f"{where}: 'aliases' must be a list of strings")
        for label in (pid, display, *aliases):
            folded = "".join(ch for ch in label.casefold() if ch.isalnum())
            if names.get(folded, pid) != pid:
                raise KnowledgeError(
                    f"{where}: name or alias {label!r} also used by {names[folded]}"
                )
            names[folded] = pid
        family = item.get("family")
        if family is not None and not isinstance(family, str):
            raise KnowledgeError(f"{where}: 'family' must be a string")
        platforms.append(Platform(pid, display, family, tuple(aliases)))
    return tuple(platforms)


def _resolve(entry_id: str, raw: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Merge ``extends`` chains: the child's keys replace the parent's (lists are not merged)."""
    name, item = raw[entry_id]
    seen = [entry_id]
    merged = dict(item)
    while "extends" in item:
        parent_id = item["extends"]
        if parent_id not in raw:
            raise KnowledgeError(f"{name}: entry {entry_id!r}: extends unknown entry {parent_id!r}")
        if parent_id in seen:
            raise KnowledgeError(f"{name}: entry {entry_id!r}: extends cycle {seen}")
        seen.append(parent_id)
        item = raw[parent_id][1]
        merged = {**{k: v for k, v in item.items() if k not in {"id", "extends"}}, **merged}
    merged.pop("extends", None)
    return merged


def _build_entry(name: str, item: dict[str, Any], platforms: set[str]) -> Entry:
    entry_id = item["id"]

    def fail(problem: str) -> KnowledgeError:
        return KnowledgeError(f"{name}: entry {entry_id!r}: {problem}")

    if extra := set(item) - _ENTRY_KEYS:
        raise fail(f"unknown keys {sorted(extra)}")
    if missing := [key for key in _REQUIRED if key not in item]:
        raise fail(f"missing required field {missing[0]!r}")
    if item["platform"] not in platforms:
        raise fail(f"unknown platform {item['platform']!r}")
    regions = item["regions"]
    if not _is_str_list(regions) or not regions:
        raise fail("'regions' must be a non-empty list of region ids")
    if bad := [r for r in regions if r not in REGIONS]:
        raise fail(f"unknown region {bad[0]!r} (known: {', '.join(REGIONS)})")
    if len(set(regions)) != len(regions):
        raise fail("a region is listed twice")
    kind, status = item["kind"], item["status"]
    if kind not in KINDS:
        raise fail(f"bad kind {kind!r} (one of {', '.join(KINDS)})")
    if status not in STATUSES:
        raise fail(f"bad status {status!r} (one of {', '.join(STATUSES)})")
    checked = item["checked"]
    if isinstance(checked, datetime) or not isinstance(checked, date):
        raise fail("'checked' must be a TOML date like 2025-05-26 (no quotes, no time)")
    if checked > date.today():
        raise fail(f"'checked' date {checked} is in the future")
    sources = item["sources"]
    if not _is_str_list(sources) or not sources:
        raise fail("'sources' must be a non-empty list of strings")
    for source in sources:
        if source.startswith("http") and not _is_https(source):
            raise fail(f"source {source!r} is not a valid https URL")
    url = item.get("url")
    if url is not None and not _is_https(url):
        raise fail(f"url {url!r} is not a valid https URL")
    text = _text_checker(fail)
    app_path = item.get("app_path", [])
    app_path = [app_path] if isinstance(app_path, str) else app_path
    for key, value in (("app_path", app_path), *((k, item.get(k, [])) for k in _TEXT_LISTS)):
        if not _is_str_list(value):
            raise fail(f"{key!r} must be a list of strings")
        for line in value:
            text(key, line)
    for key in ("intro", "who"):
        if key in item:
            text(key, item[key])
    email = _build_email(item.get("email"), fail)
    alternatives = tuple(_build_alternative(a, fail, text) for a in item.get("alternatives", []))
    _check_consistency(item, fail, has_link=bool(url or app_path), has_email=email is not None)
    legal_basis = item.get("legal_basis")
    return Entry(
        id=entry_id,
        platform=item["platform"],
        regions=tuple(regions),
        kind=kind,
        status=status,
        checked=checked,
        sources=tuple(sources),
        file=name,
        url=url,
        app_path=tuple(app_path),
        email=email,
        intro=item.get("intro"),
        who=item.get("who"),
        alternatives=alternatives,
        legal_basis=legal_basis,
        **{key: tuple(item.get(key, [])) for key in _TEXT_LISTS},
    )


def _check_consistency(
    item: dict[str, Any], fail: Callable[[str], KnowledgeError], *, has_link: bool, has_email: bool
) -> None:
    """Rules across fields: each kind has what it needs, and the cited law fits the region."""
    kind, regions, legal_basis = item["kind"], item["regions"], item.get("legal_basis")
    if legal_basis is not None:
        if legal_basis not in LEGAL_BASES:
            raise fail(f"bad legal_basis {legal_basis!r} (one of {', '.join(LEGAL_BASES)})")
        fits = LEGAL_BASES[legal_basis]
        if list(regions) != [fits]:
            raise fail(f"legal_basis {legal_basis!r} only fits regions [{fits}]")
        if kind == "setting":
            raise fail("a setting needs no objection text: drop legal_basis")
    if kind in {"form", "setting"} and not has_link:
        raise fail(f"a {kind} needs a url or an app_path")
    if kind == "email" and not has_email:
        raise fail("kind 'email' needs an email table")
    if kind == "none" and has_link:
        raise fail("kind 'none' has no url or app_path: put what helps into alternatives")
    if kind == "none" and not item.get("alternatives"):
        raise fail("kind 'none' needs alternatives: say what helps instead")
    if item["status"] == "unconfirmed" and not item.get("unverified"):
        raise fail("status 'unconfirmed' needs 'unverified' notes saying what is not verified")


def _text_checker(fail: Callable[[str], KnowledgeError]) -> Callable[[str, Any], None]:
    """User-facing text is translated string by string, so it must be plain, whole sentences."""

    def check(key: str, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{key!r} must be non-empty text")
        if value != value.strip() or "\n" in value:
            raise fail(f"{key!r} text must be one line without surrounding spaces: {value!r}")
        if re.search(r"[<>{}]", value):
            raise fail(f"{key!r} text must not contain HTML or {{placeholders}}: {value!r}")

    return check


def _build_email(value: Any, fail: Callable[[str], KnowledgeError]) -> Email | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"to", "subject"} or "to" not in value:
        raise fail("'email' must be a table with 'to' and optional 'subject'")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value["to"]):
        raise fail(f"email address {value['to']!r} looks wrong")
    return Email(value["to"], value.get("subject"))


def _build_alternative(
    value: Any, fail: Callable[[str], KnowledgeError], text: Callable[[str, Any], None]
) -> Alternative:
    if not isinstance(value, dict):
        raise fail("each alternative must be a table")
    if extra := set(value) - _ALTERNATIVE_KEYS:
        raise fail(f"unknown alternative keys {sorted(extra)}")
    if "text" not in value:
        raise fail("an alternative needs 'text'")
    for key in ("text", "label", "app_path"):
        if key in value:
            text(f"alternatives.{key}", value[key])
    url = value.get("url")
    if url is not None:
        if not _is_https(url):
            raise fail(f"alternative url {url!r} is not a valid https URL")
        if "label" not in value:
            raise fail(f"alternative url {url!r} needs a 'label' for its button")
    if not isinstance(value.get("unverified", False), bool):
        raise fail("alternative 'unverified' must be true or false")
    return Alternative(
        text=value["text"],
        label=value.get("label"),
        url=url,
        app_path=value.get("app_path"),
        unverified=value.get("unverified", False),
    )


def _check_coverage(platforms: tuple[Platform, ...], entries: tuple[Entry, ...]) -> None:
    """Every platform × region must have exactly one answer; "none" entries count as answers."""
    owner: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        for region in entry.regions:
            key = (entry.platform, region)
            if key in owner:
                first = owner[key]
                raise KnowledgeError(
                    f"{entry.file}: entry {entry.id!r}: overlaps entry {first.id!r} "
                    f"({first.file}) for {entry.platform} in region {region}"
                )
            owner[key] = entry
    for platform in platforms:
        for region in REGIONS:
            if (platform.id, region) not in owner:
                raise KnowledgeError(
                    f"data: platform {platform.id!r} has no entry for region {region!r}"
                )


def _is_https(url: Any) -> bool:
    if not isinstance(url, str) or re.search(r"\s", url):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc) and "." in parts.netloc


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def iter_files(data_dir: Path = DATA_DIR) -> Iterator[Path]:
    """All data files, platforms first, in a stable order (for the extractor and reports)."""
    yield data_dir / PLATFORMS_FILE
    yield from (p for p in sorted(data_dir.rglob("*.toml")) if p.name != PLATFORMS_FILE)
