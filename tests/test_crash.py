"""A crash (SIGKILL) while checks are due loses none and repeats at most the one in flight."""

from __future__ import annotations

import asyncio
import json
import signal
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.fakeapi import FakeBotApi, FakeUser
from bot.storage import Storage
from tests.conftest import TOKEN
from tests.helpers import start_bot

USERS = 90


async def _seed(database: Path, users: list[FakeUser]) -> None:
    storage = await Storage.open(database)
    try:
        today = date.today()
        due = datetime.now(UTC) - timedelta(minutes=1)
        for user in users:
            await storage.users.seen(user.id, today)
            objection, _ = await storage.objections.record(
                user.id,
                platform="facebook",
                country="FR",
                region="eea",
                entry_id="facebook-eu",
                today=today,
            )
            await storage.checks.schedule(objection.id, due)
    finally:
        await storage.close()


def _checks_by_chat(api: FakeBotApi) -> dict[int, int]:
    """How many confirmation checks each chat received (answered by the fake with 200)."""
    counts: dict[int, int] = {}
    for request in api.calls("sendMessage"):
        if request.status == 200 and "fu:yes:" in json.dumps(request.params.get("reply_markup")):
            chat = int(request.params["chat_id"])
            counts[chat] = counts.get(chat, 0) + 1
    return counts


async def test_sigkill_while_checks_are_due(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    users = [FakeUser(id=70_000 + i, first_name=f"U{i}", language_code="fr") for i in range(USERS)]
    await _seed(database, users)
    async with FakeBotApi(token=TOKEN) as api:
        for user in users:
            api.add_user(user)
        api.delay("sendMessage", 0.05, times=10 * USERS)  # slow enough to kill mid-way
        first = await start_bot(api, TOKEN, database)
        try:
            await api.wait_for(
                lambda: sum(_checks_by_chat(api).values()) >= USERS // 3,
                timeout=60,
                what="a third of the checks",
            )
            first.send_signal(signal.SIGKILL)
            await first.wait()
        finally:
            if first.returncode is None:
                first.kill()
        sent_before = sum(_checks_by_chat(api).values())
        assert 0 < sent_before < USERS, "the crash must come mid-way"

        second = await start_bot(api, TOKEN, database)
        try:
            await api.wait_for(
                lambda: len(_checks_by_chat(api)) == USERS, timeout=60, what="every user's check"
            )
            await api.wait_idle(quiet=1.0)
            second.send_signal(signal.SIGTERM)
            _out, err = await asyncio.wait_for(second.communicate(), timeout=30)
            assert second.returncode == 0, err.decode()
        finally:
            if second.returncode is None:
                second.kill()

    counts = _checks_by_chat(api)
    assert set(counts) == {user.id for user in users}, "no check may be lost"
    repeated = [chat for chat, n in counts.items() if n > 1]
    assert len(repeated) <= 1 and all(counts[c] == 2 for c in repeated), counts


async def _seed_broadcast(database: Path, users: list[FakeUser]) -> None:
    """A broadcast already started (as if a moderator had pressed Send) to every user."""
    storage = await Storage.open(database)
    try:
        now = datetime.now(UTC)
        broadcast = await storage.broadcasts.create(1, now, "en", {"en": "CRASH-TEST update"})
        await storage.broadcasts.enqueue(broadcast, [(user.id, "en") for user in users])
        assert await storage.broadcasts.start(broadcast, now, None, None)
    finally:
        await storage.close()


def _broadcasts_by_chat(api: FakeBotApi) -> dict[int, int]:
    counts: dict[int, int] = {}
    for request in api.calls("sendMessage"):
        if request.status == 200 and "CRASH-TEST" in str(request.params.get("text")):
            chat = int(request.params["chat_id"])
            counts[chat] = counts.get(chat, 0) + 1
    return counts


async def test_sigkill_mid_broadcast(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    users = [FakeUser(id=80_000 + i, first_name=f"B{i}", language_code="en") for i in range(150)]
    await _seed_broadcast(database, users)
    async with FakeBotApi(token=TOKEN) as api:
        for user in users:
            api.add_user(user)
        first = await start_bot(
            api, TOKEN, database
        )  # resumes the job in state 'sending' by itself
        try:
            await api.wait_for(
                lambda: sum(_broadcasts_by_chat(api).values()) >= 40,
                timeout=60,
                what="part of the broadcast",
            )
            first.send_signal(signal.SIGKILL)
            await first.wait()
        finally:
            if first.returncode is None:
                first.kill()
        assert sum(_broadcasts_by_chat(api).values()) < len(users), "the crash must come mid-way"
        second = await start_bot(api, TOKEN, database)
        try:
            await api.wait_for(
                lambda: len(_broadcasts_by_chat(api)) == len(users),
                timeout=60,
                what="every recipient",
            )
            await api.wait_idle(quiet=1.0)
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.communicate(), timeout=30)
        finally:
            if second.returncode is None:
                second.kill()
    counts = _broadcasts_by_chat(api)
    assert set(counts) == {user.id for user in users}, "nobody may be skipped"
    repeated = [chat for chat, n in counts.items() if n > 1]
    # The engine has at most 4 sends in flight: only those can repeat after a SIGKILL.
    assert len(repeated) <= 4 and all(counts[c] == 2 for c in repeated), counts
