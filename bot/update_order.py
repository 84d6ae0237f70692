"""Concurrent update processing that still keeps each chat's updates in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatOrderedProcessor(BaseUpdateProcessor):
    """Process different chats' updates concurrently, one chat's updates one after another.

    A user who taps two buttons quickly must not have the second handled before the first. The
    locks are striped (a fixed array indexed by chat id), so memory does not grow with the number
    of users; two chats that share a stripe merely wait for each other.
    """

    def __init__(self, max_concurrent_updates: int = 64, stripes: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks = [asyncio.Lock() for _ in range(stripes)]

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Run the handler coroutine under the lock of the update's chat (or user)."""
        key = _order_key(update)
        if key is None:
            await coroutine
            return
        async with self._locks[key % len(self._locks)]:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _order_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
