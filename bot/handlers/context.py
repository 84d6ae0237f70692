"""What every handler needs: the shared services and the user's translator, found per update."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from telegram import Update
from telegram.ext import ContextTypes

from bot.answers import AnswerIndex
from bot.broadcast import BroadcastEngine
from bot.followup.scheduler import CheckScheduler
from bot.i18n import Catalogs, Translator
from bot.knowledge.model import KnowledgeBase
from bot.settings import Settings
from bot.storage import Storage, User


def utc_now() -> datetime:
    """The real clock; tests and benchmarks inject their own."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    """Long-lived parts shared by all handlers, built once by the composition root."""

    settings: Settings
    storage: Storage
    catalogs: Catalogs
    knowledge: KnowledgeBase
    answers: AnswerIndex
    scheduler: CheckScheduler
    broadcasts: BroadcastEngine
    clock: Callable[[], datetime] = utc_now


@dataclass(frozen=True)
class Visit:
    """One update's view of the world: services, the person (if any) and their translator."""

    services: Services
    tr: Translator
    user: User | None


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The services the composition root stored in ``bot_data``."""
    return cast(Services, context.bot_data["services"])


async def visit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Visit:
    """Record that the sender was seen today and pick their language.

    The language is the one chosen with /language, else negotiated from Telegram's
    ``language_code`` on every update, so a user who changes Telegram's language is followed.
    """
    found = services(context)
    sender = update.effective_user
    if sender is None or sender.is_bot:
        return Visit(found, found.catalogs.get(None), None)
    user = await found.storage.users.seen(sender.id, found.clock().date())
    if user.language:
        tr = found.catalogs.get(user.language)
    else:
        tr = found.catalogs.for_telegram(sender.language_code)
    return Visit(found, tr, user)
