-- 0022 is the expert pool and draws' migration (issue 9, branch draws), merged before this one.
-- This placeholder only keeps the numbers 1..n contiguous on the people branch; delete it when merging.
SELECT 1;
