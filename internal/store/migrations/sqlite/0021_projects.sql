-- 0021: project applications (立项申请, FLOW-2, BLD-P2, BLD-P3, SHR-R3). An application names the
-- accepted annual plan item it carries out (BLD-P2) and the guide revision it answers (FLOW-2,
-- fixed when it is made). Budgets are whole yuan; budget, exchanges, websites, media and
-- integrations are JSON lists; system_ids, base_data and user_levels are comma-separated. The
-- cloud resources it needs (ENV-R1) are columns, as a cloud request's. The systems it builds and
-- its answers to the guide's requirements are rows of their own.
CREATE TABLE projects (
    id                   INTEGER PRIMARY KEY,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    year                 INTEGER NOT NULL,
    plan_item_id         INTEGER NOT NULL REFERENCES annual_plan_items(id),
    guide_id             INTEGER NOT NULL REFERENCES guides(id),
    name                 TEXT    NOT NULL,
    kind                 TEXT    NOT NULL,
    key_category         TEXT    NOT NULL,
    budget               TEXT    NOT NULL DEFAULT '[]',
    total                INTEGER NOT NULL DEFAULT 0,
    budget_justification TEXT    NOT NULL DEFAULT '',
    content              TEXT    NOT NULL DEFAULT '',
    system_ids           TEXT    NOT NULL DEFAULT '',
    vcpu                 INTEGER NOT NULL DEFAULT 0,
    memory_gib           INTEGER NOT NULL DEFAULT 0,
    storage_gib          INTEGER NOT NULL DEFAULT 0,
    bandwidth_mbps       INTEGER NOT NULL DEFAULT 0,
    public_ips           INTEGER NOT NULL DEFAULT 0,
    room_work            TEXT    NOT NULL,
    exchanges            TEXT    NOT NULL DEFAULT '[]',
    base_data            TEXT    NOT NULL DEFAULT '',
    websites             TEXT    NOT NULL DEFAULT '[]',
    media                TEXT    NOT NULL DEFAULT '[]',
    user_levels          TEXT    NOT NULL DEFAULT '',
    integrations         TEXT    NOT NULL DEFAULT '[]',
    no_data              INTEGER NOT NULL DEFAULT 0,
    status               TEXT    NOT NULL,
    approved_budget      INTEGER NOT NULL DEFAULT 0,
    decision_note        TEXT    NOT NULL DEFAULT '',
    submitted_at         INTEGER NOT NULL DEFAULT 0,
    decided_at           INTEGER NOT NULL DEFAULT 0,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX projects_unit_year ON projects(unit_id, year, id);
CREATE INDEX projects_year_status ON projects(year, status, id);
CREATE INDEX projects_status ON projects(status, id);
CREATE INDEX projects_plan_item ON projects(plan_item_id);

-- The systems a project builds, in its order; registered (在建) when it is approved.
CREATE TABLE project_new_systems (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    brief      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, position)
);

-- One answer per requirement of the guide revision the project answers (FLOW-2): comply,
-- partial (text: the plan to comply) or na (text: why it does not apply).
CREATE TABLE project_responses (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    clause     TEXT    NOT NULL,
    answer     TEXT    NOT NULL,
    text       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, clause)
);

-- SHR-R3: a catalog entry's project_id is now a checked reference to the project that
-- pre-compiled it. Until now it took any integer and no project existed, so what it held refers
-- to nothing and is cleared. SQLite cannot add a foreign key to an existing column: two triggers
-- refuse a project_id that names no project, as a foreign key would (projects are never deleted).
UPDATE catalog_entries SET project_id = NULL WHERE project_id IS NOT NULL;
CREATE INDEX catalog_entries_project ON catalog_entries(project_id);
CREATE TRIGGER catalog_entries_project_insert BEFORE INSERT ON catalog_entries
WHEN NEW.project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM projects WHERE id = NEW.project_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: catalog_entries.project_id');
END;
CREATE TRIGGER catalog_entries_project_update BEFORE UPDATE OF project_id ON catalog_entries
WHEN NEW.project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM projects WHERE id = NEW.project_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: catalog_entries.project_id');
END;
