-- 0030: random spot checks of the projects' stages (随机抽查, 双随机、一公开, FLOW-4; issue 10).
-- projects.stage_at is when the project reached its current stage (set by every stage move and
-- by the task book, which starts bidding): a round's candidates are the projects that reached
-- its stage in its period. Existing rows: a project at bidding reached it with its task book,
-- one further on at its last change (the closest the rows tell).
-- check_rounds is a round: its stage and period, the sample rule (a size or a percentage), the
-- key-project rule, the inspectors per check and the pool's kinds, its status (draft → drawn →
-- published), the candidates as they were when drawn (JSON), the project draw, who published.
-- spot_checks is one project checked in a round: its unit, whether it was included outright as
-- a key project, the inspectors' draw and the inspectors (JSON, names as drawn; their logins
-- also in spot_check_inspectors, for who may read the check and the inspector's list), the
-- outcome per requirement (JSON), the status (pending → passed | failed) and the rectification
-- notice a failure opened (rectification_id: 0 until the rectification slice wires it).
-- The evidence files are attachments of entity 'spot_check'.
ALTER TABLE projects ADD COLUMN stage_at INTEGER NOT NULL DEFAULT 0;
UPDATE projects SET stage_at = COALESCE((SELECT t.created_at FROM task_books t WHERE t.project_id = projects.id), updated_at)
 WHERE stage = 'bidding';
UPDATE projects SET stage_at = updated_at WHERE stage <> '' AND stage <> 'bidding';
CREATE INDEX projects_stage_at ON projects(stage, stage_at);
CREATE TABLE check_rounds (
    id               INTEGER PRIMARY KEY,
    title            TEXT    NOT NULL,
    stage            TEXT    NOT NULL,
    period_from      TEXT    NOT NULL,
    period_to        TEXT    NOT NULL,
    sample_size      INTEGER NOT NULL DEFAULT 0,
    sample_percent   INTEGER NOT NULL DEFAULT 0,
    include_key      INTEGER NOT NULL DEFAULT 1,
    inspectors_per   INTEGER NOT NULL DEFAULT 2,
    pool_office      INTEGER NOT NULL DEFAULT 1,
    pool_experts     INTEGER NOT NULL DEFAULT 1,
    pool_supervisors INTEGER NOT NULL DEFAULT 0,
    status           TEXT    NOT NULL DEFAULT 'draft',
    candidates       TEXT    NOT NULL DEFAULT '[]',
    project_draw_id  INTEGER REFERENCES draws(id),
    drawn_at         INTEGER NOT NULL DEFAULT 0,
    published_at     INTEGER NOT NULL DEFAULT 0,
    published_by     INTEGER REFERENCES users(id),
    created_by       INTEGER REFERENCES users(id), -- NULL: the command line
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE TABLE spot_checks (
    id                INTEGER PRIMARY KEY,
    round_id          INTEGER NOT NULL REFERENCES check_rounds(id),
    project_id        INTEGER NOT NULL REFERENCES projects(id),
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    key_project       INTEGER NOT NULL DEFAULT 0,
    inspector_draw_id INTEGER REFERENCES draws(id),
    inspectors        TEXT    NOT NULL DEFAULT '[]',
    outcomes          TEXT    NOT NULL DEFAULT '[]',
    summary           TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'pending',
    recorded_at       INTEGER NOT NULL DEFAULT 0,
    recorded_by       INTEGER REFERENCES users(id),
    rectification_id  INTEGER NOT NULL DEFAULT 0,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (round_id, project_id)
);
CREATE INDEX spot_checks_project ON spot_checks(project_id, id);
CREATE TABLE spot_check_inspectors (
    check_id   INTEGER NOT NULL REFERENCES spot_checks(id),
    round_id   INTEGER NOT NULL REFERENCES check_rounds(id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (check_id, user_id)
);
CREATE INDEX spot_check_inspectors_user ON spot_check_inspectors(user_id, check_id);
CREATE INDEX spot_check_inspectors_project ON spot_check_inspectors(project_id, user_id);
CREATE INDEX spot_check_inspectors_round ON spot_check_inspectors(round_id, user_id);
