package store_test

import (
	"context"
	"testing"
	"time"

	"archgov/internal/audit"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// Security events round-trip on both engines and are searched by actor, address, kind and
// time, newest first, with a keyset cursor.
func TestSecurityEvents(t *testing.T) {
	each(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db, clock := openAt(t, b)
		add := func(actor, ip, kind string) *audit.SecurityEvent {
			clock.Advance(time.Minute)
			e := &audit.SecurityEvent{ActorID: 7, Actor: actor, IP: ip, Kind: kind, Method: "GET", Route: "GET /api/v1/systems/{id}",
				TargetType: "systems", TargetID: "12", Status: 404, Suppressed: 3}
			if err := db.AddSecurityEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			return e
		}
		first := add("weijian", "10.0.0.1", audit.EventHidden)
		add("weijian", "10.0.0.2", audit.EventNotFound)
		add("jiaoyu", "10.0.0.1", audit.EventCSRF)
		all, err := db.Read().SecurityEvents(ctx, store.SecurityEventFilter{})
		if err != nil || len(all) != 3 || all[0].Actor != "jiaoyu" || all[2].ID >= all[1].ID {
			t.Fatalf("all: %v, %v", all, err)
		}
		got := all[2]
		if got.Route != first.Route || got.TargetID != "12" || got.Status != 404 || got.Suppressed != 3 || !got.At.Equal(first.At) || got.ActorID != 7 {
			t.Fatalf("round trip: %+v, want %+v", got, first)
		}
		for _, c := range []struct {
			f    store.SecurityEventFilter
			want int
		}{
			{store.SecurityEventFilter{Actor: " WeiJian "}, 2},
			{store.SecurityEventFilter{IP: "10.0.0.1"}, 2},
			{store.SecurityEventFilter{Kind: audit.EventCSRF}, 1},
			{store.SecurityEventFilter{From: first.At.Add(time.Second)}, 2},
			{store.SecurityEventFilter{To: first.At.Add(time.Second)}, 1},
			{store.SecurityEventFilter{Before: all[0].ID, Limit: 1}, 1},
		} {
			es, err := db.Read().SecurityEvents(ctx, c.f)
			if err != nil || len(es) != c.want {
				t.Errorf("%+v: %d events, %v; want %d", c.f, len(es), err, c.want)
			}
		}
		if n, err := db.Read().CountSecurityEventsSince(ctx, first.At.Add(time.Second)); err != nil || n != 2 {
			t.Fatalf("count since: %d, %v", n, err)
		}
	})
}
