"""Gathering /stats' numbers into plain data, so rendering and the chart need no database."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from bot.knowledge.regions import region_of
from bot.stats.chart import STACK_ORDER
from bot.storage.broadcasts import Broadcast
from bot.storage.stats import Stats

#: The chart's period and the form reports' window, in days ending today.
CHART_DAYS: Final = 30
REPORT_DAYS: Final = 30
#: The region bucket of users who never gave a country.
NO_REGION: Final = "none"


@dataclass(frozen=True)
class StatsSnapshot:
    """Everything /stats shows, counted at one moment."""

    today: date
    users_by_language: dict[str, int]
    users_by_region: dict[str, int]
    objections_by_platform: dict[str, dict[str, int]]
    days_to_confirmation: list[int]
    form_reports: dict[str, int]
    days: list[date]
    per_day: dict[str, list[int]]
    broadcasts: list[Broadcast]

    @property
    def users(self) -> int:
        """Every user the bot knows."""
        return sum(self.users_by_language.values())

    @property
    def objections(self) -> int:
        """Every objection recorded, whatever its status."""
        return sum(sum(statuses.values()) for statuses in self.objections_by_platform.values())

    def with_status(self, status: str) -> int:
        """Objections in ``status``, over all platforms."""
        return sum(statuses.get(status, 0) for statuses in self.objections_by_platform.values())

    @property
    def settled(self) -> int:
        """Objections with an outcome: every status but ``submitted`` (still waiting)."""
        return self.objections - self.with_status("submitted")

    @property
    def confirmation_rate(self) -> float | None:
        """Confirmed ÷ settled: waiting objections would drag the rate down only for being new."""
        return self.with_status("confirmed") / self.settled if self.settled else None

    @property
    def median_days_to_confirmation(self) -> float | None:
        """The median submitted → confirmed time; robust to the few who answer months later."""
        return statistics.median(self.days_to_confirmation) if self.days_to_confirmation else None


async def collect(stats: Stats, today: date) -> StatsSnapshot:
    """Run every query and shape the results; ``today`` ends the chart and report windows."""
    days = [today - timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    counted = await stats.objections_per_day(days[0])
    regions: dict[str, int] = {}
    for country, count in (await stats.users_by_country()).items():
        region = region_of(country) if country else NO_REGION
        regions[region] = regions.get(region, 0) + count
    return StatsSnapshot(
        today=today,
        users_by_language=await stats.users_by_language(),
        users_by_region=dict(sorted(regions.items(), key=lambda item: (-item[1], item[0]))),
        objections_by_platform=await stats.objections_by_platform(),
        days_to_confirmation=await stats.days_to_confirmation(),
        form_reports=await stats.form_reports(today - timedelta(days=REPORT_DAYS - 1)),
        days=days,
        per_day={s: [counted.get((day, s), 0) for day in days] for s in STACK_ORDER},
        broadcasts=await stats.recent_broadcasts(5),
    )
