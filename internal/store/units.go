package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"archgov/internal/domain"
)

const unitCols = `id, code, name, kind, level, COALESCE(parent_id, 0), head_name, head_phone_enc, contact_name, contact_phone_enc, active, version, created_at, updated_at`

func (r Reader) scanUnit(s rowScanner) (*domain.Unit, error) {
	var u domain.Unit
	var hp, cp string
	if err := s.Scan(&u.ID, &u.Code, &u.Name, text(&u.Kind), &u.Level, &u.ParentID, &u.HeadName, &hp, &u.ContactName, &cp, flag(&u.Active),
		&u.Version, at(&u.CreatedAt), at(&u.UpdatedAt)); err != nil {
		return nil, err
	}
	var err error
	if u.HeadPhone, err = r.db.open(hp, "units.head_phone"); err != nil {
		return nil, fmt.Errorf("store: unit %d head phone: %w", u.ID, err)
	}
	if u.ContactPhone, err = r.db.open(cp, "units.contact_phone"); err != nil {
		return nil, fmt.Errorf("store: unit %d contact phone: %w", u.ID, err)
	}
	return &u, nil
}

// Unit loads one unit; domain.NotFound when there is none.
func (r Reader) Unit(ctx context.Context, id int64) (*domain.Unit, error) {
	return queryOne(ctx, r.q, "unit", r.scanUnit, `SELECT `+unitCols+` FROM units WHERE id = ?`, id)
}

// UnitByCode loads one unit by its code.
func (r Reader) UnitByCode(ctx context.Context, code string) (*domain.Unit, error) {
	return queryOne(ctx, r.q, "unit", r.scanUnit, `SELECT `+unitCols+` FROM units WHERE code = ?`, code)
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
	return list(ctx, r.q, "units", r.scanUnit, `SELECT `+unitCols+` FROM units`, w, ` ORDER BY id`, f.Limit)
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

var unitRecord = newRecord("units", nil, "code", "name", "kind", "level", "parent_id", "head_name", "head_phone_enc",
	"contact_name", "contact_phone_enc", "active")

// unitValues are u's columns, the phone numbers sealed.
func (tx *Tx) unitValues(u *domain.Unit) ([]any, error) {
	hp, err := tx.db.sealer.Seal(u.HeadPhone, "units.head_phone")
	if err != nil {
		return nil, err
	}
	cp, err := tx.db.sealer.Seal(u.ContactPhone, "units.contact_phone")
	if err != nil {
		return nil, err
	}
	return []any{u.Code, u.Name, string(u.Kind), u.Level, nullID(u.ParentID), u.HeadName, hp, u.ContactName, cp, b2i(u.Active)}, nil
}

// InsertUnit stores a new unit and sets its ID, version and times.
func (tx *Tx) InsertUnit(ctx context.Context, u *domain.Unit) error {
	vals, err := tx.unitValues(u)
	if err != nil {
		return err
	}
	err = tx.insert(ctx, unitRecord, vals, &u.ID, &u.Version, &u.CreatedAt, &u.UpdatedAt)
	if isUnique(err) && strings.Contains(err.Error(), "units_one_root") {
		return domain.Invalid("parent_id", "err.unit.parent_required")
	}
	if isUnique(err) {
		return domain.Invalid("code", "err.unit.code_taken", u.Code)
	}
	return wrap(err, "insert unit")
}

// UpdateUnit saves u if its version is still u.Version, then bumps the version. A stale
// version is a domain conflict: someone else saved first, and their change must not be lost.
func (tx *Tx) UpdateUnit(ctx context.Context, u *domain.Unit) error {
	vals, err := tx.unitValues(u)
	if err != nil {
		return err
	}
	err = tx.update(ctx, unitRecord, vals, u.ID, &u.Version, &u.UpdatedAt)
	if isUnique(err) {
		return domain.Invalid("code", "err.unit.code_taken", u.Code)
	}
	return wrap(err, "update unit %d", u.ID)
}
