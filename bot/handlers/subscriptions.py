"""/subscribe, /unsubscribe and /settings: who gets the moderators' updates, about what.

Callback data: ``sub:t:<platform>`` toggles a platform (``*`` for all), ``sub:f:<platform>``
follows one from an answer card, ``sub:open`` opens the picker, ``sub:done`` closes it.
In a group only an administrator may subscribe or unsubscribe the group.
"""

from __future__ import annotations

import re

from telegram import Chat, ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers.context import Visit, visit
from bot.handlers.menus import MENU_LANGUAGE, MENU_UPDATES
from bot.handlers.replies import acknowledge, reply, show
from bot.i18n import native_name
from bot.storage.subscriptions import ALL_PLATFORMS

_TOGGLE = re.compile(r"^sub:t:([a-z0-9]{1,20}|\*)$")
_FOLLOW = re.compile(r"^sub:f:([a-z0-9]{1,20})$")
DONE = "sub:done"
PER_ROW = 3
_ADMINS = (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


def picker(seen: Visit, followed: set[str]) -> InlineKeyboardMarkup:
    """Every platform with a tick when followed, "all platforms", and Done."""
    tr = seen.tr

    def label(name: str, key: str) -> str:
        return f"✅ {name}" if key in followed or ALL_PLATFORMS in followed else name

    everything = InlineKeyboardButton(
        label(tr._("All platforms"), ALL_PLATFORMS), callback_data=f"sub:t:{ALL_PLATFORMS}"
    )
    buttons = [
        InlineKeyboardButton(label(p.name, p.id), callback_data=f"sub:t:{p.id}")
        for p in seen.services.knowledge.platforms
    ]
    rows = [[everything], *(buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW))]
    rows.append([InlineKeyboardButton(tr._("Done"), callback_data=DONE)])
    return InlineKeyboardMarkup(rows)


def picker_text(seen: Visit) -> str:
    """What the picker is for."""
    return seen.tr._(
        "🔔 <b>Tell me when something changes</b>\nPick the platforms you care about. Moderators "
        "send an update when a form changes, breaks, or a deadline comes. /unsubscribe stops "
        "them all."
    )


async def _managing(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Visit, Chat] | None:
    """The visit and chat when the sender may manage the chat's updates: anyone in a private
    chat, only an administrator in a group (who else is told so)."""
    seen = await visit(update, context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    if chat.type != "private":
        member = await context.bot.get_chat_member(chat.id, user.id)
        if member.status not in _ADMINS:
            await reply(update, seen.tr._("Only an administrator of this group can do that."))
            return None
    return seen, chat


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Private: the platform picker. Group (admins only): the group gets every update."""
    managing = await _managing(update, context)
    if managing is None:
        return
    seen, chat = managing
    storage, today = seen.services.storage, seen.services.clock().date()
    if chat.type != "private":
        await storage.subscriptions.subscribe(chat.id, ALL_PLATFORMS, seen.tr.language, today)
        await reply(
            update,
            seen.tr._("🔔 This group will get the moderators' updates. /unsubscribe stops them."),
        )
        return
    followed = await storage.subscriptions.platforms(chat.id)
    await reply(update, picker_text(seen), picker(seen, followed))


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop every update for this chat."""
    managing = await _managing(update, context)
    if managing is None:
        return
    seen, chat = managing
    await seen.services.storage.subscriptions.unsubscribe(chat.id)
    await reply(update, seen.tr._("🔕 Done: no more updates here. /subscribe to start again."))


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Language, country and updates at a glance, with the buttons to change them."""
    seen = await visit(update, context)
    chat = update.effective_chat
    if chat is None or seen.user is None:
        return
    tr, knowledge = seen.tr, seen.services.knowledge
    followed = await seen.services.storage.subscriptions.platforms(chat.id)
    if ALL_PLATFORMS in followed:
        updates = tr._("all platforms")
    elif followed:
        updates = ", ".join(sorted(knowledge.platform(p).name for p in followed))
    else:
        updates = tr._("none")
    lines = [
        tr._("<b>Your settings</b>"),
        tr._("Language: {language}", language=native_name(tr.language)),
        tr._(
            "Country: {country}",
            country=tr.country_name(seen.user.country)
            if seen.user.country
            else tr._("not set yet"),
        ),
        tr._("Updates: {platforms}", platforms=updates),
    ]
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(tr._("🌐 Language"), callback_data=MENU_LANGUAGE)],
            [InlineKeyboardButton(tr._("🔔 Updates"), callback_data=MENU_UPDATES)],
        ]
    )
    await reply(update, "\n".join(lines), keyboard)


async def subscription_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Toggle a platform, open the picker, or close it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    seen = await visit(update, context)
    chat = update.effective_chat
    if chat is None or chat.type != "private" or seen.user is None:
        await acknowledge(query, seen.tr._("This button has expired."))
        return
    subscriptions, today = seen.services.storage.subscriptions, seen.services.clock().date()
    follow = _FOLLOW.match(query.data)
    if follow:  # from an answer card: subscribe without replacing the card
        if follow.group(1) not in _platform_ids(seen):
            await acknowledge(query, seen.tr._("This button has expired."))
            return
        await subscriptions.subscribe(chat.id, follow.group(1), seen.tr.language, today)
        name = seen.services.knowledge.platform(follow.group(1)).name
        await acknowledge(
            query, seen.tr._("🔔 You will get updates about {platform}.", platform=name)
        )
        return
    toggle = _TOGGLE.match(query.data)
    if query.data == DONE:
        await acknowledge(query)
        followed = await subscriptions.platforms(chat.id)
        await show(query, seen.tr._("🔔 Saved.") if followed else seen.tr._("🔕 No updates."), None)
        return
    if query.data != MENU_UPDATES:
        platform = toggle.group(1) if toggle else None
        if platform is None or (platform != ALL_PLATFORMS and platform not in _platform_ids(seen)):
            await acknowledge(query, seen.tr._("This button has expired."))
            return
        followed = await subscriptions.platforms(chat.id)
        if platform in followed:
            await subscriptions.unsubscribe(chat.id, platform)
        else:
            await subscriptions.subscribe(chat.id, platform, seen.tr.language, today)
    await acknowledge(query)
    await show(query, picker_text(seen), picker(seen, await subscriptions.platforms(chat.id)))


def _platform_ids(seen: Visit) -> set[str]:
    return {p.id for p in seen.services.knowledge.platforms}


HANDLERS = [
    CommandHandler("subscribe", subscribe_command),
    CommandHandler("unsubscribe", unsubscribe_command),
    CommandHandler("settings", settings_command),
    CallbackQueryHandler(subscription_button, pattern=r"^sub:"),
]
