"""/stats: the moderators' numbers as a message, then the objections-per-day chart."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.handlers.context import visit
from bot.handlers.moderators import require_moderator
from bot.handlers.replies import reply
from bot.stats import chart_caption, collect, objections_chart, render_stats


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Aggregates only, so any moderator may see them; the chart follows the text."""
    seen = await visit(update, context)
    if not await require_moderator(update, seen):
        return
    assert update.effective_chat is not None
    services, tr = seen.services, seen.tr
    snapshot = await collect(services.storage.stats, services.clock().date())
    await reply(update, render_stats(snapshot, tr, services.knowledge))
    png = objections_chart(snapshot.days, snapshot.per_day)
    await update.effective_chat.send_photo(
        InputFile(png, filename="objections.png"),
        caption=chart_caption(snapshot, tr),
        parse_mode="HTML",
    )


HANDLERS = [CommandHandler("stats", stats_command, filters=filters.ChatType.PRIVATE)]
