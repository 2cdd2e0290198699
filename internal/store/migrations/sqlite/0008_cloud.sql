-- 0008: government-cloud capacity pools and resource requests (ENV-R1). Quantities are whole
-- numbers: vCPU cores, GiB of memory, GiB of storage, Mbps of bandwidth, public IPs. A pool's
-- alloc_* columns are the sum of what its approved requests were granted; approval raises them
-- with one conditional UPDATE, so concurrent approvals can never oversubscribe the pool, and the
-- CHECK constraints hold the same rule again at the bottom. Dates are TEXT 'YYYY-MM-DD'.
CREATE TABLE cloud_pools (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE,
    description          TEXT    NOT NULL DEFAULT '',
    vcpu                 INTEGER NOT NULL,
    memory_gib           INTEGER NOT NULL,
    storage_gib          INTEGER NOT NULL,
    bandwidth_mbps       INTEGER NOT NULL,
    public_ips           INTEGER NOT NULL,
    alloc_vcpu           INTEGER NOT NULL DEFAULT 0,
    alloc_memory_gib     INTEGER NOT NULL DEFAULT 0,
    alloc_storage_gib    INTEGER NOT NULL DEFAULT 0,
    alloc_bandwidth_mbps INTEGER NOT NULL DEFAULT 0,
    alloc_public_ips     INTEGER NOT NULL DEFAULT 0,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    CHECK (alloc_vcpu >= 0 AND alloc_vcpu <= vcpu),
    CHECK (alloc_memory_gib >= 0 AND alloc_memory_gib <= memory_gib),
    CHECK (alloc_storage_gib >= 0 AND alloc_storage_gib <= storage_gib),
    CHECK (alloc_bandwidth_mbps >= 0 AND alloc_bandwidth_mbps <= bandwidth_mbps),
    CHECK (alloc_public_ips >= 0 AND alloc_public_ips <= public_ips)
);

CREATE TABLE cloud_requests (
    id                   INTEGER PRIMARY KEY,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    system_id            INTEGER NOT NULL REFERENCES systems(id),
    project_id           INTEGER,
    pool_id              INTEGER NOT NULL REFERENCES cloud_pools(id),
    req_vcpu             INTEGER NOT NULL,
    req_memory_gib       INTEGER NOT NULL,
    req_storage_gib      INTEGER NOT NULL,
    req_bandwidth_mbps   INTEGER NOT NULL,
    req_public_ips       INTEGER NOT NULL,
    grant_vcpu           INTEGER NOT NULL DEFAULT 0,
    grant_memory_gib     INTEGER NOT NULL DEFAULT 0,
    grant_storage_gib    INTEGER NOT NULL DEFAULT 0,
    grant_bandwidth_mbps INTEGER NOT NULL DEFAULT 0,
    grant_public_ips     INTEGER NOT NULL DEFAULT 0,
    justification        TEXT    NOT NULL,
    period_start         TEXT    NOT NULL,
    period_end           TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    decision_note        TEXT    NOT NULL DEFAULT '',
    decided_at           INTEGER NOT NULL DEFAULT 0,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX cloud_requests_unit ON cloud_requests(unit_id, id);
CREATE INDEX cloud_requests_status ON cloud_requests(status, id);
CREATE INDEX cloud_requests_pool ON cloud_requests(pool_id, id);
CREATE INDEX cloud_requests_system ON cloud_requests(system_id, id);
