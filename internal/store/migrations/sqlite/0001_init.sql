-- 0001: the spine — units, users and roles, sessions, tokens, lockout counters, settings and the
-- SM3-chained audit log. Times are unix microseconds (BIGINT) in both dialects so that values
-- round-trip identically and the audit hash covers the same bytes everywhere.

CREATE TABLE units (
    id                INTEGER PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    level             INTEGER NOT NULL,
    parent_id         INTEGER REFERENCES units(id),
    head_name         TEXT    NOT NULL DEFAULT '',
    head_phone_enc    TEXT    NOT NULL DEFAULT '',
    contact_name      TEXT    NOT NULL DEFAULT '',
    contact_phone_enc TEXT    NOT NULL DEFAULT '',
    active            INTEGER NOT NULL DEFAULT 1,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT    NOT NULL UNIQUE,
    name                TEXT    NOT NULL,
    unit_id             INTEGER REFERENCES units(id),
    phone_enc           TEXT    NOT NULL DEFAULT '',
    password_hash       TEXT    NOT NULL,
    password_changed_at INTEGER NOT NULL,
    must_change         INTEGER NOT NULL DEFAULT 1,
    disabled            INTEGER NOT NULL DEFAULT 0,
    totp_secret_enc     TEXT    NOT NULL DEFAULT '',
    totp_enabled        INTEGER NOT NULL DEFAULT 0,
    totp_last_step      INTEGER NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT    NOT NULL,
    unit_id INTEGER REFERENCES units(id)
);
CREATE UNIQUE INDEX user_roles_uniq ON user_roles(user_id, role, COALESCE(unit_id, 0));
CREATE INDEX user_roles_unit ON user_roles(unit_id);

CREATE TABLE password_history (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    hash       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, created_at);

CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY, -- SM3 of the cookie value; the value itself is never stored
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf         TEXT    NOT NULL,
    stage        TEXT    NOT NULL,    -- 'mfa' until the second factor is given, then 'ok'
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip           TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT    NOT NULL DEFAULT '',
    hash         TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
    key          TEXT    PRIMARY KEY, -- 'u:<username>' or 'ip:<address>'
    failures     INTEGER NOT NULL,
    first_at     INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
    key     TEXT    PRIMARY KEY,
    value   TEXT    NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY, -- gapless: assigned under the audit_head lock
    at          INTEGER NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor       TEXT    NOT NULL,
    actor_roles TEXT    NOT NULL DEFAULT '',
    ip          TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL,
    entity_type TEXT    NOT NULL DEFAULT '',
    entity_id   TEXT    NOT NULL DEFAULT '',
    outcome     TEXT    NOT NULL,
    changes     TEXT    NOT NULL DEFAULT '',
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id);
CREATE INDEX audit_log_actor ON audit_log(actor);

-- The chain's tip, one row. Appending locks it, so the chain is linear under concurrent writers
-- on every replica.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '');

-- Left by pruning: verification resumes from the newest checkpoint.
CREATE TABLE audit_checkpoints (
    upto_id    INTEGER PRIMARY KEY,
    upto_hash  TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
