// Package audit defines archgov's audit record (等保 2.0 §8.1.4.3) and its SM3 hash chain.
// Each record's hash covers the previous record's hash and the record's canonical content, so
// an edited, deleted, inserted or reordered record breaks the chain at that record. The store
// appends records in the same transaction as the change they describe.
package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"archgov/internal/gm"
)

// Outcomes of an audited event.
const (
	OK      = "ok"
	Failure = "failure" // e.g. a wrong password
	Denied  = "denied"  // refused by policy (lockout)
)

// RetentionDays is the minimum time records are kept (网络安全法 §21: at least six months).
const RetentionDays = 180

// Record is one audit entry.
type Record struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`       // username, or "system" for the command line
	ActorRoles string    `json:"actor_roles"` // comma-separated grants at the time
	IP         string    `json:"ip"`
	Action     string    `json:"action"`
	EntityType string    `json:"entity_type"`
	EntityID   string    `json:"entity_id"`
	Outcome    string    `json:"outcome"`
	Changes    string    `json:"changes"` // JSON object field → {"old","new"}; "" when none
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// canonical is the hashed content: fixed field order, times as integer microseconds, so the
// same record hashes the same on SQLite and PostgreSQL and after any round trip.
type canonical struct {
	ID         int64  `json:"id"`
	At         int64  `json:"at"`
	ActorID    int64  `json:"actor_id"`
	Actor      string `json:"actor"`
	ActorRoles string `json:"actor_roles"`
	IP         string `json:"ip"`
	Action     string `json:"action"`
	EntityType string `json:"entity_type"`
	EntityID   string `json:"entity_id"`
	Outcome    string `json:"outcome"`
	Changes    string `json:"changes"`
}

// ComputeHash returns the chain hash of r given its predecessor's hash.
func ComputeHash(prevHash string, r *Record) string {
	b, err := json.Marshal(canonical{r.ID, r.At.UnixMicro(), r.ActorID, r.Actor, r.ActorRoles, r.IP,
		r.Action, r.EntityType, r.EntityID, r.Outcome, r.Changes})
	if err != nil {
		panic(err) // strings and integers always marshal
	}
	return gm.SM3Hex([]byte(prevHash), []byte{'\n'}, b)
}

// Break describes where verification failed.
type Break struct {
	ID     int64
	Reason string
}

func (b *Break) Error() string { return fmt.Sprintf("audit record %d: %s", b.ID, b.Reason) }

// Verifier checks records fed to it in id order, starting after a checkpoint (or the start).
type Verifier struct {
	prevID   int64
	prevHash string
	Count    int
}

// NewVerifier starts after the record with id afterID whose hash was afterHash (0, "" for the
// beginning of the log).
func NewVerifier(afterID int64, afterHash string) *Verifier {
	return &Verifier{prevID: afterID, prevHash: afterHash}
}

// Next checks the next record.
func (v *Verifier) Next(r *Record) error {
	switch {
	case r.ID != v.prevID+1:
		return &Break{ID: v.prevID + 1, Reason: fmt.Sprintf("missing (next present is %d)", r.ID)}
	case r.PrevHash != v.prevHash:
		return &Break{ID: r.ID, Reason: "link to the previous record broken"}
	case ComputeHash(v.prevHash, r) != r.Hash:
		return &Break{ID: r.ID, Reason: "content does not match its hash"}
	}
	v.prevID, v.prevHash = r.ID, r.Hash
	v.Count++
	return nil
}

// Finish checks that the last record seen is the chain's recorded tip, so truncation of the
// newest records is found too.
func (v *Verifier) Finish(headID int64, headHash string) error {
	if v.prevID != headID || v.prevHash != headHash {
		if v.prevID < headID {
			return &Break{ID: v.prevID + 1, Reason: fmt.Sprintf("missing (the chain's tip is %d)", headID)}
		}
		return &Break{ID: v.prevID, Reason: "does not match the chain's recorded tip"}
	}
	return nil
}

// Change is one field's old and new value.
type Change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// Diff compares two values of the same struct type field by field through their JSON form and
// returns the changed fields as JSON ("" when nothing changed). before may be nil for a
// creation. Fields named in mask are shown masked (personal data must not leak into the log),
// and bookkeeping fields are skipped.
func Diff(before, after any, mask map[string]func(string) string) string {
	b, a := toMap(before), toMap(after)
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := map[string]Change{}
	for _, k := range keys {
		if k == "version" || k == "updated_at" || k == "created_at" {
			continue
		}
		ov, nv := b[k], a[k]
		if reflect.DeepEqual(ov, nv) {
			continue
		}
		if m, ok := mask[k]; ok {
			ov, nv = maskVal(ov, m), maskVal(nv, m)
		}
		out[k] = Change{ov, nv}
	}
	if len(out) == 0 {
		return ""
	}
	j, _ := json.Marshal(out)
	return string(j)
}

// Fields records explicit changes, for events that are not edits of a struct.
func Fields(kv ...any) string {
	out := map[string]Change{}
	for i := 0; i+2 < len(kv); i += 3 {
		out[fmt.Sprint(kv[i])] = Change{kv[i+1], kv[i+2]}
	}
	j, _ := json.Marshal(out)
	return string(j)
}

func maskVal(v any, m func(string) string) any {
	if s, ok := v.(string); ok {
		return m(s)
	}
	return v
}

func toMap(v any) map[string]any {
	if v == nil || (reflect.ValueOf(v).Kind() == reflect.Pointer && reflect.ValueOf(v).IsNil()) {
		return map[string]any{}
	}
	j, err := json.Marshal(v)
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	m := map[string]any{}
	if json.Unmarshal(j, &m) != nil {
		return map[string]any{"value": string(j)}
	}
	return m
}

// ParseChanges decodes a record's changes for display.
func ParseChanges(s string) (map[string]Change, []string) {
	if s == "" {
		return nil, nil
	}
	m := map[string]Change{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return map[string]Change{"raw": {New: s}}, []string{"raw"}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return m, keys
}

// FormatValue renders a change value for a page or a spreadsheet cell.
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	j, _ := json.Marshal(v)
	return string(j)
}

// AnchorFormat names the layout of an anchor file.
const AnchorFormat = "archgov-audit-anchor/1"

// Anchor is a point of the chain taken out of the database: the audit admin prints or keeps
// it (a file, paper, another system) and later checks that the chain still reaches record Seq
// with the same Hash. It catches what the head's MAC cannot: a rollback of the whole database
// to an earlier, consistent state. The MAC (a key derived from the SM4 key) shows that the
// anchor was made by archgov and not edited since.
type Anchor struct {
	Format string    `json:"format"`
	Seq    int64     `json:"seq"`
	Hash   string    `json:"hash"`
	At     time.Time `json:"at"`
	MAC    string    `json:"mac"`
}

func (a *Anchor) parts() [][]byte {
	return [][]byte{[]byte(a.Format), []byte(strconv.FormatInt(a.Seq, 10)), []byte(a.Hash),
		[]byte(strconv.FormatInt(a.At.UnixMicro(), 10))}
}

// Sign sets the anchor's format and MAC.
func (a *Anchor) Sign(k *gm.MACKey) {
	a.Format, a.At = AnchorFormat, time.UnixMicro(a.At.UnixMicro()).UTC()
	a.MAC = k.Sum(a.parts()...)
}

// ErrAnchorMAC is an anchor whose MAC does not verify.
var ErrAnchorMAC = errors.New("the anchor's MAC does not verify with this key: the file was edited, or it was made with another key")

// ParseAnchor reads an anchor file and checks its MAC.
func ParseAnchor(b []byte, k *gm.MACKey) (*Anchor, error) {
	var a Anchor
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("not an audit anchor: %w", err)
	}
	if a.Format != AnchorFormat {
		return nil, fmt.Errorf("not an audit anchor (format %q, want %q)", a.Format, AnchorFormat)
	}
	if !k.Verify(a.MAC, a.parts()...) {
		return nil, ErrAnchorMAC
	}
	return &a, nil
}
