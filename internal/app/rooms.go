package app

import (
	"archgov/internal/rules"
	"context"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The machine-room registry (ENV-P2, ENV-P3, ENV-R3): which rooms outside the cloud may stay,
// which must close by the deadline of the governance settings, and how their closing goes.

func roomRes(m *domain.MachineRoom) authz.Resource {
	return authz.Registry(authz.KindRoom, m.ID, m.UnitID)
}

var roomType = recordType[domain.MachineRoom]{subject: rules.KindMachineRoom, entity: "room", kind: authz.KindRoom, read: authz.RoomRead, res: roomRes,
	load: store.Reader.MachineRoom, insert: (*store.Tx).InsertMachineRoom, update: (*store.Tx).UpdateMachineRoom,
	key:     func(m *domain.MachineRoom) (int64, int64) { return m.ID, m.Version },
	creates: authz.RoomCreate, valid: (*domain.MachineRoom).Validate,
	fresh: func(m *domain.MachineRoom) {
		m.ID, m.Status, m.ClosedDate, m.Deadline, m.Overdue = 0, domain.RoomInUse, time.Time{}, time.Time{}, false
	}}

// RoomList is a list request: the store's filter (Overdue: rooms with a live ENV-R3 finding).
type RoomList struct {
	store.RoomFilter
}

// MachineRooms lists the machine rooms in the actor's scope, each with its closing deadline
// under the governance settings in force; overdue is what the rules found (ENV-R3).
func (s *Service) MachineRooms(ctx context.Context, a domain.Actor, l RoomList) (Page[*domain.MachineRoom], error) {
	p, err := roomType.list(a, &l.Limit, func(sc authz.Scope) ([]*domain.MachineRoom, error) {
		return s.db.Read().MachineRooms(ctx, sc, l.RoomFilter)
	})
	if err != nil {
		return p, err
	}
	g, _, err := s.Governance(ctx)
	for _, m := range p.Items {
		m.SetDeadline(g)
	}
	return p, err
}

// MachineRoom returns one room, flagged; another unit's answers not found.
func (s *Service) MachineRoom(ctx context.Context, a domain.Actor, id int64) (*domain.MachineRoom, error) {
	m, err := roomType.get(ctx, s.db.Read(), a, id)
	if err != nil {
		return nil, err
	}
	g, _, err := s.Governance(ctx)
	if err != nil {
		return nil, err
	}
	m.SetDeadline(g)
	return m, nil
}

// CreateMachineRoom registers a room of a unit. It starts in use.
func (s *Service) CreateMachineRoom(ctx context.Context, a domain.Actor, m *domain.MachineRoom) error {
	err := roomType.create(ctx, s.db, a, m.UnitID, m, func(tx *store.Tx) error {
		unit, err := activeUnit(ctx, tx, "unit_id", m.UnitID)
		if err == nil {
			m.UnitName = unit.Name
		}
		return err
	})
	if err != nil {
		return err
	}
	g, _, err := s.Governance(ctx)
	m.SetDeadline(g)
	if x, rerr := s.db.Read().MachineRoom(ctx, m.ID); rerr == nil {
		m.Overdue = x.Overdue // what the rules found at its save (ENV-R3)
	}
	return err
}

// RoomEdit is a change of a room's registry fields (not its status). Nil fields stay.
type RoomEdit struct {
	Version        int64            `json:"version"`
	UnitID         *int64           `json:"unit_id"`
	Name           *string          `json:"name"`
	Address        *string          `json:"address"`
	AreaM2         *string          `json:"area_m2"`
	Racks          *int             `json:"racks"`
	Kind           *domain.RoomKind `json:"kind"`
	ExemptionBasis *string          `json:"exemption_basis"`
	Onsite         *bool            `json:"onsite_production"`
	ClosingNote    *string          `json:"closing_note"`
}

// Apply copies the set fields onto m.
func (e RoomEdit) Apply(m *domain.MachineRoom) { patch(m, e) }

// UpdateMachineRoom saves an edit. Moving a room to another unit needs the right to register
// it there as well, and the room must host no system of its old unit.
func (s *Service) UpdateMachineRoom(ctx context.Context, a domain.Actor, roomID int64, e RoomEdit) (*domain.MachineRoom, error) {
	out, err := inTx(ctx, s, func(tx *store.Tx) (*domain.MachineRoom, error) {
		return roomType.change(ctx, tx, a, roomID, e.Version, roomType.may(a, authz.RoomUpdate), func(m, before *domain.MachineRoom) (string, string, error) {
			e.Apply(m)
			if m.UnitID != before.UnitID {
				unit, err := unitFor(ctx, tx, a, authz.RoomCreate, authz.KindRoom, m.UnitID, "err.room.unit_not_yours")
				if err != nil {
					return "", "", err
				}
				if ss, err := tx.SystemsInRoom(ctx, m.ID); err != nil {
					return "", "", err
				} else if len(ss) > 0 {
					return "", "", domain.Invalid("unit_id", "err.room.move_hosting", len(ss))
				}
				m.UnitName = unit.Name
			}
			return "update", "", m.Validate()
		})
	})
	if err != nil {
		return nil, err
	}
	return s.MachineRoom(ctx, a, out.ID)
}

// RoomSteps lists the closing steps the actor may take on m now (for buttons).
func (s *Service) RoomSteps(a domain.Actor, m *domain.MachineRoom) []domain.RoomAction {
	if authz.Can(a, authz.RoomTransition, roomRes(m)) != nil {
		return nil
	}
	return domain.RoomFlow.Available(m.Status, unitActors(a, m.UnitID), domain.RoomCheck{})
}

// RoomStep is one closing step with what it needs.
type RoomStep struct {
	Version    int64             `json:"version"`
	Action     domain.RoomAction `json:"action"`
	Note       string            `json:"note"`                 // start_closing: the plan, if no milestone says it; recorded in the audit log
	ClosedDate time.Time         `json:"closed_date,omitzero"` // close: the day the room closed
}

// TransitionRoom takes one closing step (ENV-R3). The transition table in the domain decides
// whether it is legal from here and for this actor. A room still hosting systems in service
// cannot be closed: they must move first (ENV-P1).
func (s *Service) TransitionRoom(ctx context.Context, a domain.Actor, roomID int64, st RoomStep) (*domain.MachineRoom, error) {
	_, err := inTx(ctx, s, func(tx *store.Tx) (*domain.MachineRoom, error) {
		return roomType.change(ctx, tx, a, roomID, st.Version, roomType.may(a, authz.RoomTransition), func(m, _ *domain.MachineRoom) (string, string, error) {
			ms, err := tx.RoomMilestones(ctx, m.ID)
			if err != nil {
				return "", "", err
			}
			next, err := domain.RoomFlow.Next(m.Status, st.Action, unitActors(a, m.UnitID), st.Note,
				domain.RoomCheck{Milestones: len(ms), Closed: st.ClosedDate, Today: dayOf(tx.Now())})
			if err != nil {
				return "", "", err
			}
			switch st.Action {
			case domain.RoomStartClosing:
				if st.Note != "" {
					m.ClosingNote = st.Note
				}
			case domain.RoomClose:
				ss, err := tx.SystemsInRoom(ctx, m.ID)
				if err != nil {
					return "", "", err
				}
				live := 0
				for _, sys := range ss {
					if sys.Status != domain.StatusOffline && sys.Status != domain.StatusCleanupAccepted {
						live++
					}
				}
				if live > 0 {
					return "", "", domain.Errorf(domain.EConflict, "err.room.still_hosting", live)
				}
				m.ClosedDate = dayOf(st.ClosedDate)
			case domain.RoomReopen:
				m.ClosedDate = time.Time{}
			}
			m.Status = next
			return string(st.Action), truncate(st.Note, 500), m.Validate()
		})
	})
	if err != nil {
		return nil, err
	}
	return s.MachineRoom(ctx, a, roomID)
}

// RoomPlan is a room's closing plan: its milestones, and the room's version that every change
// of the plan raises (so two people editing the plan cannot overwrite each other).
type RoomPlan struct {
	Version    int64                   `json:"version"`
	Milestones []*domain.RoomMilestone `json:"milestones"`
}

// RoomMilestones returns the room's closing plan.
func (s *Service) RoomMilestones(ctx context.Context, a domain.Actor, roomID int64) (*RoomPlan, error) {
	m, err := s.MachineRoom(ctx, a, roomID)
	if err != nil {
		return nil, err
	}
	ms, err := s.db.Read().RoomMilestones(ctx, roomID)
	if ms == nil {
		ms = []*domain.RoomMilestone{}
	}
	return &RoomPlan{Version: m.Version, Milestones: ms}, err
}

// MilestoneEdit adds, changes or (Delete) removes one milestone of a room's plan. Version is
// the room's.
type MilestoneEdit struct {
	Version int64     `json:"version"`
	Title   string    `json:"title"`
	Due     time.Time `json:"due,omitzero"`
	Done    time.Time `json:"done,omitzero"`
}

// EditRoomMilestone adds a milestone (milestoneID 0), changes one, or with remove deletes it,
// by whoever may update the room, while the room is not closed. The room's version goes up
// and the change is audited on the room.
func (s *Service) EditRoomMilestone(ctx context.Context, a domain.Actor, roomID, milestoneID int64, e MilestoneEdit, remove bool) (*RoomPlan, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := roomType.open(ctx, tx, roomID, e.Version, roomType.may(a, authz.RoomUpdate))
		if err != nil {
			return err
		}
		if m.Status == domain.RoomClosed {
			return domain.Errorf(domain.EConflict, "err.room.closed_plan")
		}
		ms, err := tx.RoomMilestones(ctx, roomID)
		if err != nil {
			return err
		}
		var cur *domain.RoomMilestone
		for _, x := range ms {
			if x.ID == milestoneID {
				cur = x
			}
		}
		if milestoneID != 0 && cur == nil {
			return domain.NotFound()
		}
		ms2 := &domain.RoomMilestone{ID: milestoneID, RoomID: roomID, Title: e.Title, Due: dayOrZero(e.Due), Done: dayOrZero(e.Done)}
		var action, changes string
		switch {
		case remove:
			if err := tx.DeleteRoomMilestone(ctx, roomID, milestoneID); err != nil {
				return err
			}
			action, changes = "room.milestone_delete", audit.Diff(cur, nil, nil)
		case milestoneID == 0:
			if err := ms2.Validate(); err != nil {
				return err
			}
			if len(ms) >= 50 {
				return domain.Invalid("title", "err.room.too_many_milestones", 50)
			}
			if err := tx.InsertRoomMilestone(ctx, ms2); err != nil {
				return err
			}
			action, changes = "room.milestone_add", audit.Diff(nil, ms2, nil)
		default:
			if err := ms2.Validate(); err != nil {
				return err
			}
			if err := tx.UpdateRoomMilestone(ctx, ms2); err != nil {
				return err
			}
			action, changes = "room.milestone_update", audit.Diff(cur, ms2, nil)
		}
		if err := tx.UpdateMachineRoom(ctx, m); err != nil { // raises the version
			return err
		}
		return record(ctx, tx, a, event{action: action, entityType: "room", entityID: id(roomID), changes: changes})
	})
	if err != nil {
		return nil, err
	}
	return s.RoomMilestones(ctx, a, roomID)
}

func dayOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// RoomHistory is the room's audit trail, for whoever may see the room.
func (s *Service) RoomHistory(ctx context.Context, a domain.Actor, roomID int64) ([]*audit.Record, error) {
	return s.history(ctx, "room", roomID, seen(s.MachineRoom(ctx, a, roomID)))
}

// RoomSystems lists the systems of the registry hosted in the room (derived, ENV-P2).
func (s *Service) RoomSystems(ctx context.Context, a domain.Actor, roomID int64) ([]*domain.System, error) {
	if _, err := s.MachineRoom(ctx, a, roomID); err != nil {
		return nil, err
	}
	return s.db.Read().SystemsInRoom(ctx, roomID)
}

// RoomSystemCounts counts the systems in service hosted in each of rooms, which the caller
// has read through the use cases (and so may see).
func (s *Service) RoomSystemCounts(ctx context.Context, rooms []*domain.MachineRoom) (map[int64]int, error) {
	ids := make([]int64, len(rooms))
	for i, m := range rooms {
		ids[i] = m.ID
	}
	return s.db.Read().RoomSystemCounts(ctx, ids)
}

// checkSystemRoom checks the machine room a system names: only with hosting 单位机房, and a
// room of the system's own unit that is not closed. explicit says the client set the room
// in this request; a room left over from before (the hosting or unit changed) is dropped.
// A room set in this request is claimed at the version checked (store.ClaimMachineRoom): a
// close or move of the room racing with the assignment then answers 409, and so does the
// assignment when the close or move commits first.
func checkSystemRoom(ctx context.Context, tx *store.Tx, sys *domain.System, explicit bool) error {
	if sys.RoomID == 0 {
		return nil
	}
	if sys.Hosting != domain.HostingRoom {
		if explicit {
			return domain.Invalid("room_id", "err.system.room_hosting")
		}
		sys.RoomID = 0
		return nil
	}
	m, err := tx.MachineRoom(ctx, sys.RoomID)
	switch {
	case err != nil && domain.ErrorCode(err) != domain.ENotFound:
		return err
	case err != nil || m.UnitID != sys.UnitID:
		if explicit {
			return domain.Invalid("room_id", "err.system.room_unit")
		}
		sys.RoomID = 0
	case m.Status == domain.RoomClosed && explicit && sys.Status != domain.StatusOffline && sys.Status != domain.StatusCleanupAccepted:
		return domain.Invalid("room_id", "err.system.room_closed")
	case explicit:
		return tx.ClaimMachineRoom(ctx, m.ID, m.Version)
	}
	return nil
}

// RoomChoices lists the rooms, not closed, of those of unitIDs whose rooms the actor may see
// (for the system form's choice).
func (s *Service) RoomChoices(ctx context.Context, a domain.Actor, unitIDs []int64) ([]*domain.MachineRoom, error) {
	if authz.Can(a, authz.RoomRead, authz.Resource{Kind: authz.KindRoom}) != nil {
		return nil, nil
	}
	scope, see := authz.Scope{}, authz.ReadScope(a, authz.KindRoom)
	for _, u := range unitIDs {
		if see.Has(u) {
			scope.UnitIDs = append(scope.UnitIDs, u)
		}
	}
	ms, err := s.db.Read().MachineRooms(ctx, scope, store.RoomFilter{})
	if err != nil {
		return nil, err
	}
	g, _, err := s.Governance(ctx)
	var out []*domain.MachineRoom
	for _, m := range ms {
		if m.Status != domain.RoomClosed {
			m.SetDeadline(g)
			out = append(out, m)
		}
	}
	return out, err
}
