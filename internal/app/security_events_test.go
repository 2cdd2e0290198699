package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// Concurrent refusals from many sources: the daily cap holds exactly, and every event is
// either written or counted (written events carry the counts, the rest is pending).
func TestSecurityEventLimitsConcurrent(t *testing.T) {
	t.Parallel()
	for _, b := range testdb.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			clock := &testdb.Clock{T: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
			db := b.Open(t, clock.Now)
			svc := app.New(db, app.Options{SecurityEvents: app.SecurityEventLimits{Burst: 2, Every: time.Hour, DailyCap: 50}})
			const workers, each = 8, 100
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					for i := range each {
						svc.RecordSecurityEvent(context.Background(), &audit.SecurityEvent{ActorID: int64(w + 1), Actor: fmt.Sprint("u", w),
							IP: fmt.Sprintf("10.0.%d.%d", w, i%20), Kind: audit.EventForbidden, Route: "POST /x", Status: 403})
					}
				})
			}
			wg.Wait()
			es, err := db.Read().SecurityEvents(context.Background(), store.SecurityEventFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var carried int64
			for _, e := range es {
				carried += e.Suppressed
			}
			if len(es) != 50 || carried+svc.SecurityEventsPending() != workers*each-50 {
				t.Fatalf("%d written, %d carried + %d pending; want 50 and %d", len(es), carried, svc.SecurityEventsPending(), workers*each-50)
			}
		})
	}
}
