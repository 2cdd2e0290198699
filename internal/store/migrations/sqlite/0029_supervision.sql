-- 0029: whole-lifecycle supervision of key projects (FLOW-5). project_supervisions is the
-- supervision unit the office assigned to a key project (one per project, versioned: a change
-- is audited with its reason); project_supervisors are its supervisor accounts on that project,
-- who may read the project. supervision_log is the project's supervision log: append-only, a
-- correction is a new entry naming the one it corrects (corrects).
CREATE TABLE project_supervisions (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL UNIQUE REFERENCES projects(id),
    firm       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE project_supervisors (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_supervisors_user ON project_supervisors(user_id, project_id);
CREATE TABLE supervision_log (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    kind         TEXT    NOT NULL,
    date         TEXT    NOT NULL,
    participants TEXT    NOT NULL,
    findings     TEXT    NOT NULL,
    actions      TEXT    NOT NULL DEFAULT '',
    corrects     INTEGER REFERENCES supervision_log(id),
    author_id    INTEGER REFERENCES users(id), -- NULL: the command line
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX supervision_log_project ON supervision_log(project_id, id);
