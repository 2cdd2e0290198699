package app

import (
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
		domain.DefaultGovernance(), &g, g.Validate, version)
}

// updateSetting saves *x as the setting key (the governance settings, the security policy):
// the actor must be allowed act on kind, *x must be valid (422; valid may normalize it) and the
// setting still at the version the client saw (409; def is its value before it was ever saved).
// The change is audited as entity.update in the same transaction.
func updateSetting[T any](ctx context.Context, db *store.DB, a domain.Actor, act authz.Action, kind authz.Kind, key, entity string,
	def T, x *T, valid func() error, version int64) error {
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
		return record(ctx, tx, a, event{action: entity + ".update", entityType: entity, entityID: key, changes: audit.Diff(before, *x, nil)})
	})
}
