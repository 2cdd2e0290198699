-- 0024: the expert review and the governance review of project applications (BLD-R3, FLOW-2).
-- A review is one assigned expert's: by hand (draw_id NULL) or from a draw for the project; once
-- submitted (submitted_at set) it is frozen. scores is a JSON list [{"criterion","score","comment"}]
-- in the criteria's order. One review per expert and project.
CREATE TABLE project_reviews (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    expert_id      INTEGER NOT NULL REFERENCES experts(id),
    draw_id        INTEGER REFERENCES draws(id),
    scores         TEXT    NOT NULL DEFAULT '[]',
    recommendation TEXT    NOT NULL DEFAULT '',
    comment        TEXT    NOT NULL DEFAULT '',
    submitted_at   INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (project_id, expert_id)
);
CREATE INDEX project_reviews_expert ON project_reviews(expert_id, id);

-- The office's governance review opinion (治理审核意见), one per application: items is a JSON
-- list [{"clause","verdict","comment"}], one per requirement the application answered.
CREATE TABLE project_opinions (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL UNIQUE REFERENCES projects(id),
    items      TEXT    NOT NULL DEFAULT '[]',
    overall    TEXT    NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
