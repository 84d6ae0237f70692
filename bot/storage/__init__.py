"""Storage: the only place with SQL. One SQLite file, reached through aiosqlite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.storage.broadcasts import Broadcasts
from bot.storage.checks import Checks, DueCheck
from bot.storage.database import open_database
from bot.storage.feedback import Feedback
from bot.storage.forms import FormOverride, Forms
from bot.storage.meta import Meta
from bot.storage.moderation import Moderation
from bot.storage.objections import Objection, Objections
from bot.storage.privacy import Privacy
from bot.storage.stats import Stats
from bot.storage.subscriptions import Audience, Subscriptions
from bot.storage.users import User, Users


@dataclass
class Storage:
    """The open database and its repositories, one per table family."""

    db: aiosqlite.Connection
    users: Users
    objections: Objections
    checks: Checks
    privacy: Privacy
    feedback: Feedback
    moderation: Moderation
    subscriptions: Subscriptions
    broadcasts: Broadcasts
    forms: Forms
    stats: Stats
    meta: Meta

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        """Open and migrate the database at ``path``."""
        db = await open_database(path)
        return cls(
            db=db,
            users=Users(db),
            objections=Objections(db),
            checks=Checks(db),
            privacy=Privacy(db),
            feedback=Feedback(db),
            moderation=Moderation(db),
            subscriptions=Subscriptions(db),
            broadcasts=Broadcasts(db),
            forms=Forms(db),
            stats=Stats(db),
            meta=Meta(db),
        )

    async def close(self) -> None:
        """Close the connection (WAL is checkpointed by SQLite on the last close)."""
        await self.db.close()


__all__ = [
    "Audience",
    "Checks",
    "DueCheck",
    "FormOverride",
    "Forms",
    "Objection",
    "Objections",
    "Storage",
    "User",
    "Users",
]
