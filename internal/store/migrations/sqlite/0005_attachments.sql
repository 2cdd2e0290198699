-- 0005: evidence files on records. The content is kept in the database, so `archgov backup`
-- holds it and every replica serves it; the SM3 digest proves a file unchanged.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    entity_type  TEXT    NOT NULL,
    entity_id    INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sm3          TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    created_by   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_entity ON attachments(entity_type, entity_id, id);
