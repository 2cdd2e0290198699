-- 0017: the audit chain's tip is authenticated (Hardening, medium finding). mac is the
-- HMAC-SM3 of (last_id, last_hash) under a key derived from ARCHGOV_KEY, which is kept outside
-- the database; every append sets it in the same transaction. Pointing the head at an earlier
-- record after deleting the newest ones then fails verification. The Go step of this migration
-- seals the tip of an existing chain (store.sealAuditHead).
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
