-- Moderators' fixes to the knowledge base, effective at once without a redeploy: a form marked
-- broken, a replaced URL, a note. Who changed it and when is kept here and in the audit log.
CREATE TABLE form_overrides (
    entry_id   TEXT PRIMARY KEY,
    broken     INTEGER NOT NULL DEFAULT 0 CHECK (broken IN (0, 1)),
    url        TEXT,
    note       TEXT,
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Alerts already sent to the moderators, so each problem alerts once a day, not on every report.
CREATE TABLE form_alerts (
    subject    TEXT NOT NULL,          -- the entry id ('reports') or the link ('check')
    kind       TEXT NOT NULL,          -- 'reports': threshold reached; 'check': link failed
    alerted_on TEXT NOT NULL,
    PRIMARY KEY (subject, kind, alerted_on)
) STRICT;
