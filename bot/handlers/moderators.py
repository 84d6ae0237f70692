"""/moderators: list, add and remove moderators. Every action is written to the audit log.

``/moderators add <user id>``, ``/moderators remove <user id>``, or either word as a reply to a
message forwarded from the person. A non-moderator gets the ordinary help instead.
"""

from __future__ import annotations

from telegram import Message, MessageOriginUser, Update
from telegram.ext import CommandHandler, ContextTypes

from bot.handlers.context import Visit, visit
from bot.handlers.menus import help_text, main_menu
from bot.handlers.replies import reply
from bot.roles import is_moderator


async def require_moderator(update: Update, seen: Visit) -> bool:
    """The server-side role check; a non-moderator sees the ordinary help, nothing else."""
    if seen.user is not None and await is_moderator(
        seen.services.settings, seen.services.storage, seen.user.id
    ):
        return True
    await reply(update, help_text(seen.tr), main_menu(seen.tr))
    return False


def _target(message: Message, args: list[str]) -> int | None:
    """The user id named in the command, or the sender of the forwarded message replied to."""
    if len(args) >= 2 and args[1].isdigit():
        return int(args[1])
    replied = message.reply_to_message
    if replied is not None and isinstance(replied.forward_origin, MessageOriginUser):
        return replied.forward_origin.sender_user.id
    return None


async def moderators_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List moderators, or add or remove one."""
    seen = await visit(update, context)
    if not await require_moderator(update, seen):
        return
    assert seen.user is not None and update.effective_message is not None
    tr, services = seen.tr, seen.services
    moderation, now = services.storage.moderation, services.clock()
    args = context.args or []
    action = args[0].lower() if args else "list"
    target = _target(update.effective_message, args)
    if action in ("add", "remove") and target is None:
        await reply(
            update,
            tr._(
                "Give a user id, or reply to a message forwarded from them: "
                "/moderators add 123456789"
            ),
        )
        return
    if action == "add" and target is not None:
        added = await moderation.add_moderator(target, seen.user.id, now)
        await moderation.audit(seen.user.id, "moderator.add", now, user_id=target)
        text = (
            tr._("{user} is now a moderator.", user=str(target))
            if added
            else tr._("{user} is already a moderator.", user=str(target))
        )
        await reply(update, text)
        return
    if action == "remove" and target is not None:
        if target in services.settings.moderators:
            await reply(
                update,
                tr._(
                    "{user} is a moderator by the bot's configuration "
                    "(BOT_MODERATORS) and can only be removed there.",
                    user=str(target),
                ),
            )
            return
        removed = await moderation.remove_moderator(target)
        await moderation.audit(seen.user.id, "moderator.remove", now, user_id=target)
        text = (
            tr._("{user} is no longer a moderator.", user=str(target))
            if removed
            else tr._("{user} was not a moderator.", user=str(target))
        )
        await reply(update, text)
        return
    configured = sorted(services.settings.moderators)
    added = await moderation.added_moderators()
    lines = [tr._("<b>Moderators</b>")]
    lines += [tr._("• {user} (configuration)", user=str(user)) for user in configured]
    lines += [
        tr._("• {user} (added in the chat)", user=str(user))
        for user in added
        if user not in configured
    ]
    lines += ["", tr._("/moderators add ID · /moderators remove ID")]
    await reply(update, "\n".join(lines))


HANDLERS = [CommandHandler("moderators", moderators_command)]
