package app

import (
	"context"
	"sync"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// SecurityEventLimits bound how many security events are written, so that a flood of refused
// requests cannot fill the disk: a token bucket per actor and address (Burst events at once,
// then one per Every) and a cap per day (in the district's time zone) over everything.
type SecurityEventLimits struct {
	Burst    int
	Every    time.Duration
	DailyCap int
}

// DefaultSecurityEventLimits: 20 at once and then one every 30 s per actor and address (at
// most 2,900 a day from one source), 5,000 a day in all (about 1 MB).
var DefaultSecurityEventLimits = SecurityEventLimits{Burst: 20, Every: 30 * time.Second, DailyCap: 5000}

// maxBuckets bounds the limiter's memory when events come from very many sources.
const maxBuckets = 10_000

type secBucket struct {
	tokens float64
	last   time.Time
}

// secLimiter decides which events are written. Its counts are per process; the daily count
// starts from what the database already holds for the day, so a restart does not reset it.
type secLimiter struct {
	lim       SecurityEventLimits
	mu        sync.Mutex
	buckets   map[string]*secBucket
	day       string
	dayLoaded bool
	dayCount  int
	pending   int64 // suppressed since the last event written
}

func newSecLimiter(l SecurityEventLimits) *secLimiter {
	if l.Burst <= 0 {
		l.Burst = DefaultSecurityEventLimits.Burst
	}
	if l.Every <= 0 {
		l.Every = DefaultSecurityEventLimits.Every
	}
	if l.DailyCap <= 0 {
		l.DailyCap = DefaultSecurityEventLimits.DailyCap
	}
	return &secLimiter{lim: l, buckets: map[string]*secBucket{}}
}

// RecordSecurityEvent writes e unless the limits suppress it (then it is counted, and the next
// event written carries the count). It never fails the request it describes: errors are
// logged. It reports whether e was written.
func (s *Service) RecordSecurityEvent(ctx context.Context, e *audit.SecurityEvent) bool {
	ctx = context.WithoutCancel(ctx)
	now := s.Now()
	e.At = now
	key := "ip:" + e.IP
	if e.ActorID != 0 {
		key = "u:" + id(e.ActorID) + "@" + e.IP
	}
	l := s.sec
	sup, ok := l.take(ctx, s, key, now)
	if !ok {
		return false
	}
	// Written outside the limiter's lock and with a deadline: a refused request must not wait
	// long behind another transaction (SQLite has one writer), nor hold up the others' checks.
	e.Suppressed = sup
	wctx, cancel := context.WithTimeout(ctx, securityEventWriteTimeout)
	defer cancel()
	if err := s.db.AddSecurityEvent(wctx, e); err != nil {
		s.log.Error("security event", "err", err, "kind", e.Kind, "route", e.Route)
		l.mu.Lock()
		l.pending += sup + 1
		l.dayCount--
		l.mu.Unlock()
		return false
	}
	return true
}

// securityEventWriteTimeout bounds how long a refused request waits to record its event; an
// event not written in time is counted as suppressed.
const securityEventWriteTimeout = 2 * time.Second

// take decides under the lock whether an event from key may be written now. If so it reserves
// its place under the daily cap and hands over the count of events suppressed since the last
// one written.
func (l *secLimiter) take(ctx context.Context, s *Service, key string, now time.Time) (suppressed int64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if day := now.In(i18n.Zone).Format(time.DateOnly); day != l.day {
		l.day, l.dayLoaded, l.dayCount = day, false, 0
	}
	if !l.dayLoaded {
		start, _ := time.ParseInLocation(time.DateOnly, l.day, i18n.Zone)
		n, err := s.db.Read().CountSecurityEventsSince(ctx, start)
		if err != nil {
			s.log.Error("security events: daily count", "err", err)
			l.pending++
			return 0, false
		}
		l.dayCount, l.dayLoaded = n, true
	}
	if l.dayCount >= l.lim.DailyCap {
		l.pending++
		return 0, false
	}
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		b = &secBucket{tokens: float64(l.lim.Burst), last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = min(float64(l.lim.Burst), b.tokens+float64(el)/float64(l.lim.Every))
		b.last = now
	}
	if b.tokens < 1 {
		l.pending++
		return 0, false
	}
	b.tokens--
	l.dayCount++
	suppressed, l.pending = l.pending, 0
	return suppressed, true
}

// sweep forgets the buckets that have refilled (they behave as new ones); if every source is
// still active, it forgets them all: the daily cap still holds.
func (l *secLimiter) sweep(now time.Time) {
	full := time.Duration(l.lim.Burst) * l.lim.Every
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxBuckets {
		clear(l.buckets)
	}
}

// SecurityEventsPending is the number of events suppressed since the last one written (this
// process); the next event written carries it.
func (s *Service) SecurityEventsPending() int64 {
	s.sec.mu.Lock()
	defer s.sec.mu.Unlock()
	return s.sec.pending
}

// SecurityEvents searches the security events (the audit admin's, like the audit log).
func (s *Service) SecurityEvents(ctx context.Context, a domain.Actor, f store.SecurityEventFilter) (Page[*audit.SecurityEvent], error) {
	if err := authz.Can(a, authz.AuditRead, authz.Resource{Kind: authz.KindAudit}); err != nil {
		return Page[*audit.SecurityEvent]{}, err
	}
	if f.Kind != "" && !validKind(f.Kind) {
		return Page[*audit.SecurityEvent]{}, domain.Invalid("kind", "err.security_event.kind")
	}
	limit := f.Limit
	f.Limit = plusOne(limit)
	es, err := s.db.Read().SecurityEvents(ctx, f)
	if err != nil {
		return Page[*audit.SecurityEvent]{}, err
	}
	return paginate(es, limit, func(x *audit.SecurityEvent) int64 { return x.ID }), nil
}

func validKind(k string) bool {
	for _, x := range audit.EventKinds {
		if x == k {
			return true
		}
	}
	return false
}
