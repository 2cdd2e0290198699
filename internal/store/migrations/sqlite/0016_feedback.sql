-- 0016: data-correction feedback (数据纠错, SHR-R6). A case targets a catalog entry (entry_id)
-- or a base library (library, its code); it goes to the provider unit, which owes a fix or a
-- dispute by due_date ('YYYY-MM-DD', working days from the report or the last reopening).
-- answered_at is the provider's first fix or dispute (the response time), ever_overdue stays 1
-- once the case has been overdue, escalated_at is set once per deadline by the sweep.
CREATE TABLE feedback (
    id               INTEGER PRIMARY KEY,
    reporter_unit_id INTEGER NOT NULL REFERENCES units(id),
    provider_unit_id INTEGER NOT NULL REFERENCES units(id),
    entry_id         INTEGER REFERENCES catalog_entries(id),
    library          TEXT    NOT NULL DEFAULT '',
    kind             TEXT    NOT NULL,
    data_item        TEXT    NOT NULL DEFAULT '',
    description      TEXT    NOT NULL,
    sample_ref       TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL,
    resolution       TEXT    NOT NULL DEFAULT '',
    provider_note    TEXT    NOT NULL DEFAULT '',
    reopen_reason    TEXT    NOT NULL DEFAULT '',
    reopens          INTEGER NOT NULL DEFAULT 0,
    due_date         TEXT    NOT NULL,
    reported_at      INTEGER NOT NULL,
    answered_at      INTEGER NOT NULL DEFAULT 0,
    closed_at        INTEGER NOT NULL DEFAULT 0,
    escalated_at     INTEGER NOT NULL DEFAULT 0,
    ever_overdue     INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK ((entry_id IS NULL) <> (library = ''))
);
CREATE INDEX feedback_provider ON feedback(provider_unit_id, id);
CREATE INDEX feedback_reporter ON feedback(reporter_unit_id, id);
CREATE INDEX feedback_status ON feedback(status, due_date);
CREATE INDEX feedback_entry ON feedback(entry_id);
