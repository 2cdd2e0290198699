-- 0025: reserved for another helper's branch (session 11: review, effects or people); this
-- placeholder keeps the task books' 0026 in sequence — delete it at merge.
SELECT 1;
