package app

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"archgov/internal/authz"
)

// The overviews' cache (issue 12: every dashboard p95 < 150 ms at city scale). The district's
// overview aggregates every register of the city; it is computed once per state of the
// database and kept: an entry is the overview of one read scope and one query as of one
// stamp —
//
//   - the tip of the audit chain (store.Reader.AuditHead: its id and hash). Every use case that
//     changes a record appends its audit record in the same transaction (record), and the rules
//     sweep audits itself once its transactions are committed (ruleset.sweep), so any committed
//     change moves the tip — whichever replica wrote it: the tip is read from the database on
//     every request (one row), never remembered, so several replicas on one PostgreSQL database
//     each serve only what matches the database as it is;
//   - the district's date (Service.Today): the overdue figures and the windows of the trends
//     count from today, and flip at midnight in the district without any change being written.
//
// The tip is read before the figures, so an entry holds figures at least as new as its stamp;
// a request is served an entry only when both parts of its own stamp are equal. The key is the
// viewer's whole read scope (authz.ReadScope of the systems: the units, the self and bureau
// flags) and the unit the view is narrowed to — what every figure is counted in — so viewers of
// different scopes never share an entry. Entries of other stamps are dropped when a new one is
// kept (the tip only moves forward), and at most dashCacheSize are kept (the least recently
// used go first). Concurrent requests for the same key and stamp compute once (the first
// computes, the others wait for it), so the requests that follow a change do not each add up
// the city. Each caller gets its own copy (Dashboard.clone).

// DefaultDashboardCache is how many overviews the service keeps when Options.DashboardCache is
// zero: the district's, its units narrowed to, the leaders' and the units' own.
const DefaultDashboardCache = 256

type dashKey struct {
	all     bool
	units   string // the scope's units, sorted, comma-separated
	self    int64
	bureaus bool
	unit    int64 // DashboardQuery.UnitID
}

func dashKeyOf(sc authz.Scope, q DashboardQuery) dashKey {
	ids := slices.Clone(sc.UnitIDs)
	slices.Sort(ids)
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return dashKey{all: sc.All, units: b.String(), self: sc.SelfID, bureaus: sc.Bureaus, unit: q.UnitID}
}

// dashStamp is the state of the database and the day an overview was computed for.
type dashStamp struct {
	head int64  // audit_head.last_id
	hash string // audit_head.last_hash
	day  string // Service.Today, 2006-01-02
}

type dashEntry struct {
	stamp dashStamp
	d     *Dashboard
	used  uint64
}

type dashFlightKey struct {
	key   dashKey
	stamp dashStamp
}

// dashFlight is one computation in progress, which the requests for the same key and stamp wait
// for.
type dashFlight struct {
	done chan struct{}
	d    *Dashboard
	err  error
}

type dashCache struct {
	size    int // ≤ 0: off
	mu      sync.Mutex
	tick    uint64
	entries map[dashKey]*dashEntry
	flights map[dashFlightKey]*dashFlight
}

func newDashCache(size int) *dashCache {
	return &dashCache{size: size, entries: map[dashKey]*dashEntry{}, flights: map[dashFlightKey]*dashFlight{}}
}

// get returns the overview of k as of st: the kept one, or the one compute gives (then kept).
// The overview returned is shared: the caller clones it.
func (c *dashCache) get(ctx context.Context, k dashKey, st dashStamp, compute func() (*Dashboard, error)) (*Dashboard, error) {
	if c.size <= 0 {
		return compute()
	}
	fk := dashFlightKey{k, st}
	c.mu.Lock()
	if e := c.entries[k]; e != nil && e.stamp == st {
		c.tick++
		e.used = c.tick
		c.mu.Unlock()
		return e.d, nil
	}
	if f := c.flights[fk]; f != nil {
		c.mu.Unlock()
		select {
		case <-f.done:
			if f.err == nil {
				return f.d, nil
			}
			return compute() // the first request failed (it may have been cancelled): ours computes
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &dashFlight{done: make(chan struct{})}
	c.flights[fk] = f
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.flights, fk)
		if f.err == nil && f.d != nil {
			c.keep(k, st, f.d)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.err = errDashPanicked // until compute returns
	f.d, f.err = compute()
	return f.d, f.err
}

// errDashPanicked is a computation's error until it returns: one that panicked is not kept, and
// the requests waiting for it compute their own.
var errDashPanicked = errors.New("app: the overview's computation did not return")

// keep stores d under k, dropping the entries of other stamps and, past the size, the least
// recently used. c.mu is held.
func (c *dashCache) keep(k dashKey, st dashStamp, d *Dashboard) {
	maps.DeleteFunc(c.entries, func(_ dashKey, e *dashEntry) bool { return e.stamp != st })
	c.tick++
	c.entries[k] = &dashEntry{stamp: st, d: d, used: c.tick}
	for len(c.entries) > c.size {
		var oldest dashKey
		var used uint64
		first := true
		for key, e := range c.entries {
			if first || e.used < used {
				oldest, used, first = key, e.used, false
			}
		}
		delete(c.entries, oldest)
	}
}

// dashStampOf is the stamp of the database as it is now and of today.
func (s *Service) dashStampOf(ctx context.Context, today time.Time) (dashStamp, error) {
	id, hash, err := s.db.Read().AuditHead(ctx)
	return dashStamp{head: id, hash: hash, day: today.Format(time.DateOnly)}, err
}

// clone is a deep copy of d: what a caller may change without touching the kept overview.
func (d *Dashboard) clone() *Dashboard {
	if d == nil {
		return nil
	}
	x := *d
	x.Units = slices.Clone(d.Units)
	x.Cards = slices.Clone(d.Cards)
	for i := range x.Cards {
		c := &x.Cards[i]
		c.Clauses = slices.Clone(c.Clauses)
		c.Of = clonePtr(c.Of)
		c.Rate = clonePtr(c.Rate)
		c.Days = clonePtr(c.Days)
		c.More = slices.Clone(c.More)
		c.Trend = clonePtr(c.Trend)
	}
	ch := &x.Charts
	ch.CloudTrend = slices.Clone(ch.CloudTrend)
	ch.RoomBurndown = slices.Clone(ch.RoomBurndown)
	ch.Funnel = slices.Clone(ch.Funnel)
	ch.Heat.Clauses = slices.Clone(ch.Heat.Clauses)
	ch.Heat.Units = slices.Clone(ch.Heat.Units)
	ch.Heat.Cells = slices.Clone(ch.Heat.Cells)
	ch.SpotChecks = slices.Clone(ch.SpotChecks)
	for i := range ch.SpotChecks {
		ch.SpotChecks[i].Outcomes = slices.Clone(ch.SpotChecks[i].Outcomes)
	}
	ch.Ranking = slices.Clone(ch.Ranking)
	for i, u := range ch.Ranking {
		v := *u
		v.Hrefs = maps.Clone(u.Hrefs)
		ch.Ranking[i] = &v
	}
	return &x
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
