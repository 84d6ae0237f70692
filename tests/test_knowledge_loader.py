"""Broken data files must stop the bot with one line naming the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeError

PLATFORMS = """
[[platform]]
id = "demo"
name = "Demo"
aliases = ["dm"]
"""

GOOD = """
[[entry]]
id = "demo-eu"
platform = "demo"
regions = ["eea"]
kind = "form"
status = "confirmed"
checked = 2025-05-01
url = "https://example.com/form"
legal_basis = "gdpr"
sources = ["https://example.com/source"]
fields = ["Your email address."]

[[entry]]
id = "demo-world"
platform = "demo"
regions = ["uk", "ch", "br", "us", "au", "kr", "row"]
kind = "none"
status = "reported"
checked = 2025-05-01
sources = ["https://example.com/source"]

[[entry.alternatives]]
text = "Delete your posts."
"""


def write(tmp_path: Path, entries: str, platforms: str = PLATFORMS) -> Path:
    (tmp_path / "platforms.toml").write_text(platforms, encoding="utf-8")
    (tmp_path / "demo.toml").write_text(entries, encoding="utf-8")
    return tmp_path


def error(tmp_path: Path, entries: str) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(write(tmp_path, entries))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_good_file_loads(tmp_path: Path) -> None:
    kb = load_knowledge(write(tmp_path, GOOD))
    assert kb.lookup("demo", "DE").id == "demo-eu"
    assert kb.lookup("demo", "JP").id == "demo-world"
    assert kb.find_platform("DM") is not None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('kind = "form"', 'kind = "formular"', "bad kind"),
        ('status = "confirmed"', 'status = "sure"', "bad status"),
        ('regions = ["eea"]', 'regions = ["eu"]', "unknown region 'eu'"),
        ('platform = "demo"\nregions = ["eea"]', 'platform = "nope"\nregions = ["eea"]',
         "unknown platform"),
        ("https://example.com/form", "http://example.com/form", "not a valid https URL"),
        ("checked = 2025-05-01\nurl", 'checked = "May 2025"\nurl', "TOML date"),
        ("checked = 2025-05-01\nurl", "checked = 2999-01-01\nurl", "in the future"),
        ('fields = ["Your email address."]', 'fieldz = ["x"]', "unknown keys ['fieldz']"),
        ('sources = ["https://example.com/source"]\nfields', "fields", "missing required field"),
        ('fields = ["Your email address."]', 'fields = ["<b>Bold</b>"]', "HTML"),
        ('fields = ["Your email address."]', 'fields = ["Hi {name}"]', "placeholders"),
        ('legal_basis = "gdpr"', 'legal_basis = "lgpd"', "only fits regions [br]"),
        ('legal_basis = "gdpr"', 'legal_basis = "ccpa"', "bad legal_basis"),
    ],
)  # fmt: skip
def test_errors_name_file_and_entry(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    message = error(tmp_path, GOOD.replace(old, new, 1))
    assert message.startswith("demo.toml: entry 'demo-eu': "), message
    assert expected in message


def test_duplicate_id(tmp_path: Path) -> None:
    message = error(tmp_path, GOOD.replace('id = "demo-world"', 'id = "demo-eu"'))
    assert "demo.toml: entry 'demo-eu': duplicate id" in message


def test_overlap(tmp_path: Path) -> None:
    message = error(tmp_path, GOOD.replace('["uk", "ch"', '["eea", "uk", "ch"'))
    assert "entry 'demo-world': overlaps entry 'demo-eu'" in message and "eea" in message


def test_missing_region(tmp_path: Path) -> None:
    message = error(tmp_path, GOOD.replace('"kr", "row"]', '"kr"]'))
    assert "platform 'demo' has no entry for region 'row'" in message


def test_none_entry_needs_alternatives(tmp_path: Path) -> None:
    broken = GOOD.split("[[entry.alternatives]]", maxsplit=1)[0]
    assert "entry 'demo-world': kind 'none' needs alternatives" in error(tmp_path, broken)


def test_unconfirmed_needs_unverified_notes(tmp_path: Path) -> None:
    message = error(tmp_path, GOOD.replace('"confirmed"', '"unconfirmed"'))
    assert "entry 'demo-eu'" in message and "unverified" in message


def test_alternative_url_needs_label_and_https(tmp_path: Path) -> None:
    broken = GOOD + 'url = "https://example.com/alt"\n'
    assert "needs a 'label'" in error(tmp_path, broken)
    broken = GOOD + 'label = "Alt"\nurl = "ftp://example.com/alt"\n'
    assert "entry 'demo-world': alternative url" in error(tmp_path, broken)


def test_extends_copies_and_overrides(tmp_path: Path) -> None:
    extra = GOOD.replace(
        'regions = ["uk", "ch", "br", "us", "au", "kr", "row"]', 'regions = ["ch"]'
    )
    extra += """
[[entry]]
id = "demo-rest"
extends = "demo-world"
regions = ["uk", "br", "us", "au", "kr", "row"]
status = "confirmed"
"""
    kb = load_knowledge(write(tmp_path, extra))
    rest = kb.entry("demo-rest")
    assert rest.kind == "none" and rest.status == "confirmed" and rest.alternatives
    assert rest.file == "demo.toml"


def test_extends_unknown(tmp_path: Path) -> None:
    broken = GOOD + '\n[[entry]]\nid = "demo-x"\nextends = "ghost"\nregions = ["row"]\n'
    assert "entry 'demo-x': extends unknown entry 'ghost'" in error(tmp_path, broken)


def test_invalid_toml_names_file(tmp_path: Path) -> None:
    message = error(tmp_path, GOOD + "\nthis is not toml\n")
    assert message.startswith("demo.toml: invalid TOML")


def test_platform_alias_clash(tmp_path: Path) -> None:
    platforms = PLATFORMS + '\n[[platform]]\nid = "other"\nname = "Other"\naliases = ["DM"]\n'
    with pytest.raises(KnowledgeError, match=r"platform 'other'.*also used by demo"):
        load_knowledge(write(tmp_path, GOOD, platforms))
