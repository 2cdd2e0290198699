package domain

import (
	"regexp"
	"slices"
	"time"
	"unicode/utf8"
)

// UnitKind is the kind of an organisation unit (ORG-1, PTL-P2).
type UnitKind string

const (
	KindDistrict  UnitKind = "district"
	KindBureau    UnitKind = "bureau"
	KindTown      UnitKind = "town"
	KindStreet    UnitKind = "street"
	KindZone      UnitKind = "zone"
	KindVillage   UnitKind = "village"
	KindCommunity UnitKind = "community"
)

// UnitKinds lists the kinds in display order.
var UnitKinds = []UnitKind{KindDistrict, KindBureau, KindTown, KindStreet, KindZone, KindVillage, KindCommunity}

// Level is the service level of a kind (PTL-P2: district, town/street, village/community).
func (k UnitKind) Level() int {
	switch k {
	case KindDistrict, KindBureau:
		return 1
	case KindTown, KindStreet, KindZone:
		return 2
	case KindVillage, KindCommunity:
		return 3
	}
	return 0
}

// allowedParents says where a kind may hang in the tree: district → bureaus, towns/streets,
// zones → villages/communities.
var allowedParents = map[UnitKind][]UnitKind{
	KindDistrict:  nil,
	KindBureau:    {KindDistrict},
	KindTown:      {KindDistrict, KindZone},
	KindStreet:    {KindDistrict, KindZone},
	KindZone:      {KindDistrict},
	KindVillage:   {KindTown, KindStreet, KindZone},
	KindCommunity: {KindTown, KindStreet, KindZone},
}

// Unit is one node of the organisation tree. Its 责任人 and 联系人 (ORG-1) are user accounts of
// the unit holding the unit_head and unit_contact roles for it: the unit stores only their IDs;
// the names and phones are the accounts' own, read with the unit, so the two cannot drift apart.
type Unit struct {
	ID                int64    `json:"id"`
	Code              string   `json:"code"`
	Name              string   `json:"name"`
	Kind              UnitKind `json:"kind"`
	Level             int      `json:"level"`
	ParentID          int64    `json:"parent_id,omitempty"`
	ResponsibleUserID int64    `json:"responsible_user_id,omitempty"` // 责任人: an account of the unit with RoleUnitHead
	ContactUserID     int64    `json:"contact_user_id,omitempty"`     // 联系人: an account of the unit with RoleUnitContact
	// Read from the accounts above ("" when none is named); phones masked as the reader requires.
	HeadName     string    `json:"head_name"`
	HeadPhone    string    `json:"head_phone"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	Active       bool      `json:"active"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// UnitPerson is one of a unit's two named people (ORG-1): the field that names the account, the
// role the account must hold for the unit, and where the account's name and phone are shown.
type UnitPerson struct {
	Field string // "responsible_user_id" or "contact_user_id"
	Role  Role
	ID    *int64
	Name  *string
	Phone *string
}

// People are the unit's 责任人 and 联系人, in that order.
func (u *Unit) People() [2]UnitPerson {
	return [2]UnitPerson{
		{Field: "responsible_user_id", Role: RoleUnitHead, ID: &u.ResponsibleUserID, Name: &u.HeadName, Phone: &u.HeadPhone},
		{Field: "contact_user_id", Role: RoleUnitContact, ID: &u.ContactUserID, Name: &u.ContactName, Phone: &u.ContactPhone},
	}
}

// CheckPerson checks that account may be the unit's person p (ORG-1): an enabled account of
// the unit holding p's role for it. The error names p's field.
func (u *Unit) CheckPerson(p UnitPerson, account *User) error {
	switch {
	case account == nil || account.UnitID != u.ID || u.ID == 0:
		return Invalid(p.Field, "err.unit.person_unit")
	case account.Disabled:
		return Invalid(p.Field, "err.unit.person_disabled", account.Name)
	}
	for _, g := range account.Grants {
		if g.Role == p.Role && g.UnitID == u.ID {
			return nil
		}
	}
	return Invalid(p.Field, "err.unit.person_role", account.Name)
}

var (
	unitCodeRe = regexp.MustCompile(`^[0-9A-Za-z]{2,20}$`)
	phoneRe    = regexp.MustCompile(`^[0-9+\-() ]{5,20}$`)
	decimalRe  = regexp.MustCompile(`^[0-9]{1,9}(\.[0-9]{1,4})?$`)
)

// Normalize trims what people paste into forms.
func (u *Unit) Normalize() {
	trimSpace(&u.Code, &u.Name)
}

// Validate checks a unit on its own; the parent's kind is checked by ValidateParent.
func (u *Unit) Validate() error {
	u.Normalize()
	var errs Problems
	errs.Check(!unitCodeRe.MatchString(u.Code), "code", "err.unit.code")
	errs.Check(u.Name == "" || utf8.RuneCountInString(u.Name) > 100, "name", "err.required_len", 100)
	errs.Check(!slices.Contains(UnitKinds, u.Kind), "kind", "err.unit.kind")
	errs.Check(u.ResponsibleUserID < 0, "responsible_user_id", "err.unit.person_unit")
	errs.Check(u.ContactUserID < 0, "contact_user_id", "err.unit.person_unit")
	if err := errs.Err(); err != nil {
		return err
	}
	u.Level = u.Kind.Level()
	return nil
}

// ValidateParent checks that u may hang below parent (nil for a root). ancestors are the
// parent's ancestors' IDs, used to refuse a move below the unit's own subtree.
func (u *Unit) ValidateParent(parent *Unit, ancestors []int64) error {
	if parent == nil {
		if u.Kind != KindDistrict {
			return Invalid("parent_id", "err.unit.parent_required")
		}
		return nil
	}
	if u.ID != 0 && (parent.ID == u.ID || slices.Contains(ancestors, u.ID)) {
		return Invalid("parent_id", "err.unit.cycle")
	}
	if !parent.Active {
		return Invalid("parent_id", "err.unit.parent_inactive")
	}
	if !slices.Contains(allowedParents[u.Kind], parent.Kind) {
		return Invalid("parent_id", "err.unit.parent_kind", string(u.Kind), string(parent.Kind))
	}
	return nil
}
