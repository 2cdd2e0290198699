-- 0007: websites (PTL-R3) and new-media accounts (PTL-R4). Days are TEXT 'YYYY-MM-DD' ('' when
-- unset). A website's host and its 政府网站标识码 are unique; an account is unique per kind.
CREATE TABLE websites (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    host            TEXT    NOT NULL UNIQUE,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    icp             TEXT    NOT NULL DEFAULT '',
    site_code       TEXT    NOT NULL DEFAULT '',
    hosting         TEXT    NOT NULL,
    system_id       INTEGER REFERENCES systems(id),
    merge_into_id   INTEGER REFERENCES websites(id),
    status          TEXT    NOT NULL,
    registered_date TEXT    NOT NULL DEFAULT '',
    notice_date     TEXT    NOT NULL DEFAULT '',
    notice_text     TEXT    NOT NULL DEFAULT '',
    closed_date     TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX websites_site_code ON websites(site_code) WHERE site_code <> '';
CREATE INDEX websites_unit ON websites(unit_id, id);
CREATE INDEX websites_status ON websites(status, id);
CREATE INDEX websites_name ON websites(name, id);

CREATE TABLE media_accounts (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    account_id    TEXT    NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    topic         TEXT    NOT NULL DEFAULT '',
    decision      TEXT    NOT NULL DEFAULT '',
    merge_into_id INTEGER REFERENCES media_accounts(id),
    decision_note TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL,
    done_date     TEXT    NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (kind, account_id)
);
CREATE INDEX media_accounts_unit ON media_accounts(unit_id, id);
CREATE INDEX media_accounts_status ON media_accounts(status, id);
CREATE INDEX media_accounts_name ON media_accounts(name, id);
