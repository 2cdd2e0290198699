package app

import (
	"archgov/internal/rules"
	"context"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
)

// unitMask keeps phone numbers out of the audit log in clear (密评: personal data); they are
// the named accounts' (ORG-1), recorded with the unit so its history shows who was named.
var unitMask = map[string]func(string) string{"head_phone": gm.MaskPhone, "contact_phone": gm.MaskPhone}

var unitType = recordType[domain.Unit]{subject: rules.KindUnit, entity: "unit", kind: authz.KindUnit, read: authz.UnitRead, res: authz.Unit,
	load: store.Reader.Unit, insert: (*store.Tx).InsertUnit, update: (*store.Tx).UpdateUnit,
	key: func(u *domain.Unit) (int64, int64) { return u.ID, u.Version }, mask: unitMask}

// maskUnit hides the phones of a unit the actor may not see them for.
func maskUnit(a domain.Actor, u *domain.Unit) *domain.Unit {
	if authz.Can(a, authz.UnitSeePhones, authz.Unit(u)) == nil {
		return u
	}
	c := *u
	c.HeadPhone, c.ContactPhone = gm.MaskPhone(c.HeadPhone), gm.MaskPhone(c.ContactPhone)
	return &c
}

// Unit returns one unit as the actor may see it.
func (s *Service) Unit(ctx context.Context, a domain.Actor, unitID int64) (*domain.Unit, error) {
	u, err := unitType.get(ctx, s.db.Read(), a, unitID)
	if err != nil {
		return nil, err
	}
	return maskUnit(a, u), nil
}

// Units lists units (public to government users), phones masked as the actor requires.
func (s *Service) Units(ctx context.Context, a domain.Actor, f store.UnitFilter) (Page[*domain.Unit], error) {
	p, err := unitType.list(a, &f.Limit, func(authz.Scope) ([]*domain.Unit, error) { return s.db.Read().Units(ctx, f) }) // every unit
	for i, u := range p.Items {
		p.Items[i] = maskUnit(a, u)
	}
	return p, err
}

// CreateUnit adds a unit below its parent (ORG-1).
func (s *Service) CreateUnit(ctx context.Context, a domain.Actor, u *domain.Unit) error {
	var parent *domain.Unit
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res := authz.Resource{Kind: authz.KindUnit}
		if u.ParentID != 0 {
			p, err := tx.Unit(ctx, u.ParentID)
			if domain.ErrorCode(err) == domain.ENotFound {
				return domain.Invalid("parent_id", "err.unit.parent_missing")
			}
			if err != nil {
				return err
			}
			parent = p
		}
		if err := authz.Can(a, authz.UnitCreate, res); err != nil {
			return err
		}
		// A new unit has no accounts yet: its people are named once accounts of it exist (ORG-1).
		u.ID, u.Active = 0, true
		for _, p := range u.People() {
			*p.ID, *p.Name, *p.Phone = 0, "", ""
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := u.ValidateParent(parent, nil); err != nil {
			return err
		}
		if parent == nil {
			if roots, err := tx.Units(ctx, store.UnitFilter{Kind: domain.KindDistrict}); err != nil {
				return err
			} else if len(roots) > 0 {
				return domain.Invalid("parent_id", "err.unit.parent_required")
			}
		}
		return unitType.add(ctx, tx, a, u)
	})
	return err
}

// UnitEdit is an edit of a unit's own fields; parent and active state have their own commands.
// Nil fields are left as they are (PATCH semantics). The 责任人 and 联系人 are named by their
// accounts' IDs (0 names no one); their names and phones are the accounts' (ORG-1).
type UnitEdit struct {
	Version           int64            `json:"version"`
	Code              *string          `json:"code"`
	Name              *string          `json:"name"`
	Kind              *domain.UnitKind `json:"kind"`
	ResponsibleUserID *int64           `json:"responsible_user_id"`
	ContactUserID     *int64           `json:"contact_user_id"`
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// UpdateUnit saves an edit. A unit head may change only the responsible person and contact
// of their own unit (ORG-1); the system admin may change everything. Each person named must
// be an enabled account of the unit holding the role for it (422 naming the field).
func (s *Service) UpdateUnit(ctx context.Context, a domain.Actor, unitID int64, e UnitEdit) (*domain.Unit, error) {
	allow := func(u *domain.Unit) error {
		if authz.Can(a, authz.UnitUpdate, authz.Unit(u)) == nil {
			return nil
		}
		if err := authz.Can(a, authz.UnitUpdateContacts, authz.Unit(u)); err != nil {
			return err
		}
		if (e.Code != nil && *e.Code != u.Code) || (e.Name != nil && *e.Name != u.Name) || (e.Kind != nil && *e.Kind != u.Kind) {
			return domain.Forbidden()
		}
		return nil
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Unit, error) {
		return unitType.change(ctx, tx, a, unitID, e.Version, allow, func(u, before *domain.Unit) (string, string, error) {
			patch(u, e)
			if err := u.Validate(); err != nil {
				return "", "", err
			}
			if err := namePeople(ctx, tx, u, before); err != nil {
				return "", "", err
			}
			if u.Kind == before.Kind {
				return "update", "", nil
			}
			var parent *domain.Unit
			if u.ParentID != 0 {
				var err error
				if parent, err = tx.Unit(ctx, u.ParentID); err != nil {
					return "", "", err
				}
			}
			if err := u.ValidateParent(parent, nil); err != nil {
				return "", "", domain.Invalid("kind", "err.unit.kind_parent")
			}
			// The units below must still fit: a street with communities cannot become a bureau.
			children, err := tx.Units(ctx, store.UnitFilter{ParentID: u.ID})
			if err != nil {
				return "", "", err
			}
			probe := *u
			probe.Active = true // an inactive unit's kind must fit its children all the same
			for _, c := range children {
				if err := c.ValidateParent(&probe, nil); err != nil {
					return "", "", domain.Invalid("kind", "err.unit.kind_children", c.Name)
				}
			}
			return "update", "", nil
		})
	})
}

// namePeople checks the people u names that before did not (ORG-1) and shows their accounts'
// names and phones on u; a person named before stays as long as the account still qualifies
// (releaseUnitPeople keeps that true when an account changes).
func namePeople(ctx context.Context, tx *store.Tx, u, before *domain.Unit) error {
	var errs domain.Problems
	for i, p := range u.People() {
		id := *p.ID
		switch {
		case id == 0:
			*p.Name, *p.Phone = "", ""
		case id != *before.People()[i].ID:
			account, err := tx.User(ctx, id)
			if err != nil && domain.ErrorCode(err) != domain.ENotFound {
				return err
			}
			if err := u.CheckPerson(p, account); err != nil {
				errs.Add(err)
				continue
			}
			*p.Name, *p.Phone = account.Name, account.Phone
		}
	}
	return errs.Err()
}

// releaseUnitPeople is run in the transaction of every change of an account's unit, roles or
// state: a unit naming the account as a person it no longer qualifies for (moved to another
// unit, the role taken away, disabled) names no one there any more, audited on the unit, so a
// unit never names an account that cannot act for it (ORG-1). The unit's page then warns that
// the person is missing, and the office's to-do list counts it.
func releaseUnitPeople(ctx context.Context, tx *store.Tx, a domain.Actor, userID int64) error {
	named, err := tx.UnitsNaming(ctx, userID)
	if err != nil || len(named) == 0 {
		return err
	}
	account, err := tx.User(ctx, userID)
	if err != nil {
		return err
	}
	for _, u := range named {
		before := *u
		changed := false
		for _, p := range u.People() {
			if *p.ID == userID && u.CheckPerson(p, account) != nil {
				*p.ID, *p.Name, *p.Phone = 0, "", ""
				changed = true
			}
		}
		if !changed {
			continue
		}
		if err := tx.UpdateUnit(ctx, u); err != nil {
			return err
		}
		if err := refresh(ctx, tx, rules.KindUnit, u.ID); err != nil { // ORG-1: the person is missing now
			return err
		}
		if err := record(ctx, tx, a, event{action: "unit.update", entityType: "unit", entityID: id(u.ID),
			changes: audit.Diff(&before, u, unitMask)}); err != nil {
			return err
		}
	}
	return nil
}

// MoveUnit hangs a unit below another parent, refusing cycles and impossible kinds.
func (s *Service) MoveUnit(ctx context.Context, a domain.Actor, unitID, parentID, version int64) (*domain.Unit, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Unit, error) {
		return unitType.change(ctx, tx, a, unitID, version, unitType.may(a, authz.UnitMove), func(u, _ *domain.Unit) (string, string, error) {
			parent, err := tx.Unit(ctx, parentID)
			if domain.ErrorCode(err) == domain.ENotFound {
				return "", "", domain.Invalid("parent_id", "err.unit.parent_missing")
			}
			if err != nil {
				return "", "", err
			}
			// Lock both, then read the ancestors: a concurrent opposite move waits and then sees
			// this one, so the cycle check cannot be passed twice.
			if err := tx.LockUnits(ctx, u.ID, parent.ID); err != nil {
				return "", "", err
			}
			anc, err := tx.UnitAncestors(ctx, parent.ID)
			if err != nil {
				return "", "", err
			}
			if err := u.ValidateParent(parent, anc); err != nil {
				return "", "", err
			}
			u.ParentID = parent.ID
			return "move", "", nil
		})
	})
}

// SetUnitActive deactivates or reactivates a unit. Units are never deleted: records refer to
// them for years. A unit with active children or enabled users cannot be deactivated until
// those are moved or disabled.
func (s *Service) SetUnitActive(ctx context.Context, a domain.Actor, unitID, version int64, active bool) (*domain.Unit, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Unit, error) {
		return unitType.change(ctx, tx, a, unitID, version, unitType.may(a, authz.UnitDeactivate), func(u, _ *domain.Unit) (string, string, error) {
			if u.Active == active {
				return "", "", domain.Errorf(domain.EConflict, "err.unit.already")
			}
			if !active {
				if u.Kind == domain.KindDistrict {
					return "", "", domain.Errorf(domain.EUnprocessable, "err.unit.root")
				}
				inUse, err := tx.UnitInUse(ctx, u.ID)
				if err != nil {
					return "", "", err
				}
				if inUse {
					return "", "", domain.Errorf(domain.EUnprocessable, "err.unit.in_use")
				}
			} else if u.ParentID != 0 {
				p, err := tx.Unit(ctx, u.ParentID)
				if err != nil {
					return "", "", err
				}
				if !p.Active {
					return "", "", domain.Invalid("parent_id", "err.unit.parent_inactive")
				}
			}
			u.Active = active
			if active {
				return "activate", "", nil
			}
			return "deactivate", "", nil
		})
	})
}

// UnitPeopleChoices are the accounts that may be named as the unit's 责任人 (Heads) and 联系人
// (Contacts): its enabled accounts holding the role for it (ORG-1), for the unit form's lists.
// Only who may name them (authz.UnitUpdateContacts) gets them.
type UnitPeopleChoices struct {
	Heads, Contacts []*domain.User
}

// UnitPeopleChoices lists who may be named as the unit's people.
func (s *Service) UnitPeopleChoices(ctx context.Context, a domain.Actor, unitID int64) (UnitPeopleChoices, error) {
	var out UnitPeopleChoices
	r := s.db.Read()
	u, err := unitType.get(ctx, r, a, unitID)
	if err != nil {
		return out, err
	}
	if err := authz.Can(a, authz.UnitUpdateContacts, authz.Unit(u)); err != nil {
		return out, err
	}
	accounts, err := r.Users(ctx, authz.Scope{All: true}, store.UserFilter{UnitID: u.ID})
	if err != nil {
		return out, err
	}
	for _, x := range accounts {
		x = maskUser(a, x)
		for i, p := range u.People() {
			if u.CheckPerson(p, x) == nil {
				if i == 0 {
					out.Heads = append(out.Heads, x)
				} else {
					out.Contacts = append(out.Contacts, x)
				}
			}
		}
	}
	return out, nil
}
