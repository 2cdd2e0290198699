package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// RuleDecision is a gate's decision on an application, as RuleDecisions lists them.
type RuleDecision = store.RuleDecision

// ApprovalWarnings are the rules the approval of an application would warn about now (issue
// 11): those enforced "warn" at the approve gate that the application violates, for the
// approve form to show them and ask for their acknowledgement (ProjectStep.AcknowledgeWarnings).
// It takes no step and keeps no decision: the gate decides again in the approval's
// transaction. For whoever may read the application (404 otherwise).
func (s *Service) ApprovalWarnings(ctx context.Context, a domain.Actor, projectID int64) ([]GateViolation, error) {
	vs, err := s.GateCheck(ctx, a, projectID, rules.GateApprove)
	var out []GateViolation
	for _, v := range vs {
		if v.Enforcement == rules.Warn {
			out = append(out, v)
		}
	}
	return out, err
}
