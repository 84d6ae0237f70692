-- Follow-up of submitted objections: when the status changed, a version for stale-button checks,
-- how often the user answered "not yet", and the German Land for the competent authority.
ALTER TABLE objections ADD COLUMN resolved_on TEXT;      -- the day the status left 'submitted'
ALTER TABLE objections ADD COLUMN not_yet INTEGER NOT NULL DEFAULT 0;
-- Bumped on every change; buttons carry it, so an old button cannot act on a newer state.
ALTER TABLE objections ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN subdivision TEXT;          -- ISO 3166-2, e.g. DE-HH, when asked

CREATE INDEX objections_resolved ON objections (resolved_on) WHERE resolved_on IS NOT NULL;

-- Due confirmation checks: the scheduler's whole state. One row per check waiting to be sent.
-- sending_since is set just before the send and the row is deleted right after it; a row still
-- marked at start-up was in flight when the process died and is sent again (documented window).
CREATE TABLE checks (
    id            INTEGER PRIMARY KEY,
    objection_id  INTEGER NOT NULL UNIQUE REFERENCES objections (id) ON DELETE CASCADE,
    due_at        TEXT NOT NULL,                     -- ISO 8601 UTC
    attempts      INTEGER NOT NULL DEFAULT 0,
    sending_since TEXT
) STRICT;
CREATE INDEX checks_due ON checks (due_at);
CREATE INDEX checks_in_flight ON checks (sending_since) WHERE sending_since IS NOT NULL;
