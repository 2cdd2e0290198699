-- 0003: the information-system registry (ENV-P1, ENV-P3, BLD-R5). Dates without a time of day
-- are TEXT 'YYYY-MM-DD' ('' when unknown); user levels are a comma-separated list.
CREATE TABLE systems (
    id             INTEGER PRIMARY KEY,
    code           TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    purpose        TEXT    NOT NULL DEFAULT '',
    category       TEXT    NOT NULL DEFAULT '',
    classification TEXT    NOT NULL,
    hosting        TEXT    NOT NULL DEFAULT '',
    hosting_note   TEXT    NOT NULL DEFAULT '',
    network        TEXT    NOT NULL DEFAULT '',
    user_levels    TEXT    NOT NULL DEFAULT '',
    go_live        TEXT    NOT NULL DEFAULT '',
    last_upgrade   TEXT    NOT NULL DEFAULT '',
    vendor         TEXT    NOT NULL DEFAULT '',
    annual_cost    TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL,
    replaced_by_id INTEGER REFERENCES systems(id),
    status_before  TEXT    NOT NULL DEFAULT '',
    offline_date   TEXT    NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX systems_unit ON systems(unit_id, id);
CREATE INDEX systems_status ON systems(status, id);
CREATE INDEX systems_hosting ON systems(hosting, id);
