package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/dupcheck"
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

// DupCorpus loads every candidate of every kind the check compares against (the evaluation's
// baseline ranks the same corpus).
func DupCorpus(ctx context.Context, r store.Reader) ([]dupcheck.Doc, error) {
	var corpus []dupcheck.Doc
	for _, kind := range dupKinds() {
		ids, err := r.DocIDs(ctx, kind)
		if err != nil {
			return nil, err
		}
		docs, err := dupLoaders[kind].load(ctx, r, ids, nil)
		if err != nil {
			return nil, err
		}
		corpus = append(corpus, docs...)
	}
	return corpus, nil
}
