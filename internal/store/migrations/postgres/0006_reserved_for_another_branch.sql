-- Placeholder so that this branch (feat-cloud, migration 0008) migrates on its own: the store
-- requires migrations numbered 1..n. Another feature branch owns number 0006; drop this file
-- when merging.
SELECT 1;
