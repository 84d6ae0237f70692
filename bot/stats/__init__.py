"""The moderators' /stats: aggregate numbers and a per-day chart, free of Telegram types."""

from bot.stats.chart import objections_chart
from bot.stats.render import chart_caption, render_stats
from bot.stats.snapshot import StatsSnapshot, collect

__all__ = ["StatsSnapshot", "chart_caption", "collect", "objections_chart", "render_stats"]
