-- 0027: what an evidence file is for. A project application's files are its proposal (项目建议书),
-- feasibility study (可行性研究报告) and budget sheet (预算表) — issue 9, FLOW-2 — or another file;
-- the other records' files have none (''). The allowed values per record kind are the domain's
-- (domain.AttachmentPurposes).
ALTER TABLE attachments ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
