-- 0036: the duplicate-construction check on applications (应用查重, issue 15). An application
-- names its function points (功能点, a JSON list of short phrases), keeps the unit's answers to
-- the check's matches (dup_answers: kind, id, name, answer reuse|integrate|differs, reason) and
-- the office's verdicts on overlapping function points (dup_verdicts: function, not_approved|cut,
-- the match, the amount cut in 元, a note). A task book keeps the verdicts as they stood when it
-- was issued: the function points excluded and the cuts are part of what it fixes.
ALTER TABLE projects ADD COLUMN functions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE projects ADD COLUMN dup_answers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE projects ADD COLUMN dup_verdicts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE task_books ADD COLUMN dup_verdicts TEXT NOT NULL DEFAULT '[]';
