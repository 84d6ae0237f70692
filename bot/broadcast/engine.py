"""The broadcast delivery loop: claim → send → settle, paced, persisted, resumable.

Jobs are sent one at a time, oldest first. Within a job at most ``concurrency`` recipients are
in flight (marked ``sending`` in the database) at once; everything else about the job is in the
database, so a restart resumes it and a crash can repeat at most those few sends.

Sends go through the injected ``deliver``, which uses the bot's own HTTP client, and the loop
awaits between sends, so ordinary conversations keep flowing while a broadcast runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.broadcast.pacer import Pacer
from bot.followup.scheduler import Delivery, Outcome
from bot.storage.broadcasts import Broadcast, Broadcasts, Counts, Final, JobState, Recipient

log = logging.getLogger(__name__)

#: Sends one message (Telegram HTML) to a chat and classifies the answer.
Deliver = Callable[[int, str], Awaitable[Delivery]]


@dataclass(frozen=True)
class ProgressReport:
    """What the moderator's progress message shows; ``final`` once the job has ended."""

    broadcast_id: int
    state: JobState
    counts: Counts
    rate: float  # messages per second since the last report (final report: over the whole job)
    time_left: timedelta | None  # None when nothing is moving
    progress_chat_id: int | None
    progress_message_id: int | None

    @property
    def final(self) -> bool:
        """The job is done or cancelled: this is the last report."""
        return self.state in (JobState.DONE, JobState.CANCELLED)


@dataclass(frozen=True)
class EngineConfig:
    """Tuning knobs; the defaults suit production, tests shorten the waits.

    ``concurrency`` is also the duplicate window after a crash: keep it small. One send at a
    time already reaches Telegram's 30/s; a few overlap the round trips for paid broadcasts
    (1,000/s), see ``bench/broadcast.py``.
    """

    concurrency: int = 4
    max_attempts: int = 5
    backoff: timedelta = timedelta(seconds=30)
    progress_every: timedelta = timedelta(seconds=3)
    idle_poll: timedelta = timedelta(seconds=60)


@dataclass
class _Job:
    """The job being sent, and what its in-flight sends share."""

    broadcast: Broadcast
    texts: dict[str, str]
    halt: asyncio.Event = field(default_factory=asyncio.Event)  # cancel or stop: no new sends
    settled: asyncio.Event = field(default_factory=asyncio.Event)  # an in-flight send ended
    over: asyncio.Event = field(default_factory=asyncio.Event)  # nothing in flight any more
    in_flight: int = 0
    cancelled: bool = False

    @property
    def id(self) -> int:
        return self.broadcast.id

    def text_for(self, language: str | None) -> str:
        """The recipient's language, else its base language (``pt`` for ``pt-br``), else the
        job's default language."""
        if language:
            for candidate in (language, language.replace("_", "-").split("-")[0]):
                if candidate in self.texts:
                    return self.texts[candidate]
        return self.texts[self.broadcast.default_language]


class BroadcastEngine:
    """Sends the started jobs, reports progress, and resumes after a restart."""

    def __init__(
        self,
        broadcasts: Broadcasts,
        deliver: Deliver,
        on_progress: Callable[[ProgressReport], Awaitable[None]],
        on_blocked: Callable[[int], Awaitable[None]],
        clock: Callable[[], datetime],
        *,
        rate: float = 25.0,
        config: EngineConfig | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self._repo, self._deliver, self._clock = broadcasts, deliver, clock
        self._on_progress, self._on_blocked = on_progress, on_blocked
        self._config = config or EngineConfig()
        self._pacer = pacer or Pacer(rate)
        self._wake = asyncio.Event()
        self._job: _Job | None = None

    def wake(self) -> None:
        """A job was started: look for it now rather than after the idle poll."""
        self._wake.set()

    async def cancel(self, broadcast_id: int) -> bool:
        """Stop a job promptly: no new sends, the ones in flight end, the rest stay unsent.

        Returns ``False`` if the job had already ended. The final report follows when the
        sends in flight have settled (at once for a job not being sent right now).
        """
        if not await self._repo.cancel(broadcast_id, self._clock()):
            return False
        job = self._job
        if job is not None and job.id == broadcast_id:
            job.cancelled = True
            job.halt.set()
        else:
            broadcast = await self._repo.get(broadcast_id)
            if broadcast is not None and broadcast.started_at is not None:
                await self._report_final(broadcast)
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """Loop until ``stop`` is set; the sends in flight are settled first."""
        recovery = await self._repo.recover()
        if recovery.requeued or recovery.sending:
            log.info(
                "broadcasts: re-queued %d recipient(s) in flight at the last stop; resuming %s",
                recovery.requeued,
                recovery.sending,
            )
        async with asyncio.TaskGroup() as tasks:
            relay = tasks.create_task(self._relay(stop))
            try:
                await self._serve(stop)
            finally:
                relay.cancel()

    async def _relay(self, stop: asyncio.Event) -> None:
        """Turn ``stop`` into a halt of the current job, so waits for the pacer end at once."""
        await stop.wait()
        self._wake.set()
        if self._job is not None:
            self._job.halt.set()

    async def _serve(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            try:
                jobs = await self._repo.sending()
                if jobs:
                    await self._send_job(jobs[0], stop)
                    continue
            except Exception:
                log.exception("broadcast pass failed; retrying after a pause")
                # Nothing is in flight after a failed pass: put its claimed recipients back.
                await self._repo.recover()
            await _within(self._wake, self._config.idle_poll.total_seconds())

    async def _send_job(self, broadcast_id: int, stop: asyncio.Event) -> None:
        broadcast = await self._repo.get(broadcast_id)
        if broadcast is None:
            return
        job = _Job(broadcast, await self._repo.texts(broadcast_id))
        self._job = job
        if stop.is_set():
            job.halt.set()
        try:
            async with asyncio.TaskGroup() as reporting:
                reporting.create_task(self._report_while_sending(job))
                try:
                    # Leaving this block waits for the sends in flight (or cancels them).
                    async with asyncio.TaskGroup() as sends:
                        complete = await self._dispatch(job, sends)
                finally:
                    job.over.set()
        finally:
            self._job = None
        if complete or job.cancelled:
            await self._repo.finish(broadcast_id, self._clock())
            ended = await self._repo.get(broadcast_id)
            if ended is not None:
                await self._report_final(ended)

    async def _dispatch(self, job: _Job, tasks: asyncio.TaskGroup) -> bool:
        """Claim and start sends while slots are free; ``True`` once every recipient settled."""
        slots = asyncio.Semaphore(self._config.concurrency)
        while not job.halt.is_set():
            await slots.acquire()
            job.settled.clear()
            claimed = await self._repo.claim(job.id, self._clock())
            if claimed:
                job.in_flight += 1
                tasks.create_task(self._send_one(job, claimed[0], slots))
                continue
            slots.release()
            if job.in_flight:
                await job.settled.wait()  # a send may come back for a retry
            elif not await self._wait_for_due(job):
                return True
        return False

    async def _wait_for_due(self, job: _Job) -> bool:
        """Nothing claimable and nothing in flight: wait for the next retry; ``False`` if the
        job has nothing left (or was ended from elsewhere)."""
        due = await self._repo.next_due_at(job.id)
        if due is None:
            return False
        current = await self._repo.get(job.id)
        if current is None or current.state is not JobState.SENDING:
            job.cancelled = current is not None and current.state is JobState.CANCELLED
            job.halt.set()
            return True
        wait = min((due - self._clock()).total_seconds(), self._config.idle_poll.total_seconds())
        await _within(job.halt, wait)
        return True

    async def _send_one(self, job: _Job, recipient: Recipient, slots: asyncio.Semaphore) -> None:
        try:
            if await self._wait_turn(job, recipient.chat_id):
                delivery = await self._deliver_safely(
                    recipient.chat_id, job.text_for(recipient.language)
                )
                await self._settle(job, recipient, delivery)
            else:
                await self._repo.release(job.id, recipient.chat_id)
        finally:
            job.in_flight -= 1
            slots.release()
            job.settled.set()

    async def _wait_turn(self, job: _Job, chat_id: int) -> bool:
        """Wait until the pacer allows this send; ``False`` if the job halted meanwhile."""
        while not job.halt.is_set():
            wait = self._pacer.reserve(chat_id)
            if wait <= 0:
                return True
            await _within(job.halt, wait)
        return False

    async def _deliver_safely(self, chat_id: int, text: str) -> Delivery:
        try:
            return await self._deliver(chat_id, text)
        except Exception:
            # A bug in the adapter must cost one attempt, not the whole job.
            log.exception("broadcast deliver raised for a chat; counted as a failed attempt")
            return Delivery(Outcome.FAILED)

    async def _settle(self, job: _Job, recipient: Recipient, delivery: Delivery) -> None:
        repo, chat_id = self._repo, recipient.chat_id
        match delivery.outcome:
            case Outcome.SENT:
                await repo.mark(job.id, chat_id, Final.SENT)
            case Outcome.BLOCKED:
                await repo.mark(job.id, chat_id, Final.BLOCKED)
                await _guarded(self._on_blocked(chat_id), "on_blocked")
            case Outcome.SLOW_DOWN:
                self._pacer.slow_down(delivery.retry_after)
                await repo.release(job.id, chat_id)
            case Outcome.GONE:
                # The chat no longer exists: retrying cannot help.
                await repo.mark(job.id, chat_id, Final.FAILED)
            case Outcome.FAILED if recipient.attempts + 1 >= self._config.max_attempts:
                await repo.mark(job.id, chat_id, Final.FAILED)
            case Outcome.FAILED:
                delay = self._config.backoff * (2**recipient.attempts)
                await repo.retry(job.id, chat_id, self._clock() + delay)

    async def _report_while_sending(self, job: _Job) -> None:
        """A progress report every ``progress_every`` until nothing is in flight any more."""
        counts = await self._repo.counts(job.id)
        last_at, last_done = self._clock(), counts.total - counts.pending
        every = self._config.progress_every.total_seconds()
        while not await _within(job.over, every):
            counts = await self._repo.counts(job.id)
            now, done = self._clock(), counts.total - counts.pending
            seconds = (now - last_at).total_seconds()
            rate = (done - last_done) / seconds if seconds > 0 else 0.0
            last_at, last_done = now, done
            left = timedelta(seconds=counts.pending / rate) if rate > 0 else None
            await self._report(job.broadcast, JobState.SENDING, counts, rate, left)

    async def _report_final(self, broadcast: Broadcast) -> None:
        counts = broadcast.counts
        seconds = 0.0
        if broadcast.started_at and broadcast.finished_at:
            seconds = (broadcast.finished_at - broadcast.started_at).total_seconds()
        done = counts.total - counts.pending
        rate = done / seconds if seconds > 0 else 0.0
        await self._report(broadcast, broadcast.state, counts, rate, None)

    async def _report(
        self,
        broadcast: Broadcast,
        state: JobState,
        counts: Counts,
        rate: float,
        left: timedelta | None,
    ) -> None:
        report = ProgressReport(
            broadcast_id=broadcast.id,
            state=state,
            counts=counts,
            rate=rate,
            time_left=left,
            progress_chat_id=broadcast.progress_chat_id,
            progress_message_id=broadcast.progress_message_id,
        )
        await _guarded(self._on_progress(report), "on_progress")


async def _within(event: asyncio.Event, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``event``; whether it is set."""
    if not event.is_set() and seconds > 0:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)
    return event.is_set()


async def _guarded(callback: Awaitable[None], name: str) -> None:
    """A failing callback (say, editing a deleted progress message) must not stop the job."""
    try:
        await callback
    except Exception:
        log.exception("broadcast %s callback failed", name)
