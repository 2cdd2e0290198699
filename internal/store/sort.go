package store

import (
	"strconv"
	"time"

	"archgov/internal/domain"
)

// ListSort is the order of a registry list (information systems, machine rooms). Every order
// ends with the id, so it is total and a page can continue after the last row of the previous
// one. The id order (the default, registration order) continues after the last id; the others
// continue after the last row's sort key and id, which the cursor carries itself: resolving a
// cursor reads no other row, so it cannot tell anything about records outside the scope.
type ListSort string

const (
	SortID      ListSort = ""        // registration order
	SortName    ListSort = "name"    // by name, bytewise (the same on SQLite and PostgreSQL)
	SortCode    ListSort = "code"    // by code (systems)
	SortGoLive  ListSort = "go_live" // newest go-live date first, unknown dates last (systems)
	SortUpdated ListSort = "updated" // most recently changed first
)

// SystemSorts and RoomSorts are the orders of the two lists, in display order.
var (
	SystemSorts = []ListSort{SortID, SortName, SortCode, SortGoLive, SortUpdated}
	RoomSorts   = []ListSort{SortID, SortName, SortUpdated}
)

// ValidKey reports whether k can be a sort key of o (a cursor's key comes from the client).
func (o ListSort) ValidKey(k string) bool {
	switch o {
	case SortUpdated:
		_, err := strconv.ParseInt(k, 10, 64)
		return err == nil
	case SortGoLive:
		return k == "" || !parseDate(k).IsZero()
	}
	return true
}

// SystemSortKey is the value of sys's sort column under o, for the cursor after it.
func SystemSortKey(o ListSort, sys *domain.System) string {
	switch o {
	case SortCode:
		return sys.Code
	case SortGoLive:
		return fmtDate(sys.GoLive)
	}
	return sortKey(o, sys.Name, sys.UpdatedAt)
}

// RoomSortKey is the value of m's sort column under o, for the cursor after it.
func RoomSortKey(o ListSort, m *domain.MachineRoom) string { return sortKey(o, m.Name, m.UpdatedAt) }

// sortKey is the key of a record with that name and update time under o (SortName,
// SortUpdated; "" for the id order).
func sortKey(o ListSort, name string, updated time.Time) string {
	switch o {
	case SortName:
		return name
	case SortUpdated:
		return strconv.FormatInt(micros(updated), 10)
	}
	return ""
}

// sortCol is the column a ListSort orders by.
type sortCol struct {
	col  string // without the table alias
	desc bool   // newest first (ties: highest id first)
	num  bool   // an integer column: the key is a decimal number
}

var listSortCols = map[ListSort]sortCol{
	SortName:    {col: "name"},
	SortCode:    {col: "code"},
	SortGoLive:  {col: "go_live", desc: true},
	SortUpdated: {col: "updated_at", desc: true, num: true},
}

// keyset returns the condition that continues a list in order o after the row with sort key
// key and id after (none on the first page, after == 0), and the ORDER BY. Text columns compare
// bytewise on both databases: PostgreSQL's default collation orders differently from SQLite.
// The id order keeps the plain "id > after" of the lists.
func (q q) keyset(alias string, o ListSort, key string, after int64) (where string, args []any, order string) {
	c, ok := listSortCols[o]
	if !ok {
		return ` AND ` + alias + `.id > ?`, []any{after}, ` ORDER BY ` + alias + `.id`
	}
	col := alias + `.` + c.col
	if !c.num && q.d == Postgres {
		col += ` COLLATE "C"`
	}
	op, dir := `>`, ``
	if c.desc {
		op, dir = `<`, ` DESC`
	}
	order = ` ORDER BY ` + col + dir + `, ` + alias + `.id` + dir
	if after <= 0 {
		return "", nil, order
	}
	var k any = key
	if c.num {
		n, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			n = 0 // the web layer refuses such a cursor; never reached
		}
		k = n
	}
	return ` AND (` + col + `, ` + alias + `.id) ` + op + ` (?, ?)`, []any{k, after}, order
}
