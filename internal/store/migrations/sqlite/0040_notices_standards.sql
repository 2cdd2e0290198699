-- 0040: what the info office publishes to every unit (ORG-4, ORG-5): notices (通知公告) and
-- technical standards with their versions (技术标准: interface standards, access procedures).
-- A notice is drafted, published (every active unit's people are notified in the same
-- transaction) and may be withdrawn with the reason readers see.
CREATE TABLE notices (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    body          TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL,
    published_at  INTEGER  NOT NULL DEFAULT 0,
    withdrawn_at  INTEGER  NOT NULL DEFAULT 0,
    withdraw_note TEXT    NOT NULL DEFAULT '',
    version       INTEGER  NOT NULL DEFAULT 1,
    created_at    INTEGER  NOT NULL,
    updated_at    INTEGER  NOT NULL
);
CREATE INDEX notices_status ON notices(status, id);

-- A standard is one version a row; the versions of one standard share its code. Publishing a
-- version supersedes the one in force in the same transaction: at most one published version
-- a code, and an edition is not given twice. Dates are 'YYYY-MM-DD'.
CREATE TABLE standards (
    id             INTEGER PRIMARY KEY,
    code           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    library        TEXT    NOT NULL DEFAULT '',
    edition        TEXT    NOT NULL,
    effective_date TEXT    NOT NULL DEFAULT '',
    summary        TEXT    NOT NULL DEFAULT '',
    url            TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL,
    published_at   INTEGER  NOT NULL DEFAULT 0,
    version        INTEGER  NOT NULL DEFAULT 1,
    created_at     INTEGER  NOT NULL,
    updated_at     INTEGER  NOT NULL,
    UNIQUE (code, edition)
);
CREATE UNIQUE INDEX standards_in_force ON standards(code) WHERE status = 'published';
CREATE INDEX standards_status ON standards(status, id);

-- The two references below carry no REFERENCES clause: a standard version is never deleted (a
-- superseded one stays readable), the service admits only a published one, and SQLite cannot
-- drop a column that has one.
-- A docking plan names the published standard version the system will follow (ORG-5, SHR-R7)
-- instead of typing it. The plans made before keep their text in interface_version (there was
-- no standard to point at) and show it as typed; a plan that names a standard keeps the
-- standard's name and edition there as they were when it named it.
ALTER TABLE docking_plans ADD COLUMN standard_id INTEGER;

-- A component may name the published standard version of its interface the same way; its
-- standard, standard_version and standard_url are then the standard's.
ALTER TABLE components ADD COLUMN standard_id INTEGER;
