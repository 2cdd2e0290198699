package store

import (
	"context"
	"strings"
	"time"

	"archgov/internal/audit"
)

// AddSecurityEvent writes one security event. It runs on its own, outside any use case's
// transaction: the refused request changed nothing.
func (db *DB) AddSecurityEvent(ctx context.Context, e *audit.SecurityEvent) error {
	if e.At.IsZero() {
		e.At = db.now()
	}
	_, err := db.w.ExecContext(ctx, db.Read().rebind(`INSERT INTO security_events (at, actor_id, actor, ip, kind, method, route, target_type, target_id, status, suppressed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		micros(e.At), e.ActorID, e.Actor, e.IP, e.Kind, e.Method, e.Route, e.TargetType, e.TargetID, e.Status, e.Suppressed)
	return wrap(err, "security event")
}

// CountSecurityEventsSince counts the events written at or after t (the daily cap).
func (r Reader) CountSecurityEventsSince(ctx context.Context, t time.Time) (int, error) {
	return r.count(ctx, "security events", `SELECT COUNT(*) FROM security_events WHERE at >= ?`, micros(t))
}

// SecurityEventFilter narrows a search of the security events.
type SecurityEventFilter struct {
	From, To time.Time
	Actor    string
	IP       string
	Kind     string
	Before   int64 // keyset cursor: newest first
	Limit    int
}

// SecurityEvents searches the security events, newest first.
func (r Reader) SecurityEvents(ctx context.Context, f SecurityEventFilter) ([]*audit.SecurityEvent, error) {
	w := r.logWindow(f.Before, f.From, f.To, f.Actor)
	w.addIf(f.IP != "", `ip = ?`, strings.TrimSpace(f.IP))
	eq(w, "kind", f.Kind)
	return list(ctx, r.q, "security events", func(s rowScanner) (*audit.SecurityEvent, error) {
		var e audit.SecurityEvent
		err := s.Scan(&e.ID, at(&e.At), &e.ActorID, &e.Actor, &e.IP, &e.Kind, &e.Method, &e.Route, &e.TargetType, &e.TargetID, &e.Status, &e.Suppressed)
		return &e, err
	}, `SELECT id, at, actor_id, actor, ip, kind, method, route, target_type, target_id, status, suppressed FROM security_events`, w, ` ORDER BY id DESC`, f.Limit)
}
