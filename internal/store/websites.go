package store

import (
	"context"
	"fmt"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

var websites = newTable("website", "websites", "w", ` LEFT JOIN units n ON n.id = w.unit_id`, func(w *domain.Website) []column {
	return versioned(&w.ID, &w.Version, &w.CreatedAt, &w.UpdatedAt, c("name", &w.Name), c("host", &w.Host), c("unit_id", &w.UnitID),
		join("COALESCE(n.name, '')", &w.UnitName), c("icp", &w.ICP), c("site_code", &w.SiteCode), c("hosting", text(&w.Hosting)),
		c("system_id", ref(&w.SystemID)), c("merge_into_id", ref(&w.MergeInto)), c("status", text(&w.Status)),
		c("registered_date", date(&w.RegisteredDate)), c("notice_date", date(&w.NoticeDate)), c("notice_text", &w.NoticeText),
		c("closed_date", date(&w.ClosedDate)),
		// PTL-R3: overdue is what the rules found (findings_filter.go), not worked out again here.
		join(liveFindingFlag(domain.SubjectWebsite, "w.id", domain.RuleWebsiteOverdue), flag(&w.Overdue)))
}).onUnique(websiteUnique)

// Website loads one website; domain.NotFound when there is none.
func (r Reader) Website(ctx context.Context, id int64) (*domain.Website, error) {
	return websites.get(ctx, r, `w.id = ?`, id)
}

// SiteSort is the order of a registry list: by id (the default, oldest first) or by name.
// Both are siteKeyset-paginated by the last row's id.
type SiteSort string

const (
	SiteSortID   SiteSort = ""
	SiteSortName SiteSort = "name"
)

// WebsiteFilter narrows the website list.
type WebsiteFilter struct {
	Query   string // name or host contains
	UnitID  int64
	Status  domain.WebStatus
	Hosting domain.Hosting
	// Overdue keeps the sites with a live PTL-R3 finding (past the registration deadline and
	// neither registered nor gone): what the rules found, not computed again here.
	Overdue  bool
	SystemID int64 // the information system the sites belong to
	Sort     SiteSort
	After    int64
	Limit    int
}

// siteKeyset returns the WHERE part that continues a list after the row with id after, in the
// order of sort (a row-value comparison both SQLite and PostgreSQL understand), and the ORDER BY.
// The row sorted by name is looked up within scope only: after a record out of scope, as after
// one that does not exist, nothing follows (the list tells nothing of how its name sorts).
func siteKeyset(alias, table string, scope authz.Scope, sort SiteSort, after int64) (where string, args []any, order string) {
	switch sort {
	case SiteSortName:
		order = ` ORDER BY ` + alias + `.name, ` + alias + `.id`
		if after > 0 {
			k := &filter{sql: ` WHERE k.id = ?`, args: []any{after}}
			k.scope(scope, "k.unit_id") // an empty scope lists nothing (filter.none) anyway
			return ` AND (` + alias + `.name, ` + alias + `.id) > (SELECT k.name, k.id FROM ` + table + ` k` + k.sql + `)`, k.args, order
		}
		return "", nil, order
	}
	return ` AND ` + alias + `.id > ?`, []any{after}, ` ORDER BY ` + alias + `.id`
}

// siteList lists a registry sorted by SiteSort (websites, media accounts).
func siteList[T any](ctx context.Context, r Reader, what string, t *table[T], alias, name string,
	scope authz.Scope, w *filter, sort SiteSort, after int64, limit int) ([]*T, error) {
	kw, kargs, order := siteKeyset(alias, name, scope, sort, after)
	w.join(kw, kargs...)
	return t.list(ctx, r, what, w, order, limit)
}

func (r Reader) websiteWhere(scope authz.Scope, f WebsiteFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "w.unit_id")
	w.contains(strings.TrimSpace(f.Query), "w.name", "w.host")
	eq(w, "w.unit_id", f.UnitID)
	eq(w, "w.status", string(f.Status))
	eq(w, "w.hosting", string(f.Hosting))
	eq(w, "w.system_id", f.SystemID)
	if f.Overdue {
		w.liveFinding(domain.SubjectWebsite, "w.id", domain.RuleWebsiteOverdue)
	}
	return w
}

// Websites lists the websites within scope (from authz.ReadScope) matching f.
func (r Reader) Websites(ctx context.Context, scope authz.Scope, f WebsiteFilter) ([]*domain.Website, error) {
	return siteList(ctx, r, "websites", websites, "w", "websites", scope, r.websiteWhere(scope, f), f.Sort, f.After, f.Limit)
}

// CountWebsites counts the websites within scope matching f (After, Limit, Sort ignored).
func (r Reader) CountWebsites(ctx context.Context, scope authz.Scope, f WebsiteFilter) (int, error) {
	return r.countWhere(ctx, "websites", "websites w", r.websiteWhere(scope, f))
}

// websiteUnique names the field a unique violation is about.
func websiteUnique(w *domain.Website, err error) error {
	if strings.Contains(err.Error(), "site_code") {
		return domain.Invalid("site_code", "err.website.site_code_taken", w.SiteCode)
	}
	return domain.Invalid("host", "err.website.host_taken", w.Host)
}

// InsertWebsite stores a new website.
func (tx *Tx) InsertWebsite(ctx context.Context, w *domain.Website) error {
	return websites.insert(ctx, tx, w)
}

// UpdateWebsite saves w if its version is still w.Version (a stale one is a conflict).
func (tx *Tx) UpdateWebsite(ctx context.Context, w *domain.Website) error {
	return websites.update(ctx, tx, w, "")
}

// WebsitesByHosts loads the websites with the given hosts, whatever their unit, keyed by host
// (for imports; the caller decides what the actor may see of them).
func (r Reader) WebsitesByHosts(ctx context.Context, hosts []string) (map[string]*domain.Website, error) {
	return keyedBy(ctx, r, websites, "websites by host", func(w *domain.Website) string { return w.Host }, "w.host", hosts)
}

// WebsitesBySiteCodes loads the websites with the given 政府网站标识码, whatever their unit,
// keyed by code (for imports; the caller decides what the actor may see of them).
func (r Reader) WebsitesBySiteCodes(ctx context.Context, codes []string) (map[string]*domain.Website, error) {
	return keyedBy(ctx, r, websites, "websites by site code", func(w *domain.Website) string { return w.SiteCode }, "w.site_code", codes)
}

// WebsiteMergeTargets maps every website that has a merge target to it (to look for cycles).
func (r Reader) WebsiteMergeTargets(ctx context.Context) (map[int64]int64, error) {
	return r.siteMergeTargets(ctx, `SELECT id, merge_into_id FROM websites WHERE merge_into_id IS NOT NULL`)
}

func (r Reader) siteMergeTargets(ctx context.Context, sqlText string) (map[int64]int64, error) {
	return pairs[int64, int64](ctx, r.q, "merge targets", sqlText)
}

// Lock keys of the registries whose records point at each other (merge targets).
const (
	LockWebsiteMerges int64 = 7240601
	LockMediaMerges   int64 = 7240602
)

// LockMerges serializes the merge-target changes of one registry until the transaction ends,
// so that two concurrent merges (a into b, b into a) cannot close a cycle neither of them saw.
// PostgreSQL takes a transaction-scoped advisory lock; SQLite's single writer already
// serializes write transactions.
func (tx *Tx) LockMerges(ctx context.Context, key int64) error {
	if tx.d != Postgres {
		return nil
	}
	if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, key); err != nil {
		return fmt.Errorf("store: lock merges: %w", err)
	}
	return nil
}

// CountLiveWebsitesOfSystem counts the websites of unitID belonging to the system that are not
// closed or merged.
func (r Reader) CountLiveWebsitesOfSystem(ctx context.Context, systemID, unitID int64) (int, error) {
	return r.count(ctx, "live websites of system", `SELECT count(*) FROM websites WHERE system_id = ? AND unit_id = ? AND status NOT IN (?, ?)`,
		systemID, unitID, string(domain.WebClosed), string(domain.WebMerged))
}
