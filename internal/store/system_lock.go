package store

import (
	"context"
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
	return wrap(checkOne(res, err), "lock system %d", id)
}

// LockSystemCodes serialises the allocation of system codes: a transaction that gives new
// systems codes (app: allocateSystemCodes) takes this first, then reads the highest code, so two
// registrations at once never get the same one. It is the counter row "system-code" of
// catalog_counters, taken like the catalog's code counters and in the same place of the one lock
// order (counters, then records' rows, then the audit chain). On SQLite, with its single writer,
// it costs nothing.
func (tx *Tx) LockSystemCodes(ctx context.Context) error {
	return tx.LockCatalogCounters(ctx, "system-code")
}

// SystemCodesWithPrefix lists the codes of all systems, whatever their unit, that start with
// prefix (for the allocation of the next code; the caller decides which count).
func (r Reader) SystemCodesWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	return queryAll(ctx, r.q, "system codes", scalar[string], `SELECT code FROM systems WHERE code LIKE ? ESCAPE '\'`, escapeLike(prefix)+"%")
}

// LockProject takes the project's row as LockSystem takes a system's: whoever saves something
// that holds only for the project as read (a stage's materials for its current stage) takes it
// first, so on PostgreSQL a stage move committed meanwhile answers a conflict instead of letting
// the materials be saved for a stage the project has left.
func (tx *Tx) LockProject(ctx context.Context, id, version int64) error {
	res, err := tx.exec(ctx, `UPDATE projects SET version = version WHERE id = ? AND version = ?`, id, version)
	return wrap(checkOne(res, err), "lock project %d", id)
}
