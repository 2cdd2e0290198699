-- 0034: a task book's deviations from its control indicators (BLD-R4) are what the governance
-- rules find of its application (BLD-R4.over-budget, .category-over-budget, .milestone-late,
-- .milestone-overdue; internal/rules/default.yaml): the list's "deviating" filter asks for a
-- live finding citing BLD-R4. The flags the store kept beside the task book to compute the same
-- check in SQL (over_budget, late, next_due, from 0026) go.
ALTER TABLE task_books DROP COLUMN over_budget;
ALTER TABLE task_books DROP COLUMN late;
ALTER TABLE task_books DROP COLUMN next_due;
