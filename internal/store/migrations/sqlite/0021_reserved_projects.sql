-- 0021 is the projects' migration (issue 9, branch projects), merged before this one. This
-- placeholder only keeps the numbers 1..n contiguous on the people branch; delete it when merging.
SELECT 1;
