"""When the next broadcast message may go: Telegram's limits, kept on our side of the wire.

Three limits apply at once: a global rate (25/s by default, under Telegram's ~30/s, leaving room
for ordinary replies), one message per second to a private chat, and 20 per minute to a group
(negative chat id). A 429 pauses everything for ``retry_after`` and cuts the rate, which then
climbs back linearly (additive increase) to the configured one.

The pacer only decides; it never sleeps. ``reserve`` answers "go now" (and books the slot) or
"ask again in this many seconds", so the caller's waits stay cancellable and tests drive it with
a hand-moved clock.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PacerConfig:
    """Telegram's per-chat limits and how hard a 429 brakes."""

    chat_interval: float = 1.0  # seconds between two messages to one private chat
    group_per_minute: int = 20
    slow_factor: float = 0.5  # the rate is multiplied by this on a 429…
    recovery: float = 0.05  # …and regains this share of the configured rate per calm second
    floor: float = 1.0  # messages per second the rate is never cut below

    #: The window the group limit counts over, in seconds.
    group_window: float = 60.0


class Pacer:
    """A global token bucket, per-chat spacing and 429 back-off, driven by an injected clock.

    Memory: only chats sent to within the last second (private) or minute (groups) are
    remembered; older entries are dropped as time passes, whatever the audience's size.
    """

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        config: PacerConfig | None = None,
    ) -> None:
        if rate <= 0:
            raise ValueError("the rate must be positive")
        self._configured = rate
        self._clock = clock
        self._config = config or PacerConfig()
        now = clock()
        self._next_free = now  # when the global bucket has its next token
        self._paused_until = now
        self._cut_rate = rate  # the rate right after the last 429…
        self._cut_at = now  # …and when it started to climb back
        # Ordered by last send, so the stale entries are always at the front.
        self._private: dict[int, float] = {}  # chat → when it may get the next message
        self._groups: dict[int, deque[float]] = {}  # chat → its last 20 sends

    @property
    def configured_rate(self) -> float:
        """The rate asked for (``BOT_BROADCAST_RATE``)."""
        return self._configured

    def rate(self) -> float:
        """Messages per second allowed now: cut by 429s, climbing back to the configured one."""
        calm = max(0.0, self._clock() - self._cut_at)
        regained = self._configured * self._config.recovery * calm
        return min(self._configured, self._cut_rate + regained)

    @property
    def tracked_chats(self) -> int:
        """How many chats the pacer remembers (bounded by the recent sends, not the audience)."""
        return len(self._private) + len(self._groups)

    def reserve(self, chat_id: int) -> float:
        """Book a send to ``chat_id`` now and return 0, or return the seconds to wait first."""
        now = self._clock()
        self._evict(now)
        interval = 1.0 / self.rate()
        wait = max(self._paused_until - now, self._next_free - now, self._chat_wait(chat_id, now))
        if wait > 0:
            return wait
        # Up to one interval of lateness is caught up, so sleeping a little too long does not
        # lower the rate; over any second at most two messages more than the rate go out.
        self._next_free = max(self._next_free, now - interval) + interval
        if chat_id < 0:
            sends = self._groups.pop(chat_id, None)
            if sends is None:
                sends = deque(maxlen=self._config.group_per_minute)
            sends.append(now)
            self._groups[chat_id] = sends
        else:
            self._private.pop(chat_id, None)
            self._private[chat_id] = now + self._config.chat_interval
        return 0.0

    def slow_down(self, retry_after: float) -> None:
        """Telegram answered 429: pause every send for ``retry_after`` seconds and cut the rate.

        The other sends in flight when the first 429 came are answered 429 too; they extend the
        pause but do not cut again.
        """
        now = self._clock()
        if now >= self._paused_until:
            self._cut_rate = max(self._config.floor, self.rate() * self._config.slow_factor)
        self._paused_until = max(self._paused_until, now + retry_after)
        self._cut_at = self._paused_until

    def _chat_wait(self, chat_id: int, now: float) -> float:
        if chat_id >= 0:
            return self._private.get(chat_id, now) - now
        sends = self._groups.get(chat_id)
        if sends is None or len(sends) < self._config.group_per_minute:
            return 0.0
        return sends[0] + self._config.group_window - now  # the oldest of the last 20

    def _evict(self, now: float) -> None:
        private = self._private
        while private:
            chat_id, free_at = next(iter(private.items()))
            if free_at > now:
                break
            del private[chat_id]
        groups, window = self._groups, self._config.group_window
        while groups:
            chat_id, sends = next(iter(groups.items()))
            if sends[-1] > now - window:
                break
            del groups[chat_id]
