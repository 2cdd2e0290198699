-- Placeholder so this branch (feat-plans, migration 0009) migrates on its own: 0008 belongs to
-- another branch of issue 3. DROP THIS FILE WHEN MERGING (git rm); it creates nothing.
SELECT 1;
