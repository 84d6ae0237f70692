-- Moderators added from the chat (those in BOT_MODERATORS are not stored: the environment rules).
CREATE TABLE moderators (
    user_id  INTEGER PRIMARY KEY,
    added_by INTEGER NOT NULL,
    added_at TEXT NOT NULL
) STRICT;

-- Every moderator action, for accountability: who did what, when. detail is JSON.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    moderator_id INTEGER NOT NULL,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);

-- Chats that asked for updates: a user (positive id) or a group (negative id), with the
-- language to send in. active = 0 once Telegram said the chat blocked or removed the bot.
CREATE TABLE subscribers (
    chat_id    INTEGER PRIMARY KEY,
    language   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_on TEXT NOT NULL
) STRICT;

-- Which platforms a subscriber cares about; '*' means all of them.
CREATE TABLE subscriptions (
    chat_id  INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    PRIMARY KEY (chat_id, platform)
) STRICT;

-- A moderator writing a broadcast: which draft their next text message belongs to, and in
-- which language (NULL: the default text).
CREATE TABLE drafting (
    user_id      INTEGER PRIMARY KEY,
    broadcast_id INTEGER NOT NULL,
    language     TEXT
) STRICT;
