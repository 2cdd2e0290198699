-- 0012: the information resource catalog (政务信息资源目录, SHR-P3, SHR-R3, SHR-R4). Dates are
-- TEXT 'YYYY-MM-DD' ('' when unknown); related resources and producing systems are
-- comma-separated ids. project_id is the project that pre-compiled the entry: no foreign key
-- yet, the project lifecycle (a later issue) adds its table and fills it in.
CREATE TABLE catalog_entries (
    id               INTEGER PRIMARY KEY,
    class            TEXT    NOT NULL,
    item             TEXT    NOT NULL,
    catalog          TEXT    NOT NULL DEFAULT '',
    sub_catalog      TEXT    NOT NULL DEFAULT '',
    class_code       TEXT    NOT NULL,
    code             TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    provider_unit_id INTEGER NOT NULL REFERENCES units(id),
    summary          TEXT    NOT NULL DEFAULT '',
    format           TEXT    NOT NULL,
    format_detail    TEXT    NOT NULL DEFAULT '',
    share_type       TEXT    NOT NULL,
    share_condition  TEXT    NOT NULL DEFAULT '',
    share_basis      TEXT    NOT NULL DEFAULT '',
    share_channel    TEXT    NOT NULL DEFAULT '',
    share_form       TEXT    NOT NULL DEFAULT '',
    open             INTEGER NOT NULL DEFAULT 0,
    open_condition   TEXT    NOT NULL DEFAULT '',
    update_cycle     TEXT    NOT NULL,
    publish_date     TEXT    NOT NULL DEFAULT '',
    related_ids      TEXT    NOT NULL DEFAULT '',
    system_ids       TEXT    NOT NULL DEFAULT '',
    project_id       INTEGER,
    base_library     TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL,
    return_note      TEXT    NOT NULL DEFAULT '',
    revision         INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX catalog_entries_status ON catalog_entries(status, id);
CREATE INDEX catalog_entries_provider ON catalog_entries(provider_unit_id, id);
CREATE INDEX catalog_entries_class ON catalog_entries(class_code, id);
CREATE INDEX catalog_entries_name_id ON catalog_entries(name, id);
CREATE INDEX catalog_entries_updated_id ON catalog_entries(updated_at, id);

-- 信息项, in the entry's order.
CREATE TABLE catalog_items (
    entry_id    INTEGER NOT NULL REFERENCES catalog_entries(id),
    pos         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    column_name TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    length      INTEGER NOT NULL DEFAULT 0,
    primary_key INTEGER NOT NULL DEFAULT 0,
    nullable    INTEGER NOT NULL DEFAULT 1,
    classified  INTEGER NOT NULL DEFAULT 0,
    sensitive   INTEGER NOT NULL DEFAULT 0,
    share_type  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (entry_id, pos)
);

-- Counters taken with an upsert that locks their row until commit: the sequence of each
-- classification code ('code:101001') and the change feed ('changes'). The feed's ids are
-- therefore handed out in commit order: a reader never sees change n+1 before change n.
CREATE TABLE catalog_counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- The change feed for the city exchange platform (SHR-P4): every publication, published
-- revision and withdrawal, written in the transaction that made it, with the entry as it was.
CREATE TABLE catalog_changes (
    id       INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES catalog_entries(id),
    code     TEXT    NOT NULL,
    kind     TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    entry    TEXT    NOT NULL
);
