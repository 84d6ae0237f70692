-- "Helpful" / "Not helpful" under FAQ answers: counts per topic only, never who or what was asked.
CREATE TABLE faq_feedback (
    topic       TEXT PRIMARY KEY,
    helpful     INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0
) STRICT;
