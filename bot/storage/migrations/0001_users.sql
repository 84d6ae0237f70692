-- The people who talk to the bot: only what the features need.
-- language: the language the user chose with /language (NULL: follow Telegram's language_code).
-- country:  ISO 3166-1 alpha-2 code the user gave for the wizard (NULL until asked).
-- blocked:  1 once Telegram said the user blocked the bot; nothing is sent to them until they
--           talk to the bot again.
-- Dates are ISO 8601 UTC days: the bot has no use for the time of day someone was seen.
CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    language     TEXT,
    country      TEXT,
    blocked      INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    created_on   TEXT NOT NULL,
    last_seen_on TEXT NOT NULL
) STRICT;

-- Process-wide values such as the polling heartbeat that the container health check reads.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
