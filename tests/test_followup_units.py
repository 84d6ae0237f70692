"""The follow-up's pure parts and its scheduler, driven with an injected clock and a scripted
delivery function (no Telegram): transitions, retries, blocking, and the retention purge."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.followup.scheduler import CheckScheduler, Delivery, Outcome, SchedulerConfig
from bot.followup.state import Answer, Next, decide
from bot.storage import DueCheck, Storage

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("not_yet", "region", "answer", "status", "schedule", "next_step"),
    [
        (0, "eea", Answer.CONFIRMED, "confirmed", False, Next.CONFIRMED),
        (0, "eea", Answer.LATER, "submitted", True, Next.LATER),
        (0, "eea", Answer.NOT_YET, "submitted", True, Next.CHECKLIST),
        (1, "eea", Answer.NOT_YET, "no_answer", False, Next.ESCALATE),
        (1, "us", Answer.NOT_YET, "no_answer", False, Next.NO_RIGHT),
        (0, "uk", Answer.REFUSED, "refused", False, Next.ESCALATE),
        (0, "br", Answer.REFUSED, "refused", False, Next.ESCALATE),
        (0, "au", Answer.REFUSED, "refused", False, Next.NO_RIGHT),
        (0, "row", Answer.REFUSED, "refused", False, Next.NO_RIGHT),
    ],
)
def test_transitions(not_yet, region, answer, status, schedule, next_step) -> None:
    decision = decide(not_yet, region, answer)
    assert (decision.status, decision.schedule_check, decision.next) == (
        status,
        schedule,
        next_step,
    )
    assert decision.resolved == (status != "submitted")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def _storage_with_checks(path: Path, users: int) -> Storage:
    storage = await Storage.open(path)
    for user_id in range(1, users + 1):
        await storage.users.seen(user_id, NOW.date())
        objection, _ = await storage.objections.record(
            user_id,
            platform="facebook",
            country="FR",
            region="eea",
            entry_id="facebook-eu",
            today=NOW.date(),
        )
        await storage.checks.schedule(objection.id, NOW - timedelta(seconds=1))
    return storage


def _scheduler(
    storage: Storage, outcomes: dict[int, list[Outcome]], clock: Clock, sent: list[int]
) -> CheckScheduler:
    async def deliver(check: DueCheck) -> Delivery:
        outcome = (
            outcomes.get(check.user_id, [Outcome.SENT]).pop(0)
            if outcomes.get(check.user_id)
            else Outcome.SENT
        )
        if outcome is Outcome.SENT:
            sent.append(check.user_id)
        return Delivery(outcome, retry_after=0.01)

    config = SchedulerConfig(backoff=timedelta(seconds=10), max_attempts=3)
    return CheckScheduler(storage, deliver, clock, retention=timedelta(days=90), config=config)


async def test_outcomes_are_settled(tmp_path: Path) -> None:
    storage = await _storage_with_checks(tmp_path / "db.sqlite3", users=4)
    clock, sent = Clock(), []
    outcomes = {
        1: [Outcome.SENT],
        2: [Outcome.BLOCKED],
        3: [Outcome.FAILED, Outcome.FAILED, Outcome.FAILED],
        4: [Outcome.SLOW_DOWN, Outcome.SENT],
    }
    scheduler = _scheduler(storage, outcomes, clock, sent)
    try:
        await scheduler.send_due()
        assert sorted(sent) == [1]
        assert (await storage.users.get(2)).blocked
        for _ in range(3):  # backoff: 10 s, 20 s, then give up after the third failure
            clock.now += timedelta(seconds=40)
            await scheduler.send_due()
        assert sorted(sent) == [1, 4]
        async with storage.db.execute("SELECT count(*) FROM checks") as cursor:
            assert (await cursor.fetchone())[0] == 0
    finally:
        await storage.close()


async def test_in_flight_checks_are_recovered_at_start(tmp_path: Path) -> None:
    storage = await _storage_with_checks(tmp_path / "db.sqlite3", users=2)
    try:
        (first, _second) = await storage.checks.due(NOW, 10)
        assert await storage.checks.claim(first.id, NOW)  # then the process "dies"
        assert [c.id for c in await storage.checks.due(NOW, 10)] == [_second.id]
        clock, sent = Clock(), []
        scheduler = _scheduler(storage, {}, clock, sent)
        stop = asyncio.Event()
        task = asyncio.get_running_loop().create_task(scheduler.run(stop))
        for _ in range(100):
            if len(sent) == 2:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await task
        assert sorted(sent) == [1, 2]
    finally:
        await storage.close()


async def test_retention_purge(tmp_path: Path) -> None:
    storage = await _storage_with_checks(tmp_path / "db.sqlite3", users=2)
    try:
        objection = (await storage.objections.for_user(1))[0]
        await storage.objections.update(
            objection, status="confirmed", not_yet=0, today=date(2026, 1, 1)
        )
        clock, sent = Clock(), []
        scheduler = _scheduler(storage, {}, clock, sent)
        await scheduler._purge_if_due()
        assert await storage.objections.for_user(1) == []  # resolved 330 days ago: gone
        assert len(await storage.objections.for_user(2)) == 1  # still waiting: kept
    finally:
        await storage.close()
