"""/stats as Telegram HTML, and the chart's caption: every fixed word through the translator."""

from __future__ import annotations

from typing import Final

from babel.numbers import format_percent

from bot.broadcast.summary import history_line
from bot.followup.messages import STATUS_LABELS
from bot.i18n import Html, Translator, native_name
from bot.i18n.rendering import MESSAGE_LIMIT, join_blocks
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.regions import REGION_NAMES
from bot.stats.chart import STACK_ORDER, SWATCHES
from bot.stats.snapshot import NO_REGION, REPORT_DAYS, StatsSnapshot

#: Form-report entries listed by name; the rest are only counted.
REPORTS_SHOWN: Final = 10


def render_stats(snapshot: StatsSnapshot, tr: Translator, knowledge: KnowledgeBase) -> str:
    """The whole report; per-platform status details are dropped if they would not fit.

    Translated fragments nested in another message are wrapped in ``Html``: a translation is
    already Telegram HTML and must not be escaped twice.
    """
    for detailed in (True, False):
        text = join_blocks(
            [
                tr._("<b>Statistics</b> · {date}", date=tr.date(snapshot.today, "medium")),
                _users(snapshot, tr),
                _objections(snapshot, tr, knowledge, detailed=detailed),
                _form_reports(snapshot, tr, knowledge),
                _broadcasts(snapshot, tr),
            ]
        )
        if len(text) <= MESSAGE_LIMIT:
            break
    return text


def chart_caption(snapshot: StatsSnapshot, tr: Translator) -> str:
    """What the chart shows, and its colour legend in words (the image itself has none)."""
    lines = [
        tr._(
            "Objections per day of submission, {start} – {end}, coloured by their status today:",
            start=tr.date(snapshot.days[0], "medium"),
            end=tr.date(snapshot.days[-1], "medium"),
        ),
        *(f"{SWATCHES[status]} {tr._(STATUS_LABELS[status])}" for status in STACK_ORDER),
    ]
    if not any(any(counts) for counts in snapshot.per_day.values()):
        lines.append(tr._("No objections were submitted in this period."))
    return "\n".join(lines)


def _platform_name(knowledge: KnowledgeBase, platform_id: str) -> str:
    """The platform's name, or its id if it has since left the knowledge base."""
    try:
        return knowledge.platform(platform_id).name
    except KeyError:
        return platform_id


def _region(tr: Translator, region: str) -> str:
    return tr._("no country given") if region == NO_REGION else tr._(REGION_NAMES[region])


def _users(snapshot: StatsSnapshot, tr: Translator) -> str:
    telegrams = Html(tr._("Telegram's language"))  # a call of its own, so Babel extracts it
    languages = [
        tr._(
            "{language} {count}",
            language=telegrams if code == "auto" else native_name(code),
            count=count,
        )
        for code, count in snapshot.users_by_language.items()
    ]
    regions = [
        tr._(
            "{region} {count}",
            region=Html(_region(tr, region)),
            count=count,
        )
        for region, count in snapshot.users_by_region.items()
    ]
    return "\n".join(
        [
            tr._("<b>Users: {count}</b>", count=snapshot.users),
            tr._("By language: {languages}", languages=Html(" · ".join(languages))),
            tr._("By region: {regions}", regions=Html(" · ".join(regions))),
        ]
    )


def _objections(
    snapshot: StatsSnapshot, tr: Translator, knowledge: KnowledgeBase, *, detailed: bool
) -> str:
    lines = [tr._("<b>Objections: {count}</b>", count=snapshot.objections)]
    by_size = sorted(
        snapshot.objections_by_platform.items(), key=lambda item: -sum(item[1].values())
    )
    for platform, statuses in by_size:
        name, total = _platform_name(knowledge, platform), sum(statuses.values())
        if not detailed:
            lines.append(tr._("• {platform}: {count}", platform=name, count=total))
            continue
        parts = [
            tr._(
                "{status}: {count}",
                status=Html(tr._(STATUS_LABELS[status])),
                count=statuses[status],
            )
            for status in STACK_ORDER
            if status in statuses
        ]
        lines.append(
            tr._(
                "• {platform}: {count} ({statuses})",
                platform=name,
                count=total,
                statuses=Html(", ".join(parts)),
            )
        )
    rate = snapshot.confirmation_rate
    if rate is not None:
        lines.append(
            tr._(
                "Confirmation rate: {rate} ({confirmed} confirmed of {settled} with an outcome; "
                "those still waiting are not counted)",
                rate=format_percent(rate, locale=tr.locale),
                confirmed=snapshot.with_status("confirmed"),
                settled=snapshot.settled,
            )
        )
    median = snapshot.median_days_to_confirmation
    if median is not None:
        lines.append(tr._("Median days from submission to confirmation: {days}", days=median))
    return "\n".join(lines)


def _form_reports(snapshot: StatsSnapshot, tr: Translator, knowledge: KnowledgeBase) -> str:
    title = tr._("<b>“The form doesn't work” reports, last {days} days</b>", days=REPORT_DAYS)
    if not snapshot.form_reports:
        return "\n".join([title, tr._("None.")])
    lines = [title]
    for entry_id, count in list(snapshot.form_reports.items())[:REPORTS_SHOWN]:
        try:
            platform = _platform_name(knowledge, knowledge.entry(entry_id).platform)
        except KeyError:  # an entry since removed from the knowledge base
            lines.append(tr._("• <code>{entry}</code>: {count}", entry=entry_id, count=count))
            continue
        lines.append(
            tr._(
                "• <code>{entry}</code> ({platform}): {count}",
                entry=entry_id,
                platform=platform,
                count=count,
            )
        )
    hidden = len(snapshot.form_reports) - REPORTS_SHOWN
    if hidden > 0:
        lines.append(tr._("{count} more", count=hidden))
    return "\n".join(lines)


def _broadcasts(snapshot: StatsSnapshot, tr: Translator) -> str:
    title = tr._("<b>Broadcasts</b>")
    if not snapshot.broadcasts:
        return "\n".join([title, tr._("None.")])
    lines = [title, *(history_line(tr, item) for item in snapshot.broadcasts)]
    return "\n".join(lines)
