package store

import (
	"context"
	"fmt"
)

// LockSystem takes the system's row until the transaction ends, if the system is still at
// version, and answers a conflict if it is not. It changes nothing. Whoever decides something
// about a system from what it read (a cloud request drafted or approved for it, the system
// moved to another unit or reclassified) takes the row first, so on PostgreSQL (READ
// COMMITTED) two such decisions are ordered: the second waits, and then either finds the
// version changed (409) or reads what the first committed. SQLite's single writer orders them
// already.
func (tx *Tx) LockSystem(ctx context.Context, id, version int64) error {
	res, err := tx.exec(ctx, `UPDATE systems SET version = version WHERE id = ? AND version = ?`, id, version)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: lock system %d: %w", id, err)
	}
	return nil
}
