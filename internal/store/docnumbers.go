package store

import (
	"context"
	"fmt"
	"strconv"
)

// NextDocNumber allocates the next sequence number of the documents the office issues in year
// (发文字号, FLOW-3): 1 for the year's first, then each number once, in commit order. It runs
// in the caller's transaction and holds the year's counter row until that transaction ends,
// so concurrent issuers wait for each other (no two get the same number) and a transaction
// that rolls back gives its number back (no gap). domain.DocNumber formats it.
func (tx *Tx) NextDocNumber(ctx context.Context, year int) (int64, error) {
	if year < 1000 || year > 9999 {
		return 0, fmt.Errorf("store: document number: year %d is not a four-digit year", year)
	}
	return tx.nextCounter(ctx, "docno:"+strconv.Itoa(year))
}

// LastDocNumber is the last number allocated for year (0 when none), for display: the next
// document gets a number after it.
func (r Reader) LastDocNumber(ctx context.Context, year int) (int64, error) {
	n, err := r.maybeID(ctx, "last document number", `SELECT value FROM catalog_counters WHERE name = ?`, "docno:"+strconv.Itoa(year))
	return n, err
}
