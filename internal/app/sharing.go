package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Sharing requests (国发〔2016〕51号): a unit asks another for one of its published 有条件共享
// catalog entries; the provider answers within Governance.SharingReplyDays working days, and an
// answer still missing after its due date is escalated, once, to the provider's 责任人 and the
// info office (EscalateOverdueSharing, run by the server every hour and by `archgov escalate`).
// Both units and the office read a request; each side takes only its own steps (authz.Exchange).

func sharingRes(r *domain.SharingRequest) authz.Resource {
	return authz.Exchange(authz.KindSharing, r.ID, r.ProviderUnitID, r.RequesterUnitID)
}

var sharingType = recordType[domain.SharingRequest]{entity: "sharing", kind: authz.KindSharing, read: authz.SharingRead, res: sharingRes,
	load: store.Reader.SharingRequest, insert: (*store.Tx).InsertSharingRequest, update: (*store.Tx).UpdateSharingRequest,
	key: func(r *domain.SharingRequest) (int64, int64) { return r.ID, r.Version }}

// SharingRequests lists the requests in the actor's scope (made or to be answered by its units,
// all for the office), newest first.
func (s *Service) SharingRequests(ctx context.Context, a domain.Actor, f store.SharingFilter) (Page[*domain.SharingRequest], error) {
	return sharingType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.SharingRequest, error) { return s.db.Read().SharingRequests(ctx, sc, f) })
}

// CountSharingRequests counts the requests in the actor's scope that match f (for to-do lists).
func (s *Service) CountSharingRequests(ctx context.Context, a domain.Actor, f store.SharingFilter) (int, error) {
	return sharingType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountSharingRequests(ctx, sc, f) })
}

// SharingRequest returns one request; a request of two other units answers not found.
func (s *Service) SharingRequest(ctx context.Context, a domain.Actor, reqID int64) (*domain.SharingRequest, error) {
	return sharingType.get(ctx, s.db.Read(), a, reqID)
}

// SharingHistory is the request's audit trail, for whoever may see the request.
func (s *Service) SharingHistory(ctx context.Context, a domain.Actor, reqID int64) ([]*audit.Record, error) {
	return s.history(ctx, "sharing", reqID, seen(s.SharingRequest(ctx, a, reqID)))
}

// SharingRequesterUnits lists the units in which the actor may request sharing (its 责任人 and
// 联系人 grants), for the form's choice of the requesting unit.
func SharingRequesterUnits(a domain.Actor) []int64 {
	var out []int64
	for _, g := range a.Grants {
		if (g.Role == domain.RoleUnitHead || g.Role == domain.RoleUnitContact) && !slices.Contains(out, g.UnitID) &&
			authz.Can(a, authz.SharingCreate, authz.Exchange(authz.KindSharing, 0, 0, g.UnitID)) == nil {
			out = append(out, g.UnitID)
		}
	}
	return out
}

// CreateSharingRequest submits a request of unit r.RequesterUnitID for entry r.EntryID. The
// provider comes from the entry; the day of receipt is today and the due date that day plus
// the reply period in working days. Only the operator at the command line may give an earlier
// day of receipt (r.SubmittedOn), to record requests received on paper before the platform.
func (s *Service) CreateSharingRequest(ctx context.Context, a domain.Actor, r *domain.SharingRequest) error {
	if err := mayOpen(a, authz.KindSharing, authz.SharingCreate, "requester_unit_id", r.RequesterUnitID); err != nil {
		return err
	}
	received := r.SubmittedOn
	r.ID, r.Status, r.AnsweredAt, r.EscalatedAt = 0, domain.SharingSubmitted, time.Time{}, time.Time{}
	r.Scope, r.ScopeItems, r.ValidUntil, r.RefusalReason = "", []string{}, time.Time{}, ""
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		requester, err := activeUnit(ctx, tx, "requester_unit_id", r.RequesterUnitID)
		if err != nil {
			return err
		}
		c, err := tx.CatalogEntry(ctx, r.EntryID)
		if err == nil {
			err = authz.Can(a, authz.CatalogRead, catalogResource(c))
		}
		if err != nil {
			return err // another unit's draft is as absent as a missing entry: 404
		}
		if err := domain.CheckSharable(c, r.RequesterUnitID, r.Items); err != nil {
			return err
		}
		day := today(tx)
		if r.SystemID != 0 {
			sys, err := tx.System(ctx, r.SystemID)
			if err != nil || sys.UnitID != r.RequesterUnitID {
				return domain.Invalid("system_id", "err.sharing.system_not_of_unit")
			}
			r.SystemName = sys.Name
		}
		if !r.UseUntil.IsZero() {
			if r.UseUntil = domain.Day(r.UseUntil); r.UseUntil.Before(day) {
				return domain.Invalid("use_until", "err.sharing.use_until_past")
			}
		}
		if !a.System || received.IsZero() || received.After(day) {
			received = day
		}
		g, _, err := governanceTx(ctx, tx)
		if err != nil {
			return err
		}
		r.ProviderUnitID, r.ProviderName, r.EntryName, r.EntryCode = c.ProviderUnitID, c.ProviderName, c.Name, c.Code
		r.SubmittedOn, r.DueDate = domain.Day(received), g.AddWorkdays(received, g.SharingReplyDays)
		if err := sharingType.add(ctx, tx, a, r); err != nil {
			return err
		}
		return s.notifyUnitsAndOffice(ctx, tx, []int64{r.ProviderUnitID}, false, "sharing_received", "sharing", r.ID, sharingLink(r.ID),
			requester.Name, r.EntryName, r.DueDate.Format("2006-01-02"))
	})
}

// sharingSides says on which sides the actor acts on r (for domain.SharingFlow).
func sharingSides(a domain.Actor, r *domain.SharingRequest) []domain.SharingActor {
	return exchangeSides(a, r.RequesterUnitID, domain.ShareByRequester, r.ProviderUnitID, domain.ShareByProvider)
}

func sharingStepAction(act domain.SharingAction) authz.Action {
	if act.Answers() {
		return authz.SharingAnswer
	}
	return authz.SharingWithdraw
}

// SharingSteps lists the steps the actor may take on r now (for buttons).
func (s *Service) SharingSteps(a domain.Actor, r *domain.SharingRequest) []domain.SharingAction {
	return permitted(a, sharingRes(r), domain.SharingFlow.Available(r.Status, sharingSides(a, r), nil), sharingStepAction)
}

// SharingStep is one step with what it needs: an approval its scope (and optionally the items
// approved and an end date), a refusal its reason.
type SharingStep struct {
	Version    int64                `json:"version"`
	Action     domain.SharingAction `json:"action"`
	Scope      string               `json:"scope"`
	ScopeItems []string             `json:"scope_items"`
	ValidUntil *time.Time           `json:"valid_until"`
	Reason     string               `json:"refusal_reason"`
}

// AnswerSharingRequest is the provider's answer: approve with a scope or refuse with a reason.
func (s *Service) AnswerSharingRequest(ctx context.Context, a domain.Actor, reqID int64, st SharingStep) (*domain.SharingRequest, error) {
	if !st.Action.Answers() {
		return nil, domain.Invalid("action", "err.enum")
	}
	return s.stepSharing(ctx, a, reqID, st)
}

// WithdrawSharingRequest is the requester taking its request back before it is answered.
func (s *Service) WithdrawSharingRequest(ctx context.Context, a domain.Actor, reqID, version int64) (*domain.SharingRequest, error) {
	return s.stepSharing(ctx, a, reqID, SharingStep{Version: version, Action: domain.SharingWithdraw})
}

// stepSharing takes one step: visibility (404), the side's permission (403), the version and
// the transition table (409), the answer's content (422); saved and audited in one transaction.
func (s *Service) stepSharing(ctx context.Context, a domain.Actor, reqID int64, st SharingStep) (*domain.SharingRequest, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.SharingRequest, error) {
		allow := sharingType.may(a, authz.SharingRead, sharingStepAction(st.Action))
		return sharingType.change(ctx, tx, a, reqID, st.Version, allow, func(r, _ *domain.SharingRequest) (string, string, error) {
			next, err := domain.SharingFlow.Next(r.Status, st.Action, sharingSides(a, r), "", nil)
			if err != nil {
				return "", "", err
			}
			if st.Action.Answers() {
				c, err := tx.CatalogEntry(ctx, r.EntryID)
				if err != nil {
					return "", "", err
				}
				ans := domain.SharingAnswer{Scope: st.Scope, ScopeItems: st.ScopeItems, Reason: st.Reason}
				if st.ValidUntil != nil {
					ans.ValidUntil = *st.ValidUntil
				}
				if err := domain.DecideSharing(r, c, st.Action, ans, today(tx)); err != nil {
					return "", "", err
				}
				r.AnsweredAt = tx.Now()
			}
			r.Status = next
			return string(st.Action), "", nil
		})
	})
}

// EscalateOverdueSharing escalates each unanswered request whose due date is before today (the
// date of now in the district): it is marked escalated at now, which puts it on the to-do lists
// of the provider's 责任人 and the info office, and the audit log gets one sharing.escalate
// record by the system naming the provider and its 责任人. A request is escalated exactly once: the mark is
// set by a conditional UPDATE, so a second run, or two at the same time, find nothing to do.
func (s *Service) EscalateOverdueSharing(ctx context.Context, now time.Time) (int, error) {
	return escalateOverdue(ctx, s, now, func(tx *store.Tx, day time.Time) ([]int64, error) {
		return tx.OverdueSharingToEscalate(ctx, day)
	}, func(tx *store.Tx, rid int64, day time.Time) (bool, error) {
		return tx.EscalateSharing(ctx, rid, day, now)
	}, func(tx *store.Tx, rid int64) error {
		r, err := tx.SharingRequest(ctx, rid)
		if err != nil {
			return err
		}
		head := ""
		if u, err := tx.Unit(ctx, r.ProviderUnitID); err == nil {
			head = u.HeadName
		}
		err = record(ctx, tx, SystemActor(), event{action: "sharing.escalate", entityType: "sharing", entityID: id(rid),
			changes: audit.Fields("escalated_at", nil, now.UTC(), "due_date", nil, r.DueDate.Format("2006-01-02"),
				"provider_name", nil, r.ProviderName, "provider_head", nil, head)})
		if err != nil {
			return err
		}
		return s.notifyUnitsAndOffice(ctx, tx, []int64{r.ProviderUnitID}, true, "sharing_escalated", "sharing", rid, sharingLink(rid),
			r.ProviderName, r.RequesterName, r.EntryName, r.DueDate.Format("2006-01-02"))
	})
}

// sharingLink is a sharing request's page, the link of its notifications.
func sharingLink(id int64) string { return "/sharing/" + strconv.FormatInt(id, 10) }
