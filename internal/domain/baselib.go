package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// Library is one of the district's base libraries (基础库, SHR-P2) as the info office keeps it:
// its name, what it holds, and who answers for its data (SHR-R5). Code is the stable
// BaseLibrary key that systems' base data, docking plans and catalog entries refer to; it never
// changes. Five libraries are seeded (BaseLibraries); the office adds more (issue 4): a code
// of the form BaseLibrary.Valid, unique in the table.
//
// ProviderUnitID is the one authoritative provider (权威来源部门): the unit whose data is the
// library's source of truth, which answers for it and receives the data-correction feedback
// reported against it (SHR-R6). ContributorUnitIDs are other units that also feed the library
// (e.g. 卫健委's birth records into the population library) but do not answer for it.
type Library struct {
	ID                 int64       `json:"id"`
	Code               BaseLibrary `json:"code"`
	Name               string      `json:"name"`
	NameEN             string      `json:"name_en"`
	Description        string      `json:"description"`
	ProviderUnitID     int64       `json:"provider_unit_id"`
	ProviderName       string      `json:"provider_name,omitempty"`
	ContributorUnitIDs []int64     `json:"contributor_unit_ids"`
	ContributorNames   []string    `json:"contributor_names,omitempty"`
	Active             bool        `json:"active"`
	Version            int64       `json:"version"`
	CreatedAt          time.Time   `json:"created_at"`
	UpdatedAt          time.Time   `json:"updated_at"`
}

// Normalize trims what people paste into forms and puts the contributors in one order, without
// duplicates and without the authoritative provider (who is more than a contributor).
func (l *Library) Normalize() {
	trimSpace(&l.Name, &l.NameEN, &l.Description)
	ids := make([]int64, 0, len(l.ContributorUnitIDs))
	for _, id := range l.ContributorUnitIDs {
		if id != 0 && id != l.ProviderUnitID {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	l.ContributorUnitIDs = slices.Compact(ids)
}

// Validate checks a library's own fields. The authoritative provider is required (SHR-R5):
// a seeded library has none until the office assigns it, and no edit may leave it without.
func (l *Library) Validate() error {
	l.Normalize()
	var errs Problems
	errs.Check(!l.Code.Valid(), "code", "err.enum")
	errs.Check(l.Name == "" || utf8.RuneCountInString(l.Name) > 50, "name", "err.required_len", 50)
	errs.Check(utf8.RuneCountInString(l.NameEN) > 100, "name_en", "err.too_long", 100)
	errs.Check(utf8.RuneCountInString(l.Description) > 1000, "description", "err.too_long", 1000)
	errs.Check(l.ProviderUnitID == 0, "provider_unit_id", "err.baselib.provider_required")
	errs.Check(len(l.ContributorUnitIDs) > 30, "contributor_unit_ids", "err.baselib.too_many_contributors", 30)
	return errs.Err()
}

// DockingGroup is how far the systems using a base library are docked to it (SHR-R7, SHR-R8):
// docked; planned (own copy or not docked, with an open docking plan); not docked (no plan).
type DockingGroup string

const (
	GroupDocked    DockingGroup = "docked"
	GroupPlanned   DockingGroup = "planned"
	GroupNotDocked DockingGroup = "not_docked"
)

// DockingGroups in display order.
var DockingGroups = []DockingGroup{GroupDocked, GroupPlanned, GroupNotDocked}

// GroupOf places a system's base-data state for one library in its docking group.
func GroupOf(st DockingState, openPlan bool) DockingGroup {
	switch {
	case st == DockDocked:
		return GroupDocked
	case openPlan:
		return GroupPlanned
	}
	return GroupNotDocked
}
