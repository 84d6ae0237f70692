"""The composition root: builds the Application and registers every handler in explicit order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from telegram import Bot
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
)
from telegram.request import HTTPXRequest

from bot.answers import AnswerIndex
from bot.broadcast import BroadcastEngine
from bot.followup.scheduler import CheckScheduler, SchedulerConfig
from bot.handlers import (
    broadcasting,
    errors,
    escalation,
    fallback,
    followup,
    forms,
    inline,
    language,
    membership,
    moderators,
    privacy,
    questions,
    start,
    stats,
    subscriptions,
    text,
    wizard,
)
from bot.handlers.context import Services, utc_now
from bot.handlers.delivery import send_classified
from bot.i18n import Catalogs
from bot.knowledge.model import KnowledgeBase
from bot.settings import Settings
from bot.storage import Storage
from bot.update_order import PerChatOrderedProcessor

#: HTTP connections of the broadcast engine's Bot: its concurrent sends (4) and spare ones.
BROADCAST_CONNECTIONS = 8


def build_application(
    settings: Settings,
    storage: Storage,
    catalogs: Catalogs,
    knowledge: KnowledgeBase,
    answers: AnswerIndex,
    *,
    base_url: str | None = None,
    clock: Callable[[], datetime] = utc_now,
    rate_limiter: BaseRateLimiter | None = None,
    scheduler_config: SchedulerConfig | None = None,
) -> Application:
    """Wire the services into a python-telegram-bot ``Application`` (not started).

    ``base_url`` defaults to ``<TELEGRAM_API_URL>/bot``; the token is appended by the library, so
    requests go to ``<url>/bot<token>/<method>``. ``rate_limiter`` replaces the default one
    (benchmarks lift Telegram's limits to measure the bot's own cost).
    """
    if settings.token is None:
        raise ValueError("a token is needed to build the application")
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(base_url or f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        # Interactive replies: honour 429 retry_after (up to 3 times) and Telegram's overall
        # and per-group limits. Broadcasts have their own paced sender.
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .concurrent_updates(PerChatOrderedProcessor())
        .build()
    )
    scheduler = CheckScheduler(
        storage,
        deliver=followup.make_check_sender(catalogs, knowledge, application.bot),
        clock=clock,
        retention=settings.retention,
        config=scheduler_config,
    )
    # Broadcasts use their own Bot without the shared rate limiter: the engine paces itself
    # and must see Telegram's 429s to slow down, while replies keep their own retries.
    broadcast_bot = Bot(
        settings.token,
        base_url=base_url or f"{settings.api_url}/bot",
        # One connection per concurrent send of the engine, and a few spare.
        request=HTTPXRequest(connection_pool_size=BROADCAST_CONNECTIONS),
    )
    engine = BroadcastEngine(
        storage.broadcasts,
        deliver=partial(send_classified, broadcast_bot),
        on_progress=broadcasting.make_progress_reporter(storage, catalogs, application.bot),
        on_blocked=partial(_chat_gone, storage),
        clock=clock,
        rate=settings.broadcast_rate,
    )
    application.bot_data["services"] = Services(
        settings, storage, catalogs, knowledge, answers, scheduler, engine, clock
    )
    application.bot_data["broadcast_bot"] = broadcast_bot
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:
    """Every handler, in the order they are tried: all in one group, where the first handler
    that matches an update is the only one to run it."""
    # Block and unblock notices first: they carry no message for any feature.
    application.add_handlers(membership.HANDLERS)
    application.add_handlers(start.HANDLERS)
    application.add_handlers(language.HANDLERS)
    application.add_handlers(wizard.HANDLERS)
    application.add_handlers(followup.HANDLERS)
    application.add_handlers(escalation.HANDLERS)
    application.add_handlers(privacy.HANDLERS)
    application.add_handlers(subscriptions.HANDLERS)
    application.add_handlers(moderators.HANDLERS)
    application.add_handlers(broadcasting.HANDLERS)
    application.add_handlers(forms.HANDLERS)
    application.add_handlers(stats.HANDLERS)
    application.add_handlers(questions.HANDLERS)
    application.add_handlers(inline.HANDLERS)
    # Private free text after every command: a broadcast draft, a typed country, or a question.
    application.add_handlers(text.HANDLERS)
    # Last, whatever no feature took: unknown commands, stickers, stray text, expired buttons.
    application.add_handlers(fallback.HANDLERS)
    application.add_error_handler(errors.on_error)


async def _chat_gone(storage: Storage, chat_id: int) -> None:
    """A broadcast found the chat blocked the bot (or removed it): send it nothing more."""
    await storage.subscriptions.deactivate(chat_id)
    if chat_id > 0:
        await storage.users.set_blocked(chat_id, True)


def services_of(application: Application) -> Services:
    """The services stored on the application by :func:`build_application`."""
    services: Services = application.bot_data["services"]
    return services
