package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/gm"
)

// AppendAudit adds r to the chain inside the transaction that made the change it records. The
// chain's tip row is locked (FOR UPDATE on PostgreSQL; the single writer on SQLite), so IDs are
// gapless and each record links to the one before it even with several replicas writing.
func (tx *Tx) AppendAudit(ctx context.Context, r *audit.Record) error {
	lock := `SELECT last_id, last_hash FROM audit_head WHERE id = 1`
	if tx.d == Postgres {
		lock += ` FOR UPDATE`
	}
	var lastID int64
	var lastHash string
	if err := tx.row(ctx, lock).Scan(&lastID, &lastHash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	r.ID = lastID + 1
	if r.At.IsZero() {
		r.At = tx.Now()
	}
	r.At = time.UnixMicro(r.At.UnixMicro()).UTC() // the stored precision, so the hash verifies
	r.PrevHash = lastHash
	r.Hash = audit.ComputeHash(lastHash, r)
	_, err := tx.exec(ctx, `INSERT INTO audit_log (id, at, actor_id, actor, actor_roles, ip, action, entity_type, entity_id, outcome, changes, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, micros(r.At), r.ActorID, r.Actor, r.ActorRoles, r.IP, r.Action, r.EntityType, r.EntityID, r.Outcome, r.Changes, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("store: audit append: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET last_id = ?, last_hash = ?, mac = ? WHERE id = 1`, r.ID, r.Hash, tx.db.headMAC(r.ID, r.Hash)); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	return nil
}

const auditCols = `id, at, actor_id, actor, actor_roles, ip, action, entity_type, entity_id, outcome, changes, prev_hash, hash`

var scanAudit = scanner(func(r *audit.Record) []any {
	return []any{&r.ID, at(&r.At), &r.ActorID, &r.Actor, &r.ActorRoles, &r.IP, &r.Action, &r.EntityType, &r.EntityID, &r.Outcome, &r.Changes, &r.PrevHash, &r.Hash}
})

// AuditFilter narrows an audit search.
type AuditFilter struct {
	From, To   time.Time
	Actor      string
	EntityType string
	EntityID   string
	Action     string // prefix, e.g. "user." or "login"
	Before     int64  // keyset cursor: newest first
	Limit      int
}

// logWindow is what the audit log and the security events are searched by alike: the page
// (ids below before), the time window [from, to) and the actor's username.
func (q q) logWindow(before int64, from, to time.Time, actor string) *filter {
	w := q.where(`1 = 1`)
	w.addIf(before > 0, `id < ?`, before)
	w.addIf(!from.IsZero(), `at >= ?`, micros(from))
	w.addIf(!to.IsZero(), `at < ?`, micros(to))
	w.addIf(actor != "", `actor = ?`, strings.ToLower(strings.TrimSpace(actor)))
	return w
}

// AuditRecords searches the log, newest first.
func (r Reader) AuditRecords(ctx context.Context, f AuditFilter) ([]*audit.Record, error) {
	w := r.logWindow(f.Before, f.From, f.To, f.Actor)
	eq(w, "entity_type", f.EntityType)
	eq(w, "entity_id", f.EntityID)
	w.addIf(f.Action != "", `action LIKE ? ESCAPE '\'`, escapeLike(f.Action)+"%")
	return list(ctx, r.q, "audit search", scanAudit, `SELECT `+auditCols+` FROM audit_log`, w, ` ORDER BY id DESC`, f.Limit)
}

// AuditRecord loads one record.
func (r Reader) AuditRecord(ctx context.Context, id int64) (*audit.Record, error) {
	return queryOne(ctx, r.q, "audit record", scanAudit, `SELECT `+auditCols+` FROM audit_log WHERE id = ?`, id)
}

// VerifyAudit walks the chain from the newest checkpoint to the tip and returns the number of
// records checked, or an *audit.Break naming the first bad record.
func (r Reader) VerifyAudit(ctx context.Context) (int, error) {
	// Start at the oldest record still there. A checkpoint only bridges the gap that pruning
	// left before it: a checkpoint row inserted further along cannot hide records that still
	// exist, edited or not.
	var afterID int64
	var afterHash string
	var firstID int64
	var firstPrev string
	err := r.row(ctx, `SELECT id, prev_hash FROM audit_log ORDER BY id LIMIT 1`).Scan(&firstID, &firstPrev)
	if err != nil && !isNoRows(err) {
		return 0, fmt.Errorf("store: audit verify: %w", err)
	}
	if firstID > 1 {
		var uptoHash string
		err := r.row(ctx, `SELECT upto_hash FROM audit_checkpoints WHERE upto_id = ?`, firstID-1).Scan(&uptoHash)
		if isNoRows(err) || (err == nil && uptoHash != firstPrev) {
			return 0, &audit.Break{ID: firstID - 1, Reason: "missing (no checkpoint covers it)"}
		}
		if err != nil {
			return 0, fmt.Errorf("store: audit checkpoint: %w", err)
		}
		afterID, afterHash = firstID-1, uptoHash
	}
	v := audit.NewVerifier(afterID, afterHash)
	// A gap before the oldest record is only legitimate if a pruning record further along, inside
	// the verified chain, names exactly this checkpoint: otherwise someone with write access
	// could delete the oldest records and add a matching checkpoint row.
	anchored := afterID == 0
	gapID, gapHash := afterID, afterHash
	for {
		recs, err := queryAll(ctx, r.q, "audit verify", scanAudit, `SELECT `+auditCols+` FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000`, afterID)
		if err != nil {
			return v.Count, err
		}
		if len(recs) == 0 {
			break
		}
		for _, rec := range recs {
			if err := v.Next(rec); err != nil {
				return v.Count, err
			}
			if !anchored && rec.Action == "audit.prune" && prunedUpTo(rec.Changes, gapID, gapHash) {
				anchored = true
			}
			afterID = rec.ID
		}
	}
	var headID int64
	var headHash, headMAC string
	if err := r.row(ctx, `SELECT last_id, last_hash, mac FROM audit_head WHERE id = 1`).Scan(&headID, &headHash, &headMAC); err != nil {
		return v.Count, fmt.Errorf("store: audit head: %w", err)
	}
	if err := v.Finish(headID, headHash); err != nil {
		return v.Count, err
	}
	// The head row itself is only as trustworthy as the database; its MAC is not: without the
	// key, nobody can point it at an earlier record after deleting the newest ones.
	if !r.db.auditKey.Verify(headMAC, headParts(headID, headHash)...) {
		return v.Count, &audit.Break{ID: headID + 1, Reason: fmt.Sprintf(
			"missing: the chain ends at record %d, but that is not the tip archgov last wrote (the tip's MAC does not verify with the key) — the newest records were deleted, or the tip was edited", headID)}
	}
	if !anchored {
		return v.Count, &audit.Break{ID: gapID, Reason: "removed without a pruning record in the chain"}
	}
	return v.Count, nil
}

// headParts is what the head's MAC covers.
func headParts(id int64, hash string) [][]byte {
	return [][]byte{[]byte("audit-head"), []byte(strconv.FormatInt(id, 10)), []byte(hash)}
}

func (db *DB) headMAC(id int64, hash string) string { return db.auditKey.Sum(headParts(id, hash)...) }

// AuditHeadLabel and AuditAnchorLabel derive the audit MAC keys from the SM4 key (gm.Sealer.Derive).
const (
	AuditHeadLabel   = "archgov/audit-head/v1"
	AuditAnchorLabel = "archgov/audit-anchor/v1"
)

// AnchorKey is the key that signs and checks audit anchors.
func (db *DB) AnchorKey() *gm.MACKey { return db.anchorKey }

// sealAuditHead is migration 0017's Go step: an upgraded database's chain tip gets its MAC,
// computed with the key this binary was started with. What was deleted before this moment
// cannot be told (the note says so), which is why the operator should take an anchor now.
func sealAuditHead(ctx context.Context, tx *Tx) error {
	var id int64
	var hash string
	if err := tx.row(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&id, &hash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET mac = ? WHERE id = 1`, tx.db.headMAC(id, hash)); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	if id > 0 {
		tx.db.notes = append(tx.db.notes, fmt.Sprintf("audit chain tip (record %d) sealed with a MAC derived from the key; "+
			"deletions before this upgrade cannot be detected by it — verify now and keep an anchor (archgov audit anchor)", id))
	}
	return nil
}

// Notes returns what Migrate has to tell the operator (e.g. the audit head was sealed).
func (db *DB) Notes() []string { return db.notes }

// CheckAnchor checks that the chain still reaches the anchor's record with the same hash. Call
// it after VerifyAudit: it relies on the records being a verified chain.
func (r Reader) CheckAnchor(ctx context.Context, a *audit.Anchor) error {
	var headID int64
	if err := r.row(ctx, `SELECT last_id FROM audit_head WHERE id = 1`).Scan(&headID); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	if headID < a.Seq {
		return &audit.Break{ID: headID + 1, Reason: fmt.Sprintf(
			"missing: the anchor of %s says the chain reached record %d, it now ends at %d — records were deleted or the database was rolled back",
			a.At.Format(time.RFC3339), a.Seq, headID)}
	}
	var hash string
	err := r.row(ctx, `SELECT hash FROM audit_log WHERE id = ?`, a.Seq).Scan(&hash)
	if isNoRows(err) {
		// Pruned: only a checkpoint at exactly that record still knows its hash.
		err = r.row(ctx, `SELECT upto_hash FROM audit_checkpoints WHERE upto_id = ?`, a.Seq).Scan(&hash)
		if isNoRows(err) {
			return fmt.Errorf("audit record %d of the anchor was pruned: this anchor can no longer be checked (take a new anchor after each pruning)", a.Seq)
		}
	}
	if err != nil {
		return fmt.Errorf("store: audit anchor: %w", err)
	}
	if hash != a.Hash {
		return &audit.Break{ID: a.Seq, Reason: "hash differs from the anchor's: the chain was rewritten from here on (or rolled back and rebuilt)"}
	}
	return nil
}

// prunedUpTo reports whether a pruning record's changes name the checkpoint (id, hash).
func prunedUpTo(changes string, id int64, hash string) bool {
	m, _ := audit.ParseChanges(changes)
	cid, ok := m["checkpoint_id"].New.(float64)
	h, _ := m["checkpoint_hash"].New.(string)
	return ok && int64(cid) == id && h == hash
}

// PruneAudit deletes records older than before (the retention period must have passed), leaves
// a checkpoint at the last deleted record, and appends the pruning record by (whose actor
// fields the caller fills) carrying that checkpoint, which anchors it in the chain:
// verification accepts a gap only when such a record names it. This is the only code path
// that deletes audit rows. It returns the number removed and the checkpoint.
func (tx *Tx) PruneAudit(ctx context.Context, before time.Time, by *audit.Record) (removed, uptoID int64, uptoHash string, err error) {
	limit := tx.Now().AddDate(0, 0, -audit.RetentionDays)
	if before.After(limit) {
		return 0, 0, "", domain.Invalid("before", "err.audit.retention", audit.RetentionDays)
	}
	err = tx.row(ctx, `SELECT id, hash FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1`, micros(before)).Scan(&uptoID, &uptoHash)
	if isNoRows(err) {
		return 0, 0, "", nil
	}
	if err != nil {
		return 0, 0, "", fmt.Errorf("store: audit prune: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, uptoID, uptoHash, micros(tx.Now())); err != nil {
		return 0, 0, "", fmt.Errorf("store: audit checkpoint: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM audit_log WHERE id <= ?`, uptoID)
	if err != nil {
		return 0, 0, "", fmt.Errorf("store: audit prune: %w", err)
	}
	if removed, err = res.RowsAffected(); err != nil {
		return 0, 0, "", err
	}
	r := *by
	r.Action, r.EntityType, r.EntityID, r.Outcome = "audit.prune", "audit", "", audit.OK
	r.Changes = audit.Fields("before", nil, before, "removed", nil, removed, "checkpoint_id", nil, uptoID, "checkpoint_hash", nil, uptoHash)
	if err := tx.AppendAudit(ctx, &r); err != nil {
		return 0, 0, "", err
	}
	return removed, uptoID, uptoHash, nil
}

// AuditHead is the tip of the audit chain: the id and hash of the newest record. Every state
// change appends its record in its own transaction (AppendAudit), so the tip moves with every
// committed change, on every replica's view of the database: what a cache of figures computed
// from the registers is keyed by (the overview, app.Service.Dashboard). The hash tells a chain
// rebuilt after a rollback from the one that had the same id before.
func (r Reader) AuditHead(ctx context.Context) (id int64, hash string, err error) {
	if err := r.row(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&id, &hash); err != nil {
		return 0, "", fmt.Errorf("store: audit head: %w", err)
	}
	return id, hash, nil
}
