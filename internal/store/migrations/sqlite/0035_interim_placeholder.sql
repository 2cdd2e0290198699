-- 0035: INTERIM placeholder on the dupflow branch only. 0035 belongs to the component register
-- (another branch); migrations must be numbered 1..n, so this empty step stands in for it until
-- the merge, which deletes this file and keeps the component register's 0035.
SELECT 1;
