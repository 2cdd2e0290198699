-- 0033: governance rules as code (issue 11; internal/rules, app/rules.go).
-- rule_sets: every published version of the rule set, immutable: the rules as JSON (body), the
-- guide year it belongs to, what changed (note), who published it (NULL: the system, for the
-- default set a database starts with) and when. The highest version is in force.
-- findings: what a rule found of a subject (kind, id), one row per subject and rule: the unit it
-- belongs to, the subject's name as shown, the rule's version, clauses and severity, the message
-- in both languages, open / waived / resolved, first and last seen, resolved at (0: not).
-- waivers (豁免): a unit asks to set a finding aside with a reason until expires_on; the office
-- approves or refuses it; it lapses on expiry. rule_decisions: every gate's decision and the
-- rule-set version that made it (allow / warn / deny, the violations as JSON). leases: one
-- holder at a time of a named job (the daily sweep) across replicas. systems.status_at: the day
-- a system entered its status (BLD-R5), backfilled from updated_at.
CREATE TABLE rule_sets (
    version      INTEGER PRIMARY KEY,
    guide_year   INTEGER NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL,
    published_by INTEGER REFERENCES users(id),
    published_at INTEGER NOT NULL
);
CREATE TABLE findings (
    id           INTEGER PRIMARY KEY,
    subject_kind TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL DEFAULT 0,
    subject_name TEXT    NOT NULL DEFAULT '',
    rule_id      TEXT    NOT NULL,
    rule_version INTEGER NOT NULL,
    clauses      TEXT    NOT NULL,
    severity     TEXT    NOT NULL,
    message_zh   TEXT    NOT NULL,
    message_en   TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    resolved_at  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX findings_subject_rule ON findings(subject_kind, subject_id, rule_id);
CREATE INDEX findings_status ON findings(status, rule_id, id);
CREATE INDEX findings_unit ON findings(unit_id, status, id);
CREATE TABLE waivers (
    id            INTEGER PRIMARY KEY,
    subject_kind  TEXT    NOT NULL,
    subject_id    INTEGER NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    rule_id       TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    expires_on    TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    comment       TEXT    NOT NULL DEFAULT '',
    requested_by  INTEGER REFERENCES users(id),
    decided_by    INTEGER REFERENCES users(id),
    decided_at    INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX waivers_subject ON waivers(subject_kind, subject_id, rule_id, status);
CREATE INDEX waivers_status ON waivers(status, expires_on);
CREATE TABLE rule_decisions (
    id           INTEGER PRIMARY KEY,
    gate         TEXT    NOT NULL,
    subject_kind TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    rule_version INTEGER NOT NULL,
    outcome      TEXT    NOT NULL,
    violations   TEXT    NOT NULL DEFAULT '[]',
    actor_id     INTEGER REFERENCES users(id),
    at           INTEGER NOT NULL
);
CREATE INDEX rule_decisions_subject ON rule_decisions(subject_kind, subject_id, id);
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
ALTER TABLE systems ADD COLUMN status_at TEXT NOT NULL DEFAULT '';
UPDATE systems SET status_at = strftime('%Y-%m-%d', updated_at / 1000000, 'unixepoch');
