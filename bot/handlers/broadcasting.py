"""/broadcast and /broadcasts: moderators write an update, pick its audience, preview and send it.

Callback data ``mod:<action>:<broadcast>[:<argument>]``: ``v`` add a language version, ``vl``
its language, ``a`` the audience menu, ``af`` apply a filter (``all``, ``language=de``,
``region=eea``, ``platform=facebook``, ``status=submitted``), ``p`` preview, ``s`` send, ``d``
discard, ``c`` cancel while sending. Every press checks the moderator role on the server; for
anyone else a button does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.broadcast import ProgressReport
from bot.broadcast.audience import STATUSES, AudienceFilter
from bot.broadcast.summary import history_line
from bot.handlers.context import Visit, visit
from bot.handlers.moderators import require_moderator
from bot.handlers.replies import acknowledge, reply
from bot.i18n import DEFAULT_LANGUAGE, Catalogs, Html, Translator, native_name
from bot.knowledge.model import Entry
from bot.knowledge.regions import REGION_NAMES, REGIONS
from bot.roles import is_moderator
from bot.storage import Storage
from bot.storage.broadcasts import JobState

_DATA = re.compile(r"^mod:(v|vl|a|al|ar|ap|af|p|s|d|c):(\d{1,12})(?::([a-z_=*0-9-]{1,30}))?$")
NEW_DRAFT = 0
PER_ROW = 3


def _rows(buttons: list[InlineKeyboardButton], per_row: int = PER_ROW) -> list[list]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


async def broadcast_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start a new draft: the moderator's next message is its text."""
    seen = await visit(update, context)
    chat = update.effective_chat
    if chat is None or chat.type != "private" or not await require_moderator(update, seen):
        return
    assert seen.user is not None
    await seen.services.storage.moderation.start_drafting(seen.user.id, NEW_DRAFT, None)
    await reply(
        update,
        seen.tr._(
            "📣 Send me the update as one message (bold, italics and links are kept). It goes to "
            "the people who asked for updates; you choose who before anything is sent."
        ),
    )


async def draft_text(update: Update, seen: Visit, broadcast_id: int, language: str | None) -> None:
    """The moderator's text for a draft (new, or another language's version)."""
    message = update.effective_message
    assert message is not None and seen.user is not None
    services = seen.services
    if not await is_moderator(services.settings, services.storage, seen.user.id):
        await services.storage.moderation.stop_drafting(seen.user.id)
        return
    text = message.text_html
    broadcasts, now = services.storage.broadcasts, services.clock()
    if broadcast_id == NEW_DRAFT:
        broadcast_id = await broadcasts.create(
            seen.user.id, now, seen.tr.language, {seen.tr.language: text}
        )
        await services.storage.moderation.audit(
            seen.user.id, "broadcast.draft", now, broadcast=broadcast_id
        )
    else:
        await broadcasts.set_text(broadcast_id, language or seen.tr.language, text)
    await services.storage.moderation.stop_drafting(seen.user.id)
    await reply(update, text)  # the preview, exactly as recipients will see it
    await _panel(update, seen, broadcast_id)


async def _panel(update: Update, seen: Visit, broadcast_id: int) -> None:
    tr, storage = seen.tr, seen.services.storage
    broadcast = await storage.broadcasts.get(broadcast_id)
    assert broadcast is not None
    texts = await storage.broadcasts.texts(broadcast_id)
    audience = AudienceFilter.from_json(broadcast.audience)
    count = len(await recipients(storage, audience))
    versions = ", ".join(native_name(code) for code in sorted(texts))
    lines = [
        tr._("📣 <b>Broadcast #{id}</b> (draft)", id=str(broadcast_id)),
        tr._(
            "Versions: {languages} (default: {default})",
            languages=versions,
            default=native_name(broadcast.default_language),
        ),
        tr._("Audience: {audience}", audience=Html(_describe(tr, seen, audience))),
        tr.ngettext("{n} recipient", "{n} recipients", count),
    ]
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    tr._("➕ Version in another language"), callback_data=f"mod:v:{broadcast_id}"
                )
            ],
            [
                InlineKeyboardButton(tr._("🎯 Audience"), callback_data=f"mod:a:{broadcast_id}"),
                InlineKeyboardButton(tr._("👁 Preview"), callback_data=f"mod:p:{broadcast_id}"),
            ],
            [
                InlineKeyboardButton(
                    tr.ngettext("🚀 Send to {n}", "🚀 Send to {n}", count),
                    callback_data=f"mod:s:{broadcast_id}",
                )
            ],
            [InlineKeyboardButton(tr._("🗑 Discard"), callback_data=f"mod:d:{broadcast_id}")],
        ]
    )
    await reply(update, "\n".join(lines), keyboard)


async def recipients(storage: Storage, audience: AudienceFilter) -> list[tuple[int, str | None]]:
    """(chat, language) of everyone the audience selects."""
    if audience.entry:
        return await storage.forms.affected(audience.entry)
    return list(await storage.subscriptions.audience(audience.query()))


async def offer_form_update(update: Update, seen: Visit, entry: Entry, change: str) -> None:
    """After a moderator changed a form: a ready draft, in every language, for the people who
    submitted through it and have no confirmation yet. Nothing is sent before "Send"."""
    assert seen.user is not None
    services = seen.services
    storage, now = services.storage, services.clock()
    audience = AudienceFilter(entry=entry.id)
    if not await recipients(storage, audience):
        return
    platform = services.knowledge.platform(entry.platform)
    texts = {
        tr.language: form_update_text(tr, platform.name, platform.id, change)
        for tr in services.catalogs.all()
    }
    broadcast_id = await storage.broadcasts.create(
        seen.user.id, now, DEFAULT_LANGUAGE, texts, audience.to_json()
    )
    await storage.moderation.audit(
        seen.user.id, "broadcast.draft", now, broadcast=broadcast_id, entry=entry.id
    )
    await reply(
        update,
        seen.tr._(
            "Tell the people it affects? Here is a draft in every "
            "language; check it, then send or discard it."
        ),
    )
    await _panel(update, seen, broadcast_id)


def form_update_text(tr: Translator, platform: str, platform_id: str, change: str) -> str:
    """The message to people who used a form that changed, in their language."""
    what = {
        "broken": tr._(
            "Moderators found that it does not work right now, so your objection may "
            "not have been recorded."
        ),
        "url": tr._(
            "It has a new address. If you got no confirmation, send your objection "
            "again with the new link."
        ),
        "note": tr._("The moderators added an important note to it."),
    }[change]
    return "\n".join(
        [
            tr._("⚠️ <b>{platform}: the objection form you used has changed</b>", platform=platform),
            what,
            tr._(
                "/object {platform_id} shows the form as it is now; /status shows your objection.",
                platform_id=platform_id,
            ),
        ]
    )


def _describe(tr: Translator, seen: Visit, audience: AudienceFilter) -> str:
    parts = []
    if audience.entry:
        parts.append(tr._("people who used {entry} and have no confirmation", entry=audience.entry))
    if audience.language:
        parts.append(native_name(audience.language))
    if audience.region:
        parts.append(tr._(REGION_NAMES[audience.region]))
    if audience.platform:
        parts.append(seen.services.knowledge.platform(audience.platform).name)
    if audience.status:
        parts.append(tr._("submitted, not confirmed"))
    return ", ".join(parts) if parts else tr._("everyone who subscribed")


async def moderator_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``mod:`` button; a non-moderator's press (or forged data) does nothing."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    services = seen.services
    match = _DATA.match(query.data)
    allowed = seen.user is not None and await is_moderator(
        services.settings, services.storage, seen.user.id
    )
    broadcast = await services.storage.broadcasts.get(int(match.group(2))) if match else None
    if not allowed or match is None or broadcast is None:
        await acknowledge(query)
        return
    assert seen.user is not None
    action, argument = match.group(1), match.group(3)
    tr, now = seen.tr, services.clock()
    if action == "c":
        cancelled = await services.broadcasts.cancel(broadcast.id)
        if cancelled:
            await services.storage.moderation.audit(
                seen.user.id, "broadcast.cancel", now, broadcast=broadcast.id
            )
        await acknowledge(query, tr._("Cancelled.") if cancelled else None)
        return
    if broadcast.state is not JobState.DRAFT:
        await acknowledge(query, tr._("This broadcast was already sent or discarded."))
        return
    await acknowledge(query)
    await _draft_action(update, seen, broadcast.id, action, argument)


async def _draft_action(
    update: Update, seen: Visit, broadcast_id: int, action: str, argument: str | None
) -> None:
    services, tr = seen.services, seen.tr
    storage, now = services.storage, services.clock()
    assert seen.user is not None
    if action == "v":
        buttons = [
            InlineKeyboardButton(native_name(code), callback_data=f"mod:vl:{broadcast_id}:{code}")
            for code in services.catalogs.languages
        ]
        await reply(
            update,
            tr._("Which language is the new version in?"),
            InlineKeyboardMarkup(_rows(buttons)),
        )
    elif action == "vl" and argument in services.catalogs.languages:
        await storage.moderation.start_drafting(seen.user.id, broadcast_id, argument)
        await reply(update, tr._("Send me the text in {language}.", language=native_name(argument)))
    elif action == "a":
        await reply(update, tr._("Who should get it?"), _audience_menu(tr, broadcast_id))
    elif action in ("al", "ar", "ap"):
        await reply(
            update, tr._("Who should get it?"), _audience_choices(seen, broadcast_id, action)
        )
    elif action == "af" and argument is not None:
        await _apply_filter(update, seen, broadcast_id, argument)
    elif action == "p":
        for text in (await storage.broadcasts.texts(broadcast_id)).values():
            await reply(update, text)
    elif action == "s":
        await _send(update, seen, broadcast_id)
    elif action == "d":
        await storage.broadcasts.cancel(broadcast_id, now)
        await storage.moderation.audit(
            seen.user.id, "broadcast.discard", now, broadcast=broadcast_id
        )
        await reply(update, tr._("The draft was discarded. Nothing was sent."))


def _audience_menu(tr: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    tr._("Everyone who subscribed"), callback_data=f"mod:af:{broadcast_id}:all"
                )
            ],
            [
                InlineKeyboardButton(tr._("By language"), callback_data=f"mod:al:{broadcast_id}"),
                InlineKeyboardButton(tr._("By region"), callback_data=f"mod:ar:{broadcast_id}"),
                InlineKeyboardButton(tr._("By platform"), callback_data=f"mod:ap:{broadcast_id}"),
            ],
            [
                InlineKeyboardButton(
                    tr._("Submitted, not confirmed"),
                    callback_data=f"mod:af:{broadcast_id}:status=submitted",
                )
            ],
        ]
    )


def _audience_choices(seen: Visit, broadcast_id: int, action: str) -> InlineKeyboardMarkup:
    tr = seen.tr
    if action == "al":
        options = [(native_name(c), f"language={c}") for c in seen.services.catalogs.languages]
    elif action == "ar":
        options = [(tr._(REGION_NAMES[r]), f"region={r}") for r in REGIONS]
    else:
        options = [(p.name, f"platform={p.id}") for p in seen.services.knowledge.platforms]
    buttons = [
        InlineKeyboardButton(label, callback_data=f"mod:af:{broadcast_id}:{value}")
        for label, value in options
    ]
    return InlineKeyboardMarkup(_rows(buttons))


async def _apply_filter(update: Update, seen: Visit, broadcast_id: int, argument: str) -> None:
    storage = seen.services.storage
    broadcast = await storage.broadcasts.get(broadcast_id)
    assert broadcast is not None
    key, _, value = argument.partition("=")
    valid = {
        "language": set(seen.services.catalogs.languages),
        "region": set(REGIONS),
        "platform": {p.id for p in seen.services.knowledge.platforms},
        "status": set(STATUSES),
    }
    if argument == "all":
        audience = AudienceFilter()
    elif value in valid.get(key, set()):
        audience = AudienceFilter.from_json(broadcast.audience).narrowed(key, value)
    else:
        return
    await storage.broadcasts.set_audience(broadcast_id, audience.to_json())
    await _panel(update, seen, broadcast_id)


async def _send(update: Update, seen: Visit, broadcast_id: int) -> None:
    """Enqueue the audience, post the progress message, and hand the job to the engine."""
    services, tr = seen.services, seen.tr
    storage, now = services.storage, services.clock()
    assert seen.user is not None
    broadcast = await storage.broadcasts.get(broadcast_id)
    assert broadcast is not None
    chats = await recipients(storage, AudienceFilter.from_json(broadcast.audience))
    if not chats:
        await reply(update, tr._("Nobody matches this audience yet. Choose another one."))
        return
    await storage.broadcasts.enqueue(broadcast_id, chats)
    progress = await reply(
        update,
        tr.ngettext(
            "📣 Broadcast #{id}: sending to {n} chat…",
            "📣 Broadcast #{id}: sending to {n} chats…",
            len(chats),
            id=str(broadcast_id),
        ),
        _cancel_keyboard(tr, broadcast_id),
    )
    assert progress is not None
    if await storage.broadcasts.start(broadcast_id, now, progress.chat_id, progress.message_id):
        await storage.moderation.audit(
            seen.user.id, "broadcast.send", now, broadcast=broadcast_id, recipients=len(chats)
        )
        services.broadcasts.wake()


def _cancel_keyboard(tr: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr._("⏹ Cancel"), callback_data=f"mod:c:{broadcast_id}")]]
    )


def progress_text(tr: Translator, report: ProgressReport) -> str:
    """One line of numbers, edited in place while the job runs, then the final report."""
    counts = report.counts
    numbers = tr._(
        "{sent} of {total} sent · {failed} failed · {blocked} blocked · {rate}/s",
        sent=counts.sent,
        total=counts.total,
        failed=counts.failed,
        blocked=counts.blocked,
        rate=round(report.rate, 1),
    )
    if report.state is JobState.DONE:
        head = tr._("✅ <b>Broadcast #{id} finished</b>", id=str(report.broadcast_id))
    elif report.state is JobState.CANCELLED:
        head = tr._("⏹ <b>Broadcast #{id} cancelled</b>", id=str(report.broadcast_id))
    else:
        head = tr._("📣 <b>Broadcast #{id} is being sent</b>", id=str(report.broadcast_id))
        if report.time_left is not None:
            numbers += "\n" + tr._("About {time} left", time=tr.duration(report.time_left))
    return f"{head}\n{numbers}"


def make_progress_reporter(
    storage: Storage, catalogs: Catalogs, bot: Bot
) -> Callable[[ProgressReport], Awaitable[None]]:
    """The engine's ``on_progress``: edit the moderator's progress message in their language."""

    async def on_progress(report: ProgressReport) -> None:
        if report.progress_chat_id is None or report.progress_message_id is None:
            return
        user = await storage.users.get(report.progress_chat_id)
        tr = catalogs.get(user.language if user else None)
        keyboard = None if report.final else _cancel_keyboard(tr, report.broadcast_id)
        try:
            await bot.edit_message_text(
                progress_text(tr, report),
                chat_id=report.progress_chat_id,
                message_id=report.progress_message_id,
                parse_mode="HTML",
                reply_markup=keyboard,
            )
        except TelegramError:
            return  # a missed progress edit is cosmetic; the next one catches up

    return on_progress


async def broadcasts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The latest broadcasts with their numbers."""
    seen = await visit(update, context)
    if not await require_moderator(update, seen):
        return
    tr = seen.tr
    history = await seen.services.storage.broadcasts.history(10)
    if not history:
        await reply(update, tr._("No broadcasts yet. /broadcast writes one."))
        return
    lines = [tr._("<b>Broadcasts</b>"), *(history_line(tr, item) for item in history)]
    await reply(update, "\n".join(lines))


HANDLERS = [
    CommandHandler("broadcast", broadcast_command),
    CommandHandler("broadcasts", broadcasts_command),
    CallbackQueryHandler(moderator_button, pattern=r"^mod:"),
]
