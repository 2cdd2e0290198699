-- 0011: a new-media account names the information system it serves (same unit), as a website
-- does; both are listed on the system's page, so both are indexed by system.
ALTER TABLE media_accounts ADD COLUMN system_id INTEGER REFERENCES systems(id);
CREATE INDEX media_accounts_system ON media_accounts(system_id, id);
CREATE INDEX websites_system ON websites(system_id, id);
