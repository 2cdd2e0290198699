package domain_test

import (
	"slices"
	"testing"

	"archgov/internal/domain"
)

func fieldsOf(err error) []string {
	var out []string
	for _, e := range domain.AsError(err).Fields() {
		out = append(out, e.Field+"="+e.Message)
	}
	return out
}

// TestProblems: validation gives every field's first problem, in check order; the error
// itself is the first (what a one-field reader, like the API's error.field, sees).
func TestProblems(t *testing.T) {
	var p domain.Problems
	if p.Err() != nil {
		t.Fatal("no problems, yet an error")
	}
	p.Check(false, "code", "err.system.code")
	p.Check(true, "name", "err.required")
	p.Check(true, "name", "err.too_long") // a field keeps its first problem
	p.Add(nil)
	var more domain.Problems
	more.Check(true, "vcpu", "err.cloud.quantity")
	more.Check(true, "name", "err.other")
	p.Add(more.Err()) // an error carrying several: each is added
	err := p.Err()
	e := domain.AsError(err)
	if e.Code != domain.EInvalid || e.Field != "name" || e.Message != "err.required" {
		t.Fatalf("first: %+v", e)
	}
	if got, want := fieldsOf(err), []string{"name=err.required", "vcpu=err.cloud.quantity"}; !slices.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
}

// TestValidateNamesEveryField: an empty record names every missing field at once (issue 14:
// an empty system form named only 编码).
func TestValidateNamesEveryField(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"system", (&domain.System{Status: domain.StatusRunning, Classification: domain.Unclassified}).Validate(),
			[]string{"code", "name", "unit_id", "category", "hosting", "network"}},
		{"room", (&domain.MachineRoom{Status: domain.RoomInUse, Racks: -1}).Validate(), []string{"name", "unit_id", "racks", "kind"}},
		{"website", (&domain.Website{Status: domain.WebRegistered}).Validate(), []string{"name", "host", "unit_id", "hosting"}},
		{"unit", (&domain.Unit{}).Validate(), []string{"code", "name", "kind"}},
		{"user", (&domain.User{Phone: "call me"}).Validate(), []string{"username", "name", "phone"}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range domain.AsError(c.err).Fields() {
			got = append(got, e.Field)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: fields %v, want %v", c.name, got, c.want)
		}
	}
}
