package store

import (
	"context"
	"maps"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

var rooms = newTable("machine room", "machine_rooms", "m", ` LEFT JOIN units n ON n.id = m.unit_id`, func(m *domain.MachineRoom) []column {
	return versioned(&m.ID, &m.Version, &m.CreatedAt, &m.UpdatedAt, c("unit_id", &m.UnitID), join("COALESCE(n.name, '')", &m.UnitName),
		c("name", &m.Name), c("address", &m.Address), c("area_m2", &m.AreaM2), c("racks", &m.Racks), c("kind", text(&m.Kind)),
		c("exemption_basis", &m.ExemptionBasis), c("onsite_production", flag(&m.Onsite)), c("status", text(&m.Status)),
		c("closed_date", date(&m.ClosedDate)), c("closing_note", &m.ClosingNote),
		// ENV-R3: overdue is what the rules found (findings_filter.go), not worked out again here.
		join(liveFindingFlag(domain.SubjectRoom, "m.id", domain.RuleRoomOverdue), flag(&m.Overdue)))
}).onUnique(func(m *domain.MachineRoom, _ error) error {
	return domain.Invalid("name", "err.room.name_taken", m.Name)
})

// MachineRoom loads one machine room; domain.NotFound when there is none.
func (r Reader) MachineRoom(ctx context.Context, id int64) (*domain.MachineRoom, error) {
	return rooms.get(ctx, r, `m.id = ?`, id)
}

// RoomFilter narrows the machine-room list.
type RoomFilter struct {
	Query  string // name contains
	UnitID int64
	Status domain.RoomStatus
	Kind   domain.RoomKind
	// Overdue keeps the rooms with a live ENV-R3 finding (past their closing deadline, not
	// closed): what the rules found, not computed again here.
	Overdue bool
	// ClosedMonth: only the rooms closed in this month ("2026-03", by closed_date; the overview).
	ClosedMonth string
	Sort        ListSort // SortID, SortName or SortUpdated
	After       int64    // the id of the last room of the previous page
	AfterKey    string   // and its sort key (RoomSortKey), unless Sort is SortID
	Limit       int
}

func (r Reader) roomWhere(scope authz.Scope, f RoomFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "m.unit_id")
	w.contains(strings.TrimSpace(f.Query), "m.name")
	eq(w, "m.unit_id", f.UnitID)
	eq(w, "m.status", string(f.Status))
	eq(w, "m.kind", string(f.Kind))
	if f.Overdue {
		w.liveFinding(domain.SubjectRoom, "m.id", domain.RuleRoomOverdue)
	}
	w.addIf(f.ClosedMonth != "", `substr(m.closed_date, 1, 7) = ?`, f.ClosedMonth)
	return w
}

// MachineRooms lists the rooms within scope in the order f.Sort (id order by default).
func (r Reader) MachineRooms(ctx context.Context, scope authz.Scope, f RoomFilter) ([]*domain.MachineRoom, error) {
	return rooms.sorted(ctx, r, "machine rooms", "m", r.roomWhere(scope, f), f.Sort, f.AfterKey, f.After, f.Limit)
}

// CountMachineRooms counts the rooms within scope that match f (Sort, After and Limit are ignored).
func (r Reader) CountMachineRooms(ctx context.Context, scope authz.Scope, f RoomFilter) (int, error) {
	return r.countWhere(ctx, "machine rooms", "machine_rooms m", r.roomWhere(scope, f))
}

// InsertMachineRoom stores a new room.
func (tx *Tx) InsertMachineRoom(ctx context.Context, m *domain.MachineRoom) error {
	return rooms.insert(ctx, tx, m)
}

// UpdateMachineRoom saves m if its version is still m.Version (a stale one is a conflict).
func (tx *Tx) UpdateMachineRoom(ctx context.Context, m *domain.MachineRoom) error {
	return rooms.update(ctx, tx, m, "")
}

// ClaimMachineRoom raises the room's version if it is still version, and answers a conflict if
// it is not: whoever decides on what the room was (a system assigned to it, its close or move)
// claims it, so two such decisions racing under READ COMMITTED cannot both commit.
func (tx *Tx) ClaimMachineRoom(ctx context.Context, id, version int64) error {
	res, err := tx.exec(ctx, `UPDATE machine_rooms SET version = version + 1 WHERE id = ? AND version = ?`, id, version)
	return wrap(checkOne(res, err), "claim machine room %d", id)
}

// RoomMilestones lists a room's closing milestones by due date.
func (r Reader) RoomMilestones(ctx context.Context, roomID int64) ([]*domain.RoomMilestone, error) {
	return queryAll(ctx, r.q, "room milestones", func(s rowScanner) (*domain.RoomMilestone, error) {
		var m domain.RoomMilestone
		err := s.Scan(&m.ID, &m.RoomID, &m.Title, date(&m.Due), date(&m.Done))
		return &m, err
	}, `SELECT id, room_id, title, due_date, done_date FROM room_milestones WHERE room_id = ? ORDER BY due_date, id`, roomID)
}

// InsertRoomMilestone adds a milestone to a room's plan.
func (tx *Tx) InsertRoomMilestone(ctx context.Context, m *domain.RoomMilestone) error {
	err := tx.row(ctx, `INSERT INTO room_milestones (room_id, title, due_date, done_date) VALUES (?, ?, ?, ?) RETURNING id`,
		m.RoomID, m.Title, fmtDate(m.Due), fmtDate(m.Done)).Scan(&m.ID)
	return wrap(err, "insert room milestone")
}

// UpdateRoomMilestone saves a milestone. Concurrent edits are caught by the room's version,
// which every change of its plan raises.
func (tx *Tx) UpdateRoomMilestone(ctx context.Context, m *domain.RoomMilestone) error {
	res, err := tx.exec(ctx, `UPDATE room_milestones SET title = ?, due_date = ?, done_date = ? WHERE id = ? AND room_id = ?`,
		m.Title, fmtDate(m.Due), fmtDate(m.Done), m.ID, m.RoomID)
	return wrap(checkOne(res, err), "update room milestone %d", m.ID)
}

// DeleteRoomMilestone removes a milestone of the room.
func (tx *Tx) DeleteRoomMilestone(ctx context.Context, roomID, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM room_milestones WHERE id = ? AND room_id = ?`, id, roomID)
	return wrap(checkOne(res, err), "delete room milestone %d", id)
}

// SystemsInRoom lists the systems of the registry that run in the room.
func (r Reader) SystemsInRoom(ctx context.Context, roomID int64) ([]*domain.System, error) {
	return systems.all(ctx, r, "systems in room", ` WHERE s.room_id = ? ORDER BY s.id`, roomID)
}

// RoomSystemCounts counts, per room of ids, the systems still in service hosted there (those
// a room must see moved before it closes).
func (r Reader) RoomSystemCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	err := chunks(ids, 500, func(part []int64) error {
		in, args := inList("room_id", part, nil)
		counts, err := pairs[int64, int](ctx, r.q, "room system counts", `SELECT room_id, count(*) FROM systems WHERE `+in+`
			AND status NOT IN (?, ?) GROUP BY room_id`, append(args, string(domain.StatusOffline), string(domain.StatusCleanupAccepted))...)
		maps.Copy(out, counts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
