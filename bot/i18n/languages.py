"""The languages the bot speaks, and how a Telegram ``language_code`` maps onto one of them."""

from babel import Locale, UnknownLocaleError

#: Every language with a complete catalog in ``locales/``, grouped for the ``/language`` menu by
#: where most of its speakers live. English is the source language.
LANGUAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "west": ("en", "de", "fr", "nl", "es", "pt", "pt_BR", "it", "el", "ga", "mt"),
    "north": ("da", "sv", "nb", "is", "fi", "et", "lv", "lt"),
    "east": ("pl", "cs", "sk", "sl", "hr", "hu", "ro", "bg"),
    "more": ("uk", "ru", "tr", "ar"),
}
LANGUAGES: tuple[str, ...] = tuple(code for group in LANGUAGE_GROUPS.values() for code in group)
DEFAULT_LANGUAGE = "en"

#: Codes that name one of our languages differently: Norwegian (``no``) and Nynorsk readers get
#: Bokmål; Telegram's Brazilian translation is ``pt-br`` and handled by the territory rule.
_ALIASES = {"no": "nb", "nn": "nb"}


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
    language = _ALIASES.get(locale.language, locale.language)
    candidates = []
    if locale.territory:
        candidates.append(f"{language}_{locale.territory}")
    candidates.append(language)
    for candidate in candidates:
        if candidate in available:
            return candidate
    return DEFAULT_LANGUAGE


def telegram_code(language: str) -> str:
    """The two-letter code that ``setMyCommands`` and friends accept (``pt_BR`` → ``pt``)."""
    return language.split("_", 1)[0]


def native_name(language: str) -> str:
    """The language's name in itself, capitalised as a menu item ("Deutsch", "Français").

    Portuguese names its variant ("Português (Portugal)") because Brazilian Portuguese is listed
    next to it."""
    locale = Locale.parse("pt_PT" if language == "pt" else language)
    name = locale.get_display_name(locale) or language
    return name[:1].upper() + name[1:]
