package store

import (
	"context"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/search"
)

const systemCols = `s.id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), s.purpose, s.category, s.classification, s.hosting, s.hosting_note,
	s.network, s.user_levels, s.go_live, s.last_upgrade, s.vendor, s.annual_cost, s.status, COALESCE(s.replaced_by_id, 0), s.status_before,
	s.offline_date, s.version, s.created_at, s.updated_at, s.exchange_channels, s.base_data, COALESCE(s.room_id, 0)`
const systemFrom = ` FROM systems s LEFT JOIN units n ON n.id = s.unit_id`

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

func scanSystem(sc rowScanner) (*domain.System, error) {
	var s domain.System
	var levels, channels, baseData string
	err := sc.Scan(&s.ID, &s.Code, &s.Name, &s.UnitID, &s.UnitName, &s.Purpose, text(&s.Category), text(&s.Classification), text(&s.Hosting),
		&s.HostingNote, text(&s.Network), &levels, date(&s.GoLive), date(&s.LastUpgrade), &s.Vendor, &s.AnnualCost, text(&s.Status),
		&s.ReplacedByID, text(&s.StatusBefore), date(&s.OfflineDate), &s.Version, at(&s.CreatedAt), at(&s.UpdatedAt), &channels, &baseData, &s.RoomID)
	if err != nil {
		return nil, err
	}
	s.ExchangeChannels, s.BaseData = parseChannels(channels), parseBaseData(baseData)
	for _, l := range strings.Split(levels, ",") {
		if l != "" {
			s.UserLevels = append(s.UserLevels, domain.UserLevel(l))
		}
	}
	return &s, nil
}

func levelsText(ls []domain.UserLevel) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return strings.Join(out, ",")
}

// System loads one system; domain.NotFound when there is none.
func (r Reader) System(ctx context.Context, id int64) (*domain.System, error) {
	return queryOne(ctx, r.q, "system", scanSystem, `SELECT `+systemCols+systemFrom+` WHERE s.id = ?`, id)
}

// SystemByCode loads one system by its code.
func (r Reader) SystemByCode(ctx context.Context, code string) (*domain.System, error) {
	return queryOne(ctx, r.q, "system", scanSystem, `SELECT `+systemCols+systemFrom+` WHERE s.code = ?`, code)
}

// SystemFilter narrows the registry list.
type SystemFilter struct {
	Query    string // every search term in the name or code (internal/search); a literal substring when only punctuation
	UnitID   int64
	Status   domain.SystemStatus
	Hosting  domain.Hosting
	Category domain.SystemCategory
	OffCloud bool // ENV-P1: non-classified, not on the cloud, not on-site production, still in service
	NoPlan   bool // with OffCloud: and without an open migration plan (ENV-R2)
	Sort     ListSort
	After    int64  // the id of the last system of the previous page
	AfterKey string // and its sort key (SystemSortKey), unless Sort is SortID
	Limit    int
}

// systemWhere builds the WHERE clause of a filtered, scoped system query.
func (r Reader) systemWhere(scope authz.Scope, f SystemFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "s.unit_id")
	if terms := search.QueryTerms(f.Query); len(terms) > 0 {
		// The search index (internal/search): every term of the query in the name or code.
		cond, cargs := searchFilter("s.id", DocSystem, terms)
		w.join(cond, cargs...)
	} else if f.Query != "" {
		// Only punctuation (no term to look up): a literal substring of the name or code.
		w.contains(strings.TrimSpace(f.Query), "s.name", "s.code")
	}
	eq(w, "s.unit_id", f.UnitID)
	eq(w, "s.status", string(f.Status))
	eq(w, "s.hosting", string(f.Hosting))
	eq(w, "s.category", string(f.Category))
	w.addIf(f.OffCloud, `s.classification = ? AND s.hosting NOT IN (?, ?) AND s.status NOT IN (?, ?)`,
		string(domain.Unclassified), string(domain.HostingCloud), string(domain.HostingOnsite),
		string(domain.StatusOffline), string(domain.StatusCleanupAccepted))
	if f.NoPlan {
		w.join(noOpenMigrationPlan, string(domain.PlanPlanned), string(domain.PlanInProgress))
	}
	return w
}

// Systems lists the systems within scope in the order f.Sort (id order by default). The scope
// comes from authz.ReadScope, so the query cannot return another unit's systems to a unit user.
func (r Reader) Systems(ctx context.Context, scope authz.Scope, f SystemFilter) ([]*domain.System, error) {
	return sortedList(ctx, r, "systems", scanSystem, `SELECT `+systemCols+systemFrom, "s", r.systemWhere(scope, f), f.Sort, f.AfterKey, f.After, f.Limit)
}

// CountSystems counts the systems within scope that match f (Sort, After and Limit are ignored).
func (r Reader) CountSystems(ctx context.Context, scope authz.Scope, f SystemFilter) (int, error) {
	return r.countWhere(ctx, "systems", "systems s", r.systemWhere(scope, f))
}

var systemRecord = newRecord("systems", nil, "code", "name", "unit_id", "purpose", "category", "classification", "hosting",
	"hosting_note", "network", "user_levels", "go_live", "last_upgrade", "vendor", "annual_cost", "status", "replaced_by_id",
	"status_before", "offline_date", "exchange_channels", "base_data", "room_id")

func systemValues(s *domain.System) []any {
	return []any{s.Code, s.Name, s.UnitID, s.Purpose, string(s.Category), string(s.Classification), string(s.Hosting),
		s.HostingNote, string(s.Network), levelsText(s.UserLevels), fmtDate(s.GoLive), fmtDate(s.LastUpgrade), s.Vendor, s.AnnualCost,
		string(s.Status), nullID(s.ReplacedByID), string(s.StatusBefore), fmtDate(s.OfflineDate), channelsText(s.ExchangeChannels),
		baseDataText(s.BaseData), nullID(s.RoomID)}
}

// InsertSystem stores a new system.
func (tx *Tx) InsertSystem(ctx context.Context, s *domain.System) error {
	err := tx.insert(ctx, systemRecord, systemValues(s), &s.ID, &s.Version, &s.CreatedAt, &s.UpdatedAt)
	if isUnique(err) {
		return domain.Invalid("code", "err.system.code_taken", s.Code)
	}
	if err != nil {
		return wrap(err, "insert system")
	}
	return tx.indexSystem(ctx, s)
}

// UpdateSystem saves s if its version is still s.Version (a stale one is a conflict).
func (tx *Tx) UpdateSystem(ctx context.Context, s *domain.System) error {
	err := tx.update(ctx, systemRecord, systemValues(s), s.ID, &s.Version, &s.UpdatedAt)
	if isUnique(err) {
		return domain.Invalid("code", "err.system.code_taken", s.Code)
	}
	if err != nil {
		return wrap(err, "update system %d", s.ID)
	}
	return tx.indexSystem(ctx, s)
}

// SystemsByCodes loads the systems with the given codes, whatever their unit, keyed by code
// (for imports). The caller decides what the actor may see of them.
func (r Reader) SystemsByCodes(ctx context.Context, codes []string) (map[string]*domain.System, error) {
	return keyed(ctx, r.q, "systems by code", scanSystem, func(s *domain.System) string { return s.Code },
		`SELECT `+systemCols+systemFrom, "s.code", codes)
}
