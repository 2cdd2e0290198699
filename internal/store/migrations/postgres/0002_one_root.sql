-- 0002: only one unit may be the root of the tree (the district). The use case checks it too,
-- but two concurrent creations on PostgreSQL could both pass that check.
CREATE UNIQUE INDEX units_one_root ON units ((parent_id IS NULL)) WHERE parent_id IS NULL;
