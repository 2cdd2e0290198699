package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// rectifyFromCheck is called by RecordSpotCheck, inside its transaction, after a check is saved
// as failed (FLOW-4: not, partly or improperly responding opens a rectification notice,
// 整改通知书). It does nothing yet: the integrator wires it to the rectification notices of the
// other slice of issue 10 — it will open a notice for check.UnitID with the failed requirements
// (check.Failed(): clause, result, comment) as its items, set check.RectificationID to the
// notice's id and save it (tx.UpdateSpotCheck at check.Version), and for a bidding or acceptance
// check notify the finance and audit bureaus, for a design check halt the project.
func (s *Service) rectifyFromCheck(ctx context.Context, tx *store.Tx, a domain.Actor, check *domain.SpotCheck) error {
	return nil
}
