-- 0037: the shared components an application will use (组件目录, issue 15): a JSON list of the
-- ids of published components (internal/store/components.go), so that a project reuses the
-- district's identity, seal, licence, payment … services instead of building its own.
ALTER TABLE projects ADD COLUMN component_ids TEXT NOT NULL DEFAULT '[]';
