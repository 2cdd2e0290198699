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

// Unit is one node of the organisation tree. Phones are plaintext here; the store seals them.
type Unit struct {
	ID           int64     `json:"id"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	Kind         UnitKind  `json:"kind"`
	Level        int       `json:"level"`
	ParentID     int64     `json:"parent_id,omitempty"`
	HeadName     string    `json:"head_name"`
	HeadPhone    string    `json:"head_phone"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	Active       bool      `json:"active"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

var (
	unitCodeRe = regexp.MustCompile(`^[0-9A-Za-z]{2,20}$`)
	phoneRe    = regexp.MustCompile(`^[0-9+\-() ]{5,20}$`)
	decimalRe  = regexp.MustCompile(`^[0-9]{1,9}(\.[0-9]{1,4})?$`)
)

// Normalize trims what people paste into forms.
func (u *Unit) Normalize() {
	trimSpace(&u.Code, &u.Name, &u.HeadName, &u.HeadPhone, &u.ContactName, &u.ContactPhone)
}

// Validate checks a unit on its own; the parent's kind is checked by ValidateParent.
func (u *Unit) Validate() error {
	u.Normalize()
	var errs Problems
	errs.Check(!unitCodeRe.MatchString(u.Code), "code", "err.unit.code")
	errs.Check(u.Name == "" || utf8.RuneCountInString(u.Name) > 100, "name", "err.required_len", 100)
	errs.Check(!slices.Contains(UnitKinds, u.Kind), "kind", "err.unit.kind")
	errs.Check(utf8.RuneCountInString(u.HeadName) > 50, "head_name", "err.too_long", 50)
	errs.Check(utf8.RuneCountInString(u.ContactName) > 50, "contact_name", "err.too_long", 50)
	errs.Check(u.HeadPhone != "" && !phoneRe.MatchString(u.HeadPhone), "head_phone", "err.phone")
	errs.Check(u.ContactPhone != "" && !phoneRe.MatchString(u.ContactPhone), "contact_phone", "err.phone")
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
