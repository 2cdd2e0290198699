package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The demo machine rooms load through the use cases and make a believable registry: about
// twenty rooms of every kind, some closed with their dates, a few past the ENV-R3 deadline,
// one closing with milestones, and the systems in unit machine rooms linked to their room.
func TestLoadRooms(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		p, err := svc.MachineRooms(ctx, cli, app.RoomList{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.Items); n != len(demo.Rooms) || n < 18 || n > 25 {
			t.Fatalf("%d rooms loaded, %d seeds; want about 20", n, len(demo.Rooms))
		}
		kinds, statuses := map[domain.RoomKind]int{}, map[domain.RoomStatus]int{}
		overdue, onsite, withSystems := 0, 0, 0
		for _, m := range p.Items {
			kinds[m.Kind]++
			statuses[m.Status]++
			if m.Overdue {
				overdue++
				if m.Kind != domain.RoomOther || m.Status == domain.RoomClosed || m.Onsite {
					t.Errorf("%s is flagged overdue: %+v", m.Name, m)
				}
			}
			if m.Onsite {
				onsite++
			}
			if m.Kind != domain.RoomOther && m.ExemptionBasis == "" {
				t.Errorf("%s (%s) has no exemption basis", m.Name, m.Kind)
			}
			if m.Status == domain.RoomClosed && (m.ClosedDate.IsZero() || m.ClosingNote == "") {
				t.Errorf("closed room %s: date %v, plan %q", m.Name, m.ClosedDate, m.ClosingNote)
			}
			ss, err := svc.RoomSystems(ctx, cli, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ss {
				if s.UnitID != m.UnitID || s.Hosting != domain.HostingRoom || s.HostingNote != m.Name {
					t.Errorf("system %s linked to room %s of another unit or hosting", s.Code, m.Name)
				}
				if m.Status == domain.RoomClosed && s.Status != domain.StatusOffline {
					t.Errorf("closed room %s hosts %s in status %s", m.Name, s.Code, s.Status)
				}
			}
			if len(ss) > 0 {
				withSystems++
			}
		}
		if kinds[domain.RoomAccess] < 2 || kinds[domain.RoomMandated] < 2 || kinds[domain.RoomOther] < 8 {
			t.Errorf("kinds %v", kinds)
		}
		if statuses[domain.RoomClosed] < 4 || statuses[domain.RoomClosing] < 1 || statuses[domain.RoomInUse] < 8 {
			t.Errorf("statuses %v", statuses)
		}
		if overdue < 3 || overdue > 8 || onsite < 1 || withSystems < 8 {
			t.Errorf("overdue %d, on-site %d, rooms hosting systems %d", overdue, onsite, withSystems)
		}
		n, err := svc.CountFindings(ctx, cli, app.FindingFilter{RuleID: domain.RuleRoomOverdue}) // ENV-R3: the flags are the rule's findings
		if err != nil || n != overdue {
			t.Errorf("ENV-R3 findings = %d, %v; flags say %d", n, err, overdue)
		}

		// The room closing with milestones has its plan.
		closingWithPlan := false
		for _, m := range p.Items {
			if m.Status != domain.RoomClosing {
				continue
			}
			plan, err := svc.RoomMilestones(ctx, cli, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Milestones) >= 2 && !plan.Milestones[0].Done.IsZero() {
				closingWithPlan = true
			}
		}
		if !closingWithPlan {
			t.Error("no room closing with milestones, one of them done")
		}

		// Every system hosted in a room named by a demo room is linked to it.
		sp, err := svc.Systems(ctx, cli, store.SystemFilter{Hosting: domain.HostingRoom})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, r := range demo.Rooms {
			names[r.UnitCode+"|"+r.Name] = true
		}
		linked := 0
		for _, s := range sp.Items {
			u, err := svc.Unit(ctx, cli, s.UnitID)
			if err != nil {
				t.Fatal(err)
			}
			if names[u.Code+"|"+s.HostingNote] != (s.RoomID != 0) {
				t.Errorf("system %s (%s): room_id %d", s.Code, s.HostingNote, s.RoomID)
			}
			if s.RoomID != 0 {
				linked++
			}
		}
		if linked < 10 {
			t.Errorf("%d systems linked to rooms", linked)
		}
	})
}

// linkedToRoom is the one edit LoadRooms makes to a system hosted in a demo room: naming it.
// It is told from the seed (a completed migration plan later takes the system off the room).
func linkedToRoom(seed demo.SystemSeed) int64 {
	if seed.Hosting != domain.HostingRoom {
		return 0
	}
	for _, r := range demo.Rooms {
		if r.UnitCode == seed.UnitCode && r.Name == seed.HostingNote {
			return 1
		}
	}
	return 0
}
