-- 0040 is reserved for the notices (issue 12, helper notices); this placeholder keeps the
-- numbering 1..n on the dash branch and is dropped when that branch is merged.
SELECT 1;
