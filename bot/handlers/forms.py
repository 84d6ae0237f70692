"""Keeping forms current from the chat: /forms, /form, report alerts, and the link watcher.

``/form <entry> broken|ok``, ``/form <entry> url <https://…>``, ``/form <entry> note <text>``
(``note -`` clears it). A change is stored with who and when, shows on every card at once, is
written to the audit log, and is offered as a broadcast to the people it affects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, ContextTypes

from bot.handlers import broadcasting
from bot.handlers.context import Services, visit
from bot.handlers.moderators import require_moderator
from bot.handlers.replies import reply
from bot.i18n import Translator
from bot.i18n.rendering import MESSAGE_LIMIT
from bot.knowledge.model import Entry, KnowledgeBase
from bot.knowledge.overrides import apply_override, notices
from bot.knowledge.report import check_urls

log = logging.getLogger(__name__)


async def current_form(services: Services, entry: Entry, tr: Translator) -> tuple[Entry, list[str]]:
    """The entry with the moderators' changes, and the warnings for its card."""
    forms = services.storage.forms
    override = await forms.override(entry.id)
    since = (services.clock() - services.settings.report_window).date()
    reports = await forms.report_count(entry.id, since)
    return (
        apply_override(entry, override),
        notices(tr, override, reports, services.settings.report_threshold),
    )


async def moderator_ids(services: Services) -> list[int]:
    """Everyone with the role: configured and added from the chat."""
    added = await services.storage.moderation.added_moderators()
    return sorted(set(services.settings.moderators) | set(added))


async def notify_moderators(
    services: Services, bot: Bot, render: Callable[[Translator], str]
) -> None:
    """Send every moderator a message in their language; one who never opened a chat with the
    bot (or blocked it) is skipped, not an error."""
    for moderator in await moderator_ids(services):
        user = await services.storage.users.get(moderator)
        tr = services.catalogs.get(user.language if user else None)
        try:
            await bot.send_message(moderator, render(tr), parse_mode="HTML")
        except TelegramError as error:
            log.info("could not alert moderator: %s", type(error).__name__)


async def report_received(services: Services, bot: Bot, entry: Entry) -> None:
    """After a "the form doesn't work" press: past the threshold, alert the moderators once a
    day per form."""
    now = services.clock()
    since = (now - services.settings.report_window).date()
    count = await services.storage.forms.report_count(entry.id, since)
    if count < services.settings.report_threshold:
        return
    if not await services.storage.forms.first_alert_today(entry.id, "reports", now.date()):
        return
    window = services.settings.report_window
    await notify_moderators(
        services,
        bot,
        lambda tr: tr.ngettext(
            "🚨 <b>{entry}</b>: {n} person reported the form as not working in the last {time}. "
            "/forms shows all forms; /form {entry} broken warns users.",
            "🚨 <b>{entry}</b>: {n} people reported the form as not working in the last {time}. "
            "/forms shows all forms; /form {entry} broken warns users.",
            count,
            entry=entry.id,
            time=tr.duration(window),
        ),
    )


async def forms_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every entry, oldest check first, with status, reports and moderators' changes."""
    seen = await visit(update, context)
    if not await require_moderator(update, seen):
        return
    services, tr = seen.services, seen.tr
    overrides = await services.storage.forms.overrides()
    since = (services.clock() - services.settings.report_window * 7).date()
    reports = await services.storage.forms.report_counts(since)
    lines = [
        tr._(
            "<b>Forms</b>, oldest check first (reports: last {time})",
            time=tr.duration(services.settings.report_window * 7),
        )
    ]
    for entry in sorted(services.knowledge.entries, key=lambda e: (e.checked, e.id)):
        override = overrides.get(entry.id)
        flags = "".join(
            [
                " ⚠️" if override and override.broken else "",
                " 🔗" if override and override.url else "",
                " 📝" if override and override.note else "",
            ]
        )
        lines.append(
            f"<code>{entry.id}</code> · {entry.status} · {tr.date(entry.checked, 'short')}"
            f" · {reports.get(entry.id, 0)}{flags}"
        )
    lines.append(
        tr._(
            "⚠️ marked broken · 🔗 new link · 📝 note. Change one with "
            "/form ENTRY broken|ok|url LINK|note TEXT"
        )
    )
    for chunk in _chunks(lines):
        await reply(update, chunk)


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into messages under Telegram's limit, never splitting a line."""
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > MESSAGE_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks


async def form_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Change one entry: broken, ok, a new URL, or a note."""
    seen = await visit(update, context)
    if not await require_moderator(update, seen):
        return
    assert seen.user is not None and update.effective_message is not None
    services, tr = seen.services, seen.tr
    args = context.args or []
    entry = _entry(services.knowledge, args[0]) if args else None
    action = args[1].lower() if len(args) > 1 else ""
    value = " ".join(args[2:]).strip()
    if entry is None or action not in ("broken", "ok", "url", "note"):
        await reply(
            update,
            tr._(
                "Use: /form ENTRY broken|ok|url LINK|note TEXT — the entries are listed by /forms."
            ),
        )
        return
    if action == "url" and not _is_https(value):
        await reply(update, tr._("The new link must start with https://"))
        return
    change: dict[str, bool | str | None] = {
        "broken": {"broken": True},
        "ok": {"broken": False},
        "url": {"url": value},
        "note": {"note": None if value in ("", "-") else value},
    }[action]
    now = services.clock()
    await services.storage.forms.change(entry.id, seen.user.id, now, **change)
    await services.storage.moderation.audit(
        seen.user.id, f"form.{action}", now, entry=entry.id, **change
    )
    await reply(
        update, tr._("Saved: users see the change on the {entry} card from now on.", entry=entry.id)
    )
    if action != "ok":
        await broadcasting.offer_form_update(update, seen, entry, action)


def _entry(knowledge: KnowledgeBase, entry_id: str) -> Entry | None:
    try:
        return knowledge.entry(entry_id)
    except KeyError:
        return None


def _is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc) and " " not in url


async def watch_forms(services: Services, bot: Bot, stop: asyncio.Event) -> None:
    """Every ``BOT_FORM_CHECK_EVERY``, request every form link (with moderators' replacements)
    and alert the moderators about links that fail, once a day per link."""
    every = services.settings.form_check_every
    if every is None:
        return
    while not stop.is_set():
        try:
            await _check_once(services, bot)
        except Exception:
            log.exception("form link check failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every.total_seconds())


async def _check_once(services: Services, bot: Bot) -> None:
    overrides = await services.storage.forms.overrides()
    knowledge = services.knowledge
    current = KnowledgeBase(
        knowledge.platforms,
        tuple(apply_override(e, overrides.get(e.id)) for e in knowledge.entries),
    )
    failed = [result for result in await check_urls(current) if not result.ok]
    today = services.clock().date()
    for result in failed:
        if not await services.storage.forms.first_alert_today(result.url, "check", today):
            continue
        await notify_moderators(
            services,
            bot,
            lambda tr, r=result: tr._(
                "🔗 <b>Form check:</b> {url} does not answer ({error}). Used by: {entries}.",
                url=r.url,
                error=r.error or "?",
                entries=", ".join(r.entries),
            ),
        )


HANDLERS = [CommandHandler("forms", forms_command), CommandHandler("form", form_command)]
