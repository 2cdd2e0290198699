package store

import (
	"context"
	"fmt"
	"time"
)

// PendingImport is an uploaded workbook waiting for confirmation.
type PendingImport struct {
	ID        string
	UserID    int64
	Kind      string
	Filename  string
	Content   []byte
	CreatedAt time.Time
}

// pendingTTL is how long an unconfirmed upload is kept.
const pendingTTL = 2 * time.Hour

// SavePendingImport stores an upload and removes stale ones.
func (tx *Tx) SavePendingImport(ctx context.Context, p *PendingImport) error {
	if _, err := tx.exec(ctx, `DELETE FROM pending_imports WHERE created_at < ?`, micros(tx.Now().Add(-pendingTTL))); err != nil {
		return fmt.Errorf("store: pending imports: %w", err)
	}
	p.CreatedAt = tx.Now()
	_, err := tx.exec(ctx, `INSERT INTO pending_imports (id, user_id, kind, filename, content, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, p.UserID, p.Kind, p.Filename, p.Content, micros(p.CreatedAt))
	return wrap(err, "pending imports")
}

// PendingImport loads the user's own upload; someone else's, or a stale one, is not found.
func (r Reader) PendingImport(ctx context.Context, id string, userID int64, kind string) (*PendingImport, error) {
	return queryOne(ctx, r.q, "pending import", func(s rowScanner) (*PendingImport, error) {
		p := PendingImport{ID: id, UserID: userID, Kind: kind}
		err := s.Scan(&p.Filename, &p.Content, at(&p.CreatedAt))
		return &p, err
	}, `SELECT filename, content, created_at FROM pending_imports WHERE id = ? AND user_id = ? AND kind = ? AND created_at >= ?`,
		id, userID, kind, micros(r.db.now().Add(-pendingTTL)))
}

// DeletePendingImport removes an upload once applied.
func (tx *Tx) DeletePendingImport(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM pending_imports WHERE id = ?`, id)
	return err
}
