-- Placeholder in the feat-sites branch only, so that migrations stay numbered 1..n while
-- another feature owns this number. Drop this file when merging that feature's migration.
SELECT 1;
