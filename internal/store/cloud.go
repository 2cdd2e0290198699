package store

import (
	"context"
	"fmt"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// resources are the five columns of an amount of cloud resources, named prefix+dimension.
func resources(prefix string, r *domain.CloudResources, col func(string, any) column) []column {
	return []column{col(prefix+"vcpu", &r.VCPU), col(prefix+"memory_gib", &r.MemoryGiB), col(prefix+"storage_gib", &r.StorageGiB),
		col(prefix+"bandwidth_mbps", &r.BandwidthMbps), col(prefix+"public_ips", &r.PublicIPs)}
}

// A pool's allocation is only read: AllocateCloud and ReleaseCloud keep it.
var cloudPools = newTable("cloud pool", "cloud_pools", "p", "", func(p *domain.CloudPool) []column {
	cols := append([]column{c("name", &p.Name), c("description", &p.Description)}, resources("", &p.Capacity, c)...)
	return versioned(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, append(cols, resources("alloc_", &p.Allocated, read)...)...)
}).onUnique(func(p *domain.CloudPool, _ error) error {
	return domain.Invalid("name", "err.cloud.pool_name_taken", p.Name)
})

// CloudPool loads one pool; domain.NotFound when there is none.
func (r Reader) CloudPool(ctx context.Context, id int64) (*domain.CloudPool, error) {
	return cloudPools.get(ctx, r, `p.id = ?`, id)
}

// CloudPools lists every pool by name (a district has a handful).
func (r Reader) CloudPools(ctx context.Context) ([]*domain.CloudPool, error) {
	return cloudPools.all(ctx, r, "cloud pools", ` ORDER BY p.id`)
}

// InsertCloudPool stores a new pool with nothing allocated.
func (tx *Tx) InsertCloudPool(ctx context.Context, p *domain.CloudPool) error {
	p.Allocated = domain.CloudResources{}
	return cloudPools.insert(ctx, tx, p)
}

// UpdateCloudPool saves a pool's name, description and capacity if its version is still
// p.Version and the new capacity still holds what is allocated at this moment. The allocation
// is not taken from p: an approval may have committed since p was read, so the condition is
// checked by the UPDATE itself. A stale version is a conflict; a capacity below the allocation
// is a field error naming the dimension.
func (tx *Tx) UpdateCloudPool(ctx context.Context, p *domain.CloudPool) error {
	c := p.Capacity
	err := cloudPools.update(ctx, tx, p, ` AND alloc_vcpu <= ? AND alloc_memory_gib <= ? AND alloc_storage_gib <= ? AND alloc_bandwidth_mbps <= ? AND alloc_public_ips <= ?`,
		c.VCPU, c.MemoryGiB, c.StorageGiB, c.BandwidthMbps, c.PublicIPs)
	if domain.ErrorCode(err) != domain.EConflict {
		return err
	}
	cur, lerr := tx.CloudPool(ctx, p.ID)
	if lerr != nil {
		return lerr
	}
	if cur.Version != p.Version {
		return domain.Conflict()
	}
	p.Allocated = cur.Allocated
	if verr := p.Validate(); verr != nil {
		return verr
	}
	return domain.Conflict()
}

// AllocateCloud adds amt to the pool's allocation with one conditional UPDATE: it succeeds only
// if the sum stays within capacity in every dimension at the moment it runs. Two approvals
// racing for the last capacity are serialised by the row lock, and the second one's condition
// is evaluated against the first one's result, so the pool is never oversubscribed. A refusal
// is EUnprocessable naming the first dimension that is short.
func (tx *Tx) AllocateCloud(ctx context.Context, poolID int64, amt domain.CloudResources) error {
	res, err := tx.exec(ctx, `UPDATE cloud_pools SET alloc_vcpu = alloc_vcpu + ?, alloc_memory_gib = alloc_memory_gib + ?,
		alloc_storage_gib = alloc_storage_gib + ?, alloc_bandwidth_mbps = alloc_bandwidth_mbps + ?, alloc_public_ips = alloc_public_ips + ?
		WHERE id = ? AND alloc_vcpu + ? <= vcpu AND alloc_memory_gib + ? <= memory_gib AND alloc_storage_gib + ? <= storage_gib
		AND alloc_bandwidth_mbps + ? <= bandwidth_mbps AND alloc_public_ips + ? <= public_ips`,
		amt.VCPU, amt.MemoryGiB, amt.StorageGiB, amt.BandwidthMbps, amt.PublicIPs, poolID,
		amt.VCPU, amt.MemoryGiB, amt.StorageGiB, amt.BandwidthMbps, amt.PublicIPs)
	if err := checkOne(res, err); err == nil {
		return nil
	} else if domain.ErrorCode(err) != domain.EConflict {
		return fmt.Errorf("store: allocate from cloud pool %d: %w", poolID, err)
	}
	p, err := tx.CloudPool(ctx, poolID)
	if err != nil {
		return err
	}
	free := p.Free()
	d, short := domain.Shortage(amt, free)
	if !short {
		// Capacity was returned between the UPDATE and this read: ask to try again.
		return domain.Conflict()
	}
	e := domain.Errorf(domain.EUnprocessable, "err.cloud.short", "clouddim."+string(d), amt.Get(d), "cloudunit."+string(d), max(free.Get(d), 0), "cloudunit."+string(d))
	e.Field = "granted_" + string(d)
	return e
}

// ReleaseCloud returns amt to the pool. The condition keeps the allocation from going below
// zero; if it would, the books are wrong and the release is refused as an internal error.
func (tx *Tx) ReleaseCloud(ctx context.Context, poolID int64, amt domain.CloudResources) error {
	res, err := tx.exec(ctx, `UPDATE cloud_pools SET alloc_vcpu = alloc_vcpu - ?, alloc_memory_gib = alloc_memory_gib - ?,
		alloc_storage_gib = alloc_storage_gib - ?, alloc_bandwidth_mbps = alloc_bandwidth_mbps - ?, alloc_public_ips = alloc_public_ips - ?
		WHERE id = ? AND alloc_vcpu >= ? AND alloc_memory_gib >= ? AND alloc_storage_gib >= ? AND alloc_bandwidth_mbps >= ? AND alloc_public_ips >= ?`,
		amt.VCPU, amt.MemoryGiB, amt.StorageGiB, amt.BandwidthMbps, amt.PublicIPs, poolID,
		amt.VCPU, amt.MemoryGiB, amt.StorageGiB, amt.BandwidthMbps, amt.PublicIPs)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: release to cloud pool %d: allocation would go below zero: %w", poolID, err)
	}
	return nil
}

var cloudRequests = newTable("cloud request", "cloud_requests", "q", ` LEFT JOIN units n ON n.id = q.unit_id
	LEFT JOIN systems s ON s.id = q.system_id LEFT JOIN cloud_pools p ON p.id = q.pool_id`, func(r *domain.CloudRequest) []column {
	cols := []column{once("unit_id", &r.UnitID), join("COALESCE(n.name, '')", &r.UnitName), c("system_id", &r.SystemID),
		join("COALESCE(s.name, '')", &r.SystemName), c("project_id", ref(&r.ProjectID)), c("pool_id", &r.PoolID),
		join("COALESCE(p.name, '')", &r.PoolName)}
	cols = append(append(cols, resources("req_", &r.Requested, c)...), resources("grant_", &r.Granted, c)...)
	return versioned(&r.ID, &r.Version, &r.CreatedAt, &r.UpdatedAt, append(cols, c("justification", &r.Justification),
		c("period_start", date(&r.PeriodStart)), c("period_end", date(&r.PeriodEnd)), c("status", text(&r.Status)),
		c("decision_note", &r.DecisionNote), c("decided_at", at(&r.DecidedAt)))...)
})

// CloudRequest loads one request; domain.NotFound when there is none.
func (r Reader) CloudRequest(ctx context.Context, id int64) (*domain.CloudRequest, error) {
	return cloudRequests.get(ctx, r, `q.id = ?`, id)
}

// CloudRequestFilter narrows the request list. The list runs newest first: Before is the
// keyset cursor (the last id of the previous page).
type CloudRequestFilter struct {
	Query    string // system name or justification contains
	UnitID   int64
	Status   domain.CloudRequestStatus
	PoolID   int64
	SystemID int64
	Before   int64
	Limit    int
}

func (r Reader) cloudRequestWhere(scope authz.Scope, f CloudRequestFilter) *filter {
	w := r.where(`1 = 1`)
	w.addIf(f.Before > 0, `q.id < ?`, f.Before)
	w.scope(scope, "q.unit_id")
	w.contains(strings.TrimSpace(f.Query), "s.name", "q.justification")
	eq(w, "q.unit_id", f.UnitID)
	eq(w, "q.status", string(f.Status))
	eq(w, "q.pool_id", f.PoolID)
	eq(w, "q.system_id", f.SystemID)
	return w
}

// CloudRequests lists the requests within scope, newest first. The scope comes from
// authz.ReadScope, so a unit user's query cannot return another unit's requests.
func (r Reader) CloudRequests(ctx context.Context, scope authz.Scope, f CloudRequestFilter) ([]*domain.CloudRequest, error) {
	return cloudRequests.list(ctx, r, "cloud requests", r.cloudRequestWhere(scope, f), ` ORDER BY q.id DESC`, f.Limit)
}

// CountCloudRequests counts the requests within scope that match f (Before and Limit ignored).
func (r Reader) CountCloudRequests(ctx context.Context, scope authz.Scope, f CloudRequestFilter) (int, error) {
	f.Before = 0
	return r.countWhere(ctx, "cloud requests", "cloud_requests q LEFT JOIN systems s ON s.id = q.system_id", r.cloudRequestWhere(scope, f))
}

// InsertCloudRequest stores a new request.
func (tx *Tx) InsertCloudRequest(ctx context.Context, c *domain.CloudRequest) error {
	return cloudRequests.insert(ctx, tx, c)
}

// UpdateCloudRequest saves c if its version is still c.Version (a stale one is a conflict).
func (tx *Tx) UpdateCloudRequest(ctx context.Context, c *domain.CloudRequest) error {
	return cloudRequests.update(ctx, tx, c, "")
}

// CloudUnitUse is what one unit holds of the government cloud: the sum granted to its approved
// (fully or partly) requests, across pools.
type CloudUnitUse struct {
	UnitID   int64                 `json:"unit_id"`
	UnitName string                `json:"unit_name"`
	Requests int                   `json:"requests"`
	Granted  domain.CloudResources `json:"granted"`
}

// CloudUnitUses sums the granted capacity per unit within scope, largest vCPU holders first.
func (r Reader) CloudUnitUses(ctx context.Context, scope authz.Scope) ([]CloudUnitUse, error) {
	w := r.where(`q.status IN (?, ?)`, string(domain.CloudApproved), string(domain.CloudPartiallyApproved))
	w.scope(scope, "q.unit_id")
	return list(ctx, r.q, "cloud use per unit", func(s rowScanner) (CloudUnitUse, error) {
		var u CloudUnitUse
		g := &u.Granted
		err := s.Scan(&u.UnitID, &u.UnitName, &u.Requests, &g.VCPU, &g.MemoryGiB, &g.StorageGiB, &g.BandwidthMbps, &g.PublicIPs)
		return u, err
	}, `SELECT q.unit_id, COALESCE(n.name, ''), count(*),
		CAST(SUM(q.grant_vcpu) AS BIGINT), CAST(SUM(q.grant_memory_gib) AS BIGINT), CAST(SUM(q.grant_storage_gib) AS BIGINT),
		CAST(SUM(q.grant_bandwidth_mbps) AS BIGINT), CAST(SUM(q.grant_public_ips) AS BIGINT)
		FROM cloud_requests q LEFT JOIN units n ON n.id = q.unit_id`, w, `
		GROUP BY q.unit_id, n.name ORDER BY 4 DESC, q.unit_id`, 0)
}

// CloudGrantedByPool sums what approved requests hold per pool: the books the pools' alloc_*
// columns must agree with (a consistency check for tests and the demo).
func (r Reader) CloudGrantedByPool(ctx context.Context) (map[int64]domain.CloudResources, error) {
	out := map[int64]domain.CloudResources{}
	err := r.eachRow(ctx, "cloud granted per pool", func(s rowScanner) error {
		var id int64
		var g domain.CloudResources
		err := s.Scan(&id, &g.VCPU, &g.MemoryGiB, &g.StorageGiB, &g.BandwidthMbps, &g.PublicIPs)
		out[id] = g
		return err
	}, `SELECT q.pool_id,
		CAST(SUM(q.grant_vcpu) AS BIGINT), CAST(SUM(q.grant_memory_gib) AS BIGINT), CAST(SUM(q.grant_storage_gib) AS BIGINT),
		CAST(SUM(q.grant_bandwidth_mbps) AS BIGINT), CAST(SUM(q.grant_public_ips) AS BIGINT)
		FROM cloud_requests q WHERE q.status IN (?, ?) GROUP BY q.pool_id`, string(domain.CloudApproved), string(domain.CloudPartiallyApproved))
	return out, err
}

// CountOpenCloudRequestsOfSystem counts the requests of unitID for the system that are still
// open (a draft, submitted, or holding capacity): those that would follow it to another unit.
func (r Reader) CountOpenCloudRequestsOfSystem(ctx context.Context, systemID, unitID int64) (int, error) {
	return r.count(ctx, "open cloud requests of system", `SELECT count(*) FROM cloud_requests WHERE system_id = ? AND unit_id = ? AND status IN (?, ?, ?, ?)`,
		systemID, unitID, string(domain.CloudDraft), string(domain.CloudSubmitted), string(domain.CloudApproved), string(domain.CloudPartiallyApproved))
}
