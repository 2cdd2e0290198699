package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"archgov/internal/domain"
)

// A unit is read with the names and phones of its 责任人 and 联系人 from their accounts (ORG-1;
// the phones are the accounts', sealed at rest as users.phone).
var units = newTable("unit", "units", "t", ` LEFT JOIN users hu ON hu.id = t.responsible_user_id LEFT JOIN users cu ON cu.id = t.contact_user_id`,
	func(u *domain.Unit) []column {
		return versioned(&u.ID, &u.Version, &u.CreatedAt, &u.UpdatedAt, c("code", &u.Code), c("name", &u.Name), c("kind", text(&u.Kind)),
			c("level", &u.Level), c("parent_id", ref(&u.ParentID)),
			c("responsible_user_id", ref(&u.ResponsibleUserID)), join("COALESCE(hu.name, '')", &u.HeadName),
			join("COALESCE(hu.phone_enc, '')", sealed(&u.HeadPhone, "users.phone")),
			c("contact_user_id", ref(&u.ContactUserID)), join("COALESCE(cu.name, '')", &u.ContactName),
			join("COALESCE(cu.phone_enc, '')", sealed(&u.ContactPhone, "users.phone")),
			c("active", flag(&u.Active)))
	}).onUnique(func(u *domain.Unit, err error) error {
	if strings.Contains(err.Error(), "units_one_root") {
		return domain.Invalid("parent_id", "err.unit.parent_required")
	}
	return domain.Invalid("code", "err.unit.code_taken", u.Code)
})

// Unit loads one unit; domain.NotFound when there is none.
func (r Reader) Unit(ctx context.Context, id int64) (*domain.Unit, error) {
	return units.get(ctx, r, `t.id = ?`, id)
}

// UnitByCode loads one unit by its code.
func (r Reader) UnitByCode(ctx context.Context, code string) (*domain.Unit, error) {
	return units.get(ctx, r, `t.code = ?`, code)
}

// UnitFilter narrows a unit list.
type UnitFilter struct {
	Query    string // name or code contains
	ParentID int64
	Kind     domain.UnitKind
	Active   *bool
	Finding  string // ORG-1: only units with a live finding of this rule (domain.RulePeopleMissing)
	After    int64  // keyset cursor: id
	Limit    int    // 0: all
}

// Units lists units in id order. Units are public to every government user, so there is no
// scope here; personal data in them is masked by the caller.
func (r Reader) Units(ctx context.Context, f UnitFilter) ([]*domain.Unit, error) {
	w := r.where(`t.id > ?`, f.After)
	w.contains(f.Query, "t.name", "t.code")
	eq(w, "t.parent_id", f.ParentID)
	eq(w, "t.kind", string(f.Kind))
	if f.Active != nil {
		w.add(`t.active = ?`, b2i(*f.Active))
	}
	w.liveFinding(domain.SubjectUnit, "t.id", f.Finding)
	return units.list(ctx, r, "units", w, ` ORDER BY t.id`, f.Limit)
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

// UnitPeople lists the enabled accounts the given units name as 责任人 or 联系人 (ORG-1), each
// once, in id order: whom a unit's notifications reach.
func (r Reader) UnitPeople(ctx context.Context, unitIDs []int64) ([]int64, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	in, args := inList("t.id", unitIDs, nil)
	return queryAll(ctx, r.q, "unit people", scalar[int64], `SELECT DISTINCT u.id FROM units t
		JOIN users u ON u.id = t.responsible_user_id OR u.id = t.contact_user_id
		WHERE u.disabled = 0 AND `+in+` ORDER BY u.id`, args...)
}

// UnitsNaming lists the units that name the account as 责任人 or 联系人, in id order.
func (r Reader) UnitsNaming(ctx context.Context, userID int64) ([]*domain.Unit, error) {
	return units.all(ctx, r, "units naming a user", ` WHERE t.responsible_user_id = ? OR t.contact_user_id = ? ORDER BY t.id`, userID, userID)
}

// backfillUnitPeople is migration 0023's Go step: each unit's free-text 责任人 and 联系人 become
// references to the one enabled account of the unit holding the role for it and bearing that
// name; such an account without a phone gets the one the unit had for the person. Names that
// match no account (or several) are told to the operator, to be named on the unit pages. The
// free-text columns are then dropped.
func backfillUnitPeople(ctx context.Context, tx *Tx) error {
	type person struct {
		role, name, phone, col, aad string
	}
	type unit struct {
		id            int64
		code, name    string
		head, contact person
	}
	list, err := queryAll(ctx, tx.q, "unit people backfill", func(s rowScanner) (*unit, error) {
		u := unit{head: person{role: string(domain.RoleUnitHead), col: "responsible_user_id", aad: "units.head_phone"},
			contact: person{role: string(domain.RoleUnitContact), col: "contact_user_id", aad: "units.contact_phone"}}
		err := s.Scan(&u.id, &u.code, &u.name, &u.head.name, &u.head.phone, &u.contact.name, &u.contact.phone)
		return &u, err
	}, `SELECT id, code, name, head_name, head_phone_enc, contact_name, contact_phone_enc FROM units ORDER BY id`)
	if err != nil {
		return err
	}
	var unmatched []string
	for _, u := range list {
		for _, p := range []person{u.head, u.contact} {
			name := strings.TrimSpace(p.name)
			if name == "" {
				continue
			}
			ids, err := queryAll(ctx, tx.q, "unit people backfill", scalar[int64], `SELECT u.id FROM users u
				JOIN user_roles g ON g.user_id = u.id AND g.role = ? AND g.unit_id = ?
				WHERE u.unit_id = ? AND u.disabled = 0 AND u.name = ? ORDER BY u.id`, p.role, u.id, u.id, name)
			if err != nil {
				return err
			}
			if len(ids) != 1 {
				what := map[string]string{"unit_head": "责任人", "unit_contact": "联系人"}[p.role]
				unmatched = append(unmatched, fmt.Sprintf("%s %s %s %s", u.code, u.name, what, name))
				continue
			}
			if _, err := tx.exec(ctx, `UPDATE units SET `+p.col+` = ? WHERE id = ?`, ids[0], u.id); err != nil {
				return fmt.Errorf("store: unit people backfill: %w", err)
			}
			phone, err := tx.db.sealer.Open(p.phone, p.aad)
			if err != nil || phone == "" {
				continue // a phone that does not open is not copied; the account keeps none
			}
			sealed, err := tx.db.sealer.Seal(phone, "users.phone")
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE users SET phone_enc = ? WHERE id = ? AND phone_enc = ''`, sealed, ids[0]); err != nil {
				return fmt.Errorf("store: unit people backfill: %w", err)
			}
		}
	}
	for _, col := range []string{"head_name", "head_phone_enc", "contact_name", "contact_phone_enc"} {
		if _, err := tx.exec(ctx, `ALTER TABLE units DROP COLUMN `+col); err != nil {
			return fmt.Errorf("store: unit people backfill: %w", err)
		}
	}
	if n := len(unmatched); n > 0 {
		shown := unmatched[:min(n, 20)]
		more := ""
		if n > len(shown) {
			more = fmt.Sprintf(" and %d more", n-len(shown))
		}
		tx.db.notes = append(tx.db.notes, fmt.Sprintf("%d unit people (ORG-1) match no single enabled account of their unit with the role "+
			"and were not kept: %s%s — create the accounts, grant the roles and name them on the unit pages", n, strings.Join(shown, "; "), more))
	}
	return nil
}
