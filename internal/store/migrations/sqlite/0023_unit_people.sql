-- 0023: a unit's 责任人 and 联系人 (ORG-1) are user accounts, no longer free text beside them.
-- responsible_user_id and contact_user_id name accounts of the unit holding the unit_head and
-- unit_contact roles for it (the application checks that); the names and phones shown are the
-- accounts'. The Go step of this migration (backfillUnitPeople, store/units.go) links each unit
-- to the one enabled account of the unit with the role and the name it had, gives that account
-- the unit's phone for the person when it had none, tells the operator which names matched no
-- account, and then drops the free-text columns (head_name, head_phone_enc, contact_name,
-- contact_phone_enc): personal data without a purpose is not kept.
ALTER TABLE units ADD COLUMN responsible_user_id INTEGER REFERENCES users(id);
ALTER TABLE units ADD COLUMN contact_user_id INTEGER REFERENCES users(id);
