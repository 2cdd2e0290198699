package store

import (
	"context"
	"encoding/json"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The annual declaration guides (FLOW-1): one row a revision; the governance requirements are
// JSON in items (a guide has a dozen; they are read and written with their guide).
var guides = newTable("guide", "guides", "g", "", func(g *domain.Guide) []column {
	return versioned(&g.ID, &g.Version, &g.CreatedAt, &g.UpdatedAt, once("year", &g.Year), once("revision", &g.Revision),
		c("title", &g.Title), c("requirements", &g.Requirements), c("scope", &g.Scope), c("encouraged", &g.Encouraged),
		c("window_start", date(&g.WindowStart)), c("window_end", date(&g.WindowEnd)),
		c("items", textAs(&g.Items, parseItems, itemsText)), c("status", text(&g.Status)), c("published_at", at(&g.PublishedAt)))
}).onUnique(func(g *domain.Guide, _ error) error {
	return domain.Errorf(domain.EConflict, "err.guide.concurrent", g.Year) // a revision or a publishing of the year raced this one
})

func parseItems(s string) []domain.GuideRequirement {
	var out []domain.GuideRequirement
	_ = json.Unmarshal([]byte(s), &out) // written by itemsText only
	return out
}

func itemsText(items []domain.GuideRequirement) string {
	if items == nil {
		items = []domain.GuideRequirement{}
	}
	b, _ := json.Marshal(items)
	return string(b)
}

// Guide loads one revision; domain.NotFound when there is none.
func (r Reader) Guide(ctx context.Context, id int64) (*domain.Guide, error) {
	return guides.get(ctx, r, `g.id = ?`, id)
}

// GuideFilter narrows the guide list.
type GuideFilter struct {
	Year   int
	Status domain.GuideStatus
	After  int64 // the id of the last guide of the previous page (newest first)
	Limit  int
}

// Guides lists the revisions in scope, newest year and revision first: all of them for the
// office (scope.All), the published and superseded ones for everyone else.
func (r Reader) Guides(ctx context.Context, scope authz.Scope, f GuideFilter) ([]*domain.Guide, error) {
	w := r.where(`1 = 1`)
	w.addIf(!scope.All, `g.status <> ?`, string(domain.GuideDraft))
	eq(w, "g.year", f.Year)
	eq(w, "g.status", string(f.Status))
	w.addIf(f.After > 0, `g.id < ?`, f.After)
	return guides.list(ctx, r, "guides", w, ` ORDER BY g.id DESC`, f.Limit)
}

// LastGuideRevision is the highest revision of year's guide, 0 when it has none.
func (r Reader) LastGuideRevision(ctx context.Context, year int) (int, error) {
	var n int
	err := r.q.row(ctx, `SELECT COALESCE(MAX(revision), 0) FROM guides WHERE year = ?`, year).Scan(&n)
	return n, wrap(err, "last guide revision")
}

// PublishedGuides lists the year's published revisions (at most one outside the transaction
// that publishes the next).
func (tx *Tx) PublishedGuides(ctx context.Context, year int) ([]*domain.Guide, error) {
	return guides.all(ctx, tx.Reader, "published guides", ` WHERE g.year = ? AND g.status = ? ORDER BY g.id`, year, string(domain.GuidePublished))
}

// InsertGuide stores a new revision.
func (tx *Tx) InsertGuide(ctx context.Context, g *domain.Guide) error {
	return guides.insert(ctx, tx, g)
}

// UpdateGuide saves g if its version is still g.Version (a stale one is a conflict).
func (tx *Tx) UpdateGuide(ctx context.Context, g *domain.Guide) error {
	return guides.update(ctx, tx, g, "")
}
