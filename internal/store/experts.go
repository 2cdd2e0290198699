package store

import (
	"context"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The expert pool (专家库, BLD-R3). The phone is personal data, sealed at rest; unit_id (the
// affiliation) and user_id (the linked login) are optional references.
var experts = newTable("expert", "experts", "e", ` LEFT JOIN units n ON n.id = e.unit_id LEFT JOIN users u ON u.id = e.user_id`, func(e *domain.Expert) []column {
	return versioned(&e.ID, &e.Version, &e.CreatedAt, &e.UpdatedAt, c("name", &e.Name), c("organization", &e.Organization),
		c("title", &e.Title), c("unit_id", ref(&e.UnitID)), join("COALESCE(n.name, '')", &e.UnitName),
		c("specialties", codes(&e.Specialties)), c("phone_enc", sealed(&e.Phone, "experts.phone")),
		c("user_id", ref(&e.UserID)), join("COALESCE(u.username, '')", &e.Username), c("active", flag(&e.Active)))
}).onUnique(func(e *domain.Expert, _ error) error {
	return domain.Invalid("user_id", "err.expert.account_taken") // user_id is the table's one unique column
})

// Expert loads one expert; domain.NotFound when there is none.
func (r Reader) Expert(ctx context.Context, id int64) (*domain.Expert, error) {
	return experts.get(ctx, r, `e.id = ?`, id)
}

// ExpertByUser loads the expert record linked to a login; domain.NotFound when there is none.
func (r Reader) ExpertByUser(ctx context.Context, userID int64) (*domain.Expert, error) {
	return experts.get(ctx, r, `e.user_id = ?`, userID)
}

// ExpertFilter narrows the expert list.
type ExpertFilter struct {
	Query     string // name or organization contains
	UnitID    int64  // affiliated with this unit
	Specialty domain.Specialty
	Active    *bool
	After     int64 // the id of the last expert of the previous page
	Limit     int
}

func (r Reader) expertWhere(scope authz.Scope, f ExpertFilter) *filter {
	w := r.where(`1 = 1`)
	if !scope.All {
		// Outside the office only the record of one's own login (authz.ReadScope's SelfID).
		w.none = scope.SelfID == 0
		w.add(`e.user_id = ?`, scope.SelfID)
	}
	w.contains(strings.TrimSpace(f.Query), "e.name", "e.organization")
	eq(w, "e.unit_id", f.UnitID)
	hasSpecialty(w, f.Specialty)
	if f.Active != nil {
		w.add(`e.active = ?`, b2i(*f.Active))
	}
	return w
}

// hasSpecialty keeps the experts whose specialties (a comma-separated list) hold sp.
func hasSpecialty(w *filter, sp domain.Specialty) {
	w.addIf(sp != "", `(',' || e.specialties || ',') LIKE ? ESCAPE '\'`, "%,"+escapeLike(string(sp))+",%")
}

// Experts lists the experts in scope in id order (registration order).
func (r Reader) Experts(ctx context.Context, scope authz.Scope, f ExpertFilter) ([]*domain.Expert, error) {
	w := r.expertWhere(scope, f)
	w.addIf(f.After > 0, `e.id > ?`, f.After)
	return experts.list(ctx, r, "experts", w, ` ORDER BY e.id`, f.Limit)
}

// CountExperts counts the experts in scope that match f (After and Limit are ignored).
func (r Reader) CountExperts(ctx context.Context, scope authz.Scope, f ExpertFilter) (int, error) {
	return r.countWhere(ctx, "experts", "experts e", r.expertWhere(scope, f))
}

// DrawableExperts lists, in id order, the experts a draw may pick (BLD-R3): the active ones not
// affiliated with excludeUnit (0: none left out) and, when specialty is set, reviewing in it.
func (r Reader) DrawableExperts(ctx context.Context, excludeUnit int64, specialty domain.Specialty) ([]*domain.Expert, error) {
	w := r.where(`e.active = 1`)
	w.addIf(excludeUnit != 0, `(e.unit_id IS NULL OR e.unit_id <> ?)`, excludeUnit)
	hasSpecialty(w, specialty)
	return experts.list(ctx, r, "drawable experts", w, ` ORDER BY e.id`, 0)
}

// InsertExpert stores a new expert.
func (tx *Tx) InsertExpert(ctx context.Context, e *domain.Expert) error {
	return experts.insert(ctx, tx, e)
}

// UpdateExpert saves e if its version is still e.Version (a stale one is a conflict).
func (tx *Tx) UpdateExpert(ctx context.Context, e *domain.Expert) error {
	return experts.update(ctx, tx, e, "")
}
