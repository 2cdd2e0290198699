-- 0009: systems' exchange channels (SHR-P1) and base data with its docking state (SHR-R7), as
-- comma-separated codes ('platform,direct'; 'population:docked,geo:own_copy'); migration plans
-- (ENV-R2), one per system; docking plans (SHR-R8), at most one open per system and library.
ALTER TABLE systems ADD COLUMN exchange_channels TEXT NOT NULL DEFAULT '';
ALTER TABLE systems ADD COLUMN base_data TEXT NOT NULL DEFAULT '';

CREATE TABLE migration_plans (
    id                 INTEGER PRIMARY KEY,
    system_id          INTEGER NOT NULL UNIQUE REFERENCES systems(id),
    difficulty         TEXT    NOT NULL,
    difficulty_reasons TEXT    NOT NULL DEFAULT '',
    target_resources   TEXT    NOT NULL DEFAULT '',
    node               TEXT    NOT NULL,
    planned_date       TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    evidence           TEXT    NOT NULL DEFAULT '',
    done_date          TEXT    NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX migration_plans_status ON migration_plans(status, id);

CREATE TABLE docking_plans (
    id                INTEGER PRIMARY KEY,
    system_id         INTEGER NOT NULL REFERENCES systems(id),
    library           TEXT    NOT NULL,
    interface_version TEXT    NOT NULL,
    node              TEXT    NOT NULL,
    planned_date      TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    note              TEXT    NOT NULL DEFAULT '',
    done_date         TEXT    NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX docking_plans_system ON docking_plans(system_id, id);
CREATE UNIQUE INDEX docking_plans_open ON docking_plans(system_id, library) WHERE status IN ('planned', 'in_progress');
