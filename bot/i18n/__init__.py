"""Translations: catalog loading, locale negotiation and HTML-safe rendering helpers."""

from bot.i18n.catalogs import CatalogError, Catalogs
from bot.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_GROUPS,
    LANGUAGES,
    native_name,
    negotiate,
    telegram_code,
)
from bot.i18n.translator import Html, Translator, escape


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later, with the user's translator."""
    return message


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_GROUPS",
    "N_",
    "CatalogError",
    "Catalogs",
    "Html",
    "Translator",
    "escape",
    "native_name",
    "negotiate",
    "telegram_code",
]
