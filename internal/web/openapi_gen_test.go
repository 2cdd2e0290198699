package web

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"archgov/internal/domain"
)

// The rules by which a Go type becomes a schema, on types made for the test: what an answer
// requires and lets be null, what a request requires, enumerations, embedding, names.
type genInner struct {
	Note string `json:"note,omitempty"`
}

type genAnswer struct {
	genInner
	ID      int64                 `json:"id"`
	Name    *string               `json:"name"`
	Hint    *string               `json:"hint,omitempty"`
	Status  domain.SystemStatus   `json:"status"`
	Levels  []domain.UserLevel    `json:"levels"`
	At      time.Time             `json:"at,omitempty"`
	Tags    map[string]int        `json:"tags,omitempty"`
	Hosting *domain.Hosting       `json:"hosting"`
	Skip    string                `json:"-"`
	Items   list[*genInner]       `json:"items"`
	hidden  string                // unexported: not in the schema
	Edit    *genRequest           `json:"edit,omitempty"`
	Kind    domain.CloudDim       `json:"kind,omitzero"`
	Pairs   [][2]string           `json:"pairs,omitempty"`
	Days    []domain.PlanNode     `json:"days,omitempty"`
	Stamp   *time.Time            `json:"stamp"`
	Numbers []float64             `json:"numbers,omitempty"`
	Flags   map[string]bool       `json:"flags,omitempty"`
	Any     any                   `json:"any,omitempty"`
	Class   domain.Classification `json:"class,omitempty"`
}

type genRequest struct {
	Version int64   `json:"version"`
	Name    *string `json:"name"`
	Note    string  `json:"note"`
}

func TestOpenAPIGenRules(t *testing.T) {
	t.Parallel()
	g := &gen{schemas: obj{}, names: map[reflect.Type]string{}, seen: map[string]bool{}}
	if r := g.of(reflect.TypeFor[*genAnswer]()); r["$ref"] != "#/components/schemas/genAnswer" {
		t.Fatalf("a struct is a $ref to its component: %v", r)
	}
	g.request = true
	g.of(reflect.TypeFor[genRequest]()) // met first in the answer: keeps the answer's schema
	g.request = false
	schema := func(name string) map[string]any {
		b, _ := json.Marshal(g.schemas[name])
		var m map[string]any
		json.Unmarshal(b, &m)
		return m
	}
	a := schema("genAnswer")
	props := a["properties"].(map[string]any)
	for _, k := range []string{"note", "id", "name", "hint", "status", "levels", "at", "tags", "hosting", "items", "edit", "kind"} {
		if props[k] == nil {
			t.Errorf("property %s missing", k)
		}
	}
	for _, k := range []string{"Skip", "-", "hidden", "genInner"} {
		if props[k] != nil {
			t.Errorf("property %s should not be there", k)
		}
	}
	req := map[string]bool{}
	for _, k := range a["required"].([]any) {
		req[k.(string)] = true
	}
	for k, want := range map[string]bool{"id": true, "name": true, "status": true, "levels": true, "hosting": true,
		"items": true, "stamp": true, "at": true, // omitempty never leaves out a struct
		"note": false, "hint": false, "tags": false, "edit": false, "kind": false, "class": false} {
		if req[k] != want {
			t.Errorf("required[%s] = %v, want %v", k, req[k], want)
		}
	}
	if typ := props["name"].(map[string]any)["type"]; !reflect.DeepEqual(typ, []any{"string", "null"}) {
		t.Errorf("a pointer always sent may be null: %v", props["name"])
	}
	if typ := props["hint"].(map[string]any)["type"]; typ != "string" {
		t.Errorf("a pointer left out when nil is never null: %v", props["hint"])
	}
	if alt := props["hosting"].(map[string]any)["anyOf"]; len(alt.([]any)) != 2 {
		t.Errorf("a nullable enumeration is anyOf its $ref and null: %v", props["hosting"])
	}
	if s := schema("SystemStatus"); len(s["enum"].([]any)) != len(domain.SystemStatuses) {
		t.Errorf("SystemStatus enum = %v, want the domain's list", s["enum"])
	}
	if s := schema("Hosting"); !reflect.DeepEqual(s["enum"].([]any)[len(domain.Hostings)], "") {
		t.Errorf("Hosting may be left empty: %v", s["enum"])
	}
	if props["at"].(map[string]any)["format"] != "date-time" {
		t.Errorf("time.Time: %v", props["at"])
	}
	if props["items"].(map[string]any)["$ref"] != "#/components/schemas/genInnerList" {
		t.Errorf("list[T] is named after T: %v", props["items"])
	}

	// A request type met first in a request: only requestRequired fields are required, and a
	// pointer is optional, not null.
	g2 := &gen{schemas: obj{}, names: map[reflect.Type]string{}, seen: map[string]bool{}, request: true}
	g2.of(reflect.TypeFor[genRequest]())
	r := g2.schemas["genRequest"].(obj)
	if r["required"] != nil {
		t.Errorf("request genRequest requires %v; requestRequired lists none of its fields", r["required"])
	}
	if typ := r["properties"].(obj)["name"].(obj)["type"]; typ != "string" {
		t.Errorf("a request's pointer is optional, not null: %v", typ)
	}
}
