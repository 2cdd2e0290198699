package store

import (
	"context"
	"fmt"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

const roomCols = `m.id, m.unit_id, COALESCE(n.name, ''), m.name, m.address, m.area_m2, m.racks, m.kind, m.exemption_basis,
	m.onsite_production, m.status, m.closed_date, m.closing_note, m.version, m.created_at, m.updated_at`
const roomFrom = ` FROM machine_rooms m LEFT JOIN units n ON n.id = m.unit_id`

func scanRoom(sc interface{ Scan(...any) error }) (*domain.MachineRoom, error) {
	var m domain.MachineRoom
	var kind, status, closed string
	var onsite, racks, created, updated int64
	err := sc.Scan(&m.ID, &m.UnitID, &m.UnitName, &m.Name, &m.Address, &m.AreaM2, &racks, &kind, &m.ExemptionBasis,
		&onsite, &status, &closed, &m.ClosingNote, &m.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	m.Racks, m.Onsite = int(racks), onsite != 0
	m.Kind, m.Status = domain.RoomKind(kind), domain.RoomStatus(status)
	m.ClosedDate = parseDate(closed)
	m.CreatedAt, m.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &m, nil
}

// MachineRoom loads one machine room; domain.NotFound when there is none.
func (r Reader) MachineRoom(ctx context.Context, id int64) (*domain.MachineRoom, error) {
	m, err := scanRoom(r.row(ctx, `SELECT `+roomCols+roomFrom+` WHERE m.id = ?`, id))
	if isNoRows(err) {
		return nil, domain.NotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("store: machine room %d: %w", id, err)
	}
	return m, nil
}

// RoomFilter narrows the machine-room list.
type RoomFilter struct {
	Query  string // name contains
	UnitID int64
	Status domain.RoomStatus
	Kind   domain.RoomKind
	// MustClose keeps the rooms the rules want closed that are not closed yet: kind 其他,
	// without on-site production, not closed (ENV-R3). Whether they are overdue depends on the
	// deadline, which the use case knows.
	MustClose bool
	Sort      ListSort // SortID, SortName or SortUpdated
	After     int64    // the id of the last room of the previous page
	AfterKey  string   // and its sort key (RoomSortKey), unless Sort is SortID
	Limit     int
}

func (r Reader) roomWhere(scope authz.Scope, f RoomFilter) (where string, args []any, ok bool) {
	where = ` WHERE 1 = 1`
	if !scope.All {
		if len(scope.UnitIDs) == 0 {
			return "", nil, false
		}
		where += ` AND m.unit_id IN (` + bindVars(len(scope.UnitIDs)) + `)`
		for _, id := range scope.UnitIDs {
			args = append(args, id)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where += ` AND m.name ` + r.like() + ` ? ESCAPE '\'`
		args = append(args, "%"+escapeLike(q)+"%")
	}
	if f.UnitID != 0 {
		where += ` AND m.unit_id = ?`
		args = append(args, f.UnitID)
	}
	if f.Status != "" {
		where += ` AND m.status = ?`
		args = append(args, string(f.Status))
	}
	if f.Kind != "" {
		where += ` AND m.kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.MustClose {
		where += ` AND m.kind = ? AND m.onsite_production = 0 AND m.status <> ?`
		args = append(args, string(domain.RoomOther), string(domain.RoomClosed))
	}
	kw, kargs, _ := r.keyset("m", f.Sort, f.AfterKey, f.After)
	return where + kw, append(args, kargs...), true
}

// MachineRooms lists the rooms within scope in the order f.Sort (id order by default).
func (r Reader) MachineRooms(ctx context.Context, scope authz.Scope, f RoomFilter) ([]*domain.MachineRoom, error) {
	where, args, ok := r.roomWhere(scope, f)
	if !ok {
		return nil, nil
	}
	_, _, order := r.keyset("m", f.Sort, f.AfterKey, f.After)
	q := `SELECT ` + roomCols + roomFrom + where + order
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: machine rooms: %w", err)
	}
	defer rows.Close()
	var out []*domain.MachineRoom
	for rows.Next() {
		m, err := scanRoom(rows)
		if err != nil {
			return nil, fmt.Errorf("store: machine rooms: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CountMachineRooms counts the rooms within scope that match f (Sort, After and Limit are ignored).
func (r Reader) CountMachineRooms(ctx context.Context, scope authz.Scope, f RoomFilter) (int, error) {
	f.Sort, f.After, f.AfterKey = SortID, 0, ""
	where, args, ok := r.roomWhere(scope, f)
	if !ok {
		return 0, nil
	}
	var n int
	if err := r.row(ctx, `SELECT count(*) FROM machine_rooms m`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count machine rooms: %w", err)
	}
	return n, nil
}

// InsertMachineRoom stores a new room.
func (tx *Tx) InsertMachineRoom(ctx context.Context, m *domain.MachineRoom) error {
	now := tx.Now()
	err := tx.row(ctx, `INSERT INTO machine_rooms (unit_id, name, address, area_m2, racks, kind, exemption_basis, onsite_production,
		status, closed_date, closing_note, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		m.UnitID, m.Name, m.Address, m.AreaM2, m.Racks, string(m.Kind), m.ExemptionBasis, b2i(m.Onsite),
		string(m.Status), fmtDate(m.ClosedDate), m.ClosingNote, micros(now), micros(now)).Scan(&m.ID)
	if isUnique(err) {
		return domain.Invalid("name", "err.room.name_taken", m.Name)
	}
	if err != nil {
		return fmt.Errorf("store: insert machine room: %w", err)
	}
	m.Version, m.CreatedAt, m.UpdatedAt = 1, now.UTC(), now.UTC()
	return nil
}

// UpdateMachineRoom saves m if its version is still m.Version (a stale one is a conflict).
func (tx *Tx) UpdateMachineRoom(ctx context.Context, m *domain.MachineRoom) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE machine_rooms SET unit_id = ?, name = ?, address = ?, area_m2 = ?, racks = ?, kind = ?,
		exemption_basis = ?, onsite_production = ?, status = ?, closed_date = ?, closing_note = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		m.UnitID, m.Name, m.Address, m.AreaM2, m.Racks, string(m.Kind), m.ExemptionBasis, b2i(m.Onsite),
		string(m.Status), fmtDate(m.ClosedDate), m.ClosingNote, micros(now), m.ID, m.Version)
	if isUnique(err) {
		return domain.Invalid("name", "err.room.name_taken", m.Name)
	}
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: update machine room %d: %w", m.ID, err)
	}
	m.Version++
	m.UpdatedAt = now.UTC()
	return nil
}

// ClaimMachineRoom raises the room's version if it is still version, and answers a conflict if
// it is not: whoever decides on what the room was (a system assigned to it, its close or move)
// claims it, so two such decisions racing under READ COMMITTED cannot both commit.
func (tx *Tx) ClaimMachineRoom(ctx context.Context, id, version int64) error {
	res, err := tx.exec(ctx, `UPDATE machine_rooms SET version = version + 1 WHERE id = ? AND version = ?`, id, version)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: claim machine room %d: %w", id, err)
	}
	return nil
}

// RoomMilestones lists a room's closing milestones by due date.
func (r Reader) RoomMilestones(ctx context.Context, roomID int64) ([]*domain.RoomMilestone, error) {
	rows, err := r.query(ctx, `SELECT id, room_id, title, due_date, done_date FROM room_milestones WHERE room_id = ? ORDER BY due_date, id`, roomID)
	if err != nil {
		return nil, fmt.Errorf("store: room milestones: %w", err)
	}
	defer rows.Close()
	var out []*domain.RoomMilestone
	for rows.Next() {
		var m domain.RoomMilestone
		var due, done string
		if err := rows.Scan(&m.ID, &m.RoomID, &m.Title, &due, &done); err != nil {
			return nil, fmt.Errorf("store: room milestones: %w", err)
		}
		m.Due, m.Done = parseDate(due), parseDate(done)
		out = append(out, &m)
	}
	return out, rows.Err()
}

// InsertRoomMilestone adds a milestone to a room's plan.
func (tx *Tx) InsertRoomMilestone(ctx context.Context, m *domain.RoomMilestone) error {
	err := tx.row(ctx, `INSERT INTO room_milestones (room_id, title, due_date, done_date) VALUES (?, ?, ?, ?) RETURNING id`,
		m.RoomID, m.Title, fmtDate(m.Due), fmtDate(m.Done)).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("store: insert room milestone: %w", err)
	}
	return nil
}

// UpdateRoomMilestone saves a milestone. Concurrent edits are caught by the room's version,
// which every change of its plan raises.
func (tx *Tx) UpdateRoomMilestone(ctx context.Context, m *domain.RoomMilestone) error {
	res, err := tx.exec(ctx, `UPDATE room_milestones SET title = ?, due_date = ?, done_date = ? WHERE id = ? AND room_id = ?`,
		m.Title, fmtDate(m.Due), fmtDate(m.Done), m.ID, m.RoomID)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: update room milestone %d: %w", m.ID, err)
	}
	return nil
}

// DeleteRoomMilestone removes a milestone of the room.
func (tx *Tx) DeleteRoomMilestone(ctx context.Context, roomID, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM room_milestones WHERE id = ? AND room_id = ?`, id, roomID)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: delete room milestone %d: %w", id, err)
	}
	return nil
}

// SystemsInRoom lists the systems of the registry that run in the room.
func (r Reader) SystemsInRoom(ctx context.Context, roomID int64) ([]*domain.System, error) {
	rows, err := r.query(ctx, `SELECT `+systemCols+systemFrom+` WHERE s.room_id = ? ORDER BY s.id`, roomID)
	if err != nil {
		return nil, fmt.Errorf("store: systems in room: %w", err)
	}
	defer rows.Close()
	var out []*domain.System
	for rows.Next() {
		s, err := scanSystem(rows)
		if err != nil {
			return nil, fmt.Errorf("store: systems in room: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RoomSystemCounts counts, per room of ids, the systems still in service hosted there (those
// a room must see moved before it closes).
func (r Reader) RoomSystemCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, 0, len(part)+2)
		for _, id := range part {
			args = append(args, id)
		}
		args = append(args, string(domain.StatusOffline), string(domain.StatusCleanupAccepted))
		rows, err := r.query(ctx, `SELECT room_id, count(*) FROM systems WHERE room_id IN (`+bindVars(len(part))+`)
			AND status NOT IN (?, ?) GROUP BY room_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: room system counts: %w", err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: room system counts: %w", err)
			}
			out[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
