"""Instants as fixed-width UTC text, so SQLite compares and indexes them correctly as strings."""

from __future__ import annotations

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_db(instant: datetime) -> str:
    """``2026-11-27T10:31:20.000000Z``: always the same width, whatever the microseconds."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
    return instant.astimezone(UTC).strftime(_FORMAT)


def from_db(text: str) -> datetime:
    """The aware UTC datetime stored by :func:`to_db`."""
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)
