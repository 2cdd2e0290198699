package app

import (
	"archgov/internal/rules"
	"context"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

const settingGovernance = "governance"

// Governance returns the governance settings in force and their version (0: the defaults,
// never saved). Every government user may read them: deadlines shown on a page come from here.
func (s *Service) Governance(ctx context.Context) (domain.Governance, int64, error) {
	g := domain.DefaultGovernance()
	v, _, err := s.db.Read().Setting(ctx, settingGovernance, &g)
	return g, v, err
}

// governanceTx reads the settings inside a transaction, for use cases whose decision depends
// on them (a room's deadline, a website's registration deadline).
func governanceTx(ctx context.Context, tx *store.Tx) (domain.Governance, int64, error) {
	g := domain.DefaultGovernance()
	v, _, err := tx.Setting(ctx, settingGovernance, &g)
	return g, v, err
}

// UpdateGovernance saves new governance settings (the info office).
func (s *Service) UpdateGovernance(ctx context.Context, a domain.Actor, g domain.Governance, version int64) error {
	return updateSetting(ctx, s.db, a, authz.GovernanceUpdate, authz.KindGovernance, settingGovernance, "governance",
		domain.DefaultGovernance(), &g, g.Validate, version, func(tx *store.Tx) error {
			// The deadlines the rules read changed (ENV-R3, PTL-R3): the rooms' and websites' findings follow.
			if err := refreshAll(ctx, tx, rules.KindMachineRoom); err != nil {
				return err
			}
			return refreshAll(ctx, tx, rules.KindWebsite)
		})
}

// updateSetting saves *x as the setting key (the governance settings, the security policy):
// the actor must be allowed act on kind, *x must be valid (422; valid may normalize it) and the
// setting still at the version the client saw (409; def is its value before it was ever saved).
// The change is audited as entity.update in the same transaction.
func updateSetting[T any](ctx context.Context, db *store.DB, a domain.Actor, act authz.Action, kind authz.Kind, key, entity string,
	def T, x *T, valid func() error, version int64, then ...func(*store.Tx) error) error {
	if err := authz.Can(a, act, authz.Resource{Kind: kind}); err != nil {
		return err
	}
	if err := valid(); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		before := def
		v, _, err := tx.Setting(ctx, key, &before)
		if err != nil {
			return err
		}
		if v != version {
			return domain.Conflict()
		}
		if err := tx.SaveSetting(ctx, key, *x, v); err != nil {
			return err
		}
		for _, fn := range then {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, event{action: entity + ".update", entityType: entity, entityID: key, changes: audit.Diff(before, *x, nil)})
	})
}

// NextDocNumber gives the next number of the documents the office issues in year (发文字号,
// FLOW-3: the task books), with the 机关代字 of the governance settings: 相信办〔2026〕12号.
// It runs in the caller's transaction — the use case issuing the document, which authorizes
// and audits it — so the numbers of a year are sequential in commit order, never handed out
// twice even when documents are issued at once, and a document that is not issued (its
// transaction rolls back) leaves no gap.
func (s *Service) NextDocNumber(ctx context.Context, tx *store.Tx, year int) (domain.DocNumber, error) {
	g, _, err := governanceTx(ctx, tx)
	if err != nil {
		return domain.DocNumber{}, err
	}
	seq, err := tx.NextDocNumber(ctx, year)
	if err != nil {
		return domain.DocNumber{}, err
	}
	return domain.DocNumber{Prefix: g.DocNumberPrefix, Year: year, Seq: seq}, nil
}

// DocNumberPreview is the number the next document of this year would get with the settings in
// force (the settings page shows it; issuing allocates the real one).
func (s *Service) DocNumberPreview(ctx context.Context) (domain.DocNumber, error) {
	g, _, err := s.Governance(ctx)
	if err != nil {
		return domain.DocNumber{}, err
	}
	year := s.Today().Year()
	last, err := s.db.Read().LastDocNumber(ctx, year)
	return domain.DocNumber{Prefix: g.DocNumberPrefix, Year: year, Seq: last + 1}, err
}
