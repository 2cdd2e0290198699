package domain

import (
	"slices"
	"testing"
)

func problemFields(err error) map[string]bool {
	got := map[string]bool{}
	if err != nil {
		for _, e := range AsError(err).Fields() {
			got[e.Field] = true
		}
	}
	return got
}

func TestExpertValidate(t *testing.T) {
	ok := func() Expert {
		return Expert{Name: " 黄立群 ", Organization: "苏州大学计算机科学与技术学院", Phone: "13905127001",
			Specialties: []Specialty{SpecProjects, SpecSecurity}, Active: true}
	}
	e := ok()
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if e.Name != "黄立群" || !slices.Equal(e.Specialties, []Specialty{SpecSecurity, SpecProjects}) {
		t.Errorf("kept as %q %v: trimmed, specialties in display order", e.Name, e.Specialties)
	}
	for name, tc := range map[string]struct {
		edit func(*Expert)
		want []string
	}{
		"everything missing": {func(e *Expert) { *e = Expert{} }, []string{"name", "organization", "phone", "specialties"}},
		"a bad phone":        {func(e *Expert) { e.Phone = "call me" }, []string{"phone"}},
		"unknown specialty":  {func(e *Expert) { e.Specialties = append(e.Specialties, "astrology") }, []string{"specialties"}},
		"specialty twice":    {func(e *Expert) { e.Specialties = []Specialty{SpecCloud, SpecCloud} }, []string{"specialties"}},
		"title too long":     {func(e *Expert) { e.Title = string(make([]rune, 51)) }, []string{"title"}},
		"a negative unit":    {func(e *Expert) { e.UnitID = -1 }, []string{"unit_id"}},
		"a negative account": {func(e *Expert) { e.UserID = -1 }, []string{"user_id"}},
	} {
		e := ok()
		tc.edit(&e)
		got := problemFields(e.Validate())
		if len(got) != len(tc.want) {
			t.Errorf("%s: problems on %v, want %v", name, got, tc.want)
		}
		for _, f := range tc.want {
			if !got[f] {
				t.Errorf("%s: no problem on %s (got %v)", name, f, got)
			}
		}
	}
}

func TestDrawValidateRequest(t *testing.T) {
	ok := func() Draw {
		return Draw{Purpose: DrawProjectReview, SubjectKind: DrawSubjectProject, SubjectID: 12, ExcludeUnitID: 3, Count: 5}
	}
	d := ok()
	if err := d.ValidateRequest(); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		edit func(*Draw)
		want []string
	}{
		"nothing asked": {func(d *Draw) { *d = Draw{} }, []string{"purpose", "subject_kind", "subject_id", "count"}},
		// A project review leaves out the applying unit's experts: the unit is required.
		"no unit to exclude": {func(d *Draw) { d.ExcludeUnitID = 0 }, []string{"exclude_unit_id"}},
		"too many":           {func(d *Draw) { d.Count = MaxDrawCount + 1 }, []string{"count"}},
		"unknown specialty":  {func(d *Draw) { d.Specialty = "astrology" }, []string{"specialty"}},
		"unknown purpose":    {func(d *Draw) { d.Purpose = "lottery" }, []string{"purpose"}},
	} {
		d := ok()
		tc.edit(&d)
		got := problemFields(d.ValidateRequest())
		if len(got) != len(tc.want) {
			t.Errorf("%s: problems on %v, want %v", name, got, tc.want)
		}
		for _, f := range tc.want {
			if !got[f] {
				t.Errorf("%s: no problem on %s (got %v)", name, f, got)
			}
		}
	}
}
