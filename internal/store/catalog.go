package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/search"
)

// The classification and the code are written once (class_code, their concatenation, is only
// searched); data items have their own table.
var catalog = newTable("catalog entry", "catalog_entries", "c", ` LEFT JOIN units n ON n.id = c.provider_unit_id`, func(e *domain.CatalogEntry) []column {
	return versioned(&e.ID, &e.Version, &e.CreatedAt, &e.UpdatedAt, once("class", &e.Class), once("item", &e.Item),
		once("catalog", &e.Catalog), once("sub_catalog", &e.SubCatalog), put("class_code", e.ClassCode()), once("code", &e.Code),
		c("name", &e.Name), c("provider_unit_id", &e.ProviderUnitID), join("COALESCE(n.name, '')", &e.ProviderName),
		join("COALESCE(n.code, '')", &e.ProviderCode), c("summary", &e.Summary), c("format", text(&e.Format)),
		c("format_detail", &e.FormatDetail), c("share_type", text(&e.ShareType)), c("share_condition", &e.ShareCondition),
		c("share_basis", &e.ShareBasis), c("share_channel", text(&e.ShareChannel)), c("share_form", text(&e.ShareForm)),
		c("open", flag(&e.Open)), c("open_condition", &e.OpenCondition), c("update_cycle", text(&e.UpdateCycle)),
		c("publish_date", date(&e.PublishDate)), c("related_ids", textAs(&e.RelatedIDs, parseIDs, idsText)),
		c("system_ids", textAs(&e.SystemIDs, parseIDs, idsText)), c("project_id", ref(&e.ProjectID)),
		c("base_library", text(&e.BaseLibrary)), c("status", text(&e.Status)), c("return_note", &e.ReturnNote),
		c("revision", &e.Revision))
}).onLoad(func(c *domain.CatalogEntry) { c.Items = []domain.DataItem{} })

// CatalogSorts are the orders of the catalog list, in display order.
var CatalogSorts = []ListSort{SortID, SortName, SortUpdated}

// CatalogSortKey is the value of c's sort column under o, for the cursor after it.
func CatalogSortKey(o ListSort, c *domain.CatalogEntry) string {
	return sortKey(o, c.Name, c.UpdatedAt)
}

func idsText(ids []int64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(out, ",")
}

func parseIDs(s string) []int64 {
	out := []int64{}
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// CatalogEntry loads one entry with its data items; domain.NotFound when there is none.
func (r Reader) CatalogEntry(ctx context.Context, id int64) (*domain.CatalogEntry, error) {
	c, err := catalog.get(ctx, r, `c.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if c.Items, err = r.catalogItems(ctx, id); err != nil {
		return nil, err
	}
	return c, nil
}

const itemCols = `name, column_name, type, length, primary_key, nullable, classified, sensitive, share_type`

// scanItem scans a data item (itemCols) after the columns lead points at.
func scanItem(s rowScanner, lead ...any) (domain.DataItem, error) {
	var it domain.DataItem
	err := s.Scan(append(lead, &it.Name, &it.Column, text(&it.Type), &it.Length, flag(&it.PrimaryKey), flag(&it.Nullable),
		flag(&it.Classified), flag(&it.Sensitive), text(&it.ShareType))...)
	return it, err
}

func (r Reader) catalogItems(ctx context.Context, entryID int64) ([]domain.DataItem, error) {
	out, err := queryAll(ctx, r.q, fmt.Sprintf("catalog items %d", entryID), func(s rowScanner) (domain.DataItem, error) { return scanItem(s) },
		`SELECT `+itemCols+`
		FROM catalog_items WHERE entry_id = ? ORDER BY pos`, entryID)
	if out == nil && err == nil {
		out = []domain.DataItem{}
	}
	return out, err
}

// CatalogFilter narrows the catalog list.
type CatalogFilter struct {
	Query       string // see catalogSearch
	UnitID      int64  // the provider
	Class       string // a prefix of the classification code (类, 类+项, ...)
	ShareType   domain.ShareType
	Open        string // "1" open to the public, "0" not, "" either
	UpdateCycle domain.UpdateCycle
	Status      domain.CatalogStatus
	BaseLibrary domain.BaseLibrary // the base library the entries feed (SHR-P2)
	Sort        ListSort
	After       int64
	AfterKey    string
	Limit       int
}

// catalogPlan is how a catalog query uses the search index: the query's terms, the rarest of
// them (driver) and its postings counted up to CatalogFacetCap+1 (n).
type catalogPlan struct {
	terms  []string
	driver int
	n      int
	ids    []int64 // PostgreSQL, rare term: the matching entries, at most CatalogFacetCap
}

// probe says the rarest term is in more than CatalogFacetCap entries: reading its postings to
// filter a page of 20 would cost more than probing every term by primary key for each row the
// list walks in its own order (a page then costs a few dozen lookups however many match).
func (p catalogPlan) probe() bool { return len(p.terms) > 0 && p.n > CatalogFacetCap }

// planCatalogSearch counts each term's postings, stopping at CatalogFacetCap+1, to find the
// rarest (as Search does). A query without terms needs no plan.
func (r Reader) planCatalogSearch(ctx context.Context, q string) (catalogPlan, error) {
	p := catalogPlan{terms: search.QueryTerms(q)}
	var err error
	if p.driver, p.n, err = r.rarest(ctx, DocCatalog, p.terms, CatalogFacetCap+1); err != nil {
		return p, err
	}
	if r.d == Postgres && len(p.terms) > 0 && !p.probe() {
		// PostgreSQL cannot know from its statistics that a term is rare or common (it estimates
		// every posting list at the average): it walked the whole catalog in list order looking
		// for a page of 大闸蟹 (180 ms), and merge-joined the 33,000 postings of 企业 with those of
		// 登记 to find 374 entries of 企业登记信息 (97 ms). So the matches are found here — the
		// rarest term's postings, each other term probed by primary key (OFFSET 0 keeps each
		// probe a probe: PostgreSQL does not turn such a subquery into a join) — and given as an
		// array.
		q := `SELECT t0.doc_id FROM search_terms t0 WHERE t0.term = ? AND t0.doc_kind = ?`
		args := []any{p.terms[p.driver], DocCatalog}
		for i, t := range p.terms {
			if i != p.driver {
				q += ` AND EXISTS (SELECT 1 FROM search_terms t WHERE t.term = ? AND t.doc_kind = t0.doc_kind AND t.doc_id = t0.doc_id OFFSET 0)`
				args = append(args, t)
			}
		}
		ids, err := queryAll(ctx, r.q, "catalog search", scalar[int64], q, args...)
		if err != nil {
			return p, err
		}
		p.ids = append([]int64{}, ids...)
	}
	return p, nil
}

// catalogSearch is the one place the catalog's text search is decided: every term of the query
// in the name, the code, the summary or the data items' names (internal/search: 人口 and 人口基础
// alike). A rare term's postings are read first (at most CatalogFacetCap of them); when every
// term is common, each is probed for the rows the list walks (catalogPlan.probe).
func (r Reader) catalogSearch(q string, p catalogPlan) (string, []any) {
	if len(p.terms) > 0 {
		if p.probe() {
			var b strings.Builder
			var args []any
			fence := ` LIMIT 1` // a probe per row, not a join (see planCatalogSearch)
			if r.d == Postgres {
				fence = ` OFFSET 0`
			}
			for _, t := range p.terms {
				b.WriteString(` AND EXISTS (SELECT 1 FROM search_terms t WHERE t.term = ? AND t.doc_kind = ? AND t.doc_id = c.id` + fence + `)`)
				args = append(args, t, DocCatalog)
			}
			return b.String(), args
		}
		if p.ids != nil {
			return ` AND c.id = ANY(?)`, []any{p.ids}
		}
		inner, args, _ := matchSQL(DocCatalog, authz.Scope{All: true}, p.terms, p.driver, false, false)
		return ` AND c.id IN (SELECT doc_id FROM (` + inner + `) m)`, args
	}
	// Only punctuation (no term to look up): a literal substring of the name or code.
	like := "%" + escapeLike(strings.TrimSpace(q)) + "%"
	return ` AND (c.name ` + r.like() + ` ? ESCAPE '\' OR c.code ` + r.like() + ` ? ESCAPE '\')`, []any{like, like}
}

// indexCatalogEntry (re)indexes an entry for search, in the transaction that wrote it: name,
// code, summary and the data items' names as stored (one per line, so no two-character term
// spans two items). Published entries are public in the index too.
func (tx *Tx) indexCatalogEntry(ctx context.Context, c *domain.CatalogEntry, saved bool) error {
	if saved { // the items were just written from c.Items: no need to read them back
		items := make([]string, len(c.Items))
		for i, it := range c.Items {
			items[i] = it.Name
		}
		return tx.indexCatalogDoc(ctx, c, items)
	}
	items, err := queryAll(ctx, tx.q, fmt.Sprintf("index catalog entry %d", c.ID), scalar[string],
		`SELECT name FROM catalog_items WHERE entry_id = ? ORDER BY pos`, c.ID)
	if err != nil {
		return err
	}
	return tx.indexCatalogDoc(ctx, c, items)
}

func (tx *Tx) indexCatalogDoc(ctx context.Context, c *domain.CatalogEntry, items []string) error {
	return tx.IndexDoc(ctx, DocCatalog, c.ID, c.ProviderUnitID, c.Status == domain.CatPublished, map[string]string{
		search.FieldName: c.Name, search.FieldCode: c.Code, search.FieldSummary: c.Summary, search.FieldItems: strings.Join(items, "\n")})
}

// catalogWhere builds the WHERE clause of a filtered, scoped catalog query. Published entries
// are public; the others are seen within the reader's scope only (authz.ReadScope), so the
// query cannot return another unit's drafts.
func (r Reader) catalogWhere(scope authz.Scope, f CatalogFilter, plan catalogPlan) *filter {
	w := r.where(`1 = 1`)
	w.visible(scope, "c.provider_unit_id", `c.status = ?`, string(domain.CatPublished))
	if strings.TrimSpace(f.Query) != "" {
		cond, args := r.catalogSearch(f.Query, plan)
		w.join(cond, args...)
	}
	eq(w, "c.provider_unit_id", f.UnitID)
	w.addIf(f.Class != "", `c.class_code LIKE ? ESCAPE '\'`, escapeLike(f.Class)+"%")
	eq(w, "c.share_type", string(f.ShareType))
	w.addIf(f.Open == "1" || f.Open == "0", `c.open = ?`, map[string]int64{"1": 1, "0": 0}[f.Open])
	eq(w, "c.update_cycle", string(f.UpdateCycle))
	eq(w, "c.status", string(f.Status))
	eq(w, "c.base_library", string(f.BaseLibrary))
	return w
}

// CatalogEntries lists the entries the scope may see that match f, in order f.Sort, without
// their data items.
func (r Reader) CatalogEntries(ctx context.Context, scope authz.Scope, f CatalogFilter) ([]*domain.CatalogEntry, error) {
	plan, err := r.planCatalogSearch(ctx, f.Query)
	if err != nil {
		return nil, err
	}
	return r.catalogEntries(ctx, scope, f, plan)
}

// CountCatalogEntries counts the entries CatalogEntries lists for f, its search included (the
// /catalog page's 共 N 条, counted instead of read: 200,000 entries at city scale).
func (r Reader) CountCatalogEntries(ctx context.Context, scope authz.Scope, f CatalogFilter) (int, error) {
	plan, err := r.planCatalogSearch(ctx, f.Query)
	if err != nil {
		return 0, err
	}
	return r.countWhere(ctx, "catalog", "catalog_entries c", r.catalogWhere(scope, f, plan))
}

// CatalogPage is CatalogEntries and CatalogFacets of the same filter, planning its search once.
func (r Reader) CatalogPage(ctx context.Context, scope authz.Scope, f CatalogFilter) ([]*domain.CatalogEntry, CatalogFacets, error) {
	plan, err := r.planCatalogSearch(ctx, f.Query)
	if err != nil {
		return nil, CatalogFacets{}, err
	}
	facets, err := r.catalogFacets(ctx, scope, f, plan)
	if err != nil {
		return nil, facets, err
	}
	cs, err := r.catalogEntries(ctx, scope, f, plan)
	return cs, facets, err
}

func (r Reader) catalogEntries(ctx context.Context, scope authz.Scope, f CatalogFilter, plan catalogPlan) ([]*domain.CatalogEntry, error) {
	return catalog.sorted(ctx, r, "catalog", "c", r.catalogWhere(scope, f, plan), f.Sort, f.AfterKey, f.After, f.Limit)
}

// CatalogFacets counts the entries the scope may see per sharing type, state, update cycle and
// provider unit. Each facet counts under the filter without its own dimension, so the counts
// say what choosing another value of it would give.
type CatalogFacets struct {
	// Capped: more than CatalogFacetCap entries match, and the counts were not computed (the
	// maps are empty): counting 100,000 matches of a common word costs more than a page of them.
	Capped      bool           `json:"capped,omitempty"`
	ShareType   map[string]int `json:"share_type"`
	Status      map[string]int `json:"status"`
	UpdateCycle map[string]int `json:"update_cycle"`
	Provider    map[string]int `json:"provider"` // by provider unit id
}

// CatalogFacetCap is the most matching entries whose facets are counted (a variable so that
// tests can lower it).
var CatalogFacetCap = 5000

// Cap is CatalogFacetCap, for the page that says why the counts are missing.
func (CatalogFacets) Cap() int { return CatalogFacetCap }

// CatalogFacets computes the facet counts of f (Sort, After and Limit are ignored); none
// (Capped) when more than CatalogFacetCap entries match f. The facets
// whose own dimension f does not filter share one WHERE clause, so they are counted in one
// grouped query (one pass over the matching rows instead of four: what a search of a common
// word over 200,000 entries costs); each filtered dimension is counted by its own query.
func (r Reader) CatalogFacets(ctx context.Context, scope authz.Scope, f CatalogFilter) (CatalogFacets, error) {
	plan, err := r.planCatalogSearch(ctx, f.Query)
	if err != nil {
		return CatalogFacets{}, err
	}
	return r.catalogFacets(ctx, scope, f, plan)
}

func (r Reader) catalogFacets(ctx context.Context, scope authz.Scope, f CatalogFilter, plan catalogPlan) (CatalogFacets, error) {
	out := CatalogFacets{ShareType: map[string]int{}, Status: map[string]int{}, UpdateCycle: map[string]int{}, Provider: map[string]int{}}
	type dim struct {
		col  string
		dst  map[string]int
		set  bool
		drop func(*CatalogFilter)
	}
	dims := []dim{
		{"c.share_type", out.ShareType, f.ShareType != "", func(f *CatalogFilter) { f.ShareType = "" }},
		{"c.status", out.Status, f.Status != "", func(f *CatalogFilter) { f.Status = "" }},
		{"c.update_cycle", out.UpdateCycle, f.UpdateCycle != "", func(f *CatalogFilter) { f.UpdateCycle = "" }},
		{"c.provider_unit_id", out.Provider, f.UnitID != 0, func(f *CatalogFilter) { f.UnitID = 0 }},
	}
	if plan.probe() { // every term of the search is in more than CatalogFacetCap entries
		out.Capped = true
		return out, nil
	}
	// First a count that stops at the cap, under the filter without any facet's own dimension
	// (the broadest set a facet counts): every count below is then bounded by it.
	broad := f
	for _, d := range dims {
		d.drop(&broad)
	}
	w := r.catalogWhere(scope, broad, plan)
	n, err := r.count(ctx, "catalog facets", `SELECT count(*) FROM (SELECT 1 FROM catalog_entries c`+w.sql+` LIMIT `+strconv.Itoa(CatalogFacetCap+1)+`) x`, w.args...)
	if err != nil {
		return out, err
	}
	if n > CatalogFacetCap {
		out.Capped = true
		return out, nil
	}
	count := func(g CatalogFilter, ds []dim) error {
		cols := make([]string, len(ds))
		for i, d := range ds {
			cols[i] = d.col
		}
		w := r.catalogWhere(scope, g, plan)
		group := strings.Join(cols, ", ")
		keys := make([]any, len(ds))
		dest := make([]any, len(ds)+1)
		for i := range keys {
			dest[i] = &keys[i]
		}
		var n int
		dest[len(ds)] = &n
		return r.eachRow(ctx, "catalog facets", func(s rowScanner) error {
			if err := s.Scan(dest...); err != nil {
				return err
			}
			for i, d := range ds {
				switch v := keys[i].(type) {
				case []byte:
					d.dst[string(v)] += n
				default:
					d.dst[fmt.Sprint(v)] += n
				}
			}
			return nil
		}, `SELECT `+group+`, count(*) FROM catalog_entries c`+w.sql+` GROUP BY `+group, w.args...)
	}
	var shared []dim
	for _, d := range dims {
		if !d.set {
			shared = append(shared, d)
			continue
		}
		g := f
		d.drop(&g)
		if err := count(g, []dim{d}); err != nil {
			return out, err
		}
	}
	if len(shared) > 0 {
		if err := count(f, shared); err != nil {
			return out, err
		}
	}
	return out, nil
}

// nextCounter takes the next value of a named counter. The upsert locks the counter's row
// until the transaction ends, so values are handed out in commit order.
func (tx *Tx) nextCounter(ctx context.Context, name string) (int64, error) {
	var v int64
	err := tx.row(ctx, `INSERT INTO catalog_counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = catalog_counters.value + 1 RETURNING value`, name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: counter %s: %w", name, err)
	}
	return v, nil
}

// InsertCatalogEntry stores a new entry and generates its resource code: the classification
// code, a slash, and the next six-digit sequence of that classification.
func (tx *Tx) InsertCatalogEntry(ctx context.Context, c *domain.CatalogEntry) error {
	seq, err := tx.nextCounter(ctx, "code:"+c.ClassCode())
	if err != nil {
		return err
	}
	c.Code = fmt.Sprintf("%s/%06d", c.ClassCode(), seq)
	if err := catalog.insert(ctx, tx, c); err != nil {
		return err
	}
	if err := tx.saveCatalogItems(ctx, c); err != nil {
		return err
	}
	if err := tx.putCatalogSystems(ctx, c); err != nil {
		return err
	}
	return tx.indexCatalogEntry(ctx, c, true)
}

func (tx *Tx) saveCatalogItems(ctx context.Context, c *domain.CatalogEntry) error {
	if _, err := tx.exec(ctx, `DELETE FROM catalog_items WHERE entry_id = ?`, c.ID); err != nil {
		return fmt.Errorf("store: catalog items %d: %w", c.ID, err)
	}
	// Several rows per statement (one round trip for a usual entry's items on PostgreSQL).
	err := insertRows(ctx, tx, `INSERT INTO catalog_items (entry_id, pos, `+itemCols+`) VALUES `, c.Items, itemsPerInsert,
		func(i int, it domain.DataItem) []any {
			return []any{c.ID, i, it.Name, it.Column, string(it.Type), it.Length, b2i(it.PrimaryKey), b2i(it.Nullable),
				b2i(it.Classified), b2i(it.Sensitive), string(it.ShareType)}
		})
	return wrap(err, "catalog items %d", c.ID)
}

// itemsPerInsert is how many data items one INSERT writes.
const itemsPerInsert = 32

// UpdateCatalogEntry saves c (the code and classification never change) if its version is still
// c.Version; the data items are rewritten when items is true.
func (tx *Tx) UpdateCatalogEntry(ctx context.Context, c *domain.CatalogEntry, items bool) error {
	if err := catalog.update(ctx, tx, c, ""); err != nil {
		return err
	}
	if items {
		if err := tx.saveCatalogItems(ctx, c); err != nil {
			return err
		}
	}
	if err := tx.putCatalogSystems(ctx, c); err != nil {
		return err
	}
	return tx.indexCatalogEntry(ctx, c, items)
}

// LockCatalogChanges takes the change feed's counter row without using a value. Every catalog
// transaction that may append a change takes it before it writes any entry row, so the locks of
// two such transactions are always taken in the same order (the feed's counter, the code
// counters, entry rows, the audit chain): two concurrent imports on PostgreSQL queue instead of
// deadlocking (review finding). On SQLite, with its single writer, it costs nothing.
func (tx *Tx) LockCatalogChanges(ctx context.Context) error {
	return tx.LockCatalogCounters(ctx, "changes")
}

// LockCatalogCounters takes the named counters' rows ("changes", "code:101001") in name order,
// without using a value; a transaction that will take several (an import creating entries in
// several classifications) takes them all first, in the one order every transaction uses.
func (tx *Tx) LockCatalogCounters(ctx context.Context, names ...string) error {
	names = slices.Clone(names)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		_, err := tx.exec(ctx, `INSERT INTO catalog_counters (name, value) VALUES (?, 0)
			ON CONFLICT (name) DO UPDATE SET value = catalog_counters.value`, name)
		if err != nil {
			return fmt.Errorf("store: lock counter %s: %w", name, err)
		}
	}
	return nil
}

// AppendCatalogChange writes one change of the feed, in the transaction that made it. Its id
// comes from the 'changes' counter, locked until commit, so ids are in commit order and a
// reader resuming after id n never misses a change committed later with a smaller id.
func (tx *Tx) AppendCatalogChange(ctx context.Context, ch *domain.CatalogChange) error {
	id, err := tx.nextCounter(ctx, "changes")
	if err != nil {
		return err
	}
	snap, err := json.Marshal(ch.Entry)
	if err != nil {
		return fmt.Errorf("store: catalog change: %w", err)
	}
	ch.ID, ch.At = id, tx.Now().UTC()
	_, err = tx.exec(ctx, `INSERT INTO catalog_changes (id, entry_id, code, kind, revision, at, entry) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ch.ID, ch.EntryID, ch.Code, string(ch.Kind), ch.Revision, micros(ch.At), string(snap))
	return wrap(err, "catalog change")
}

// CatalogChanges reads the feed after change id since, oldest first.
func (r Reader) CatalogChanges(ctx context.Context, since int64, limit int) ([]*domain.CatalogChange, error) {
	return queryAll(ctx, r.q, "catalog changes", func(s rowScanner) (*domain.CatalogChange, error) {
		var ch domain.CatalogChange
		var snap string
		if err := s.Scan(&ch.ID, &ch.EntryID, &ch.Code, text(&ch.Kind), &ch.Revision, at(&ch.At), &snap); err != nil {
			return nil, err
		}
		ch.Entry = &domain.CatalogEntry{}
		if err := json.Unmarshal([]byte(snap), ch.Entry); err != nil {
			return nil, fmt.Errorf("change %d: %w", ch.ID, err)
		}
		return &ch, nil
	}, `SELECT id, entry_id, code, kind, revision, at, entry FROM catalog_changes WHERE id > ? ORDER BY id LIMIT ?`, since, limit)
}

// CatalogIDByCode finds an entry by its resource code; 0 when there is none.
func (r Reader) CatalogIDByCode(ctx context.Context, code string) (int64, error) {
	return r.maybeID(ctx, "catalog entry by code", `SELECT id FROM catalog_entries WHERE code = ?`, code)
}

// CatalogIDByName finds the provider's entry of that name (the newest, should there be several
// — names are not unique); 0 when there is none. Withdrawn entries are history: their names
// are free again, so an import row of that name pre-compiles a new entry instead of running
// into the withdrawn one (review finding).
func (r Reader) CatalogIDByName(ctx context.Context, unitID int64, name string) (int64, error) {
	return r.maybeID(ctx, "catalog entry by name", `SELECT id FROM catalog_entries WHERE provider_unit_id = ? AND name = ? AND status <> ? ORDER BY id DESC LIMIT 1`,
		unitID, name, string(domain.CatWithdrawn))
}

// CatalogCountsByLibrary counts the entries the scope may see that match f per base library
// they feed (SHR-P2); entries feeding none are not counted.
func (r Reader) CatalogCountsByLibrary(ctx context.Context, scope authz.Scope, f CatalogFilter) (map[domain.BaseLibrary]int, error) {
	plan, err := r.planCatalogSearch(ctx, f.Query)
	if err != nil {
		return nil, err
	}
	w := r.catalogWhere(scope, f, plan)
	return pairs[domain.BaseLibrary, int](ctx, r.q, "catalog counts by library",
		`SELECT c.base_library, count(*) FROM catalog_entries c`+w.sql+` AND c.base_library <> '' GROUP BY c.base_library`, w.args...)
}
