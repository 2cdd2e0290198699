package app

import (
	"context"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func mediaRes(m *domain.MediaAccount) authz.Resource {
	return authz.Registry(authz.KindMedia, m.ID, m.UnitID)
}

// MediaAccounts lists the new-media accounts in the actor's scope.
func (s *Service) MediaAccounts(ctx context.Context, a domain.Actor, f store.MediaFilter) (Page[*domain.MediaAccount], error) {
	if err := authz.Can(a, authz.MediaRead, authz.Resource{Kind: authz.KindMedia}); err != nil {
		return Page[*domain.MediaAccount]{}, err
	}
	limit := f.Limit
	f.Limit = plusOne(limit)
	ms, err := s.db.Read().MediaAccounts(ctx, authz.ReadScope(a, authz.KindMedia), f)
	if err != nil {
		return Page[*domain.MediaAccount]{}, err
	}
	return paginate(ms, limit, func(x *domain.MediaAccount) int64 { return x.ID }), nil
}

// CountMediaAccounts counts the accounts in the actor's scope that match f (for to-do lists).
func (s *Service) CountMediaAccounts(ctx context.Context, a domain.Actor, f store.MediaFilter) (int, error) {
	if err := authz.Can(a, authz.MediaRead, authz.Resource{Kind: authz.KindMedia}); err != nil {
		return 0, err
	}
	return s.db.Read().CountMediaAccounts(ctx, authz.ReadScope(a, authz.KindMedia), f)
}

// MediaAccount returns one account; another unit's answers not found.
func (s *Service) MediaAccount(ctx context.Context, a domain.Actor, id int64) (*domain.MediaAccount, error) {
	m, err := s.db.Read().MediaAccount(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := authz.Can(a, authz.MediaRead, mediaRes(m)); err != nil {
		return nil, err
	}
	return m, nil
}

func checkSiteMediaUnit(ctx context.Context, tx *store.Tx, a domain.Actor, unitID int64) error {
	if err := authz.Can(a, authz.MediaCreate, authz.Resource{Kind: authz.KindMedia, UnitID: unitID}); err != nil {
		return domain.Invalid("unit_id", "err.media.unit_not_yours")
	}
	if unit, err := tx.Unit(ctx, unitID); err != nil || !unit.Active {
		return domain.Invalid("unit_id", "err.unit.missing")
	}
	return nil
}

// checkMediaSystem checks the system an account serves, as for a website: it exists, the actor
// may see it, and it belongs to the account's unit. A link the account already has, in the same
// unit, is not checked again. Another unit's system answers as one that does not exist.
func checkMediaSystem(ctx context.Context, tx *store.Tx, a domain.Actor, m, before *domain.MediaAccount) error {
	if m.SystemID == 0 || before != nil && m.SystemID == before.SystemID && m.UnitID == before.UnitID {
		return nil
	}
	sys, err := tx.System(ctx, m.SystemID)
	if err != nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil {
		return domain.Invalid("system_id", "err.website.system")
	}
	if sys.UnitID != m.UnitID {
		return domain.Invalid("system_id", "err.website.system_unit")
	}
	// As for a cloud request: a move of the system racing with this link is ordered by it.
	return tx.LockSystem(ctx, sys.ID, sys.Version)
}

// CreateMediaAccount registers an account for a unit. It starts undecided.
func (s *Service) CreateMediaAccount(ctx context.Context, a domain.Actor, m *domain.MediaAccount) error {
	if err := authz.Can(a, authz.MediaCreate, authz.Resource{Kind: authz.KindMedia, UnitID: m.UnitID}); err != nil {
		return err
	}
	m.ID, m.Status, m.Decision, m.MergeInto, m.DecisionNote, m.DoneDate = 0, domain.MediaUndecided, "", 0, "", time.Time{}
	if err := m.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := checkSiteMediaUnit(ctx, tx, a, m.UnitID); err != nil {
			return err
		}
		if err := checkMediaSystem(ctx, tx, a, m, nil); err != nil {
			return err
		}
		if err := tx.InsertMediaAccount(ctx, m); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "media.create", entityType: "media", entityID: id(m.ID), changes: audit.Diff(nil, m, nil)})
	})
}

// MediaEdit is a change of an account's registry fields (not its decision). Nil fields stay.
type MediaEdit struct {
	Version   int64             `json:"version"`
	Kind      *domain.MediaKind `json:"kind"`
	Name      *string           `json:"name"`
	AccountID *string           `json:"account_id"`
	UnitID    *int64            `json:"unit_id"`
	Topic     *string           `json:"topic"`
	SystemID  *int64            `json:"system_id"` // 0 for none
}

// Apply copies the set fields onto m.
func (e MediaEdit) Apply(m *domain.MediaAccount) {
	set(&m.Kind, e.Kind)
	set(&m.Name, e.Name)
	set(&m.AccountID, e.AccountID)
	set(&m.UnitID, e.UnitID)
	set(&m.Topic, e.Topic)
	set(&m.SystemID, e.SystemID)
}

// UpdateMediaAccount saves an edit. A kind change must keep a merge decision possible.
func (s *Service) UpdateMediaAccount(ctx context.Context, a domain.Actor, mID int64, e MediaEdit) (*domain.MediaAccount, error) {
	var out *domain.MediaAccount
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := tx.MediaAccount(ctx, mID)
		if err != nil {
			return err
		}
		if err := authz.Can(a, authz.MediaUpdate, mediaRes(m)); err != nil {
			return err
		}
		if e.Version != m.Version {
			return domain.Conflict()
		}
		before := *m
		e.Apply(m)
		if err := m.Validate(); err != nil {
			return err
		}
		if m.UnitID != before.UnitID {
			if err := checkSiteMediaUnit(ctx, tx, a, m.UnitID); err != nil {
				return err
			}
		}
		if err := checkMediaSystem(ctx, tx, a, m, &before); err != nil {
			return err
		}
		if m.Kind != before.Kind {
			// The merges it takes part in must stay within one platform, both ways.
			if m.MergeInto != 0 {
				if t, err := tx.MediaAccount(ctx, m.MergeInto); err == nil && !m.Kind.CanMergeInto(t.Kind) {
					return domain.Invalid("kind", "err.media.merge_family")
				}
			}
			targets, err := tx.MediaMergeTargets(ctx)
			if err != nil {
				return err
			}
			for from, to := range targets {
				if to != m.ID {
					continue
				}
				if src, err := tx.MediaAccount(ctx, from); err == nil && !src.Kind.CanMergeInto(m.Kind) {
					return domain.Invalid("kind", "err.media.merge_family")
				}
			}
		}
		if err := tx.UpdateMediaAccount(ctx, m); err != nil {
			return err
		}
		out = m
		return record(ctx, tx, a, event{action: "media.update", entityType: "media", entityID: id(m.ID), changes: audit.Diff(&before, m, nil)})
	})
	return out, err
}

// MediaSteps lists the consolidation steps the actor may take on m now (for buttons).
func (s *Service) MediaSteps(a domain.Actor, m *domain.MediaAccount) []domain.MediaAction {
	if authz.Can(a, authz.MediaTransition, mediaRes(m)) != nil {
		return nil
	}
	return domain.MediaFlow.Available(m.Status, unitActors(a, m.UnitID), "")
}

// MediaStep is one consolidation step with what it needs.
type MediaStep struct {
	Version   int64                `json:"version"`
	Action    domain.MediaAction   `json:"action"`
	Decision  domain.MediaDecision `json:"decision"`      // for propose and decide
	MergeInto int64                `json:"merge_into_id"` // for a merge decision: the account it goes into
	Note      string               `json:"note"`          // the reasons; kept with a decision, recorded in the audit log
}

// checkMediaTarget: the account merged into exists, the actor may see it, it is of a kind the
// account may merge into, it is not itself going away, and following merges from it does not
// come back (PTL-R4 consolidates into fewer accounts, never round in circles).
func checkMediaTarget(ctx context.Context, tx *store.Tx, a domain.Actor, m *domain.MediaAccount) error {
	if m.MergeInto == 0 {
		return domain.Invalid("merge_into_id", "err.media.merge_target")
	}
	if m.MergeInto == m.ID {
		return domain.Invalid("merge_into_id", "err.media.merge_self")
	}
	t, err := tx.MediaAccount(ctx, m.MergeInto)
	if err != nil || authz.Can(a, authz.MediaRead, mediaRes(t)) != nil {
		return domain.Invalid("merge_into_id", "err.media.merge_target")
	}
	if !m.Kind.CanMergeInto(t.Kind) {
		return domain.Invalid("merge_into_id", "err.media.merge_family")
	}
	if t.Decision == domain.DecideClose {
		return domain.Invalid("merge_into_id", "err.media.merge_closing", t.Name)
	}
	if err := tx.LockMerges(ctx, store.LockMediaMerges); err != nil {
		return err
	}
	targets, err := tx.MediaMergeTargets(ctx)
	if err != nil {
		return err
	}
	if domain.MergeCycle(m.ID, m.MergeInto, func(id int64) int64 { return targets[id] }) {
		return domain.Invalid("merge_into_id", "err.media.merge_cycle", t.Name)
	}
	return nil
}

// TransitionMedia takes one consolidation step (PTL-R4): the unit proposes, the office
// decides, either reports it done. The domain's table decides whether the step is legal.
func (s *Service) TransitionMedia(ctx context.Context, a domain.Actor, mID int64, st MediaStep) (*domain.MediaAccount, error) {
	var out *domain.MediaAccount
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := tx.MediaAccount(ctx, mID)
		if err != nil {
			return err
		}
		if err := authz.Can(a, authz.MediaTransition, mediaRes(m)); err != nil {
			return err
		}
		if st.Version != m.Version {
			return domain.Conflict()
		}
		next, err := domain.MediaFlow.Next(m.Status, st.Action, unitActors(a, m.UnitID), "", st.Decision)
		if err != nil {
			return err
		}
		before := *m
		note := truncate(strings.TrimSpace(st.Note), 1500) // held to 500 characters by Validate
		switch {
		case domain.StepCarriesDecision(st.Action):
			m.Decision, m.MergeInto, m.DecisionNote = st.Decision, 0, note
			if st.Decision == domain.DecideMerge {
				m.MergeInto = st.MergeInto
				if err := checkMediaTarget(ctx, tx, a, m); err != nil {
					return err
				}
			}
		case st.Action == domain.MediaReject || st.Action == domain.MediaReopen:
			m.Decision, m.MergeInto, m.DecisionNote = "", 0, ""
		case st.Action == domain.MediaComplete:
			m.DoneDate = siteToday(tx.Now())
		}
		m.Status = next
		if err := m.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateMediaAccount(ctx, m); err != nil {
			return err
		}
		out = m
		changes := audit.Diff(&before, m, nil)
		if note != "" && !domain.StepCarriesDecision(st.Action) {
			changes = audit.Diff(&before, &struct {
				*domain.MediaAccount
				Note string `json:"note"`
			}{m, note}, nil)
		}
		return record(ctx, tx, a, event{action: "media." + string(st.Action), entityType: "media", entityID: id(m.ID), changes: changes})
	})
	return out, err
}

// MediaHistory is the account's audit trail, for whoever may see the account.
func (s *Service) MediaHistory(ctx context.Context, a domain.Actor, mID int64) ([]*audit.Record, error) {
	return s.history(ctx, "media", mID, seen(s.MediaAccount(ctx, a, mID)))
}
