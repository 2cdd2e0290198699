-- 0025: what an approved project registers (FLOW-2, ENV-R1). A system registered 在建 when its
-- project is approved names the project (NULL: registered otherwise); a cloud request's
-- project_id, kept since 0008 for "the project lifecycle to come" and never set, becomes a
-- checked reference to the project whose approval filed it. SQLite cannot add a foreign key to
-- an existing column: two triggers refuse a project_id that names no project, as a foreign key
-- would (projects are never deleted), as 0021 does for the catalog.
ALTER TABLE systems ADD COLUMN project_id INTEGER REFERENCES projects(id);
CREATE INDEX systems_project ON systems(project_id);

UPDATE cloud_requests SET project_id = NULL WHERE project_id IS NOT NULL;
CREATE INDEX cloud_requests_project ON cloud_requests(project_id);
CREATE TRIGGER cloud_requests_project_insert BEFORE INSERT ON cloud_requests
WHEN NEW.project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM projects WHERE id = NEW.project_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: cloud_requests.project_id');
END;
CREATE TRIGGER cloud_requests_project_update BEFORE UPDATE OF project_id ON cloud_requests
WHEN NEW.project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM projects WHERE id = NEW.project_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: cloud_requests.project_id');
END;
