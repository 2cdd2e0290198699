package store

import (
	"context"
	"fmt"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

const poolCols = `p.id, p.name, p.description, p.vcpu, p.memory_gib, p.storage_gib, p.bandwidth_mbps, p.public_ips,
	p.alloc_vcpu, p.alloc_memory_gib, p.alloc_storage_gib, p.alloc_bandwidth_mbps, p.alloc_public_ips, p.version, p.created_at, p.updated_at`

var scanPool = scanner(func(p *domain.CloudPool) []any {
	c, a := &p.Capacity, &p.Allocated
	return []any{&p.ID, &p.Name, &p.Description, &c.VCPU, &c.MemoryGiB, &c.StorageGiB, &c.BandwidthMbps, &c.PublicIPs,
		&a.VCPU, &a.MemoryGiB, &a.StorageGiB, &a.BandwidthMbps, &a.PublicIPs, &p.Version, at(&p.CreatedAt), at(&p.UpdatedAt)}
})

// CloudPool loads one pool; domain.NotFound when there is none.
func (r Reader) CloudPool(ctx context.Context, id int64) (*domain.CloudPool, error) {
	return queryOne(ctx, r.q, "cloud pool", scanPool, `SELECT `+poolCols+` FROM cloud_pools p WHERE p.id = ?`, id)
}

// CloudPools lists every pool by name (a district has a handful).
func (r Reader) CloudPools(ctx context.Context) ([]*domain.CloudPool, error) {
	return queryAll(ctx, r.q, "cloud pools", scanPool, `SELECT `+poolCols+` FROM cloud_pools p ORDER BY p.id`)
}

// InsertCloudPool stores a new pool with nothing allocated.
func (tx *Tx) InsertCloudPool(ctx context.Context, p *domain.CloudPool) error {
	now := tx.Now()
	c := p.Capacity
	err := tx.row(ctx, `INSERT INTO cloud_pools (name, description, vcpu, memory_gib, storage_gib, bandwidth_mbps, public_ips, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		p.Name, p.Description, c.VCPU, c.MemoryGiB, c.StorageGiB, c.BandwidthMbps, c.PublicIPs, micros(now), micros(now)).Scan(&p.ID)
	if isUnique(err) {
		return domain.Invalid("name", "err.cloud.pool_name_taken", p.Name)
	}
	if err != nil {
		return fmt.Errorf("store: insert cloud pool: %w", err)
	}
	p.Allocated, p.Version, p.CreatedAt, p.UpdatedAt = domain.CloudResources{}, 1, now.UTC(), now.UTC()
	return nil
}

// UpdateCloudPool saves a pool's name, description and capacity if its version is still
// p.Version and the new capacity still holds what is allocated at this moment. The allocation
// is not taken from p: an approval may have committed since p was read, so the condition is
// checked by the UPDATE itself. A stale version is a conflict; a capacity below the allocation
// is a field error naming the dimension.
func (tx *Tx) UpdateCloudPool(ctx context.Context, p *domain.CloudPool) error {
	now := tx.Now()
	c := p.Capacity
	res, err := tx.exec(ctx, `UPDATE cloud_pools SET name = ?, description = ?, vcpu = ?, memory_gib = ?, storage_gib = ?, bandwidth_mbps = ?,
		public_ips = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ? AND alloc_vcpu <= ? AND alloc_memory_gib <= ? AND alloc_storage_gib <= ? AND alloc_bandwidth_mbps <= ? AND alloc_public_ips <= ?`,
		p.Name, p.Description, c.VCPU, c.MemoryGiB, c.StorageGiB, c.BandwidthMbps, c.PublicIPs, micros(now),
		p.ID, p.Version, c.VCPU, c.MemoryGiB, c.StorageGiB, c.BandwidthMbps, c.PublicIPs)
	if isUnique(err) {
		return domain.Invalid("name", "err.cloud.pool_name_taken", p.Name)
	}
	if err := checkOne(res, err); err != nil {
		if domain.ErrorCode(err) != domain.EConflict {
			return fmt.Errorf("store: update cloud pool %d: %w", p.ID, err)
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
	p.Version++
	p.UpdatedAt = now.UTC()
	return nil
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

const cloudReqCols = `q.id, q.unit_id, COALESCE(n.name, ''), q.system_id, COALESCE(s.name, ''), COALESCE(q.project_id, 0), q.pool_id, COALESCE(p.name, ''),
	q.req_vcpu, q.req_memory_gib, q.req_storage_gib, q.req_bandwidth_mbps, q.req_public_ips,
	q.grant_vcpu, q.grant_memory_gib, q.grant_storage_gib, q.grant_bandwidth_mbps, q.grant_public_ips,
	q.justification, q.period_start, q.period_end, q.status, q.decision_note, q.decided_at, q.version, q.created_at, q.updated_at`
const cloudReqFrom = ` FROM cloud_requests q LEFT JOIN units n ON n.id = q.unit_id LEFT JOIN systems s ON s.id = q.system_id
	LEFT JOIN cloud_pools p ON p.id = q.pool_id`

var scanCloudRequest = scanner(func(r *domain.CloudRequest) []any {
	q, g := &r.Requested, &r.Granted
	return []any{&r.ID, &r.UnitID, &r.UnitName, &r.SystemID, &r.SystemName, &r.ProjectID, &r.PoolID, &r.PoolName,
		&q.VCPU, &q.MemoryGiB, &q.StorageGiB, &q.BandwidthMbps, &q.PublicIPs,
		&g.VCPU, &g.MemoryGiB, &g.StorageGiB, &g.BandwidthMbps, &g.PublicIPs,
		&r.Justification, date(&r.PeriodStart), date(&r.PeriodEnd), text(&r.Status), &r.DecisionNote, at(&r.DecidedAt), &r.Version,
		at(&r.CreatedAt), at(&r.UpdatedAt)}
})

// CloudRequest loads one request; domain.NotFound when there is none.
func (r Reader) CloudRequest(ctx context.Context, id int64) (*domain.CloudRequest, error) {
	return queryOne(ctx, r.q, "cloud request", scanCloudRequest, `SELECT `+cloudReqCols+cloudReqFrom+` WHERE q.id = ?`, id)
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
	return list(ctx, r.q, "cloud requests", scanCloudRequest, `SELECT `+cloudReqCols+cloudReqFrom, r.cloudRequestWhere(scope, f), ` ORDER BY q.id DESC`, f.Limit)
}

// CountCloudRequests counts the requests within scope that match f (Before and Limit ignored).
func (r Reader) CountCloudRequests(ctx context.Context, scope authz.Scope, f CloudRequestFilter) (int, error) {
	f.Before = 0
	return r.countWhere(ctx, "cloud requests", "cloud_requests q LEFT JOIN systems s ON s.id = q.system_id", r.cloudRequestWhere(scope, f))
}

var cloudRequestRecord = newRecord("cloud_requests", []string{"unit_id"}, "system_id", "project_id", "pool_id",
	"req_vcpu", "req_memory_gib", "req_storage_gib", "req_bandwidth_mbps", "req_public_ips",
	"grant_vcpu", "grant_memory_gib", "grant_storage_gib", "grant_bandwidth_mbps", "grant_public_ips",
	"justification", "period_start", "period_end", "status", "decision_note", "decided_at")

func cloudRequestValues(c *domain.CloudRequest) []any {
	q, g := c.Requested, c.Granted
	return []any{c.SystemID, nullID(c.ProjectID), c.PoolID, q.VCPU, q.MemoryGiB, q.StorageGiB, q.BandwidthMbps, q.PublicIPs,
		g.VCPU, g.MemoryGiB, g.StorageGiB, g.BandwidthMbps, g.PublicIPs,
		c.Justification, fmtDate(c.PeriodStart), fmtDate(c.PeriodEnd), string(c.Status), c.DecisionNote, micros(c.DecidedAt)}
}

// InsertCloudRequest stores a new request.
func (tx *Tx) InsertCloudRequest(ctx context.Context, c *domain.CloudRequest) error {
	err := tx.insert(ctx, cloudRequestRecord, append([]any{c.UnitID}, cloudRequestValues(c)...), &c.ID, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	return wrap(err, "insert cloud request")
}

// UpdateCloudRequest saves c if its version is still c.Version (a stale one is a conflict).
func (tx *Tx) UpdateCloudRequest(ctx context.Context, c *domain.CloudRequest) error {
	return wrap(tx.update(ctx, cloudRequestRecord, cloudRequestValues(c), c.ID, &c.Version, &c.UpdatedAt), "update cloud request %d", c.ID)
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
