-- Broadcasts: a moderator's message to many chats, delivered as a persisted job so a restart or
-- a crash resumes where it stopped. Instants are fixed-width UTC text (storage/timestamps.py).
-- state: draft → sending → done | cancelled.
-- The counters are NULL while the job is a draft or sending (they are counted from the
-- recipients then) and frozen when it ends, so /broadcasts stays cheap and keeps its numbers
-- after /forget deletes recipients.
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    created_by          INTEGER NOT NULL,              -- the moderator's user id
    created_at          TEXT NOT NULL,
    state               TEXT NOT NULL DEFAULT 'draft'
                        CHECK (state IN ('draft', 'sending', 'done', 'cancelled')),
    default_language    TEXT NOT NULL,
    audience            TEXT NOT NULL DEFAULT '{}',    -- JSON, the moderator's filter
    started_at          TEXT,
    finished_at         TEXT,
    progress_chat_id    INTEGER,
    progress_message_id INTEGER,
    total               INTEGER,
    sent                INTEGER,
    failed              INTEGER,
    blocked             INTEGER
) STRICT;
CREATE INDEX broadcasts_state ON broadcasts (state, started_at);

-- The text in each language (Telegram HTML); recipients without one get the default language's.
CREATE TABLE broadcast_texts (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, language)
) STRICT;

-- One row per chat to reach: users (positive ids) and groups (negative ids), so no foreign key
-- to users; /forget deletes a chat's rows explicitly (Broadcasts.forget_chat).
-- state: pending → sending → sent | blocked | failed; 'sending' marks the few rows in flight:
-- a row still 'sending' at start-up was in flight when the process died and goes back to
-- 'pending' (the documented duplicate window). attempts counts failed sends (not 429s).
-- The epoch default makes a new row due at once.
CREATE TABLE broadcast_recipients (
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    chat_id         INTEGER NOT NULL,
    language        TEXT,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'sent', 'blocked', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00.000000Z',
    PRIMARY KEY (broadcast_id, chat_id)
) STRICT, WITHOUT ROWID;
-- "The next due pending recipients of job X" is one range scan in due order, and counting a
-- job's recipients by state reads this index alone.
CREATE INDEX broadcast_recipients_due
    ON broadcast_recipients (broadcast_id, state, next_attempt_at);
CREATE INDEX broadcast_recipients_chat ON broadcast_recipients (chat_id);
