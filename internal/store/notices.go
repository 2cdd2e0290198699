package store

import (
	"context"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// What the info office publishes to every unit (ORG-4, ORG-5, migration 0040): notices, one
// row each, and technical standards, one row a version (the versions of a standard share its
// code).

var notices = newTable("notice", "notices", "nt", "", func(n *domain.Notice) []column {
	return versioned(&n.ID, &n.Version, &n.CreatedAt, &n.UpdatedAt, c("title", &n.Title), c("kind", text(&n.Kind)),
		c("body", &n.Body), c("status", text(&n.Status)), c("published_at", at(&n.PublishedAt)),
		c("withdrawn_at", at(&n.WithdrawnAt)), c("withdraw_note", &n.WithdrawNote))
})

// Notice loads one notice; domain.NotFound when there is none.
func (r Reader) Notice(ctx context.Context, id int64) (*domain.Notice, error) {
	return notices.get(ctx, r, `nt.id = ?`, id)
}

// NoticeFilter narrows the notice list.
type NoticeFilter struct {
	Query  string // in the title or the body
	Kind   domain.NoticeKind
	Status domain.NoticeStatus
	After  int64 // the id of the last notice of the previous page (newest first)
	Limit  int
}

// noticeWhere is the filtered, scoped condition: drafts are the office's (scope.All), the
// published and withdrawn notices every reader's.
func (r Reader) noticeWhere(scope authz.Scope, f NoticeFilter) *filter {
	w := r.where(`1 = 1`)
	w.addIf(!scope.All, `nt.status <> ?`, string(domain.NoticeDraft))
	w.contains(strings.TrimSpace(f.Query), "nt.title", "nt.body")
	eq(w, "nt.kind", string(f.Kind))
	eq(w, "nt.status", string(f.Status))
	return w
}

// Notices lists the notices in scope that match f, newest first.
func (r Reader) Notices(ctx context.Context, scope authz.Scope, f NoticeFilter) ([]*domain.Notice, error) {
	w := r.noticeWhere(scope, f)
	w.addIf(f.After > 0, `nt.id < ?`, f.After)
	return notices.list(ctx, r, "notices", w, ` ORDER BY nt.id DESC`, f.Limit)
}

// CountNotices counts what Notices lists without paging.
func (r Reader) CountNotices(ctx context.Context, scope authz.Scope, f NoticeFilter) (int, error) {
	return r.countWhere(ctx, "notices", "notices nt", r.noticeWhere(scope, f))
}

// InsertNotice stores a new notice.
func (tx *Tx) InsertNotice(ctx context.Context, n *domain.Notice) error {
	return notices.insert(ctx, tx, n)
}

// UpdateNotice saves n if its version is still n.Version (a stale one is a conflict).
func (tx *Tx) UpdateNotice(ctx context.Context, n *domain.Notice) error {
	return notices.update(ctx, tx, n, "")
}

var standards = newTable("standard", "standards", "sd", "", func(s *domain.Standard) []column {
	return versioned(&s.ID, &s.Version, &s.CreatedAt, &s.UpdatedAt, once("code", &s.Code), c("name", &s.Name),
		c("kind", text(&s.Kind)), c("library", text(&s.Library)), c("edition", &s.Edition),
		c("effective_date", date(&s.EffectiveDate)), c("summary", &s.Summary), c("url", &s.URL),
		c("status", text(&s.Status)), c("published_at", at(&s.PublishedAt)))
}).onUnique(func(s *domain.Standard, _ error) error {
	// an edition given twice, or two publishings of the code racing
	return domain.Invalid("edition", "err.standard.edition_taken", s.Code, s.Edition)
})

// Standard loads one version; domain.NotFound when there is none.
func (r Reader) Standard(ctx context.Context, id int64) (*domain.Standard, error) {
	return standards.get(ctx, r, `sd.id = ?`, id)
}

// StandardFilter narrows the standard list.
type StandardFilter struct {
	Query   string // in the code, name or summary
	Code    string // the versions of one standard
	Kind    domain.StandardKind
	Library domain.BaseLibrary
	Status  domain.StandardStatus
	After   int64 // the id of the last version of the previous page (newest first)
	Limit   int
}

func (r Reader) standardWhere(scope authz.Scope, f StandardFilter) *filter {
	w := r.where(`1 = 1`)
	w.addIf(!scope.All, `sd.status <> ?`, string(domain.StdDraft))
	w.contains(strings.TrimSpace(f.Query), "sd.code", "sd.name", "sd.summary")
	eq(w, "sd.code", strings.ToUpper(strings.TrimSpace(f.Code)))
	eq(w, "sd.kind", string(f.Kind))
	eq(w, "sd.library", string(f.Library))
	eq(w, "sd.status", string(f.Status))
	return w
}

// Standards lists the versions in scope that match f, newest first.
func (r Reader) Standards(ctx context.Context, scope authz.Scope, f StandardFilter) ([]*domain.Standard, error) {
	w := r.standardWhere(scope, f)
	w.addIf(f.After > 0, `sd.id < ?`, f.After)
	return standards.list(ctx, r, "standards", w, ` ORDER BY sd.id DESC`, f.Limit)
}

// CountStandards counts what Standards lists without paging.
func (r Reader) CountStandards(ctx context.Context, scope authz.Scope, f StandardFilter) (int, error) {
	return r.countWhere(ctx, "standards", "standards sd", r.standardWhere(scope, f))
}

// PublishedStandards lists the versions in force, by code (the choices of a docking plan).
func (r Reader) PublishedStandards(ctx context.Context) ([]*domain.Standard, error) {
	return standards.all(ctx, r, "published standards", ` WHERE sd.status = ? ORDER BY sd.code, sd.id`, string(domain.StdPublished))
}

// StandardVersions lists every version of the standard code, oldest first.
func (r Reader) StandardVersions(ctx context.Context, code string) ([]*domain.Standard, error) {
	return standards.all(ctx, r, "standard versions", ` WHERE sd.code = ? ORDER BY sd.id`, code)
}

// InsertStandard stores a new version.
func (tx *Tx) InsertStandard(ctx context.Context, s *domain.Standard) error {
	return standards.insert(ctx, tx, s)
}

// UpdateStandard saves s if its version is still s.Version (a stale one is a conflict).
func (tx *Tx) UpdateStandard(ctx context.Context, s *domain.Standard) error {
	return standards.update(ctx, tx, s, "")
}
