-- 0022: the expert pool (专家库) and the verifiable draws (BLD-R3, FLOW-2; FLOW-4 reuses them).
-- An expert's unit_id is the district unit they are affiliated with (NULL: none), which
-- excludes them from draws for that unit's projects; specialties is a comma-separated list of
-- codes; the phone is personal data, sealed at rest like the units' and users' (phone_enc);
-- user_id links the expert's login (role expert), one expert record per account.
CREATE TABLE experts (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    organization TEXT    NOT NULL,
    title        TEXT    NOT NULL DEFAULT '',
    unit_id      INTEGER REFERENCES units(id),
    specialties  TEXT    NOT NULL DEFAULT '',
    phone_enc    TEXT    NOT NULL DEFAULT '',
    user_id      INTEGER UNIQUE REFERENCES users(id),
    active       INTEGER NOT NULL DEFAULT 1,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX experts_active ON experts(active, id);

-- A draw is written once and never changed: what was drawn for (purpose, and the subject by
-- kind and id: no reference yet, a project review names a project), whose experts were left
-- out (exclude_unit_id) and which specialty was asked for, the commitment SM3(algorithm ‖ seed),
-- the candidates in canonical order as JSON [{"key","name","unit_id"}] (names and affiliations
-- as they were), the revealed seed (hex) and the result (JSON list of keys, in the order drawn).
-- drawn_by is NULL for the command line. version is always 1 (the generic table's column).
CREATE TABLE draws (
    id              INTEGER PRIMARY KEY,
    purpose         TEXT    NOT NULL,
    subject_kind    TEXT    NOT NULL,
    subject_id      INTEGER NOT NULL,
    exclude_unit_id INTEGER REFERENCES units(id),
    specialty       TEXT    NOT NULL DEFAULT '',
    reason          TEXT    NOT NULL DEFAULT '',
    count           INTEGER NOT NULL,
    algorithm       TEXT    NOT NULL,
    commitment      TEXT    NOT NULL,
    candidates      TEXT    NOT NULL,
    seed            TEXT    NOT NULL,
    result          TEXT    NOT NULL,
    drawn_by        INTEGER REFERENCES users(id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX draws_subject ON draws(subject_kind, subject_id, purpose, id);
