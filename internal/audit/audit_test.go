package audit_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"archgov/internal/audit"
	"archgov/internal/domain"
)

var t0 = time.Date(2024, 5, 20, 8, 30, 0, 123456000, time.UTC)

// chain builds n linked records the way the store appends them.
func chain(n int) []*audit.Record {
	actions := []string{"auth.login", "unit.update", "user.create", "user.grant_roles", "auth.logout"}
	var rs []*audit.Record
	prev := ""
	for i := 1; i <= n; i++ {
		r := &audit.Record{
			ID:         int64(i),
			At:         t0.Add(time.Duration(i) * time.Minute),
			ActorID:    int64(1 + i%3),
			Actor:      fmt.Sprintf("user%d", 1+i%3),
			ActorRoles: "unit_head:GA01",
			IP:         fmt.Sprintf("10.0.0.%d", i),
			Action:     actions[i%len(actions)],
			EntityType: "unit",
			EntityID:   fmt.Sprint(100 + i),
			Outcome:    audit.OK,
			Changes:    audit.Fields("name", fmt.Sprintf("旧名称%d", i), fmt.Sprintf("新名称%d", i)),
			PrevHash:   prev,
		}
		r.Hash = audit.ComputeHash(prev, r)
		prev = r.Hash
		rs = append(rs, r)
	}
	return rs
}

// clone copies records so a test may tamper with them.
func clone(rs []*audit.Record) []*audit.Record {
	out := make([]*audit.Record, len(rs))
	for i, r := range rs {
		c := *r
		out[i] = &c
	}
	return out
}

// verify runs a verifier from the checkpoint over rs and finishes at the tip; it returns the
// first break.
func verify(afterID int64, afterHash string, rs []*audit.Record, tipID int64, tipHash string) (*audit.Verifier, error) {
	v := audit.NewVerifier(afterID, afterHash)
	for _, r := range rs {
		if err := v.Next(r); err != nil {
			return v, err
		}
	}
	return v, v.Finish(tipID, tipHash)
}

// breakAt asserts err is a *audit.Break naming record id.
func breakAt(t *testing.T, what string, err error, id int64) {
	t.Helper()
	var b *audit.Break
	if !errors.As(err, &b) {
		t.Errorf("%s: got %v, want a break at record %d", what, err, id)
		return
	}
	if b.ID != id {
		t.Errorf("%s: break at %d (%s), want at %d", what, b.ID, b.Reason, id)
	}
	if !strings.Contains(b.Error(), fmt.Sprint(id)) {
		t.Errorf("%s: message %q does not name record %d", what, b.Error(), id)
	}
}

const n = 20

func TestIntactChainVerifies(t *testing.T) {
	rs := chain(n)
	tip := rs[n-1]
	v, err := verify(0, "", rs, tip.ID, tip.Hash)
	if err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	if v.Count != n {
		t.Errorf("Count = %d, want %d", v.Count, n)
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if len(r.Hash) != 64 || seen[r.Hash] {
			t.Fatalf("record %d: hash %q is not a fresh 256-bit hex digest", r.ID, r.Hash)
		}
		seen[r.Hash] = true
	}
	// An empty log is intact too.
	if _, err := verify(0, "", nil, 0, ""); err != nil {
		t.Errorf("empty log: %v", err)
	}
}

func TestEditedFieldIsFoundAtThatRecord(t *testing.T) {
	edits := []struct {
		field string
		edit  func(*audit.Record)
	}{
		{"At", func(r *audit.Record) { r.At = r.At.Add(time.Second) }},
		{"At by one microsecond", func(r *audit.Record) { r.At = r.At.Add(time.Microsecond) }},
		{"ActorID", func(r *audit.Record) { r.ActorID++ }},
		{"Actor", func(r *audit.Record) { r.Actor = "someone_else" }},
		{"ActorRoles", func(r *audit.Record) { r.ActorRoles = "sysadmin" }},
		{"IP", func(r *audit.Record) { r.IP = "192.168.1.1" }},
		{"Action", func(r *audit.Record) { r.Action += ".forged" }},
		{"EntityType", func(r *audit.Record) { r.EntityType = "user" }},
		{"EntityID", func(r *audit.Record) { r.EntityID += "0" }},
		{"Outcome", func(r *audit.Record) { r.Outcome = audit.Failure }},
		{"Changes", func(r *audit.Record) { r.Changes = strings.Replace(r.Changes, "新", "旧", 1) }},
		{"Changes emptied", func(r *audit.Record) { r.Changes = "" }},
		{"PrevHash", func(r *audit.Record) { r.PrevHash = strings.Repeat("0", 64) }},
		{"Hash", func(r *audit.Record) { r.Hash = strings.Repeat("f", 64) }},
	}
	orig := chain(n)
	tip := orig[n-1]
	for _, e := range edits {
		for _, id := range []int64{1, 7, n} {
			t.Run(fmt.Sprintf("%s/record %d", e.field, id), func(t *testing.T) {
				rs := clone(orig)
				before := *rs[id-1]
				e.edit(rs[id-1])
				if reflect.DeepEqual(before, *rs[id-1]) {
					t.Fatal("the edit changed nothing")
				}
				_, err := verify(0, "", rs, tip.ID, tip.Hash)
				breakAt(t, e.field, err, id)
			})
		}
	}
}

// An attacker who edits a record and recomputes its hash is found at the next record; at the
// newest record, by the recorded tip.
func TestEditedAndRehashedRecordIsFound(t *testing.T) {
	orig := chain(n)
	tip := orig[n-1]
	for _, id := range []int64{3, n} {
		rs := clone(orig)
		r := rs[id-1]
		r.Outcome = audit.Failure
		r.Hash = audit.ComputeHash(r.PrevHash, r)
		_, err := verify(0, "", rs, tip.ID, tip.Hash)
		want := id + 1
		if id == n {
			want = n
		}
		breakAt(t, fmt.Sprintf("rehashed record %d", id), err, want)
	}
}

func TestDeletedRecordIsFound(t *testing.T) {
	orig := chain(n)
	tip := orig[n-1]
	for _, id := range []int64{1, 8, n - 1} {
		rs := slices.Delete(clone(orig), int(id-1), int(id))
		_, err := verify(0, "", rs, tip.ID, tip.Hash)
		breakAt(t, fmt.Sprintf("deleted record %d", id), err, id)
		if err != nil && !strings.Contains(err.Error(), "missing") {
			t.Errorf("deleted record %d: reason %q does not say missing", id, err)
		}
	}
	// Deleting a record and renumbering the rest does not help: the links break.
	rs := slices.Delete(clone(orig), 7, 8)
	for i, r := range rs {
		r.ID = int64(i + 1)
	}
	_, err := verify(0, "", rs, tip.ID, tip.Hash)
	breakAt(t, "deleted record 8 and renumbered", err, 8)
}

func TestReorderedRecordsAreFound(t *testing.T) {
	orig := chain(n)
	tip := orig[n-1]

	// Rows returned in another order.
	rs := clone(orig)
	rs[9], rs[10] = rs[10], rs[9]
	_, err := verify(0, "", rs, tip.ID, tip.Hash)
	breakAt(t, "records 10 and 11 fed swapped", err, 10)

	// Contents of two rows exchanged while the ids stay in place.
	rs = clone(orig)
	rs[4], rs[12] = rs[12], rs[4]
	rs[4].ID, rs[12].ID = 5, 13
	_, err = verify(0, "", rs, tip.ID, tip.Hash)
	breakAt(t, "contents of records 5 and 13 swapped", err, 5)
}

func TestTruncatedNewestRecordsAreFoundByFinish(t *testing.T) {
	orig := chain(n)
	tip := orig[n-1]
	for _, cut := range []int{1, 3} {
		v, err := verify(0, "", clone(orig[:n-cut]), tip.ID, tip.Hash)
		if v.Count != n-cut {
			t.Fatalf("the remaining %d records did not verify (Count %d): %v", n-cut, v.Count, err)
		}
		breakAt(t, fmt.Sprintf("newest %d removed", cut), err, int64(n-cut+1))
	}
	// The recorded tip itself must match, not just its id.
	_, err := verify(0, "", clone(orig), tip.ID, orig[n-2].Hash)
	breakAt(t, "tip hash differs", err, n)
	// A tip behind the records seen (records appended without moving the tip) is a break too.
	_, err = verify(0, "", clone(orig), orig[n-2].ID, orig[n-2].Hash)
	breakAt(t, "records after the tip", err, n)
}

func TestVerifyFromCheckpoint(t *testing.T) {
	orig := chain(n)
	tip := orig[n-1]
	cp := orig[9] // records 1..10 pruned; checkpoint (10, hash 10) kept
	v, err := verify(cp.ID, cp.Hash, clone(orig[10:]), tip.ID, tip.Hash)
	if err != nil {
		t.Fatalf("from checkpoint: %v", err)
	}
	if v.Count != n-10 {
		t.Errorf("Count = %d, want %d", v.Count, n-10)
	}
	// A forged checkpoint hash breaks at the first record after it.
	_, err = verify(cp.ID, strings.Repeat("0", 64), clone(orig[10:]), tip.ID, tip.Hash)
	breakAt(t, "wrong checkpoint hash", err, 11)
	// Pruning one record more than the checkpoint says is found.
	_, err = verify(cp.ID, cp.Hash, clone(orig[11:]), tip.ID, tip.Hash)
	breakAt(t, "record after the checkpoint missing", err, 11)
	// Editing after a checkpoint is still found at the record.
	rs := clone(orig[10:])
	rs[5].Actor = "x"
	_, err = verify(cp.ID, cp.Hash, rs, tip.ID, tip.Hash)
	breakAt(t, "edit after checkpoint", err, 16)
}

// The canonical form is a stored contract: changing it would make every existing database fail
// verification. Pin it with an independent SM3.
func TestHashCanonicalForm(t *testing.T) {
	r := &audit.Record{ID: 3, At: time.Date(2024, 1, 2, 3, 4, 5, 6007000, time.UTC), ActorID: 9,
		Actor: "zhangsan", ActorRoles: "unit_head:GA01,expert", IP: "10.1.2.3", Action: "unit.update",
		EntityType: "unit", EntityID: "42", Outcome: "ok", Changes: `{"name":{"old":"甲","new":"乙"}}`}
	prev := "abc"
	canonical := `{"id":3,"at":` + fmt.Sprint(r.At.UnixMicro()) + `,"actor_id":9,"actor":"zhangsan",` +
		`"actor_roles":"unit_head:GA01,expert","ip":"10.1.2.3","action":"unit.update","entity_type":"unit",` +
		`"entity_id":"42","outcome":"ok","changes":"{\"name\":{\"old\":\"甲\",\"new\":\"乙\"}}"}`
	sum := sm3.Sum([]byte(prev + "\n" + canonical))
	if got, want := audit.ComputeHash(prev, r), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("ComputeHash = %s, want SM3(prev \\n canonical) = %s", got, want)
	}

	// Stored Hash and PrevHash are not part of the content; the previous hash is passed in.
	r2 := *r
	r2.PrevHash, r2.Hash = "x", "y"
	if audit.ComputeHash(prev, &r2) != audit.ComputeHash(prev, r) {
		t.Error("the hash depends on the stored Hash/PrevHash fields")
	}
	if audit.ComputeHash("other", r) == audit.ComputeHash(prev, r) {
		t.Error("the hash does not depend on the previous hash")
	}
	// The same instant read back in another time zone, or with the nanoseconds a database
	// drops, hashes the same (times are integer microseconds).
	r3 := *r
	r3.At = r.At.In(time.FixedZone("CST", 8*3600)).Add(999 * time.Nanosecond)
	if audit.ComputeHash(prev, &r3) != audit.ComputeHash(prev, r) {
		t.Error("the hash changes with the time zone or sub-microsecond digits")
	}
	// Field values cannot be shifted between fields to forge the same hash.
	r4 := *r
	r4.Actor, r4.ActorRoles = "zhangsan\",\"actor_roles\":\"unit_head:GA01,expert", ""
	if audit.ComputeHash(prev, &r4) == audit.ComputeHash(prev, r) {
		t.Error("moving text between fields keeps the hash")
	}
}

func unitFixture() *domain.Unit {
	return &domain.Unit{ID: 4, Code: "GA01", Name: "区公安分局", Kind: domain.KindBureau, Level: 1, ParentID: 1,
		HeadName: "张三", HeadPhone: "13800001111", ContactName: "李四", ContactPhone: "13900002222",
		Active: true, Version: 1, CreatedAt: t0, UpdatedAt: t0}
}

// mask hides all but the last four characters, as personal data in the log must be.
var mask = map[string]func(string) string{
	"head_phone":    func(s string) string { return "***" + s[max(0, len(s)-4):] },
	"contact_phone": func(s string) string { return "***" + s[max(0, len(s)-4):] },
}

func mustParse(t *testing.T, s string) (map[string]audit.Change, []string) {
	t.Helper()
	m, keys := audit.ParseChanges(s)
	if _, raw := m["raw"]; raw {
		t.Fatalf("changes %q are not JSON", s)
	}
	return m, keys
}

func TestDiffCreation(t *testing.T) {
	u := unitFixture()
	m, keys := mustParse(t, audit.Diff(nil, u, mask))
	want := []string{"active", "code", "contact_name", "contact_phone", "head_name", "head_phone", "id",
		"kind", "level", "name", "parent_id"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	if c := m["name"]; c.Old != nil || c.New != "区公安分局" {
		t.Errorf("name = %+v", c)
	}
	if c := m["head_phone"]; c.Old != nil || c.New != "***1111" {
		t.Errorf("head_phone = %+v, want masked", c)
	}
	// A typed nil pointer is a creation too.
	if got, want := audit.Diff((*domain.Unit)(nil), u, mask), audit.Diff(nil, u, mask); got != want {
		t.Errorf("typed nil before: %s, want %s", got, want)
	}
}

func TestDiffEdit(t *testing.T) {
	before := unitFixture()
	after := unitFixture()
	after.Name = "区公安分局（新）"
	after.HeadPhone = "13800003333"
	after.Version, after.UpdatedAt = 2, t0.Add(time.Hour)
	s := audit.Diff(before, after, mask)
	m, keys := mustParse(t, s)
	if !slices.Equal(keys, []string{"head_phone", "name"}) {
		t.Errorf("keys = %v, want only the changed fields", keys)
	}
	if c := m["name"]; c.Old != "区公安分局" || c.New != "区公安分局（新）" {
		t.Errorf("name = %+v", c)
	}
	if c := m["head_phone"]; c.Old != "***1111" || c.New != "***3333" {
		t.Errorf("head_phone = %+v, want both sides masked", c)
	}
	if strings.Contains(s, "13800001111") || strings.Contains(s, "13800003333") {
		t.Errorf("a phone number leaked into the log: %s", s)
	}

	// Without a mask the values are shown as they are.
	m, _ = mustParse(t, audit.Diff(before, after, nil))
	if c := m["head_phone"]; c.Old != "13800001111" || c.New != "13800003333" {
		t.Errorf("unmasked head_phone = %+v", c)
	}

	// Non-string values keep their JSON types.
	moved := unitFixture()
	moved.ParentID, moved.Active = 2, false
	m, keys = mustParse(t, audit.Diff(before, moved, mask))
	if !slices.Equal(keys, []string{"active", "parent_id"}) {
		t.Errorf("keys = %v", keys)
	}
	if c := m["parent_id"]; c.Old != float64(1) || c.New != float64(2) {
		t.Errorf("parent_id = %+v", c)
	}
	if c := m["active"]; c.Old != true || c.New != false {
		t.Errorf("active = %+v", c)
	}
}

func TestDiffNoChange(t *testing.T) {
	before := unitFixture()
	if s := audit.Diff(before, unitFixture(), mask); s != "" {
		t.Errorf("identical: %q, want empty", s)
	}
	// Bookkeeping fields alone are no change.
	after := unitFixture()
	after.Version, after.UpdatedAt, after.CreatedAt = 9, t0.Add(time.Hour), t0.Add(-time.Hour)
	if s := audit.Diff(before, after, mask); s != "" {
		t.Errorf("version/updated_at only: %q, want empty", s)
	}
	if s := audit.Diff(nil, nil, nil); s != "" {
		t.Errorf("nil, nil: %q", s)
	}
}

func TestDiffDeletion(t *testing.T) {
	m, keys := mustParse(t, audit.Diff(unitFixture(), nil, mask))
	if !slices.Contains(keys, "name") || m["name"].New != nil || m["name"].Old != "区公安分局" {
		t.Errorf("deletion: %v %+v", keys, m["name"])
	}
	if c := m["contact_phone"]; c.Old != "***2222" {
		t.Errorf("deleted contact_phone = %+v, want masked", c)
	}
}

func TestFieldsRoundTrip(t *testing.T) {
	s := audit.Fields("roles", []string{"expert"}, []string{"expert", "leader:XC"},
		"disabled", false, true,
		"attempts", 4, 5)
	m, keys := mustParse(t, s)
	if !slices.Equal(keys, []string{"attempts", "disabled", "roles"}) {
		t.Fatalf("keys = %v", keys)
	}
	if c := m["disabled"]; c.Old != false || c.New != true {
		t.Errorf("disabled = %+v", c)
	}
	if c := m["attempts"]; c.Old != float64(4) || c.New != float64(5) {
		t.Errorf("attempts = %+v", c)
	}
	if c := m["roles"]; !reflect.DeepEqual(c.Old, []any{"expert"}) || !reflect.DeepEqual(c.New, []any{"expert", "leader:XC"}) {
		t.Errorf("roles = %+v", c)
	}
	// An incomplete trailing triple is ignored rather than misread.
	m, keys = mustParse(t, audit.Fields("a", 1, 2, "b", 3))
	if !slices.Equal(keys, []string{"a"}) || m["a"].New != float64(2) {
		t.Errorf("trailing pair: %v %+v", keys, m)
	}
}

func TestParseChanges(t *testing.T) {
	if m, keys := audit.ParseChanges(""); m != nil || keys != nil {
		t.Errorf("empty: %v %v", m, keys)
	}
	// Whatever is stored is shown, even if it is not JSON.
	m, keys := audit.ParseChanges("not json")
	if !slices.Equal(keys, []string{"raw"}) || m["raw"].New != "not json" {
		t.Errorf("raw: %v %+v", keys, m)
	}
	// Diff output parses back to the same values.
	before, after := unitFixture(), unitFixture()
	after.ContactName = "王五"
	m, keys = mustParse(t, audit.Diff(before, after, nil))
	if !slices.Equal(keys, []string{"contact_name"}) || m["contact_name"].Old != "李四" || m["contact_name"].New != "王五" {
		t.Errorf("round trip: %v %+v", keys, m)
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, "—"},
		{"区公安分局", "区公安分局"},
		{float64(3), "3"},
		{1.5, "1.5"},
		{float64(1e6), "1000000"},
		{true, "true"},
		{[]any{"expert", "leader:XC"}, `["expert","leader:XC"]`},
		{map[string]any{"a": float64(1)}, `{"a":1}`},
	}
	for _, tc := range tests {
		if got := audit.FormatValue(tc.v); got != tc.want {
			t.Errorf("FormatValue(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
