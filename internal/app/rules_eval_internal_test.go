package app

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"archgov/internal/rules"
)

// A sweep evaluates many subjects on every core (evalAll); what it finds is what evaluating them
// one by one finds, in the subjects' order. (The race detector watches the workers here: the
// demo-sized tests stay under the size that starts more than one.)
func TestEvalAllMatchesOneByOne(t *testing.T) {
	c, err := rules.Compile(rules.Default())
	if err != nil {
		t.Fatal(err)
	}
	networks := []string{"extranet", "internet", "private"}
	hostings := []string{"unit_room", "other_hosting", "gov_cloud", "onsite"}
	subs := make([]subject, 3000)
	for i := range subs {
		in := &rules.System{ID: int64(i + 1), Code: fmt.Sprintf("XC-SYS-%05d", i+1), Name: "系统", InService: i%7 != 0,
			Network: networks[i%3], Hosting: hostings[i%4], Status: "running", MigrationOpen: i%5 == 0,
			BaseData: []rules.SystemBaseData{{Library: "population", Name: "人口库", Docked: i%2 == 0, PlanOpen: i%6 == 1, PlanDue: "2026-01-31"}}}
		subs[i] = subject{id: in.ID, name: in.Code, input: in}
	}
	got := evalAll(context.Background(), c, rules.KindSystem, subs, "2026-12-01")
	found := 0
	for i, s := range subs {
		vs, err := c.Eval(context.Background(), rules.KindSystem, s.input, "2026-12-01")
		if err != nil || got[i].err != nil {
			t.Fatalf("subject %d: %v / %v", i, err, got[i].err)
		}
		if !reflect.DeepEqual(vs, got[i].vs) {
			t.Fatalf("subject %d: one by one %+v, evalAll %+v", i, vs, got[i].vs)
		}
		found += len(vs)
	}
	if found < len(subs)/2 {
		t.Fatalf("only %d violations over %d systems: the inputs exercise too little", found, len(subs))
	}
}
