-- 0032: a system's exemption from moving onto the government cloud (ENV-P1), as machine rooms
-- have theirs (ENV-P2): cloud_exemption is '' (none), 'higher_level_built' (上级统建) or
-- 'higher_level_retained' (上级要求保留); cloud_exemption_basis names the document that grants
-- it (required with an exemption, checked by the domain). On-site production (ENV-P3) stays the
-- hosting 'onsite'. Existing systems have none.
ALTER TABLE systems ADD COLUMN cloud_exemption TEXT NOT NULL DEFAULT '';
ALTER TABLE systems ADD COLUMN cloud_exemption_basis TEXT NOT NULL DEFAULT '';
