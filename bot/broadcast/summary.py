"""One line per past broadcast, shared by /broadcasts and /stats."""

from __future__ import annotations

from bot.i18n import Html, Translator
from bot.storage.broadcasts import Broadcast, JobState


def history_line(tr: Translator, item: Broadcast) -> str:
    """``#12 · 27/11/2026 · sent: 980/1000 sent, 5 failed, 15 blocked`` in the user's language."""
    states = {
        JobState.DRAFT: tr._("draft"),
        JobState.SENDING: tr._("sending"),
        JobState.DONE: tr._("sent"),
        JobState.CANCELLED: tr._("cancelled"),
    }
    counts = item.counts
    return tr._(
        "#{id} · {date} · {state}: {sent}/{total} sent, {failed} failed, {blocked} blocked",
        id=str(item.id),
        date=tr.date(item.created_at, "short"),
        state=Html(states[item.state]),
        sent=counts.sent,
        total=counts.total,
        failed=counts.failed,
        blocked=counts.blocked,
    )
