"""Starting and stopping the bot: one lifecycle for Telegram, the local chat, tests and benchmarks.

python-telegram-bot's ``run_polling`` owns the event loop and hides the steps; the bot drives
them itself instead, so that the same code serves ``run``, ``try``, the tests and ``bench/``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import Application, BaseRateLimiter

from bot.answers import AnswerIndex
from bot.app import build_application, services_of
from bot.followup.scheduler import SchedulerConfig
from bot.handlers.context import utc_now
from bot.handlers.forms import watch_forms
from bot.i18n import Catalogs
from bot.knowledge.authorities import all_authorities
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.menu_registration import register_menus
from bot.settings import Settings
from bot.storage import Storage

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(seconds=30)
#: The health check fails when the serving bot has not written a heartbeat for this long.
HEARTBEAT_STALE = timedelta(minutes=3)


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    base_url: str | None = None,
    catalogs: Catalogs | None = None,
    knowledge: KnowledgeBase | None = None,
    clock: Callable[[], datetime] = utc_now,
    poll_timeout: int = 10,
    rate_limiter: BaseRateLimiter | None = None,
    scheduler_config: SchedulerConfig | None = None,
) -> AsyncIterator[Application]:
    """Open the database, start the application and fetch updates until the block ends.

    On exit, fetching stops first, then every update in hand is finished, then the database
    is closed: nothing a user did is cut off half-way.
    """
    all_authorities()  # a broken authorities file stops the start, like the knowledge base
    knowledge = knowledge or load_knowledge()
    answers = AnswerIndex.build(knowledge)
    storage = await Storage.open(settings.database)
    try:
        application = build_application(
            settings,
            storage,
            catalogs or Catalogs(),
            knowledge,
            answers,
            base_url=base_url,
            clock=clock,
            rate_limiter=rate_limiter,
            scheduler_config=scheduler_config,
        )
        async with application:  # initialize() ... shutdown()
            await register_menus(application, services_of(application).catalogs)
            await application.start()
            await _start_updates(application, settings, poll_timeout)
            stop_background = asyncio.Event()
            services = services_of(application)
            async with application.bot_data["broadcast_bot"], asyncio.TaskGroup() as background:
                background.create_task(services.scheduler.run(stop_background))
                background.create_task(services.broadcasts.run(stop_background))
                background.create_task(watch_forms(services, application.bot, stop_background))
                try:
                    yield application
                finally:
                    stop_background.set()  # both finish the sends in hand, then return
                    if application.updater and application.updater.running:
                        await application.updater.stop()
                    await application.stop()
    finally:
        await storage.close()
        log.info("stopped; database closed")


async def _start_updates(application: Application, settings: Settings, poll_timeout: int) -> None:
    updater = application.updater
    assert updater is not None
    if settings.webhook_url:
        await updater.start_webhook(
            listen="0.0.0.0",
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=f"{settings.webhook_url}/telegram",
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
        log.info("serving by webhook on port %d", settings.webhook_port)
    else:
        await updater.start_polling(
            poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
        )
        log.info("serving by long polling")


async def serve(settings: Settings) -> None:
    """``python -m bot run``: serve Telegram until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with running_bot(settings) as application:
        storage = services_of(application).storage
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(_heartbeat(storage, stop))
            await stop.wait()
            log.info("stop signal received; finishing the updates in hand")


async def _heartbeat(storage: Storage, stop: asyncio.Event) -> None:
    """Write a heartbeat regularly so the container health check sees the bot alive."""
    while not stop.is_set():
        await storage.meta.beat(utc_now())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), HEARTBEAT_EVERY.total_seconds())


async def healthy(settings: Settings) -> bool:
    """``python -m bot health``: the database opens and the serving bot wrote a recent heartbeat."""
    if not settings.database.exists():
        return False
    storage = await Storage.open(settings.database)
    try:
        last = await storage.meta.last_beat()
    finally:
        await storage.close()
    return last is not None and utc_now() - last < HEARTBEAT_STALE
