"""One user's translations: gettext lookups plus Babel formatting, with HTML-safe placeholders.

A ``Translator`` is passed explicitly to whatever renders a reply. There is deliberately no global
"current language": with concurrent updates one user's language would leak into another's reply.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from typing import Any

from babel import Locale
from babel.dates import TIMEDELTA_UNITS, format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal
from babel.support import NullTranslations


class Html(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def escape(text: str) -> str:
    """Escape user or data text for a Telegram HTML message (``<``, ``>``, ``&`` and quotes)."""
    return html.escape(text, quote=True)


#: Languages whose CLDR data has no long unit names, so durations come from the catalogs.
SPELLED_DURATIONS = frozenset({"ga", "mt"})
#: Babel's own: 0.85 of a unit already reads as one ("6 days" → "1 week").
ROUNDING_THRESHOLD = 0.85

#: First-strong isolate and pop directional isolate (Unicode bidi, UAX #9).
ISOLATE, END_ISOLATE = "\u2068", "\u2069"


class Translator:
    """Translations and locale formatting for one language."""

    def __init__(self, language: str, translations: NullTranslations) -> None:
        self.language = language
        self.locale = Locale.parse(language)
        self.right_to_left = self.locale.text_direction == "rtl"
        self._translations = translations

    def _(self, message: str, /, **values: Any) -> str:
        """Translate ``message`` and fill its ``{placeholders}``, escaping the values for HTML."""
        return self._fill(self._translations.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """Translate with the language's plural rule; ``{n}`` is available as a placeholder."""
        text = self._translations.ngettext(singular, plural, n)
        return self._fill(text, {"n": n, **values})

    def raw(self, message: str) -> str:
        """The translation without placeholder filling, for data text that is not a template."""
        return self._translations.gettext(message)

    def date(self, value: date | datetime, form: str = "long") -> str:
        """A date as people of this language write it ("27. Mai 2025", "May 27, 2025")."""
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, format=form, locale=self.locale)

    def datetime(self, value: datetime, form: str = "medium") -> str:
        """A date and time in this language's usual form."""
        return format_datetime(value, format=form, locale=self.locale)

    def duration(self, value: timedelta) -> str:
        """A rounded duration in words ("1 day", "2 Stunden"), with the language's plurals.

        Babel's words where CLDR has them; Irish and Maltese have only abbreviations there
        ("1 d", "2 u"), so their catalogs spell the units, rounded the way Babel rounds."""
        if self.language not in SPELLED_DURATIONS:
            return format_timedelta(value, locale=self.locale)
        seconds = abs(value.total_seconds())
        for unit, size in TIMEDELTA_UNITS:
            if seconds / size >= ROUNDING_THRESHOLD or unit == "second":
                return self._unit(unit, max(1, round(seconds / size)))
        raise AssertionError("seconds is the last unit")

    def _unit(self, unit: str, n: int) -> str:
        spelled = {
            "year": lambda: self.ngettext("{n} year", "{n} years", n),
            "month": lambda: self.ngettext("{n} month", "{n} months", n),
            "week": lambda: self.ngettext("{n} week", "{n} weeks", n),
            "day": lambda: self.ngettext("{n} day", "{n} days", n),
            "hour": lambda: self.ngettext("{n} hour", "{n} hours", n),
            "minute": lambda: self.ngettext("{n} minute", "{n} minutes", n),
            "second": lambda: self.ngettext("{n} second", "{n} seconds", n),
        }
        return spelled[unit]()

    def number(self, value: float) -> str:
        """A number with this language's separators."""
        return format_decimal(value, locale=self.locale)

    def country_name(self, code: str) -> str:
        """An ISO 3166 country's name in this language, from CLDR."""
        return self.locale.territories.get(code.upper(), code.upper())

    def _fill(self, text: str, values: dict[str, Any]) -> str:
        """Fill placeholders. In a right-to-left language each value is a bidi isolate, so a
        Latin name, a link or a number keeps its own direction and the punctuation next to it
        stays on the Arabic side; no placeholder sits inside an HTML attribute (a test checks),
        so the isolate never touches a URL."""
        if not values:
            return text
        filled = {key: self._format_value(value) for key, value in values.items()}
        if self.right_to_left:
            filled = {key: f"{ISOLATE}{value}{END_ISOLATE}" for key, value in filled.items()}
        return text.format(**filled)

    def _format_value(self, value: Any) -> str:
        if isinstance(value, Html):
            return value
        if isinstance(value, bool):
            return escape(str(value))
        if isinstance(value, int | float):
            return self.number(value)
        return escape(str(value))
