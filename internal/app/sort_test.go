package app_test

// The exports ignore the list's order and cursor: every filtered row, in registration order.

import (
	"bytes"
	"testing"

	"archgov/internal/app"
	"archgov/internal/store"
)

func TestExportsIgnoreSortAndCursor(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		all, err := e.svc.CountSystems(e.ctx, office, store.SystemFilter{})
		if err != nil || all == 0 {
			t.Fatalf("count systems %d, %v", all, err)
		}
		for _, o := range store.SystemSorts {
			var buf bytes.Buffer
			n, err := e.svc.ExportSystems(e.ctx, office, store.SystemFilter{Sort: o, After: 1 << 40, AfterKey: "9"}, &buf)
			if err != nil || n != all {
				t.Fatalf("export by %q after a cursor: %d rows (%v), want %d", o, n, err, all)
			}
		}
		rooms, err := e.svc.MachineRooms(e.ctx, office, app.RoomList{})
		if err != nil || len(rooms.Items) == 0 {
			t.Fatalf("rooms %d, %v", len(rooms.Items), err)
		}
		for _, o := range store.RoomSorts {
			var buf bytes.Buffer
			l := app.RoomList{RoomFilter: store.RoomFilter{Sort: o, After: 1 << 40, AfterKey: "9"}}
			n, err := e.svc.ExportMachineRooms(e.ctx, office, l, &buf)
			if err != nil || n != len(rooms.Items) {
				t.Fatalf("rooms export by %q after a cursor: %d rows (%v), want %d", o, n, err, len(rooms.Items))
			}
		}
	})
}
