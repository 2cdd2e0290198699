-- 0015: sharing requests (国发〔2016〕51号): a unit asks another for a 有条件共享 catalog entry;
-- the provider answers within a number of working days. provider_unit_id is the entry's at
-- submission and never changes. Dates (submitted_on, due_date, use_until, valid_until) are TEXT
-- 'YYYY-MM-DD', so "overdue" is a string comparison that works the same on both backends.
-- items and scope_items are JSON arrays of data-item names. escalated_at is set once, when an
-- overdue answer is escalated to the provider's 责任人 and the office.
CREATE TABLE sharing_requests (
    id                INTEGER PRIMARY KEY,
    entry_id          INTEGER NOT NULL REFERENCES catalog_entries(id),
    provider_unit_id  INTEGER NOT NULL REFERENCES units(id),
    requester_unit_id INTEGER NOT NULL REFERENCES units(id),
    purpose           TEXT    NOT NULL,
    basis             TEXT    NOT NULL,
    items             TEXT    NOT NULL DEFAULT '[]',
    system_id         INTEGER REFERENCES systems(id),
    use_until         TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL,
    submitted_on      TEXT    NOT NULL,
    due_date          TEXT    NOT NULL,
    answered_at       INTEGER NOT NULL DEFAULT 0,
    scope             TEXT    NOT NULL DEFAULT '',
    scope_items       TEXT    NOT NULL DEFAULT '[]',
    valid_until       TEXT    NOT NULL DEFAULT '',
    refusal_reason    TEXT    NOT NULL DEFAULT '',
    escalated_at      INTEGER NOT NULL DEFAULT 0,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK (provider_unit_id <> requester_unit_id)
);
CREATE INDEX sharing_requests_provider ON sharing_requests(provider_unit_id, id);
CREATE INDEX sharing_requests_requester ON sharing_requests(requester_unit_id, id);
CREATE INDEX sharing_requests_status ON sharing_requests(status, id);
CREATE INDEX sharing_requests_due ON sharing_requests(status, due_date);
CREATE INDEX sharing_requests_entry ON sharing_requests(entry_id, id);
