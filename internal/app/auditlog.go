package app

import (
	"context"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// AuditSearch searches the audit log (the audit admin's).
func (s *Service) AuditSearch(ctx context.Context, a domain.Actor, f store.AuditFilter) (Page[*audit.Record], error) {
	if err := authz.Can(a, authz.AuditRead, authz.Resource{Kind: authz.KindAudit}); err != nil {
		return Page[*audit.Record]{}, err
	}
	limit := f.Limit
	f.Limit = plusOne(limit)
	rs, err := s.db.Read().AuditRecords(ctx, f)
	if err != nil {
		return Page[*audit.Record]{}, err
	}
	p := paginate(rs, limit, func(x *audit.Record) int64 { return x.ID })
	return p, nil
}

// AuditRecord returns one record.
func (s *Service) AuditRecord(ctx context.Context, a domain.Actor, recordID int64) (*audit.Record, error) {
	if err := authz.Can(a, authz.AuditRead, authz.Resource{Kind: authz.KindAudit, ID: recordID}); err != nil {
		return nil, err
	}
	return s.db.Read().AuditRecord(ctx, recordID)
}

// AuditExport returns the records matching f (at most max) and audits the export itself.
func (s *Service) AuditExport(ctx context.Context, a domain.Actor, f store.AuditFilter, max int) ([]*audit.Record, error) {
	if err := authz.Can(a, authz.AuditExport, authz.Resource{Kind: authz.KindAudit}); err != nil {
		return nil, err
	}
	f.Limit = max
	// Read first, on the read pool: holding the single SQLite writer while scanning up to
	// exportMax records would stall every write, logins included. The export is then recorded.
	rs, err := s.db.Read().AuditRecords(ctx, f)
	if err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, a, event{action: "audit.export", entityType: "audit", changes: audit.Fields(
			"records", nil, len(rs), "from", nil, f.From, "to", nil, f.To, "actor", nil, f.Actor, "action", nil, f.Action)})
	})
	return rs, err
}

// AuditPrune removes records older than before (at least the retention period ago), leaving a
// checkpoint, and audits the pruning.
func (s *Service) AuditPrune(ctx context.Context, a domain.Actor, before time.Time) (int64, error) {
	if err := authz.Can(a, authz.AuditPrune, authz.Resource{Kind: authz.KindAudit}); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		n, _, _, err = tx.PruneAudit(ctx, before, actorRecord(a))
		return err
	})
	return n, err
}

// VerifyAudit checks the whole chain. It needs no actor: `archgov audit verify` is run by the
// operator, and the result reveals no record content.
func (s *Service) VerifyAudit(ctx context.Context) (int, error) {
	return s.db.Read().VerifyAudit(ctx)
}

// AuditAnchor takes an anchor of the chain for the audit admin (or the operator) to keep
// outside the database. Only an intact chain is anchored. Taking it is itself audited, and the
// anchor is that very record: it names the newest record at the moment it was taken.
func (s *Service) AuditAnchor(ctx context.Context, a domain.Actor) (*audit.Anchor, error) {
	if err := authz.Can(a, authz.AuditExport, authz.Resource{Kind: authz.KindAudit}); err != nil {
		return nil, err
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		return nil, err
	}
	var an audit.Anchor
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		r := actorRecord(a)
		r.Action, r.EntityType, r.Outcome = "audit.anchor", "audit", audit.OK
		if err := tx.AppendAudit(ctx, r); err != nil {
			return err
		}
		an = audit.Anchor{Seq: r.ID, Hash: r.Hash, At: r.At}
		return nil
	})
	if err != nil {
		return nil, err
	}
	an.Sign(s.db.AnchorKey())
	return &an, nil
}

// VerifyAnchor checks the whole chain and then that it still reaches the anchor's record with
// the anchor's hash. It returns the number of records checked.
func (s *Service) VerifyAnchor(ctx context.Context, an *audit.Anchor) (int, error) {
	n, err := s.VerifyAudit(ctx)
	if err != nil {
		return n, err
	}
	return n, s.db.Read().CheckAnchor(ctx, an)
}
