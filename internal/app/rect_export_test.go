package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// OpenRectificationTx runs the in-transaction opener the spot-check rounds call (tests only).
func OpenRectificationTx(s *Service, ctx context.Context, a domain.Actor, in RectificationOpen) (*domain.Rectification, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Rectification, error) { return s.openRectification(ctx, tx, a, in) })
}
