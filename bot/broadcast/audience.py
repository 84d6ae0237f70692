"""A broadcast's audience: the moderator's filter, stored as JSON with the job."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from bot.knowledge.regions import COUNTRY_REGIONS
from bot.storage import Audience

#: The objection status a moderator can target: submitted but not (yet) confirmed.
STATUSES = ("submitted",)


@dataclass(frozen=True)
class AudienceFilter:
    """Who gets a broadcast; ``None`` fields select everyone."""

    language: str | None = None
    region: str | None = None
    platform: str | None = None
    status: str | None = None
    #: The people who submitted through this knowledge entry and have no confirmation yet,
    #: subscribed or not: a change of their form concerns them.
    entry: str | None = None

    def to_json(self) -> str:
        """The form stored in ``broadcasts.audience``."""
        return json.dumps({k: v for k, v in asdict(self).items() if v}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> AudienceFilter:
        """Read the stored form back; unknown keys are ignored."""
        data = json.loads(text or "{}")
        keys = ("language", "region", "platform", "status", "entry")
        return cls(**{k: data.get(k) for k in keys})

    def narrowed(self, key: str, value: str) -> AudienceFilter:
        """This filter with one more condition (the same key replaces the old value)."""
        return replace(self, **{key: value})

    def query(self) -> Audience:
        """The storage query: a region becomes the list of its countries."""
        countries = None
        if self.region:
            countries = tuple(
                sorted(code for code, region in COUNTRY_REGIONS.items() if region == self.region)
            )
        return Audience(
            language=self.language,
            countries=countries,
            platform=self.platform,
            status=self.status,
        )
