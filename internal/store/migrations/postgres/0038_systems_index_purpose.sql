-- 0038: a system's search document also holds its purpose (issue 15: the duplicate-construction
-- check ranks systems by what they do). The systems already registered are indexed anew in this
-- migration's transaction, in Go (store.indexAllSystems); the statement below only marks the step.
SELECT 1;
