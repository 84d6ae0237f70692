"""The broadcast engine, its pacer and its repository, with a real SQLite file, a scripted
``deliver`` (no Telegram) and, for the pacer, a clock moved by hand. No wall-clock assertions."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.broadcast import BroadcastEngine, EngineConfig, Pacer, PacerConfig, ProgressReport
from bot.followup.scheduler import Delivery, Outcome
from bot.storage.broadcasts import Broadcasts, Final, JobState
from bot.storage.database import open_database

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TEXTS = {"en": "Hello", "de": "Hallo", "pt": "Olá"}
FAST = EngineConfig(
    concurrency=4,
    max_attempts=3,
    backoff=timedelta(0),
    progress_every=timedelta(milliseconds=20),
    idle_poll=timedelta(milliseconds=50),
)


def _now() -> datetime:
    return datetime.now(UTC)


def _pacer(rate: float = 5_000) -> Pacer:
    """Fast enough for tests; a retry to the same chat waits 10 ms instead of 1 s."""
    return Pacer(rate, config=PacerConfig(chat_interval=0.01, floor=200))


class Script:
    """A ``deliver`` answering by chat and attempt, recording every call like a Telegram log."""

    def __init__(self, answer: Callable[[int, int], Delivery] | None = None) -> None:
        self.calls: list[tuple[int, str]] = []
        self._answer = answer or (lambda chat_id, attempt: Delivery(Outcome.SENT))
        self.pause = 0.0
        self.threshold, self.reached = 0, asyncio.Event()  # set once ``threshold`` calls came

    async def __call__(self, chat_id: int, text: str) -> Delivery:
        attempt = sum(1 for chat, _ in self.calls if chat == chat_id)
        self.calls.append((chat_id, text))
        if len(self.calls) >= self.threshold:
            self.reached.set()
        await asyncio.sleep(self.pause)
        return self._answer(chat_id, attempt)

    def delivered(self) -> Counter[int]:
        return Counter(chat for chat, _ in self.calls)


class Reports:
    """The progress callback: keeps every report, and an event per job end."""

    def __init__(self) -> None:
        self.all: list[ProgressReport] = []
        self.ended = asyncio.Event()

    async def __call__(self, report: ProgressReport) -> None:
        self.all.append(report)
        if report.final:
            self.ended.set()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await open_database(tmp_path / "bot.sqlite3")
    yield connection
    await connection.close()


async def _job(repo: Broadcasts, recipients: list[tuple[int, str | None]]) -> int:
    broadcast_id = await repo.create(1, NOW, "en", TEXTS)
    await repo.enqueue(broadcast_id, recipients)
    assert await repo.start(broadcast_id, _now(), 1, 77)
    return broadcast_id


async def _run_until_ended(engine: BroadcastEngine, reports: Reports) -> None:
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(engine.run(stop))
        await asyncio.wait_for(reports.ended.wait(), 10)
        stop.set()


def _engine(
    repo: Broadcasts,
    deliver: Script,
    reports: Reports,
    blocked: list[int] | None = None,
    pacer: Pacer | None = None,
) -> BroadcastEngine:
    async def on_blocked(chat_id: int) -> None:
        if blocked is not None:
            blocked.append(chat_id)

    return BroadcastEngine(
        repo, deliver, reports, on_blocked, _now, config=FAST, pacer=pacer or _pacer()
    )


# --- the engine ----------------------------------------------------------------------------


async def test_everyone_gets_one_message_in_their_language(db: aiosqlite.Connection) -> None:
    repo, script, reports = Broadcasts(db), Script(), Reports()
    languages = {10: "de", 11: "fr", 12: None, 13: "pt-br", -100: "pt", 14: "en"}
    many = [(1_000 + i, "de") for i in range(200)]
    broadcast_id = await _job(repo, [*languages.items(), *many, (10, "de")])
    await _run_until_ended(_engine(repo, script, reports), reports)

    assert set(script.delivered().values()) == {1}
    assert len(script.calls) == len(languages) + len(many)
    text = dict(script.calls)
    assert [text[c] for c in (10, 11, 12, 13, -100, 14)] == [
        "Hallo",
        "Hello",
        "Hello",
        "Olá",
        "Olá",
        "Hello",
    ]
    final = reports.all[-1]
    assert final.final and final.state is JobState.DONE
    assert (final.counts.total, final.counts.sent, final.counts.pending) == (206, 206, 0)
    assert (final.progress_chat_id, final.progress_message_id) == (1, 77)
    assert [r for r in reports.all if r.final] == [final]
    ended = await repo.get(broadcast_id)
    assert ended is not None and ended.state is JobState.DONE and ended.finished_at is not None


async def test_progress_is_reported_while_sending(db: aiosqlite.Connection) -> None:
    repo, script, reports = Broadcasts(db), Script(), Reports()
    script.pause = 0.002
    await _job(repo, [(chat, "en") for chat in range(1, 121)])
    await _run_until_ended(_engine(repo, script, reports), reports)

    moving = [r for r in reports.all if not r.final]
    assert moving, "no progress report while sending"
    assert all(r.state is JobState.SENDING and r.counts.total == 120 for r in moving), moving
    assert any(r.rate > 0 and r.time_left is not None for r in moving)
    sent = [r.counts.sent for r in reports.all]
    assert sent == sorted(sent) and sent[-1] == 120


async def test_blocked_chats_are_marked_and_reported(db: aiosqlite.Connection) -> None:
    def answer(chat_id: int, attempt: int) -> Delivery:
        return Delivery(Outcome.BLOCKED if chat_id in (3, -7) else Outcome.SENT)

    repo, script, reports, blocked = Broadcasts(db), Script(answer), Reports(), []
    await _job(repo, [(chat, "en") for chat in (1, 2, 3, 4, -7)])
    await _run_until_ended(_engine(repo, script, reports, blocked), reports)

    assert sorted(blocked) == [-7, 3]
    assert script.delivered() == Counter({1: 1, 2: 1, 3: 1, 4: 1, -7: 1})
    counts = reports.all[-1].counts
    assert (counts.sent, counts.blocked, counts.failed) == (3, 2, 0)


async def test_429_storm_pauses_slows_down_and_still_delivers_once(
    db: aiosqlite.Connection,
) -> None:
    def answer(chat_id: int, attempt: int) -> Delivery:
        storm = chat_id <= 12 and attempt < 2
        return Delivery(Outcome.SLOW_DOWN, 0.01) if storm else Delivery(Outcome.SENT)

    class Spy(Pacer):
        rates: list[float] = []  # noqa: RUF012  (the rate after each 429)

        def slow_down(self, retry_after: float) -> None:
            super().slow_down(retry_after)
            self.rates.append(self.rate())

    repo, script, reports = Broadcasts(db), Script(answer), Reports()
    pacer = Spy(2_000, config=PacerConfig(chat_interval=0.01, floor=200))
    broadcast_id = await _job(repo, [(chat, "en") for chat in range(1, 101)])
    await _run_until_ended(_engine(repo, script, reports, pacer=pacer), reports)

    assert len(pacer.rates) == 24 and max(pacer.rates) <= 1_000, "the pacer was not slowed"
    delivered = script.delivered()
    assert all(delivered[c] == (3 if c <= 12 else 1) for c in range(1, 101))
    assert reports.all[-1].counts.sent == 100
    # A 429 is not a failed attempt: nobody used up their retries.
    async with db.execute(
        "SELECT max(attempts) FROM broadcast_recipients WHERE broadcast_id = ?", (broadcast_id,)
    ) as cursor:
        assert (await cursor.fetchone())[0] == 0


async def test_other_errors_are_retried_then_failed(db: aiosqlite.Connection) -> None:
    def answer(chat_id: int, attempt: int) -> Delivery:
        if chat_id == 1 or (chat_id == 2 and attempt == 0):
            return Delivery(Outcome.FAILED)
        return Delivery(Outcome.GONE if chat_id == 3 else Outcome.SENT)

    repo, script, reports = Broadcasts(db), Script(answer), Reports()
    broadcast_id = await _job(repo, [(1, "en"), (2, "en"), (3, "en"), (4, "en")])
    await _run_until_ended(_engine(repo, script, reports), reports)

    assert script.delivered() == Counter({1: FAST.max_attempts, 2: 2, 3: 1, 4: 1})
    counts = reports.all[-1].counts
    assert (counts.sent, counts.failed, counts.blocked, counts.pending) == (2, 2, 0, 0)
    async with db.execute(
        "SELECT attempts FROM broadcast_recipients WHERE broadcast_id = ? AND chat_id = 1",
        (broadcast_id,),
    ) as cursor:
        assert (await cursor.fetchone())[0] == FAST.max_attempts


async def test_backoff_waits_for_the_retry_time(db: aiosqlite.Connection) -> None:
    """A failed send is retried at ``now + backoff·2^attempts``, not before."""
    repo = Broadcasts(db)
    broadcast_id = await _job(repo, [(1, "en")])
    [recipient] = await repo.claim(broadcast_id, NOW)
    await repo.retry(broadcast_id, 1, NOW + timedelta(seconds=30))
    assert await repo.claim(broadcast_id, NOW + timedelta(seconds=29)) == []
    assert await repo.next_due_at(broadcast_id) == NOW + timedelta(seconds=30)
    [again] = await repo.claim(broadcast_id, NOW + timedelta(seconds=30))
    assert (recipient.attempts, again.attempts) == (0, 1)


async def test_cancel_stops_promptly_and_keeps_the_rest_unsent(db: aiosqlite.Connection) -> None:
    repo, script, reports = Broadcasts(db), Script(), Reports()
    script.pause, script.threshold = 0.002, 20
    broadcast_id = await _job(repo, [(chat, "en") for chat in range(1, 501)])
    engine = _engine(repo, script, reports)
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(engine.run(stop))
        await asyncio.wait_for(script.reached.wait(), 5)
        assert await engine.cancel(broadcast_id)
        await asyncio.wait_for(reports.ended.wait(), 5)
        calls_at_end = len(script.calls)
        await asyncio.sleep(0.05)
        stop.set()

    assert len(script.calls) == calls_at_end, "sent after the final report"
    final = reports.all[-1]
    assert final.state is JobState.CANCELLED
    assert final.counts.sent == calls_at_end < 500
    assert final.counts.pending == 500 - calls_at_end
    assert not await engine.cancel(broadcast_id), "an ended job cannot be cancelled again"
    ended = await repo.get(broadcast_id)
    assert ended is not None and ended.counts == final.counts


async def test_crash_repeats_at_most_the_sends_in_flight(tmp_path: Path) -> None:
    """The first process freezes mid-send and is killed; the second resumes the job."""
    path = tmp_path / "bot.sqlite3"
    telegram: list[int] = []  # every message that reached "Telegram", across both processes
    frozen = asyncio.Event()

    async def dying(chat_id: int, text: str) -> Delivery:
        telegram.append(chat_id)
        if len(telegram) > 30:
            frozen.set()
            await asyncio.Event().wait()  # the process hangs here until it is killed
        return Delivery(Outcome.SENT)

    first = await open_database(path)
    repo = Broadcasts(first)
    await _job(repo, [(chat, "en") for chat in range(1, 101)])
    engine = BroadcastEngine(repo, dying, Reports(), _ignore, _now, config=FAST, pacer=_pacer())
    run = asyncio.ensure_future(engine.run(asyncio.Event()))
    await asyncio.wait_for(frozen.wait(), 5)
    await asyncio.sleep(0.01)
    async with first.execute(
        "SELECT count(*) FROM broadcast_recipients WHERE state = 'sending'"
    ) as cursor:
        in_flight = (await cursor.fetchone())[0]
    assert 1 <= in_flight <= FAST.concurrency
    run.cancel()  # SIGKILL: nothing settles
    await asyncio.gather(run, return_exceptions=True)
    await first.close()

    second = await open_database(path)
    try:
        repo, script, reports = Broadcasts(second), Script(), Reports()
        engine = _engine(repo, script, reports)
        await _run_until_ended(engine, reports)
    finally:
        await second.close()
    everywhere = Counter(telegram) + script.delivered()
    assert set(everywhere) == set(range(1, 101))
    twice = [chat for chat, n in everywhere.items() if n > 1]
    assert len(twice) <= in_flight
    assert reports.all[-1].counts.sent == 100


async def test_stop_leaves_the_job_to_resume(db: aiosqlite.Connection) -> None:
    repo, script, reports = Broadcasts(db), Script(), Reports()
    script.pause, script.threshold = 0.002, 10
    broadcast_id = await _job(repo, [(chat, "en") for chat in range(1, 301)])
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(_engine(repo, script, reports).run(stop))
        await asyncio.wait_for(script.reached.wait(), 5)
        stop.set()
    paused = await repo.get(broadcast_id)
    assert paused is not None and paused.state is JobState.SENDING
    assert paused.counts.sent == len(script.calls) and paused.counts.pending > 0
    assert not reports.ended.is_set()

    await _run_until_ended(_engine(repo, script, reports), reports)
    assert set(script.delivered().values()) == {1} and len(script.calls) == 300


async def test_a_job_started_later_is_woken(db: aiosqlite.Connection) -> None:
    repo, script, reports = Broadcasts(db), Script(), Reports()
    engine = BroadcastEngine(
        repo, script, reports, _ignore, _now, config=EngineConfig(idle_poll=timedelta(hours=1))
    )
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(engine.run(stop))
        await asyncio.sleep(0.01)
        await _job(repo, [(5, "en")])
        engine.wake()
        await asyncio.wait_for(reports.ended.wait(), 5)
        stop.set()
    assert script.calls == [(5, "Hello")]


async def _ignore(chat_id: int) -> None:
    """An ``on_blocked`` for tests that do not look at it."""


# --- the repository ------------------------------------------------------------------------


async def test_repository_drafts_history_and_forget(db: aiosqlite.Connection) -> None:
    repo = Broadcasts(db)
    with pytest.raises(ValueError, match="default language"):
        await repo.create(1, NOW, "fr", {"en": "Hello"})
    draft = await repo.create(1, NOW, "en", {"en": "Hello"}, audience='{"platform": "x"}')
    await repo.set_text(draft, "en", "Hi")
    await repo.set_text(draft, "de", "Hallo")
    await repo.set_audience(draft, '{"platform": "meta"}')
    assert await repo.texts(draft) == {"en": "Hi", "de": "Hallo"}
    assert await repo.enqueue(draft, [(1, "en"), (2, "de"), (1, "en"), (-5, None)]) == 3
    assert await repo.enqueue(draft, [(2, "de"), (3, "en")]) == 1

    job = await _job(repo, [(2, "en"), (9, "en")])
    assert await repo.forget_chat(2) == 2
    assert (await repo.counts(job)).total == 1
    for recipient in await repo.claim(job, NOW, limit=10):
        await repo.mark(job, recipient.chat_id, Final.SENT)
    await repo.finish(job, NOW)
    assert await repo.forget_chat(9) == 1

    newest, oldest = await repo.history(limit=5)
    assert (newest.id, newest.state, newest.counts.sent, newest.counts.total) == (
        job,
        JobState.DONE,
        1,
        1,
    ), "frozen numbers survive /forget"
    assert (oldest.state, oldest.counts.total, oldest.audience) == (
        JobState.DRAFT,
        3,
        '{"platform": "meta"}',
    )
    assert not await repo.start(job, NOW, None, None), "an ended job cannot start again"
    assert await repo.cancel(draft, NOW)
    assert await repo.claim(draft, NOW) == []


async def test_recover_requeues_in_flight_and_lists_jobs(db: aiosqlite.Connection) -> None:
    repo = Broadcasts(db)
    first = await _job(repo, [(1, "en"), (2, "en"), (3, "en")])
    second = await _job(repo, [(1, "en")])
    assert len(await repo.claim(first, NOW, limit=2)) == 2
    recovery = await repo.recover()
    assert (recovery.requeued, recovery.sending) == (2, [first, second])
    assert len(await repo.claim(first, NOW, limit=10)) == 3


# --- the pacer -----------------------------------------------------------------------------


class Tick:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def _drive(pacer: Pacer, clock: Tick, chats: Callable[[int], int], seconds: float) -> list[float]:
    """Send as fast as the pacer allows for ``seconds``; the instants of the sends."""
    sent: list[float] = []
    end = clock.now + seconds
    while clock.now < end:
        wait = pacer.reserve(chats(len(sent)))
        if wait > 0:
            clock.now += wait
        else:
            sent.append(clock.now)
    return sent


def _most_in_any_window(sent: list[float], window: float) -> int:
    first, best = 0, 0
    for last, at in enumerate(sent):
        while sent[first] <= at - window:
            first += 1
        best = max(best, last - first + 1)
    return best


def test_pacer_holds_the_global_rate() -> None:
    clock = Tick()
    pacer = Pacer(25, clock)
    sent = _drive(pacer, clock, lambda n: n, seconds=20)
    assert 20 * 25 - 2 <= len(sent) <= 20 * 25 + 2
    assert _most_in_any_window(sent, 1.0) <= 25 + 2 < 30


def test_pacer_spaces_one_private_chat_by_a_second() -> None:
    clock = Tick()
    pacer = Pacer(1_000, clock)
    assert pacer.reserve(42) == 0
    assert pacer.reserve(42) == pytest.approx(1.0)
    assert pacer.reserve(43) == pytest.approx(0.001), "other chats only wait for the bucket"
    clock.now += 0.5
    assert pacer.reserve(42) == pytest.approx(0.5)
    clock.now += 0.5
    assert pacer.reserve(42) == 0


def test_pacer_sends_at_most_20_a_minute_to_a_group() -> None:
    clock = Tick()
    pacer = Pacer(1_000, clock)
    sent = _drive(pacer, clock, lambda n: -100, seconds=180)
    assert _most_in_any_window(sent, 60.0) == 20
    assert len(sent) in (60, 61)


def test_pacer_pauses_on_429_cuts_the_rate_and_recovers_slowly() -> None:
    clock = Tick()
    pacer = Pacer(100, clock, PacerConfig(slow_factor=0.5, recovery=0.05))
    assert pacer.reserve(1) == 0
    pacer.slow_down(2.0)
    pacer.slow_down(1.0)  # the other in-flight sends' 429s: no second cut, no shorter pause
    assert pacer.reserve(2) == pytest.approx(2.0)
    assert pacer.rate() == pytest.approx(50)
    clock.now += 2.0
    assert pacer.reserve(2) == 0
    clock.now += 4.0  # 4 calm seconds regain 4 × 5 % of 100/s
    assert pacer.rate() == pytest.approx(70)
    clock.now += 60.0
    assert pacer.rate() == pytest.approx(100)
    pacer.slow_down(1.0)
    clock.now += 1.0
    pacer.slow_down(1.0)  # a new 429 after the pause cuts again
    assert pacer.rate() == pytest.approx(25)


def test_pacer_forgets_chats_outside_their_window() -> None:
    clock = Tick()
    pacer = Pacer(1_000, clock)
    sent = _drive(pacer, clock, lambda n: n if n % 2 else -n - 1, seconds=5)
    assert len(sent) > 4_000
    # Private chats are remembered for 1 s and groups for 60 s: ~500 + ~2,500, not 5,000.
    assert pacer.tracked_chats <= 500 + 2_500 + 4
    clock.now += 61
    pacer.reserve(1)
    assert pacer.tracked_chats == 1
