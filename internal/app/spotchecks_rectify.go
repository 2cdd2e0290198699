package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// CheckRectDays is the deadline, in working days, of the rectification notice a failed spot
// check opens (FLOW-4). The office may not change a numbered notice's deadline; a unit that
// needs longer answers with its plan and the office returns or accepts it.
const CheckRectDays = 10

// rectifyFromCheck is called by RecordSpotCheck, inside its transaction, after a check is saved
// as failed and before its audit record (FLOW-4: a requirement not, partly or improperly
// responded opens a rectification notice, 整改通知书). It opens the notice for the check's
// project with the failed requirements as its items (the inspector's comment as the problem
// found), numbered in the task books' sequence, due in CheckRectDays working days; at design
// it halts the project, at bidding and acceptance it tells the finance and audit bureaus
// (openRectification). The notice is the office's document: a check recorded by a drawn
// inspector who is not of the office is issued by the system on the office's behalf, the check
// named as its source. The check keeps the notice's id.
func (s *Service) rectifyFromCheck(ctx context.Context, tx *store.Tx, a domain.Actor, check *domain.SpotCheck) error {
	issuer := a
	if !a.Has(domain.RoleOffice) {
		issuer = SystemActor()
	}
	in := RectificationOpen{ProjectID: check.ProjectID, Source: domain.RectFromSpotCheck, SourceID: check.ID, Stage: check.Stage,
		DeadlineDays: CheckRectDays}
	for _, o := range check.Failed() {
		in.Items = append(in.Items, domain.RectItem{Clause: o.Clause, Outcome: domain.RectOutcome(o.Result), Problem: o.Comment})
	}
	x, err := s.openRectification(ctx, tx, issuer, in)
	if err != nil {
		return err
	}
	check.RectificationID = x.ID
	return tx.UpdateSpotCheck(ctx, check)
}
