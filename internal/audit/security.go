package audit

import "time"

// Kinds of security event.
const (
	EventForbidden = "forbidden" // 403: the actor may see the thing but not do this
	EventHidden    = "hidden"    // 404 given by authorization: the record exists, hidden from the actor
	EventNotFound  = "not_found" // 404 for anything else (e.g. an id that does not exist)
	EventCSRF      = "csrf"      // a state change without the session's CSRF token
	EventLockout   = "lockout"   // a login or second-factor attempt refused by a lockout
)

// EventKinds lists the kinds, for filters.
var EventKinds = []string{EventForbidden, EventHidden, EventNotFound, EventCSRF, EventLockout}

// SecurityEvent is one refused access (等保 2.0 §8.1.4.3: security events are audited). Events
// are not part of the hash chain: they are written rate-limited, and Suppressed says how many
// were dropped by the limits since the event written before this one.
type SecurityEvent struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"` // username; for a refused login, the name that was tried
	IP         string    `json:"ip"`
	Kind       string    `json:"kind"`
	Method     string    `json:"method"`
	Route      string    `json:"route"` // the route pattern, e.g. "GET /api/v1/systems/{id}"
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Status     int       `json:"status"`
	Suppressed int64     `json:"suppressed"`
}
