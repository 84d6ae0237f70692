"""/stats: the queries on a seeded database, the rendering, the PNG chart and the command e2e."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.fakeapi import FakeBotApi, FakeUser
from bot.i18n import Catalogs
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.stats import StatsSnapshot, chart_caption, collect, objections_chart, render_stats
from bot.stats.chart import COLOURS, HEIGHT, WIDTH
from bot.storage import Storage
from bot.storage.broadcasts import Final
from bot.storage.stats import Stats
from tests.conftest import Chat

TODAY = date(2026, 5, 20)
MODERATOR = 1  # the conftest settings' BOT_MODERATORS


async def seed(storage: Storage, today: date) -> None:
    """Five users, seven objections (one just outside the chart), form reports around the
    30-day edge, and six broadcasts of which the oldest falls outside the latest five."""
    users = storage.users
    for user_id, language, country in [
        (101, "de", "DE"),
        (102, "de", "FR"),
        (103, None, "GB"),
        (104, "en", None),
        (105, None, "US"),
    ]:
        await users.seen(user_id, today)
        await users.set_language(user_id, language)
        await users.set_country(user_id, country)
    # (user, platform, entry, submitted days ago, status, resolved days ago)
    for user_id, platform, entry, submitted, status, resolved in [
        (101, "facebook", "facebook-eu", 10, "confirmed", 6),
        (102, "facebook", "facebook-eu", 10, "confirmed", 8),
        (103, "instagram", "instagram-uk", 3, "refused", 1),
        (105, "instagram", "instagram-us", 3, "submitted", None),
        (101, "instagram", "instagram-eu", 0, "no_answer", 0),
        (104, "linkedin", "linkedin-world", 30, "confirmed", 20),  # a day before the chart
        (102, "linkedin", "linkedin-eu", 29, "closed", 20),  # the chart's first day
    ]:
        objection, _ = await storage.objections.record(
            user_id,
            platform=platform,
            country="DE",
            region="eea",
            entry_id=entry,
            today=today - timedelta(days=submitted),
        )
        if resolved is not None:
            await storage.objections.update(
                objection, status=status, not_yet=0, today=today - timedelta(days=resolved)
            )
    for entry, user_id, days_ago in [
        ("linkedin-eu", 101, 0),
        ("linkedin-eu", 102, 29),
        ("linkedin-eu", 103, 30),  # outside the 30 days
        ("chatgpt", 101, 5),
        ("retired-entry", 104, 1),  # no longer in the knowledge base
    ]:
        await storage.objections.report_form(entry, user_id, today - timedelta(days=days_ago))
    now = datetime.combine(today, datetime.min.time(), UTC)
    broadcasts = storage.broadcasts
    for _ in range(5):
        await broadcasts.create(MODERATOR, now, "en", {"en": "draft"})
    done = await broadcasts.create(MODERATOR, now, "en", {"en": "news"})
    await broadcasts.enqueue(done, [(101, "de"), (102, "de"), (103, None), (104, "en")])
    await broadcasts.start(done, now, None, None)
    for chat_id, final in [(101, Final.SENT), (102, Final.SENT), (103, Final.FAILED)]:
        await broadcasts.mark(done, chat_id, final)
    await broadcasts.mark(done, 104, Final.BLOCKED)
    await broadcasts.finish(done, now)


@pytest.fixture
async def storage(database: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(database)
    await seed(opened, TODAY)
    yield opened
    await opened.close()


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return load_knowledge()


# --- queries -------------------------------------------------------------------------------------


async def test_every_query_counts_exactly(storage: Storage) -> None:
    stats = Stats(storage.db)
    assert await stats.users_by_language() == {"auto": 2, "de": 2, "en": 1}
    assert await stats.users_by_country() == {None: 1, "DE": 1, "FR": 1, "GB": 1, "US": 1}
    assert await stats.objections_by_platform() == {
        "facebook": {"confirmed": 2},
        "instagram": {"no_answer": 1, "refused": 1, "submitted": 1},
        "linkedin": {"closed": 1, "confirmed": 1},
    }
    assert await stats.days_to_confirmation() == [2, 4, 10]
    assert await stats.form_reports(TODAY - timedelta(days=29)) == {
        "linkedin-eu": 2,
        "chatgpt": 1,
        "retired-entry": 1,
    }
    assert await stats.objections_per_day(TODAY - timedelta(days=29)) == {
        (TODAY - timedelta(days=29), "closed"): 1,
        (TODAY - timedelta(days=10), "confirmed"): 2,
        (TODAY - timedelta(days=3), "refused"): 1,
        (TODAY - timedelta(days=3), "submitted"): 1,
        (TODAY, "no_answer"): 1,
    }
    recent = await stats.recent_broadcasts(5)
    assert [b.id for b in recent] == [6, 5, 4, 3, 2]
    counts = recent[0].counts
    assert (counts.total, counts.sent, counts.failed, counts.blocked) == (4, 2, 1, 1)


async def test_snapshot_shapes_the_numbers(storage: Storage) -> None:
    snapshot = await collect(Stats(storage.db), TODAY)
    assert snapshot.users == 5
    assert snapshot.users_by_region == {"eea": 2, "none": 1, "uk": 1, "us": 1}
    assert snapshot.objections == 7
    assert snapshot.settled == 6  # all but the one still waiting
    assert snapshot.confirmation_rate == 0.5  # 3 confirmed of 6 settled
    assert snapshot.median_days_to_confirmation == 4
    assert snapshot.days[0] == TODAY - timedelta(days=29)
    assert snapshot.days[-1] == TODAY
    assert len(snapshot.days) == 30
    assert sum(snapshot.per_day["confirmed"]) == 2  # the 30-day-old one is outside the chart
    assert snapshot.per_day["closed"][0] == 1
    assert snapshot.per_day["confirmed"][19] == 2
    assert snapshot.per_day["refused"][26] == snapshot.per_day["submitted"][26] == 1
    assert snapshot.per_day["no_answer"][29] == 1


async def test_the_report_shows_every_number(
    storage: Storage, catalogs: Catalogs, knowledge: KnowledgeBase
) -> None:
    snapshot = await collect(Stats(storage.db), TODAY)
    text = render_stats(snapshot, catalogs.get("en"), knowledge)
    assert "<b>Statistics</b> · May 20, 2026" in text
    assert "<b>Users: 5</b>" in text
    assert "By language: Telegram's language 2 · Deutsch 2 · English 1" in text
    assert "By region: EU/EEA 2 · no country given 1 · United Kingdom 1 · United States 1" in text
    assert "<b>Objections: 7</b>" in text
    assert "• Facebook: 2 (confirmed: 2)" in text
    assert (
        "• Instagram: 3 (refused: 1, no confirmation came: 1, waiting for a confirmation: 1)"
        in text
    )
    assert "• LinkedIn: 2 (confirmed: 1, closed: 1)" in text
    assert "Confirmation rate: 50% (3 confirmed of 6 with an outcome;" in text
    assert "Median days from submission to confirmation: 4" in text
    assert "• <code>linkedin-eu</code> (LinkedIn): 2" in text
    assert "• <code>chatgpt</code> (ChatGPT): 1" in text
    assert "• <code>retired-entry</code>: 1" in text
    assert "#6 · 5/20/26 · sent: 2/4 sent, 1 failed, 1 blocked" in text
    assert "#2 · 5/20/26 · draft: 0/0 sent, 0 failed, 0 blocked" in text
    assert "#1 ·" not in text
    assert set(re.findall(r"</?([a-z]+)", text)) <= {"b", "i", "code"}


async def test_the_report_in_german_and_the_caption(
    storage: Storage, catalogs: Catalogs, knowledge: KnowledgeBase
) -> None:
    snapshot = await collect(Stats(storage.db), TODAY)
    german = render_stats(snapshot, catalogs.get("de"), knowledge)
    assert "50\u00a0%" in german  # the locale's percent format, with its no-break space
    caption = chart_caption(snapshot, catalogs.get("en"))
    assert "Apr 21, 2026 – May 20, 2026" in caption
    assert "🟩 confirmed" in caption and "🟨 waiting for a confirmation" in caption
    assert "No objections" not in caption
    assert len(caption) <= 1024


def test_an_empty_database_and_a_crowded_one_both_fit(
    catalogs: Catalogs, knowledge: KnowledgeBase
) -> None:
    days = [TODAY - timedelta(days=n) for n in range(29, -1, -1)]
    empty = StatsSnapshot(TODAY, {}, {}, {}, [], {}, days, {}, [])
    tr = catalogs.get("en")
    text = render_stats(empty, tr, knowledge)
    assert "<b>Objections: 0</b>" in text and "Confirmation rate" not in text
    assert "No objections were submitted in this period." in chart_caption(empty, tr)
    statuses = {"submitted": 1, "confirmed": 2, "refused": 3, "no_answer": 4, "closed": 5}
    crowded = StatsSnapshot(
        TODAY,
        {"en": 1},
        {"eea": 1},
        {f"platform-with-a-long-name-{n}": statuses for n in range(60)},
        [1],
        {f"entry-{n}": 1 for n in range(40)},
        days,
        {},
        [],
    )
    for language in catalogs.languages:
        assert len(render_stats(crowded, catalogs.get(language), knowledge)) <= 4096


def test_the_domain_never_imports_telegram() -> None:
    code = "import sys, bot.stats; print(any(m.split('.')[0] == 'telegram' for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- the PNG ------------------------------------------------------------------------------------


def decode(png: bytes) -> tuple[int, int, list[bytes]]:
    """Check the signature, every chunk's CRC and the layout; return width, height and rows."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, []
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, data = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + data) == crc, kind
        chunks.append((kind, data))
        offset += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour) == (8, 2)
    raw = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    stride = 1 + width * 3
    assert len(raw) == height * stride
    rows = [raw[y * stride : (y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows)
    return width, height, [row[1:] for row in rows]


def where(rows: list[bytes], colour: tuple[int, int, int]) -> list[tuple[int, int]]:
    """The (x, y) of every pixel of ``colour`` below the legend."""
    found, needle = [], bytes(colour)
    for y, row in enumerate(rows[30:], start=30):
        found += [(x // 3, y) for x in range(0, len(row), 3) if row[x : x + 3] == needle]
    return found


def test_the_chart_is_a_valid_png_with_bars_where_the_counts_are() -> None:
    days = [TODAY - timedelta(days=n) for n in range(29, -1, -1)]
    zeros = [0] * 30
    counts = {
        "confirmed": [3, *zeros[1:]],
        "refused": [*zeros[:-1], 1],
        "submitted": [*zeros[:-1], 2],
    }
    width, height, rows = decode(objections_chart(days, counts))
    assert (width, height) == (WIDTH, HEIGHT)
    confirmed = where(rows, COLOURS["confirmed"])
    refused, submitted = where(rows, COLOURS["refused"]), where(rows, COLOURS["submitted"])
    assert confirmed and all(x < WIDTH // 10 for x, _ in confirmed)  # the first day's bar
    assert refused and submitted and all(x > WIDTH * 9 // 10 for x, _ in refused + submitted)
    assert min(y for _, y in refused) > max(y for _, y in submitted)  # refused stacked below
    # Bar heights are proportional: 3 confirmed stand as tall as the 1 + 2 of the last day.
    confirmed_height = len({y for _, y in confirmed})
    assert confirmed_height == len({y for _, y in refused + submitted})
    assert not where(rows, COLOURS["no_answer"]) and not where(rows, COLOURS["closed"])


def test_an_empty_period_still_draws_the_axes() -> None:
    days = [TODAY - timedelta(days=n) for n in range(29, -1, -1)]
    width, height, rows = decode(objections_chart(days, {}))
    assert (width, height) == (WIDTH, HEIGHT)
    assert not any(where(rows, colour) for colour in COLOURS.values())
    assert any(b"\x3c\x3c\x3c" in row for row in rows)  # the axis colour
    decode(objections_chart([], {}))


# --- end to end ---------------------------------------------------------------------------------


async def test_a_moderator_gets_the_numbers_and_the_chart(
    api: FakeBotApi, database: Path, bot: Application
) -> None:
    storage = await Storage.open(database)
    try:
        await seed(storage, datetime.now(UTC).date())
    finally:
        await storage.close()
    moderator = Chat(api, FakeUser(id=MODERATOR, first_name="Mo", language_code="en"))
    api.add_user(moderator.user)
    text, photo = await moderator.send("/stats")
    assert "Users: 6" in text["text"]  # the five seeded and the moderator
    assert "Objections: 7" in text["text"]
    assert "Confirmation rate: 50% (3 confirmed of 6 with an outcome;" in text["text"]
    assert "linkedin-eu (LinkedIn): 2" in text["text"]
    assert "🟩 confirmed" in photo["caption"]
    (call,) = api.calls("sendPhoto")
    assert call.params["chat_id"] == MODERATOR
    upload = api.uploads[-1]
    assert upload.filename == "objections.png"
    assert decode(upload.content)[:2] == (WIDTH, HEIGHT)


async def test_anyone_else_gets_the_help_and_no_chart(
    api: FakeBotApi, make_chat: object, bot: Application
) -> None:
    chat: Chat = make_chat()  # type: ignore[operator]
    sent = await chat.send("/stats")
    assert len(sent) == 1
    assert "Statistics" not in sent[0]["text"]
    assert "/help" in sent[0]["text"] or "/start" in sent[0]["text"]
    assert not api.calls("sendPhoto")
