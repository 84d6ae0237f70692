"""Loading the gettext catalogs in ``locales/`` once at start, one ``Translator`` per language."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, negotiate
from bot.i18n.translator import Translator

DOMAIN = "bot"
LOCALES_DIR = Path(__file__).resolve().parent.parent.parent / "locales"


class CatalogError(Exception):
    """A launch language has no usable catalog: the bot must not start half-translated."""


def _load_translations(locales_dir: Path, language: str) -> Translations:
    """Read ``<lang>.mo`` when it is at least as new as the ``.po``, else compile the ``.po`` in
    memory, so a fresh clone works without a build step and a Docker image uses compiled files."""
    folder = locales_dir / language / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not po_path.exists():
        raise CatalogError(f"missing catalog {po_path}")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Catalogs:
    """All launch languages' translators, loaded eagerly so a broken catalog fails at start."""

    def __init__(
        self, locales_dir: Path = LOCALES_DIR, languages: tuple[str, ...] = LANGUAGES
    ) -> None:
        self.languages = languages
        self._translators: dict[str, Translator] = {}
        for language in languages:
            translations = (
                Translations()
                if language == DEFAULT_LANGUAGE
                else _load_translations(locales_dir, language)
            )
            self._translators[language] = Translator(language, translations)

    def get(self, language: str | None) -> Translator:
        """The translator for a stored language, falling back to English for unknown codes."""
        return self._translators.get(language or "", self._translators[DEFAULT_LANGUAGE])

    def for_telegram(self, language_code: str | None) -> Translator:
        """The translator negotiated from a Telegram ``language_code``."""
        return self.get(negotiate(language_code, self.languages))

    def all(self) -> list[Translator]:
        """Every language's translator, English first."""
        return [self._translators[language] for language in self.languages]
