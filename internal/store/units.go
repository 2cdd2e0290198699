package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"archgov/internal/domain"
)

// The phone numbers are personal data, sealed at rest.
var units = newTable("unit", "units", "", "", func(u *domain.Unit) []column {
	return versioned(&u.ID, &u.Version, &u.CreatedAt, &u.UpdatedAt, c("code", &u.Code), c("name", &u.Name), c("kind", text(&u.Kind)),
		c("level", &u.Level), c("parent_id", ref(&u.ParentID)), c("head_name", &u.HeadName),
		c("head_phone_enc", sealed(&u.HeadPhone, "units.head_phone")), c("contact_name", &u.ContactName),
		c("contact_phone_enc", sealed(&u.ContactPhone, "units.contact_phone")), c("active", flag(&u.Active)))
}).onUnique(func(u *domain.Unit, err error) error {
	if strings.Contains(err.Error(), "units_one_root") {
		return domain.Invalid("parent_id", "err.unit.parent_required")
	}
	return domain.Invalid("code", "err.unit.code_taken", u.Code)
})

// Unit loads one unit; domain.NotFound when there is none.
func (r Reader) Unit(ctx context.Context, id int64) (*domain.Unit, error) {
	return units.get(ctx, r, `id = ?`, id)
}

// UnitByCode loads one unit by its code.
func (r Reader) UnitByCode(ctx context.Context, code string) (*domain.Unit, error) {
	return units.get(ctx, r, `code = ?`, code)
}

// UnitFilter narrows a unit list.
type UnitFilter struct {
	Query    string // name or code contains
	ParentID int64
	Kind     domain.UnitKind
	Active   *bool
	After    int64 // keyset cursor: id
	Limit    int   // 0: all
}

// Units lists units in id order. Units are public to every government user, so there is no
// scope here; personal data in them is masked by the caller.
func (r Reader) Units(ctx context.Context, f UnitFilter) ([]*domain.Unit, error) {
	w := r.where(`id > ?`, f.After)
	w.contains(f.Query, "name", "code")
	eq(w, "parent_id", f.ParentID)
	eq(w, "kind", string(f.Kind))
	if f.Active != nil {
		w.add(`active = ?`, b2i(*f.Active))
	}
	return units.list(ctx, r, "units", w, ` ORDER BY id`, f.Limit)
}

// UnitAncestors returns the IDs of id's ancestors, nearest first.
func (r Reader) UnitAncestors(ctx context.Context, id int64) ([]int64, error) {
	var out []int64
	for id != 0 && len(out) < 64 {
		var parent sql.NullInt64
		if err := r.row(ctx, `SELECT parent_id FROM units WHERE id = ?`, id).Scan(&parent); err != nil {
			return nil, fmt.Errorf("store: unit ancestors: %w", err)
		}
		id = parent.Int64
		if id != 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

// UnitInUse reports whether anything live refers to the unit (active children, enabled users,
// roles of enabled users scoped to it, systems still in service), in which
// case it may be deactivated but never deleted.
func (r Reader) UnitInUse(ctx context.Context, id int64) (bool, error) {
	n, err := r.count(ctx, "unit in use", `SELECT (SELECT count(*) FROM units WHERE parent_id = ? AND active = 1)
		+ (SELECT count(*) FROM users WHERE unit_id = ? AND disabled = 0)
		+ (SELECT count(*) FROM user_roles g JOIN users u ON u.id = g.user_id WHERE g.unit_id = ? AND u.disabled = 0)
		+ (SELECT count(*) FROM systems WHERE unit_id = ? AND status NOT IN ('offline', 'cleanup_accepted'))`, id, id, id, id)
	return n > 0, err
}

// LockUnits locks the rows of the given units until the transaction ends (PostgreSQL; SQLite's
// single writer already serialises), so that two concurrent moves cannot each pass the cycle
// check and together make a cycle.
func (tx *Tx) LockUnits(ctx context.Context, ids ...int64) error {
	if tx.d != Postgres || len(ids) == 0 {
		return nil
	}
	rows, err := tx.query(ctx, `SELECT id FROM units WHERE id IN (`+bindVars(len(ids))+`) ORDER BY id FOR UPDATE`, anys(ids)...)
	if err != nil {
		return fmt.Errorf("store: lock units: %w", err)
	}
	return rows.Close()
}

// InsertUnit stores a new unit and sets its ID, version and times.
func (tx *Tx) InsertUnit(ctx context.Context, u *domain.Unit) error {
	return units.insert(ctx, tx, u)
}

// UpdateUnit saves u if its version is still u.Version, then bumps the version. A stale
// version is a domain conflict: someone else saved first, and their change must not be lost.
func (tx *Tx) UpdateUnit(ctx context.Context, u *domain.Unit) error {
	return units.update(ctx, tx, u, "")
}
