package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// DuplicatesInTx runs the check as the submission gate does, inside a transaction (rolled
// back: the check writes nothing).
func DuplicatesInTx(s *Service, ctx context.Context, p domain.Proposal, limit int) (*domain.DupResult, error) {
	var out *domain.DupResult
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.duplicatesTx(ctx, tx, p, limit)
		return err
	})
	return out, err
}
