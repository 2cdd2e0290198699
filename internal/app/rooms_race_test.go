package app_test

// A room's close or move and the assignment of a system to it are ordered by the room's
// version: the assignment raises it, so a close or move decided on what the room was before
// is a conflict, and so is an assignment to a room that was closed or moved meanwhile.

import (
	"fmt"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// TestSystemAssignmentBumpsRoomVersion: assigning a system to a room (new, or moved into it)
// raises the room's version, so a close or move with the version read before is a 409.
func TestSystemAssignmentBumpsRoomVersion(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		m := e.addRoom("weijian", newRoom(health.ID, "版本测试机房"))
		m2 := e.addRoom("weijian", newRoom(health.ID, "版本测试机房二"))
		seen := e.room(m.ID).Version

		s := registrySystem(health.ID, "XC-WJ-RV1", "机房系统")
		s.Hosting, s.RoomID = domain.HostingRoom, m.ID
		e.addSystem("weijian", s)
		if got := e.room(m.ID).Version; got != seen+1 {
			t.Fatalf("room version %d after a system was created in it, want %d", got, seen+1)
		}
		_, err := e.svc.UpdateMachineRoom(e.ctx, e.actor("office"), m.ID, app.RoomEdit{Version: seen, UnitID: &edu.ID})
		wantMessage(t, err, domain.EConflict, "err.conflict.version")

		// Moving a system into another room raises that room's version too; an edit that
		// leaves the room alone does not.
		seen2 := e.room(m2.ID).Version
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), s.ID, app.SystemEdit{Version: e.stored(s.ID).Version, RoomID: &m2.ID}); err != nil {
			t.Fatal(err)
		}
		if got := e.room(m2.ID).Version; got != seen2+1 {
			t.Fatalf("room version %d after a system moved in, want %d", got, seen2+1)
		}
		vendor := "另一家公司"
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), s.ID, app.SystemEdit{Version: e.stored(s.ID).Version, Vendor: &vendor}); err != nil {
			t.Fatal(err)
		}
		if got := e.room(m2.ID).Version; got != seen2+1 {
			t.Fatalf("room version %d after an edit that kept the room, want %d", got, seen2+1)
		}
		// A stale close: 409 on the version, not a count of what it hosts.
		if _, err := e.roomStep("weijian", m2.ID, app.RoomStep{Action: domain.RoomStartClosing, Note: "迁移上云后关停"}); err != nil {
			t.Fatal(err)
		}
		seen2 = e.room(m2.ID).Version
		s2 := registrySystem(health.ID, "XC-WJ-RV2", "机房系统二")
		s2.Hosting, s2.RoomID = domain.HostingRoom, m2.ID
		e.addSystem("weijian", s2)
		_, err = e.svc.TransitionRoom(e.ctx, e.actor("weijian"), m2.ID, app.RoomStep{Version: seen2, Action: domain.RoomClose, ClosedDate: day(2026, 3, 1)})
		wantMessage(t, err, domain.EConflict, "err.conflict.version")
	})
}

// TestRoomCloseRacesSystemAssignment: systems are assigned to a closing room while it is closed.
// Whatever order they land in, no closed room hosts a system in service afterwards. On
// PostgreSQL (READ COMMITTED) this races for real; SQLite has one writer.
func TestRoomCloseRacesSystemAssignment(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		const rounds, assigners = 12, 6
		closedRooms, assigned := 0, 0
		for round := range rounds {
			m := e.addRoom("weijian", newRoom(health.ID, fmt.Sprintf("并发关停机房%02d", round)))
			if _, err := e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomStartClosing, Note: "迁移上云后关停"}); err != nil {
				t.Fatal(err)
			}
			version := e.room(m.ID).Version
			start := make(chan struct{})
			var wg sync.WaitGroup
			errs := make([]error, assigners)
			var closeErr error
			for i := range assigners {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Empty code: the server allocates one, so the assigners race for the code too.
					s := registrySystem(health.ID, "", fmt.Sprintf("并发机房系统%02d%d", round, i))
					s.Hosting, s.RoomID = domain.HostingRoom, m.ID
					<-start
					errs[i] = e.svc.CreateSystem(e.ctx, e.actor("weijian"), s)
				}()
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, closeErr = e.svc.TransitionRoom(e.ctx, e.actor("weijian"), m.ID, app.RoomStep{Version: version, Action: domain.RoomClose, ClosedDate: day(2026, 3, 1)})
			}()
			close(start)
			wg.Wait()
			for i, err := range errs {
				switch domain.ErrorCode(err) {
				case "":
					assigned++
				case domain.EConflict: // the room was closed first, or the assignments raced each other
				case domain.EInvalid:
					if domain.AsError(err).Message != "err.system.room_closed" {
						t.Fatalf("round %d assigner %d: %v", round, i, err)
					}
				default:
					t.Fatalf("round %d assigner %d: %v", round, i, err)
				}
			}
			if c := domain.ErrorCode(closeErr); c != "" && c != domain.EConflict {
				t.Fatalf("round %d close: %v", round, closeErr)
			}
			got := e.room(m.ID)
			if got.Status != domain.RoomClosed {
				continue
			}
			closedRooms++
			ss, err := e.db.Read().SystemsInRoom(e.ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ss {
				if s.Status != domain.StatusOffline && s.Status != domain.StatusCleanupAccepted {
					t.Fatalf("round %d: closed room %s hosts system %s in service (%s)", round, got.Name, s.Code, s.Status)
				}
			}
		}
		t.Logf("%d of %d rooms closed, %d systems assigned", closedRooms, rounds, assigned)
	})
}
