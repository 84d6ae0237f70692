"""Moderators' fixes applied to a knowledge entry, and the warnings they put on its card."""

from __future__ import annotations

from dataclasses import replace

from bot.i18n import Translator
from bot.knowledge.model import Entry
from bot.storage import FormOverride


def apply_override(entry: Entry, override: FormOverride | None) -> Entry:
    """The entry as users see it now: a moderator's replacement URL wins."""
    if override is None or not override.url:
        return entry
    return replace(entry, url=override.url)


def notices(
    tr: Translator, override: FormOverride | None, reports: int, threshold: int
) -> list[str]:
    """Warnings for the card: marked broken, reported broken by many, a moderators' note."""
    lines = []
    if override is not None and override.broken:
        lines.append(
            tr._(
                "⚠️ <b>Moderators marked this form as not working right now.</b> "
                "Try the path inside the app, or come back later."
            )
        )
    elif reports >= threshold:
        lines.append(
            tr.ngettext(
                "⚠️ {n} person reported recently that this form does not work.",
                "⚠️ {n} people reported recently that this form does not work.",
                reports,
            )
        )
    if override is not None and override.note:
        lines.append(tr._("📝 <b>Note from the moderators:</b> {note}", note=override.note))
    return lines
