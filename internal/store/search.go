package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/search"
)

// Document kinds of the search index.
const (
	DocSystem    = "system"
	DocCatalog   = "catalog"
	DocComponent = "component" // the shared component catalog (components.go): public while published
)

// termsPerInsert bounds the rows of one INSERT into search_terms: a document's terms go in a
// few multi-row statements rather than one statement per term.
const termsPerInsert = 64

// IndexDoc replaces every index term of document (kind, id) with the terms of fields, in the
// transaction of the record change, so the index never disagrees with a committed record. Field
// names are those of search.FieldBits; fields[search.FieldName] is kept as the title. public
// documents are found by everyone, the others only within a scope holding unitID.
func (tx *Tx) IndexDoc(ctx context.Context, kind string, id, unitID int64, public bool, fields map[string]string) error {
	for name := range fields {
		if _, ok := search.FieldBits[name]; !ok {
			return fmt.Errorf("store: index %s %d: unknown field %q", kind, id, name)
		}
	}
	if err := tx.RemoveDoc(ctx, kind, id); err != nil {
		return err
	}
	now := micros(tx.Now())
	pub := b2i(public)
	if _, err := tx.exec(ctx, `INSERT INTO search_docs (doc_kind, doc_id, unit_id, public, title, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		kind, id, unitID, pub, fields[search.FieldName], now); err != nil {
		return fmt.Errorf("store: index %s %d: %w", kind, id, err)
	}
	postings := search.Postings(fields)
	terms := make([]string, 0, len(postings))
	for t := range postings {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	err := insertRows(ctx, tx, `INSERT INTO search_terms (doc_kind, term, doc_id, fields, unit_id, public, updated_at) VALUES `,
		terms, termsPerInsert, func(_ int, t string) []any { return []any{kind, t, id, postings[t], unitID, pub, now} })
	return wrap(err, "index %s %d", kind, id)
}

// RemoveDoc takes document (kind, id) out of the index; removing one not indexed is no error.
func (tx *Tx) RemoveDoc(ctx context.Context, kind string, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_terms WHERE doc_kind = ? AND doc_id = ?`, kind, id); err != nil {
		return fmt.Errorf("store: unindex %s %d: %w", kind, id, err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE doc_kind = ? AND doc_id = ?`, kind, id); err != nil {
		return fmt.Errorf("store: unindex %s %d: %w", kind, id, err)
	}
	return nil
}

// Rank weights of a search hit, packed into one sortable integer (Hit.Score):
//   - bit 55: every query term is in a title field (name or code);
//   - bits 52–54: how many fields (name, code, summary, data items) hold every query term on
//     their own;
//   - bits 0–51: the document's last indexing time in unix µs (recent first).
//
// Ties go to the higher document id.
const (
	scoreTitle  = int64(1) << 55
	scoreFields = int64(1) << 52
)

// Hit is one document found by Search, in rank order.
type Hit struct {
	ID    int64
	Score int64
}

// TitleHit reports whether every query term was in the document's name or code.
func (h Hit) TitleHit() bool { return h.Score&scoreTitle != 0 }

// FieldsHit is the number of fields that hold every query term on their own.
func (h Hit) FieldsHit() int { return int(h.Score&(scoreTitle-1)) / int(scoreFields) }

// SearchPage is one page of Search.
type SearchPage struct {
	Hits []Hit
	Next string // the cursor of the next page; "" on the last
}

// matchSQL is the query that finds the documents of kind holding every one of terms and
// visible in scope, with their score (see Hit). It reads the postings of terms[driver] and
// looks each of the other terms up by primary key for those documents only, so its cost is the
// length of the driver's posting list, not of the most common term's (信息 is in nearly every
// catalog entry). CROSS JOIN makes SQLite keep that order. PostgreSQL plans the join from its
// statistics: forcing one index probe per driver posting there (a fenced LATERAL subquery) was
// measured 2–5 times slower for two common terms (不动 动产) than its own merge or hash join.
// ok is false when nothing can match.
//
// titleOnly asks for every term in a title field (name or code): the systems registry's name
// search, whose documents also hold the purpose for the duplicate-construction check.
func matchSQL(kind string, scope authz.Scope, terms []string, driver int, visibility, titleOnly bool) (q string, args []any, ok bool) {
	if len(terms) == 0 {
		return "", nil, false
	}
	order := append([]string{terms[driver]}, terms[:driver]...)
	order = append(order, terms[driver+1:]...)
	var from, where, title, common strings.Builder
	from.WriteString(` FROM search_terms t0`)
	where.WriteString(` WHERE t0.term = ? AND t0.doc_kind = ?`)
	args = append(args, order[0], kind)
	if titleOnly {
		where.WriteString(` AND (t0.fields & 3) <> 0`)
	}
	title.WriteString(`(t0.fields & 3) <> 0`)
	common.WriteString(`t0.fields`)
	for i := 1; i < len(order); i++ {
		t := "t" + strconv.Itoa(i)
		from.WriteString(` CROSS JOIN search_terms ` + t)
		where.WriteString(` AND ` + t + `.term = ? AND ` + t + `.doc_kind = t0.doc_kind AND ` + t + `.doc_id = t0.doc_id`)
		args = append(args, order[i])
		if titleOnly {
			where.WriteString(` AND (` + t + `.fields & 3) <> 0`)
		}
		title.WriteString(` AND (` + t + `.fields & 3) <> 0`)
		common.WriteString(` & ` + t + `.fields`)
	}
	if visibility {
		var v filter
		v.visible(scope, "t0.unit_id", `t0.public = 1`)
		where.WriteString(v.sql)
		args = append(args, v.args...)
	}
	c := `(` + common.String() + `)`
	q = `SELECT t0.doc_id AS doc_id, CASE WHEN ` + title.String() + ` THEN ` + strconv.FormatInt(scoreTitle, 10) + ` ELSE 0 END + ` +
		`((` + c + ` & 1) + (` + c + ` & 2) / 2 + (` + c + ` & 4) / 4 + (` + c + ` & 8) / 8) * ` + strconv.FormatInt(scoreFields, 10) +
		` + t0.updated_at AS score` + from.String() + where.String()
	return q, args, true
}

// driverCap bounds how many postings Search counts per term to pick the rarest one.
const driverCap = 2000

// driver picks the query term with the fewest postings (counted up to driverCap): the one
// matchSQL reads in full.
func (r Reader) driver(ctx context.Context, kind string, terms []string) (int, error) {
	if len(terms) < 2 {
		return 0, nil
	}
	best, _, err := r.rarest(ctx, kind, terms, driverCap)
	return best, err
}

// rarest finds the term of kind with the fewest postings, counting each up to limit, and once
// one is rarer, the others only up to one past it (only the rarest matters); n is its count,
// -1 when there are no terms.
func (r Reader) rarest(ctx context.Context, kind string, terms []string, limit int) (best, n int, err error) {
	n = -1
	for i, t := range terms {
		upTo := limit
		if n >= 0 && n < limit-1 {
			upTo = n + 1
		}
		var c int
		err := r.row(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_terms WHERE term = ? AND doc_kind = ? LIMIT ?) x`, t, kind, upTo).Scan(&c)
		if err != nil {
			return 0, 0, fmt.Errorf("store: search %s: %w", kind, err)
		}
		if n < 0 || c < n {
			best, n = i, c
		}
		if c == 0 {
			break
		}
	}
	return best, n, nil
}

// Search finds the documents of kind that hold every term of q (search.QueryTerms) and that
// scope may see: public documents, and the others of a unit in scope (all with scope.All). Hits
// come in rank order (see Hit.Score), at most limit of them (20 when limit <= 0), after cursor
// (SearchPage.Next of the previous page, "" for the first). A query without letters, digits or
// CJK characters finds nothing.
func (r Reader) Search(ctx context.Context, kind string, scope authz.Scope, q string, limit int, cursor string) (SearchPage, error) {
	if limit <= 0 {
		limit = 20
	}
	terms := search.QueryTerms(q)
	if len(terms) == 0 {
		return SearchPage{}, nil
	}
	d, err := r.driver(ctx, kind, terms)
	if err != nil {
		return SearchPage{}, err
	}
	inner, args, _ := matchSQL(kind, scope, terms, d, true, false)
	sqlText := `SELECT doc_id, score FROM (` + inner + `) m`
	if cursor != "" {
		score, id, err := parseSearchCursor(cursor)
		if err != nil {
			return SearchPage{}, err
		}
		sqlText += ` WHERE score < ? OR (score = ? AND doc_id < ?)`
		args = append(args, score, score, id)
	}
	sqlText += ` ORDER BY score DESC, doc_id DESC LIMIT ?`
	args = append(args, limit+1)
	hits, err := queryAll(ctx, r.q, "search "+kind, func(s rowScanner) (Hit, error) {
		var h Hit
		err := s.Scan(&h.ID, &h.Score)
		return h, err
	}, sqlText, args...)
	if err != nil {
		return SearchPage{}, err
	}
	p := SearchPage{Hits: hits}
	if len(p.Hits) > limit {
		last := p.Hits[limit-1]
		p.Hits = p.Hits[:limit]
		p.Next = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(last.Score, 10) + "." + strconv.FormatInt(last.ID, 10)))
	}
	return p, nil
}

func parseSearchCursor(c string) (score, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		s, i, found := strings.Cut(string(b), ".")
		if score, err = strconv.ParseInt(s, 10, 64); err == nil && found {
			if id, err = strconv.ParseInt(i, 10, 64); err == nil {
				return score, id, nil
			}
		}
	}
	return 0, 0, domain.Invalid("cursor", "err.cursor")
}

// searchFilter is the condition "col is the id of a document of kind that holds every term"
// (in its name or code with titleOnly): for list queries that keep their own scope, filters and
// order (the systems registry, a few tens of thousands of documents). It reads the postings of
// the longest term (a bigram rather than a single character) instead of counting them first.
func searchFilter(col, kind string, terms []string, titleOnly bool) (string, []any) {
	d := 0
	for i, t := range terms {
		if len(t) > len(terms[d]) {
			d = i
		}
	}
	inner, args, _ := matchSQL(kind, authz.Scope{All: true}, terms, d, false, titleOnly)
	return ` AND ` + col + ` IN (SELECT doc_id FROM (` + inner + `) m)`, args
}

// indexSystem indexes a system's name and code for the registry's name search (which looks
// in those two fields only), and its purpose for the duplicate-construction check (issue 15).
// Systems are not public: the registry's own scope decides who sees them.
func (tx *Tx) indexSystem(ctx context.Context, s *domain.System) error {
	return tx.IndexDoc(ctx, DocSystem, s.ID, s.UnitID, false, map[string]string{search.FieldName: s.Name, search.FieldCode: s.Code,
		search.FieldSummary: s.Purpose})
}

// indexAllSystems writes every system's search document anew.
func indexAllSystems(ctx context.Context, tx *Tx) error {
	ss, err := queryAll(ctx, tx.q, "index systems", func(sc rowScanner) (*domain.System, error) {
		var s domain.System
		err := sc.Scan(&s.ID, &s.Code, &s.Name, &s.Purpose, &s.UnitID)
		return &s, err
	}, `SELECT id, code, name, purpose, unit_id FROM systems ORDER BY id`)
	if err != nil {
		return err
	}
	for _, s := range ss {
		if err := tx.indexSystem(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// afterMigration runs Go code in the transaction of a migration, for what SQL cannot do.
var afterMigration = map[int]func(context.Context, *Tx) error{
	13: backfillSystemsIndex,
	17: sealAuditHead,      // audit.go
	23: backfillUnitPeople, // units.go
	38: indexAllSystems,    // the systems' documents gain the purpose (issue 15)
}

// backfillSystemsIndex indexes the systems that existed before migration 0013, once, in the
// migration's transaction (an upgraded database answers name searches from the first request).
func backfillSystemsIndex(ctx context.Context, tx *Tx) error {
	if err := indexAllSystems(ctx, tx); err != nil {
		return err
	}
	// Catalog entries written before this migration (0012 came first).
	cs, err := queryAll(ctx, tx.q, "backfill search index", func(sc rowScanner) (*domain.CatalogEntry, error) {
		var c domain.CatalogEntry
		var status string
		err := sc.Scan(&c.ID, &c.Code, &c.Name, &c.Summary, &c.ProviderUnitID, &status)
		c.Status = domain.CatalogStatus(status)
		return &c, err
	}, `SELECT id, code, name, summary, provider_unit_id, status FROM catalog_entries ORDER BY id`)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := tx.indexCatalogEntry(ctx, c, false); err != nil {
			return err
		}
	}
	return nil
}
