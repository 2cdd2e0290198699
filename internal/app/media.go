package app

import (
	"archgov/internal/rules"
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

var mediaType = recordType[domain.MediaAccount]{subject: rules.KindMedia, affected: mediaOfUnit, entity: "media", kind: authz.KindMedia, read: authz.MediaRead, res: mediaRes,
	load: store.Reader.MediaAccount, insert: (*store.Tx).InsertMediaAccount, update: (*store.Tx).UpdateMediaAccount,
	key:     func(m *domain.MediaAccount) (int64, int64) { return m.ID, m.Version },
	creates: authz.MediaCreate, valid: (*domain.MediaAccount).Validate,
	fresh: func(m *domain.MediaAccount) {
		m.ID, m.Status, m.Decision, m.MergeInto, m.DecisionNote, m.DoneDate = 0, domain.MediaUndecided, "", 0, "", time.Time{}
	}}

// MediaAccounts lists the new-media accounts in the actor's scope.
func (s *Service) MediaAccounts(ctx context.Context, a domain.Actor, f store.MediaFilter) (Page[*domain.MediaAccount], error) {
	return mediaType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.MediaAccount, error) { return s.db.Read().MediaAccounts(ctx, sc, f) })
}

// CountMediaAccounts counts the accounts in the actor's scope that match f (for to-do lists).
func (s *Service) CountMediaAccounts(ctx context.Context, a domain.Actor, f store.MediaFilter) (int, error) {
	return mediaType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountMediaAccounts(ctx, sc, f) })
}

// MediaAccount returns one account; another unit's answers not found.
func (s *Service) MediaAccount(ctx context.Context, a domain.Actor, id int64) (*domain.MediaAccount, error) {
	return mediaType.get(ctx, s.db.Read(), a, id)
}

// checkMediaLinks checks the unit of a new or moved account and the system it serves, as for
// a website (checkWebsiteLinks).
func checkMediaLinks(ctx context.Context, tx *store.Tx, a domain.Actor, m, before *domain.MediaAccount) error {
	if before == nil || m.UnitID != before.UnitID {
		if _, err := unitFor(ctx, tx, a, authz.MediaCreate, authz.KindMedia, m.UnitID, "err.media.unit_not_yours"); err != nil {
			return err
		}
	}
	return checkLinkedSystem(ctx, tx, a, m.UnitID, m.SystemID, before != nil && m.SystemID == before.SystemID && m.UnitID == before.UnitID)
}

// CreateMediaAccount registers an account for a unit. It starts undecided.
func (s *Service) CreateMediaAccount(ctx context.Context, a domain.Actor, m *domain.MediaAccount) error {
	return mediaType.create(ctx, s.db, a, m.UnitID, m, func(tx *store.Tx) error { return checkMediaLinks(ctx, tx, a, m, nil) })
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
func (e MediaEdit) Apply(m *domain.MediaAccount) { patch(m, e) }

// UpdateMediaAccount saves an edit. A kind change must keep a merge decision possible.
func (s *Service) UpdateMediaAccount(ctx context.Context, a domain.Actor, mID int64, e MediaEdit) (*domain.MediaAccount, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.MediaAccount, error) {
		return mediaType.change(ctx, tx, a, mID, e.Version, mediaType.may(a, authz.MediaUpdate), func(m, before *domain.MediaAccount) (string, string, error) {
			e.Apply(m)
			if err := m.Validate(); err != nil {
				return "", "", err
			}
			if err := checkMediaLinks(ctx, tx, a, m, before); err != nil {
				return "", "", err
			}
			if m.Kind != before.Kind {
				// The merges it takes part in must stay within one platform, both ways.
				if m.MergeInto != 0 {
					if t, err := tx.MediaAccount(ctx, m.MergeInto); err == nil && !m.Kind.CanMergeInto(t.Kind) {
						return "", "", domain.Invalid("kind", "err.media.merge_family")
					}
				}
				targets, err := tx.MediaMergeTargets(ctx)
				if err != nil {
					return "", "", err
				}
				for from, to := range targets {
					if to != m.ID {
						continue
					}
					if src, err := tx.MediaAccount(ctx, from); err == nil && !src.Kind.CanMergeInto(m.Kind) {
						return "", "", domain.Invalid("kind", "err.media.merge_family")
					}
				}
			}
			return "update", "", nil
		})
	})
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
	if cycle, err := mergeCycle(ctx, tx, store.LockMediaMerges, tx.MediaMergeTargets, m.ID, m.MergeInto); err != nil || !cycle {
		return err
	}
	return domain.Invalid("merge_into_id", "err.media.merge_cycle", t.Name)
}

// TransitionMedia takes one consolidation step (PTL-R4): the unit proposes, the office
// decides, either reports it done. The domain's table decides whether the step is legal.
func (s *Service) TransitionMedia(ctx context.Context, a domain.Actor, mID int64, st MediaStep) (*domain.MediaAccount, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.MediaAccount, error) {
		return mediaType.change(ctx, tx, a, mID, st.Version, mediaType.may(a, authz.MediaTransition), func(m, _ *domain.MediaAccount) (string, string, error) {
			next, err := domain.MediaFlow.Next(m.Status, st.Action, unitActors(a, m.UnitID), "", st.Decision)
			if err != nil {
				return "", "", err
			}
			note := truncate(strings.TrimSpace(st.Note), 1500) // held to 500 characters by Validate
			switch {
			case domain.StepCarriesDecision(st.Action):
				m.Decision, m.MergeInto, m.DecisionNote = st.Decision, 0, note
				note = "" // kept with the decision
				if st.Decision == domain.DecideMerge {
					m.MergeInto = st.MergeInto
					if err := checkMediaTarget(ctx, tx, a, m); err != nil {
						return "", "", err
					}
				}
			case st.Action == domain.MediaReject || st.Action == domain.MediaReopen:
				m.Decision, m.MergeInto, m.DecisionNote = "", 0, ""
			case st.Action == domain.MediaComplete:
				m.DoneDate = dayOf(tx.Now())
			}
			m.Status = next
			return string(st.Action), note, m.Validate()
		})
	})
}

// MediaHistory is the account's audit trail, for whoever may see the account.
func (s *Service) MediaHistory(ctx context.Context, a domain.Actor, mID int64) ([]*audit.Record, error) {
	return s.history(ctx, "media", mID, seen(s.MediaAccount(ctx, a, mID)))
}
