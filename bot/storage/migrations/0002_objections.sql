-- The objection wizard's one piece of state: the platform a user is choosing a country for, so a
-- typed country name can be understood. Cleared when the answer is shown; stale after a day.
CREATE TABLE wizard (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    platform   TEXT NOT NULL,
    started_at TEXT NOT NULL
) STRICT;

-- What a user told the bot they submitted ("I've submitted it"). The follow-up reminders build
-- on this. entry_id names the knowledge-base entry (form or setting) the user was shown.
CREATE TABLE objections (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform     TEXT NOT NULL,
    country      TEXT NOT NULL,
    region       TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'submitted'
                 CHECK (status IN ('submitted', 'confirmed', 'refused', 'no_answer', 'closed')),
    UNIQUE (user_id, entry_id)
) STRICT;

-- "The form doesn't work" presses: at most one per user, entry and day, so a count is a count of
-- people. Only the day is kept.
CREATE TABLE form_reports (
    entry_id    TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reported_on TEXT NOT NULL,
    PRIMARY KEY (entry_id, user_id, reported_on)
) STRICT;
