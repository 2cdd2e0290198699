-- 0024: reserved for another branch of session 11 (the lead replaces this placeholder when merging).
SELECT 1;
