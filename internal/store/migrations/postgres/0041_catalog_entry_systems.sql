-- 0041: the systems a catalog entry names (catalog_entries.system_ids, a comma-separated list)
-- as rows, kept by the store with every save of an entry (store.putCatalogSystems). The overview
-- dashboards (issue 12) count the systems with a published entry (catalog coverage, SHR-P3) and
-- the systems list filters them (?catalogued=1): with a list in a text column that was a LIKE of
-- every published entry for every system. Existing entries are split here.
CREATE TABLE catalog_entry_systems (
    entry_id  BIGINT NOT NULL REFERENCES catalog_entries(id),
    system_id BIGINT NOT NULL,
    PRIMARY KEY (entry_id, system_id)
);
CREATE INDEX catalog_entry_systems_system ON catalog_entry_systems(system_id, entry_id);
-- The overview's published entries by month and provider, read from the index alone.
CREATE INDEX catalog_entries_published ON catalog_entries(status, publish_date, provider_unit_id);
INSERT INTO catalog_entry_systems (entry_id, system_id)
SELECT DISTINCT c.id, x::BIGINT FROM catalog_entries c, unnest(string_to_array(c.system_ids, ',')) AS x
WHERE c.system_ids <> '' AND x <> '';
