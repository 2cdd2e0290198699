-- 0026: task books (项目任务书, FLOW-3, BLD-R4). One per approved project, issued by the office
-- with a document number of the year (doc_prefix〔doc_year〕doc_seq号, allocated from the
-- docno:<year> counter: sequential, never twice — the unique index is the backstop). Its
-- control indicators and the requirements carried in are JSON lists written once at issue; the
-- unit's actuals (spend, delivered scope, milestone dates) update them. over_budget, late and
-- next_due (the earliest planned day of a milestone not reached, yyyy-mm-dd, '' for none) are
-- what a query needs to find the deviating ones without reading the lists, kept by the store
-- from domain.TaskBook.Flags on every save. Budgets are whole yuan.
CREATE TABLE task_books (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL UNIQUE REFERENCES projects(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    year            INTEGER NOT NULL,
    project_name    TEXT    NOT NULL,
    addressee       TEXT    NOT NULL,
    issuer          TEXT    NOT NULL,
    doc_prefix      TEXT    NOT NULL,
    doc_year        INTEGER NOT NULL,
    doc_seq         INTEGER NOT NULL,
    issued_on       TEXT    NOT NULL,
    approved_budget INTEGER NOT NULL,
    budget          TEXT    NOT NULL DEFAULT '[]',
    scope           TEXT    NOT NULL DEFAULT '[]',
    vcpu            INTEGER NOT NULL DEFAULT 0,
    memory_gib      INTEGER NOT NULL DEFAULT 0,
    storage_gib     INTEGER NOT NULL DEFAULT 0,
    bandwidth_mbps  INTEGER NOT NULL DEFAULT 0,
    public_ips      INTEGER NOT NULL DEFAULT 0,
    milestones      TEXT    NOT NULL DEFAULT '[]',
    requirements    TEXT    NOT NULL DEFAULT '[]',
    spent           TEXT    NOT NULL DEFAULT '[]',
    actuals_note    TEXT    NOT NULL DEFAULT '',
    actuals_on      TEXT    NOT NULL DEFAULT '',
    over_budget     INTEGER NOT NULL DEFAULT 0,
    late            INTEGER NOT NULL DEFAULT 0,
    next_due        TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX task_books_number ON task_books(doc_year, doc_seq);
CREATE INDEX task_books_unit ON task_books(unit_id, id);
