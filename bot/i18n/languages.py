"""The languages the bot speaks, and how a Telegram ``language_code`` maps onto one of them."""

from babel import Locale, UnknownLocaleError

#: Every language with a complete catalog in ``locales/``. English is the source language.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl", "pl", "pt")
DEFAULT_LANGUAGE = "en"


def negotiate(language_code: str | None, available: tuple[str, ...] = LANGUAGES) -> str:
    """Pick the catalog for a Telegram ``language_code`` such as ``de``, ``pt-br`` or ``zh-hans``.

    Telegram sends IETF tags with ``-``; Babel wants ``_``. A regional variant with its own catalog
    (``pt_BR``) wins over the bare language; anything unknown falls back to English.
    """
    if not language_code:
        return DEFAULT_LANGUAGE
    try:
        locale = Locale.parse(language_code.replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LANGUAGE
    candidates = []
    if locale.territory:
        candidates.append(f"{locale.language}_{locale.territory}")
    candidates.append(locale.language)
    for candidate in candidates:
        if candidate in available:
            return candidate
    return DEFAULT_LANGUAGE


def telegram_code(language: str) -> str:
    """The two-letter code that ``setMyCommands`` and friends accept (``pt_BR`` → ``pt``)."""
    return language.split("_", 1)[0]


def native_name(language: str) -> str:
    """The language's name in itself, capitalised as a menu item ("Deutsch", "Français")."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]
