package store

import (
	"context"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/search"
)

var systems = newTable("system", "systems", "s", ` LEFT JOIN units n ON n.id = s.unit_id`, func(s *domain.System) []column {
	return versioned(&s.ID, &s.Version, &s.CreatedAt, &s.UpdatedAt, c("code", &s.Code), c("name", &s.Name), c("unit_id", &s.UnitID),
		join("COALESCE(n.name, '')", &s.UnitName), c("purpose", &s.Purpose), c("category", text(&s.Category)),
		c("classification", text(&s.Classification)), c("hosting", text(&s.Hosting)), c("hosting_note", &s.HostingNote),
		c("network", text(&s.Network)), c("user_levels", codes(&s.UserLevels)), c("go_live", date(&s.GoLive)),
		c("last_upgrade", date(&s.LastUpgrade)), c("vendor", &s.Vendor), c("annual_cost", &s.AnnualCost), c("status", text(&s.Status)),
		c("replaced_by_id", ref(&s.ReplacedByID)), c("status_before", text(&s.StatusBefore)), c("offline_date", date(&s.OfflineDate)),
		c("exchange_channels", codes(&s.ExchangeChannels)),
		c("base_data", textAs(&s.BaseData, parseBaseData, baseDataText)), c("room_id", ref(&s.RoomID)),
		c("project_id", ref(&s.ProjectID)), c("cloud_exemption", text(&s.CloudExemption)), c("cloud_exemption_basis", &s.CloudExemptionBasis),
		c("status_at", date(&s.StatusAt)))
}).onUnique(func(s *domain.System, _ error) error { return domain.Invalid("code", "err.system.code_taken", s.Code) })

const dateLayout = "2006-01-02"

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

func parseDate(s string) time.Time {
	t, _ := time.Parse(dateLayout, s)
	return t
}

// System loads one system; domain.NotFound when there is none.
func (r Reader) System(ctx context.Context, id int64) (*domain.System, error) {
	return systems.get(ctx, r, `s.id = ?`, id)
}

// SystemByCode loads one system by its code.
func (r Reader) SystemByCode(ctx context.Context, code string) (*domain.System, error) {
	return systems.get(ctx, r, `s.code = ?`, code)
}

// SystemFilter narrows the registry list.
type SystemFilter struct {
	Query    string // every search term in the name or code (internal/search); a literal substring when only punctuation
	UnitID   int64
	Status   domain.SystemStatus
	Hosting  domain.Hosting
	Category domain.SystemCategory
	OffCloud bool // ENV-P1: a live finding of domain.RuleOffCloud (in service off the cloud where the rule wants it on)
	NoPlan   bool // ENV-R2: a live finding of domain.RuleNoMigration (off the cloud, no exemption, no open migration plan)
	// Catalogued: only the systems a published catalog entry names (SHR-P3; catalog_entry_systems),
	// the overview's catalog coverage (issue 12).
	Catalogued bool
	Sort       ListSort
	After      int64  // the id of the last system of the previous page
	AfterKey   string // and its sort key (SystemSortKey), unless Sort is SortID
	Limit      int
}

// systemWhere builds the WHERE clause of a filtered, scoped system query.
func (r Reader) systemWhere(scope authz.Scope, f SystemFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "s.unit_id")
	if terms := search.QueryTerms(f.Query); len(terms) > 0 {
		// The search index (internal/search): every term of the query in the name or code.
		cond, cargs := searchFilter("s.id", DocSystem, terms, true)
		w.join(cond, cargs...)
	} else if f.Query != "" {
		// Only punctuation (no term to look up): a literal substring of the name or code.
		w.contains(strings.TrimSpace(f.Query), "s.name", "s.code")
	}
	eq(w, "s.unit_id", f.UnitID)
	eq(w, "s.status", string(f.Status))
	eq(w, "s.hosting", string(f.Hosting))
	eq(w, "s.category", string(f.Category))
	// What the rules found (ENV-P1's scope, ENV-R2's missing plan), never worked out here.
	if f.OffCloud {
		w.liveFinding(domain.SubjectSystem, "s.id", domain.RuleOffCloud)
	}
	if f.NoPlan {
		w.liveFinding(domain.SubjectSystem, "s.id", domain.RuleNoMigration)
	}
	if f.Catalogued {
		w.add(catalogued("s.id"), string(domain.CatPublished))
	}
	return w
}

// Systems lists the systems within scope in the order f.Sort (id order by default). The scope
// comes from authz.ReadScope, so the query cannot return another unit's systems to a unit user.
func (r Reader) Systems(ctx context.Context, scope authz.Scope, f SystemFilter) ([]*domain.System, error) {
	return systems.sorted(ctx, r, "systems", "s", r.systemWhere(scope, f), f.Sort, f.AfterKey, f.After, f.Limit)
}

// CountSystems counts the systems within scope that match f (Sort, After and Limit are ignored).
func (r Reader) CountSystems(ctx context.Context, scope authz.Scope, f SystemFilter) (int, error) {
	return r.countWhere(ctx, "systems", "systems s", r.systemWhere(scope, f))
}

// InsertSystem stores a new system.
func (tx *Tx) InsertSystem(ctx context.Context, s *domain.System) error {
	if s.StatusAt.IsZero() { // its status starts today (BLD-R5 counts from the day of a status)
		s.StatusAt = domain.Day(tx.Now().Add(8 * time.Hour)) // the district's day (UTC+8, no summer time)
	}
	if err := systems.insert(ctx, tx, s); err != nil {
		return err
	}
	return tx.indexSystem(ctx, s)
}

// UpdateSystem saves s if its version is still s.Version (a stale one is a conflict).
func (tx *Tx) UpdateSystem(ctx context.Context, s *domain.System) error {
	if err := systems.update(ctx, tx, s, ""); err != nil {
		return err
	}
	return tx.indexSystem(ctx, s)
}

// SystemsByCodes loads the systems with the given codes, whatever their unit, keyed by code
// (for imports). The caller decides what the actor may see of them.
func (r Reader) SystemsByCodes(ctx context.Context, codes []string) (map[string]*domain.System, error) {
	return keyedBy(ctx, r, systems, "systems by code", func(s *domain.System) string { return s.Code }, "s.code", codes)
}
