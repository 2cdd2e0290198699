-- 0025: what an approved project registers (FLOW-2, ENV-R1). A system registered 在建 when its
-- project is approved names the project (NULL: registered otherwise); a cloud request's
-- project_id, kept since 0008 for "the project lifecycle to come" and never set, becomes a
-- checked reference to the project whose approval filed it (cleared first: it named nothing).
ALTER TABLE systems ADD COLUMN project_id BIGINT REFERENCES projects(id);
CREATE INDEX systems_project ON systems(project_id);

UPDATE cloud_requests SET project_id = NULL WHERE project_id IS NOT NULL;
CREATE INDEX cloud_requests_project ON cloud_requests(project_id);
ALTER TABLE cloud_requests ADD CONSTRAINT cloud_requests_project_fk FOREIGN KEY (project_id) REFERENCES projects(id);
