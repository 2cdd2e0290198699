-- 0031: rectification notices (整改通知书, FLOW-4, FLOW-5; issue 10) and halting (叫停).
-- rectifications: one numbered notice (doc_prefix〔doc_year〕doc_seq号, the same sequence as the
-- task books) to a project's unit: where it comes from (source: spot_check, supervision, office;
-- source_id the check or the supervision log entry, 0 for the office's own), the stage it was
-- found at, its items as a JSON list (clause, outcome, problem, the unit's answer), a deadline of
-- deadline_days working days from issued_on, whether it halted the project (halts: found at
-- design) and whether the finance and audit bureaus were told (bureaus: found at bidding or
-- acceptance; they read those notices and their projects), its status (issued → answered →
-- closed | returned → answered), the office's comment of the last return, and when it was
-- answered, closed and escalated as overdue (0: not). The evidence files are attachments of
-- entity 'rectification'. projects.halted_at/halt_reason: a halted project takes no stage step
-- until the office resumes it (0 and '': not halted).
CREATE TABLE rectifications (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    doc_prefix    TEXT    NOT NULL,
    doc_year      INTEGER NOT NULL,
    doc_seq       INTEGER NOT NULL,
    issuer        TEXT    NOT NULL DEFAULT '',
    source        TEXT    NOT NULL,
    source_id     INTEGER NOT NULL DEFAULT 0,
    stage         TEXT    NOT NULL DEFAULT '',
    items         TEXT    NOT NULL DEFAULT '[]',
    deadline_days INTEGER NOT NULL,
    issued_on     TEXT    NOT NULL,
    deadline      TEXT    NOT NULL,
    halts         INTEGER NOT NULL DEFAULT 0,
    bureaus       INTEGER NOT NULL DEFAULT 0,
    status        TEXT    NOT NULL,
    comment       TEXT    NOT NULL DEFAULT '',
    answered_at   INTEGER NOT NULL DEFAULT 0,
    closed_at     INTEGER NOT NULL DEFAULT 0,
    escalated_at  INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX rectifications_number ON rectifications(doc_year, doc_seq);
CREATE INDEX rectifications_project ON rectifications(project_id, status);
CREATE INDEX rectifications_unit ON rectifications(unit_id, id);
CREATE INDEX rectifications_due ON rectifications(status, deadline);
ALTER TABLE projects ADD COLUMN halted_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN halt_reason TEXT NOT NULL DEFAULT '';
