-- 0004: an uploaded workbook waiting for its uploader to confirm the previewed import. Kept in
-- the database so the confirmation may reach any replica; removed when applied or stale.
CREATE TABLE pending_imports (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT    NOT NULL,
    filename   TEXT    NOT NULL DEFAULT '',
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX pending_imports_created ON pending_imports(created_at);
