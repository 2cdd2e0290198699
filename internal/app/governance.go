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
	if err := authz.Can(a, authz.GovernanceUpdate, authz.Resource{Kind: authz.KindGovernance}); err != nil {
		return err
	}
	if err := g.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, v, err := governanceTx(ctx, tx)
		if err != nil {
			return err
		}
		if v != version {
			return domain.Conflict()
		}
		if err := tx.SaveSetting(ctx, settingGovernance, g, v); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "governance.update", entityType: "governance", entityID: settingGovernance,
			changes: audit.Diff(before, g, nil)})
	})
}
