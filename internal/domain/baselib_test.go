package domain

import (
	"slices"
	"testing"
)

// A library's own rules (SHR-R5): one authoritative provider, required; contributors in one
// order, without duplicates and without the provider.
func TestLibraryValidate(t *testing.T) {
	ok := Library{Code: LibPopulation, Name: " 人口库 ", ProviderUnitID: 7, ContributorUnitIDs: []int64{9, 7, 3, 9, 0}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if ok.Name != "人口库" || !slices.Equal(ok.ContributorUnitIDs, []int64{3, 9}) {
		t.Fatalf("normalized %+v", ok)
	}
	for _, c := range []struct {
		l     Library
		field string
	}{
		{Library{Code: "Macro economy", Name: "宏观经济库", ProviderUnitID: 1}, "code"},
		{Library{Code: LibGeo, Name: "  ", ProviderUnitID: 1}, "name"},
		{Library{Code: LibGeo, Name: "空间地理库"}, "provider_unit_id"},
		{Library{Code: LibGeo, Name: "空间地理库", ProviderUnitID: 1, ContributorUnitIDs: make([]int64, 0)}, ""},
	} {
		err := c.l.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.l, err)
			}
			continue
		}
		if e := AsError(err); e == nil || e.Code != EInvalid || e.Field != c.field {
			t.Errorf("%+v: %v, want a field error on %s", c.l, err, c.field)
		}
	}
}

func TestGroupOf(t *testing.T) {
	for _, c := range []struct {
		st   DockingState
		plan bool
		want DockingGroup
	}{
		{DockDocked, false, GroupDocked}, {DockDocked, true, GroupDocked},
		{DockOwnCopy, true, GroupPlanned}, {DockNone, true, GroupPlanned},
		{DockOwnCopy, false, GroupNotDocked}, {DockNone, false, GroupNotDocked},
	} {
		if got := GroupOf(c.st, c.plan); got != c.want {
			t.Errorf("GroupOf(%s, %v) = %s, want %s", c.st, c.plan, got, c.want)
		}
	}
}
