-- 0039 is reserved for the assessment (issue 12, helper assess); this placeholder keeps the
-- numbering 1..n on the notices branch and is dropped when that branch is merged.
SELECT 1;
