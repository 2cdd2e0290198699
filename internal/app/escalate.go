package app

import (
	"context"
	"errors"
	"time"

	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// Escalated counts what one escalation run escalated, per kind of overdue answer.
type Escalated struct {
	Sharing  int `json:"sharing"`  // sharing requests (国发〔2016〕51号)
	Feedback int `json:"feedback"` // data-correction reports (SHR-R6)
	// Rectification notices the unit owes an answer past their deadline (FLOW-4).
	Rectification int `json:"rectification"`
}

// EscalateOverdue escalates every overdue answer of the district as of now: unanswered sharing
// requests (EscalateOverdueSharing), data-correction reports the provider owes a step on
// (EscalateOverdueFeedback) and rectification notices the unit owes an answer
// (EscalateOverdueRectifications). The server runs it at start and every hour, `archgov escalate`
// once; each kind is escalated exactly once per deadline however often it runs. One kind
// failing does not keep the other from being escalated.
func (s *Service) EscalateOverdue(ctx context.Context, now time.Time) (Escalated, error) {
	var out Escalated
	var errS, errF, errR error
	out.Sharing, errS = s.EscalateOverdueSharing(ctx, now)
	out.Feedback, errF = s.EscalateOverdueFeedback(ctx, now)
	out.Rectification, errR = s.EscalateOverdueRectifications(ctx, now)
	return out, errors.Join(errS, errF, errR)
}

// escalateOverdue is one kind's sweep, in one transaction: each record due lists (its answer
// past the deadline on the day of now in the district, not escalated yet) that mark escalates
// gets then (its audit record by the system, its notices). mark is a conditional UPDATE and
// says false when the record was answered, or escalated by another run, since due listed it:
// a record is escalated once per deadline. It returns how many it escalated.
func escalateOverdue[T any](ctx context.Context, s *Service, now time.Time, due func(*store.Tx, time.Time) ([]T, error),
	mark func(tx *store.Tx, x T, day time.Time) (bool, error), then func(*store.Tx, T) error) (int, error) {
	day := domain.Day(now.In(i18n.Zone))
	n := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		n = 0
		xs, err := due(tx, day)
		if err != nil {
			return err
		}
		for _, x := range xs {
			ok, err := mark(tx, x, day)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if err := then(tx, x); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
