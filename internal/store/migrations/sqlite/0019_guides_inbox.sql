-- 0019: the annual declaration guide (申报指南, FLOW-1) and the inbox (ORG-4).
-- A guide is one revision of a year's guide; items is its governance requirements as JSON
-- ([{"clause","text","mandatory"}]); a published revision never changes (an application keeps
-- the one it answered), and publishing the next one supersedes it. Dates are 'YYYY-MM-DD'.
CREATE TABLE guides (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    requirements TEXT    NOT NULL DEFAULT '',
    scope        TEXT    NOT NULL DEFAULT '',
    encouraged   TEXT    NOT NULL DEFAULT '',
    window_start TEXT    NOT NULL DEFAULT '',
    window_end   TEXT    NOT NULL DEFAULT '',
    items        TEXT    NOT NULL DEFAULT '[]',
    status       TEXT    NOT NULL,
    published_at INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (year, revision)
);
-- At most one published revision a year: two publishings racing cannot both commit.
CREATE UNIQUE INDEX guides_one_published ON guides(year) WHERE status = 'published';

-- A notification is an event meant for one person: the message key and its arguments (shown in
-- the reader's language), the link to the record, when it was read. mail_outbox holds the
-- e-mail of a notification, written in the event's transaction and sent after commit, retried
-- at next_at until sent or given up (a permanent refusal).
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    event       TEXT    NOT NULL,
    entity_type TEXT    NOT NULL DEFAULT '',
    entity_id   INTEGER NOT NULL DEFAULT 0,
    link        TEXT    NOT NULL DEFAULT '',
    args        TEXT    NOT NULL DEFAULT '[]',
    created_at  INTEGER NOT NULL,
    read_at     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications(id),
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL DEFAULT 0,
    failed_at       INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, failed_at, next_at);

-- Where a person's notifications are e-mailed when e-mail is configured (empty: inbox only).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
