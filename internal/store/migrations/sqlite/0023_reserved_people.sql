-- 0023 is the people helper's migration (issue 9, branch people), merged before this one. This
-- placeholder only keeps the numbers 1..n contiguous on the review branch; delete it when merging.
SELECT 1;
