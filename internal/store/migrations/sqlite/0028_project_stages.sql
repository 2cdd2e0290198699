-- 0028: a project's stages after its task book (FLOW-4, BLD-R5, SHR-R4; issue 10). projects.stage
-- is where the project stands: '' before its task book, then bidding → design → implementation
-- → acceptance → accepted → operation (domain.StageFlow); a project whose task book is issued
-- already starts at bidding. project_stage_materials keeps what the unit submitted at a stage
-- (bidding, design, acceptance): one row per project and stage, its responses to the task
-- book's requirements as a JSON list (clause, answer, text), a note, who submitted it and when;
-- its evidence files are attachments of entity 'project_stage' (the project's id) with the
-- stage as their purpose.
ALTER TABLE projects ADD COLUMN stage TEXT NOT NULL DEFAULT '';
UPDATE projects SET stage = 'bidding' WHERE id IN (SELECT project_id FROM task_books);
CREATE TABLE project_stage_materials (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    stage        TEXT    NOT NULL,
    responses    TEXT    NOT NULL DEFAULT '[]',
    note         TEXT    NOT NULL DEFAULT '',
    submitted_at INTEGER NOT NULL DEFAULT 0,
    submitted_by TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (project_id, stage)
);
