package app

import (
	"context"
	"errors"
	"time"
)

// Escalated counts what one escalation run escalated, per kind of overdue answer.
type Escalated struct {
	Sharing  int `json:"sharing"`  // sharing requests (国发〔2016〕51号)
	Feedback int `json:"feedback"` // data-correction reports (SHR-R6)
}

// EscalateOverdue escalates every overdue answer of the district as of now: unanswered sharing
// requests (EscalateOverdueSharing) and data-correction reports the provider owes a step on
// (EscalateOverdueFeedback). The server runs it at start and every hour, `archgov escalate`
// once; each kind is escalated exactly once per deadline however often it runs. One kind
// failing does not keep the other from being escalated.
func (s *Service) EscalateOverdue(ctx context.Context, now time.Time) (Escalated, error) {
	var out Escalated
	var errS, errF error
	out.Sharing, errS = s.EscalateOverdueSharing(ctx, now)
	out.Feedback, errF = s.EscalateOverdueFeedback(ctx, now)
	return out, errors.Join(errS, errF)
}
