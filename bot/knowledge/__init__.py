"""What the bot knows: objection routes per platform and region, with sources and check dates.

Data lives in ``data/*.toml`` and is validated at start (``load_knowledge``), so a wrong fact is a
failed start, not a wrong answer. This package never imports ``telegram``.
"""

from bot.knowledge.card import Card, objection_text, render_card
from bot.knowledge.countries import CountryMatch, likely_countries, resolve_country
from bot.knowledge.extract import extract_knowledge, iter_messages
from bot.knowledge.loader import DATA_DIR, load_knowledge
from bot.knowledge.model import Alternative, Email, Entry, KnowledgeBase, KnowledgeError, Platform
from bot.knowledge.regions import COUNTRY_REGIONS, REGION_NAMES, REGIONS, region_of

__all__ = [
    "COUNTRY_REGIONS",
    "DATA_DIR",
    "REGIONS",
    "REGION_NAMES",
    "Alternative",
    "Card",
    "CountryMatch",
    "Email",
    "Entry",
    "KnowledgeBase",
    "KnowledgeError",
    "Platform",
    "extract_knowledge",
    "iter_messages",
    "likely_countries",
    "load_knowledge",
    "objection_text",
    "region_of",
    "render_card",
    "resolve_country",
]
