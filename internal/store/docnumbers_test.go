package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"archgov/internal/store"
	"archgov/internal/testdb"
)

// FLOW-3: the documents of a year are numbered 1, 2, 3 … in commit order — no number twice and
// none skipped, even when a hundred are issued at once, and a transaction that rolls back
// gives its number back. Each year counts on its own.
func TestNextDocNumber(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		next := func(year int) int64 {
			t.Helper()
			var n int64
			inTx(t, db, func(tx *store.Tx) (err error) { n, err = tx.NextDocNumber(ctx, year); return err })
			return n
		}
		if n := next(2026); n != 1 {
			t.Fatalf("first number of 2026 = %d, want 1", n)
		}
		// Issued, then rolled back: the number is not used up.
		refused := errors.New("the task book was not issued")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if n, err := tx.NextDocNumber(ctx, 2026); err != nil || n != 2 {
				t.Errorf("inside the rolled-back issue: %d, %v; want 2", n, err)
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatal(err)
		}
		if n := next(2026); n != 2 {
			t.Fatalf("after a rolled-back issue: %d, want 2 (no gap)", n)
		}
		if n := next(2027); n != 1 {
			t.Fatalf("first number of 2027 = %d, want 1", n)
		}
		if last, err := db.Read().LastDocNumber(ctx, 2026); err != nil || last != 2 {
			t.Fatalf("LastDocNumber(2026) = %d, %v; want 2", last, err)
		}
		if last, err := db.Read().LastDocNumber(ctx, 2030); err != nil || last != 0 {
			t.Fatalf("LastDocNumber(2030) = %d, %v; want 0", last, err)
		}
		for _, year := range []int{0, 26, 10000} {
			err := db.InTx(ctx, func(tx *store.Tx) error { _, err := tx.NextDocNumber(ctx, year); return err })
			if err == nil {
				t.Errorf("year %d: no error", year)
			}
		}

		// A hundred issued at once, every fifth rolled back after taking its number: the others
		// get 3 … 82, each once.
		const issuers = 100
		var mu sync.Mutex
		var got []int64
		var wg sync.WaitGroup
		for i := range issuers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.InTx(ctx, func(tx *store.Tx) error {
					n, err := tx.NextDocNumber(ctx, 2026)
					if err != nil {
						return err
					}
					if i%5 == 0 {
						return refused
					}
					mu.Lock()
					got = append(got, n)
					mu.Unlock()
					return nil
				})
				if err != nil && !errors.Is(err, refused) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		slices.Sort(got)
		want := make([]int64, 0, issuers)
		for n := int64(3); n < 3+issuers-issuers/5; n++ {
			want = append(want, n)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("numbers issued at once: %v\nwant 3…%d each once", got, want[len(want)-1])
		}
	})
}
