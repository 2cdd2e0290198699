package store

import (
	"context"
	"encoding/json"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The draws (BLD-R3, FLOW-4): written once, never updated. The candidates are JSON in canonical
// order with their names and affiliations as they were; the result is the JSON list of keys.
var draws = newTable("draw", "draws", "d", ` LEFT JOIN units n ON n.id = d.exclude_unit_id LEFT JOIN users u ON u.id = d.drawn_by`, func(d *domain.Draw) []column {
	return versioned(&d.ID, &d.Version, &d.CreatedAt, &d.UpdatedAt, once("purpose", text(&d.Purpose)),
		once("subject_kind", text(&d.SubjectKind)), once("subject_id", &d.SubjectID),
		once("exclude_unit_id", ref(&d.ExcludeUnitID)), join("COALESCE(n.name, '')", &d.ExcludeUnitName),
		once("specialty", text(&d.Specialty)), once("reason", &d.Reason), once("count", &d.Count),
		once("algorithm", &d.Algorithm), once("commitment", &d.Commitment),
		once("candidates", textAs(&d.Pool, fromJSON[[]domain.DrawCandidate], toJSON[[]domain.DrawCandidate])),
		once("seed", &d.Seed), once("result", textAs(&d.Result, fromJSON[[]string], toJSON[[]string])),
		once("drawn_by", ref(&d.DrawnBy)), join("COALESCE(u.name, '')", &d.DrawnByName))
}).onLoad(func(d *domain.Draw) {
	d.Candidates = make([]string, len(d.Pool))
	for i, c := range d.Pool {
		d.Candidates[i] = c.Key
	}
})

// fromJSON and toJSON keep a list as JSON text (written by toJSON only).
func fromJSON[T any](s string) T {
	var v T
	_ = json.Unmarshal([]byte(s), &v)
	return v
}

func toJSON[T any](v T) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Draw loads one draw; domain.NotFound when there is none.
func (r Reader) Draw(ctx context.Context, id int64) (*domain.Draw, error) {
	return draws.get(ctx, r, `d.id = ?`, id)
}

// DrawFilter narrows the draw list.
type DrawFilter struct {
	Purpose     domain.DrawPurpose
	SubjectKind domain.DrawSubject
	SubjectID   int64
	UnitID      int64 // drawn with this unit's experts left out
	After       int64 // the id of the last draw of the previous page (newest first)
	Limit       int
}

func (r Reader) drawWhere(scope authz.Scope, f DrawFilter) *filter {
	w := r.where(`1 = 1`)
	w.none = !scope.All // the office's (authz.ReadScope)
	eq(w, "d.purpose", string(f.Purpose))
	eq(w, "d.subject_kind", string(f.SubjectKind))
	eq(w, "d.subject_id", f.SubjectID)
	eq(w, "d.exclude_unit_id", f.UnitID)
	return w
}

// Draws lists the draws in scope, newest first.
func (r Reader) Draws(ctx context.Context, scope authz.Scope, f DrawFilter) ([]*domain.Draw, error) {
	w := r.drawWhere(scope, f)
	w.addIf(f.After > 0, `d.id < ?`, f.After)
	return draws.list(ctx, r, "draws", w, ` ORDER BY d.id DESC`, f.Limit)
}

// CountDraws counts the draws in scope that match f (After and Limit are ignored).
func (r Reader) CountDraws(ctx context.Context, scope authz.Scope, f DrawFilter) (int, error) {
	return r.countWhere(ctx, "draws", "draws d", r.drawWhere(scope, f))
}

// InsertDraw stores a draw, once.
func (tx *Tx) InsertDraw(ctx context.Context, d *domain.Draw) error {
	return draws.insert(ctx, tx, d)
}
