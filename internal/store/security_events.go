package store

import (
	"context"
	"fmt"
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
	if err != nil {
		return fmt.Errorf("store: security event: %w", err)
	}
	return nil
}

// CountSecurityEventsSince counts the events written at or after t (the daily cap).
func (r Reader) CountSecurityEventsSince(ctx context.Context, t time.Time) (int, error) {
	var n int
	if err := r.row(ctx, `SELECT COUNT(*) FROM security_events WHERE at >= ?`, micros(t)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: security events: %w", err)
	}
	return n, nil
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
	s, args := logWindow(`SELECT id, at, actor_id, actor, ip, kind, method, route, target_type, target_id, status, suppressed FROM security_events WHERE 1 = 1`,
		f.Before, f.From, f.To, f.Actor)
	if f.IP != "" {
		s += ` AND ip = ?`
		args = append(args, strings.TrimSpace(f.IP))
	}
	if f.Kind != "" {
		s += ` AND kind = ?`
		args = append(args, f.Kind)
	}
	s += ` ORDER BY id DESC`
	if f.Limit > 0 {
		s += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := r.query(ctx, s, args...)
	if err != nil {
		return nil, fmt.Errorf("store: security events: %w", err)
	}
	defer rows.Close()
	var out []*audit.SecurityEvent
	for rows.Next() {
		var e audit.SecurityEvent
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.IP, &e.Kind, &e.Method, &e.Route, &e.TargetType, &e.TargetID, &e.Status, &e.Suppressed); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		out = append(out, &e)
	}
	return out, rows.Err()
}
