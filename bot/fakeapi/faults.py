"""Scripted failures, slow answers and Telegram-like flood limits.

Faults let a test provoke the error paths (429, 5xx, 400, slowness) of a *real* client on
demand, matched by method and chat rather than by call order, so they stay robust when the bot
changes how many calls it makes.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from bot.fakeapi.errors import ApiError

SEND_PREFIXES = ("send", "copyMessage", "forwardMessage", "editMessage")


@dataclass
class Fault:
    """One scripted misbehaviour; fires for the next ``times`` matching calls.

    ``error_code`` None means a pure delay (the call then proceeds normally).
    """

    method: str
    error_code: int | None = None
    description: str = ""
    retry_after: int | None = None
    times: int = 1
    chat_id: int | str | None = None
    delay: float = 0.0
    fired: int = 0

    @property
    def remaining(self) -> int:
        return self.times - self.fired

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.remaining <= 0 or self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)

    def error(self) -> ApiError:
        assert self.error_code is not None
        return ApiError(self.error_code, self.description, retry_after=self.retry_after)


class FaultBook:
    """Faults in the order they were added; the first matching one fires."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def take_delay(self, method: str, params: dict[str, Any]) -> float:
        for fault in self.faults:
            if fault.error_code is None and fault.matches(method, params):
                fault.fired += 1
                return fault.delay
        return 0.0

    def take_error(self, method: str, params: dict[str, Any]) -> ApiError | None:
        for fault in self.faults:
            if fault.error_code is not None and fault.matches(method, params):
                fault.fired += 1
                return fault.error()
        return None

    def pending(self) -> list[Fault]:
        return [f for f in self.faults if f.remaining > 0]


@dataclass
class FloodLimits:
    """Caps like Telegram's broadcast limits; None disables a cap."""

    global_per_second: int | None = None
    per_chat_per_second: int | None = None
    per_group_per_minute: int | None = None


class FloodLimiter:
    """Sliding-window counters; a call over any cap is answered 429 with ``retry_after``."""

    def __init__(self) -> None:
        self.limits = FloodLimits()
        self._global: deque[float] = deque()
        self._chats: dict[str, deque[float]] = {}

    @property
    def enabled(self) -> bool:
        limits = self.limits
        return any(
            v is not None
            for v in (
                limits.global_per_second,
                limits.per_chat_per_second,
                limits.per_group_per_minute,
            )
        )

    def check(self, method: str, params: dict[str, Any]) -> None:
        """Raise a 429 ApiError if this message-sending call exceeds a cap, else count it."""
        if not self.enabled or not method.startswith(SEND_PREFIXES) or method == "sendChatAction":
            return
        now = time.monotonic()
        limits = self.limits
        waits: list[float] = []
        if limits.global_per_second is not None:
            waits.append(_wait(self._global, limits.global_per_second, 1.0, now))
        chat_id = params.get("chat_id")
        chat_log: deque[float] | None = None
        if chat_id is not None:
            is_group = isinstance(chat_id, int) and chat_id < 0
            cap, window = (
                (limits.per_group_per_minute, 60.0)
                if is_group
                else (limits.per_chat_per_second, 1.0)
            )
            if cap is not None:
                chat_log = self._chats.setdefault(str(chat_id), deque())
                waits.append(_wait(chat_log, cap, window, now))
        worst = max(waits, default=0.0)
        if worst > 0:
            retry = max(1, math.ceil(worst))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        if limits.global_per_second is not None:
            self._global.append(now)
        if chat_log is not None:
            chat_log.append(now)


def _wait(log: deque[float], cap: int, window: float, now: float) -> float:
    """Seconds until one more call fits in ``window`` (0 if it fits now)."""
    while log and log[0] <= now - window:
        log.popleft()
    if len(log) < cap:
        return 0.0
    return log[len(log) - cap] + window - now
