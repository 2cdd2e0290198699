package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"archgov/internal/domain"
	"archgov/internal/dupcheck"
)

// The duplicate-construction check (issue 15) reads the search index (migration 0013) for its
// candidates and statistics: which documents share a proposal's rarer terms, and how many
// documents hold a term. Scoring is internal/dupcheck's; the use case is app.CheckDuplicates.

// DocCounts returns the number of indexed documents of each kind.
func (r Reader) DocCounts(ctx context.Context, kinds []string) (map[string]int, error) {
	out := map[string]int{}
	for _, k := range kinds {
		n, err := r.count(ctx, "count search documents", `SELECT count(*) FROM search_docs WHERE doc_kind = ?`, k)
		if err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, nil
}

// dfPerQuery bounds the terms of one document-frequency statement.
const dfPerQuery = 100

// TermCounts returns, for each term, the number of documents of kinds holding it, counting
// each up to limit (so a common term costs no more than limit index rows): one statement per
// hundred terms.
func (r Reader) TermCounts(ctx context.Context, kinds []string, terms []string, limit int) (map[string]int, error) {
	out := make(map[string]int, len(terms))
	if len(kinds) == 0 {
		return out, nil
	}
	in := `doc_kind IN (` + bindVars(len(kinds)) + `)`
	if r.d == SQLite {
		// One statement per term, the same text each time: SQLite prepares it once (the read
		// pool's cache) and runs it in the process, where a statement of a hundred subqueries,
		// different for every proposal, was parsed and planned anew on every call — most of
		// the check's time, and a fifth of loading the demo district.
		sqlText := `SELECT count(*) FROM (SELECT 1 FROM search_terms WHERE term = ? AND ` + in + ` LIMIT ?) x`
		args := termArgs(kinds, limit)
		for _, t := range terms {
			args[0] = t
			n, err := r.count(ctx, "count search terms", sqlText, args...)
			if err != nil {
				return nil, err
			}
			out[t] = n
		}
		return out, nil
	}
	err := chunks(terms, dfPerQuery, func(part []string) error {
		var q strings.Builder
		var args []any
		for i, t := range part {
			if i > 0 {
				q.WriteString(` UNION ALL `)
			}
			q.WriteString(`SELECT ?, (SELECT count(*) FROM (SELECT 1 FROM search_terms WHERE term = ? AND ` + in + ` LIMIT ?) x)`)
			args = append(args, t, t)
			args = append(args, strArgs(kinds)...)
			args = append(args, limit)
		}
		return r.eachRow(ctx, "count search terms", func(s rowScanner) error {
			var t string
			var n int
			if err := s.Scan(&t, &n); err != nil {
				return err
			}
			out[t] = n
			return nil
		}, q.String(), args...)
	})
	return out, err
}

// DocRef names an indexed document.
type DocRef struct {
	Kind string
	ID   int64
}

// SharedTerms finds the documents of kinds that share the most weight of terms (weights[i] for
// terms[i], in thousandths; a term in a document's name counts twice), reading at most perTerm
// postings of each term, and returns the best limit of them, heaviest first (ties by kind and
// id). It is the check's cheap first pass: the caller scores what it returns.
func (r Reader) SharedTerms(ctx context.Context, kinds []string, terms []string, weights []int64, perTerm, limit int) ([]DocRef, error) {
	if len(terms) == 0 || len(kinds) == 0 {
		return nil, nil
	}
	in := `doc_kind IN (` + bindVars(len(kinds)) + `)`
	if r.d == SQLite {
		return r.sharedTermsEach(ctx, in, kinds, terms, weights, perTerm, limit)
	}
	var q strings.Builder
	var args []any
	q.WriteString(`SELECT doc_kind, doc_id FROM (`)
	for i, t := range terms {
		if i > 0 {
			q.WriteString(` UNION ALL `)
		}
		q.WriteString(`SELECT doc_kind, doc_id, CASE WHEN (fields & 1) <> 0 THEN 2 * CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END AS w FROM (` +
			`SELECT doc_kind, doc_id, fields FROM search_terms WHERE term = ? AND ` + in + ` LIMIT ?) t` + fmt.Sprint(i))
		args = append(args, weights[i], weights[i], t)
		args = append(args, strArgs(kinds)...)
		args = append(args, perTerm)
	}
	q.WriteString(`) p GROUP BY doc_kind, doc_id ORDER BY sum(w) DESC, doc_kind, doc_id LIMIT ?`)
	args = append(args, limit)
	return queryAll(ctx, r.q, "duplicate-check candidates", func(s rowScanner) (DocRef, error) {
		var d DocRef
		err := s.Scan(&d.Kind, &d.ID)
		return d, err
	}, q.String(), args...)
}

// sharedTermsEach is SharedTerms on SQLite: each term's postings read by one prepared
// statement (see TermCounts), weighed and ranked here as the PostgreSQL statement ranks them.
func (r Reader) sharedTermsEach(ctx context.Context, in string, kinds, terms []string, weights []int64, perTerm, limit int) ([]DocRef, error) {
	sqlText := `SELECT doc_kind, doc_id, fields FROM search_terms WHERE term = ? AND ` + in + ` LIMIT ?`
	sum := map[DocRef]int64{}
	args := termArgs(kinds, perTerm)
	for i, t := range terms {
		args[0] = t
		err := r.eachRow(ctx, "duplicate-check candidates", func(s rowScanner) error {
			var d DocRef
			var fields int64
			if err := s.Scan(&d.Kind, &d.ID, &fields); err != nil {
				return err
			}
			w := weights[i]
			if fields&1 != 0 {
				w *= 2
			}
			sum[d] += w
			return nil
		}, sqlText, args...)
		if err != nil {
			return nil, err
		}
	}
	out := make([]DocRef, 0, len(sum))
	for d := range sum {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b DocRef) int {
		return cmp.Or(cmp.Compare(sum[b], sum[a]), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// termArgs are the arguments of a one-term statement of the index: the term (args[0], set for
// each term), the kinds, the limit.
func termArgs(kinds []string, limit int) []any {
	return append(append([]any{nil}, strArgs(kinds)...), limit)
}

// DupSystems loads the systems among ids that the check compares against: non-classified (a
// classified system is left out entirely), in service or under construction, not in exclude.
func (r Reader) DupSystems(ctx context.Context, ids, exclude []int64) ([]dupcheck.Doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cond, args := inList("s.id", ids, nil)
	args = append(args, string(domain.Classified), string(domain.StatusRunning), string(domain.StatusUnderConstruction))
	sqlText := `SELECT s.id, s.name, s.purpose, s.unit_id, u.name FROM systems s JOIN units u ON u.id = s.unit_id WHERE ` + cond +
		` AND s.classification <> ? AND s.status IN (?, ?)`
	if len(exclude) > 0 {
		var ex string
		ex, args = inList("s.id", exclude, args)
		sqlText += ` AND NOT ` + ex
	}
	return queryAll(ctx, r.q, "duplicate-check systems", func(s rowScanner) (dupcheck.Doc, error) {
		d := dupcheck.Doc{Kind: domain.DupSystem}
		var purpose string
		err := s.Scan(&d.ID, &d.Name, &purpose, &d.UnitID, &d.UnitName)
		if purpose != "" {
			d.Texts = []string{purpose}
		}
		return d, err
	}, sqlText+` ORDER BY s.id`, args...)
}

// DupCatalog loads the published catalog entries among ids.
func (r Reader) DupCatalog(ctx context.Context, ids []int64) ([]dupcheck.Doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cond, args := inList("c.id", ids, nil)
	args = append(args, string(domain.CatPublished))
	return queryAll(ctx, r.q, "duplicate-check catalog entries", func(s rowScanner) (dupcheck.Doc, error) {
		d := dupcheck.Doc{Kind: domain.DupCatalog}
		var summary string
		err := s.Scan(&d.ID, &d.Name, &summary, &d.UnitID, &d.UnitName)
		if summary != "" {
			d.Texts = []string{summary}
		}
		return d, err
	}, `SELECT c.id, c.name, c.summary, c.provider_unit_id, u.name FROM catalog_entries c JOIN units u ON u.id = c.provider_unit_id WHERE `+
		cond+` AND c.status = ? ORDER BY c.id`, args...)
}

// DocIDs lists the ids of the indexed documents of kind, in order: the whole corpus, for the
// evaluation of the check against its baseline.
func (r Reader) DocIDs(ctx context.Context, kind string) ([]int64, error) {
	return queryAll(ctx, r.q, "search document ids", scalar[int64], `SELECT doc_id FROM search_docs WHERE doc_kind = ? ORDER BY doc_id`, kind)
}

// DupComponents loads the published components among ids, with their function points as
// texts of their own (a proposal's function point is then shown against the component's).
func (r Reader) DupComponents(ctx context.Context, ids []int64) ([]dupcheck.Doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cond, args := inList("k.id", ids, nil)
	args = append(args, string(domain.CompPublished))
	return queryAll(ctx, r.q, "duplicate-check components", func(s rowScanner) (dupcheck.Doc, error) {
		d := dupcheck.Doc{Kind: domain.DupComponent}
		var summary, functions string
		if err := s.Scan(&d.ID, &d.Name, &summary, &functions, &d.UnitID, &d.UnitName); err != nil {
			return d, err
		}
		var fs []string
		if err := json.Unmarshal([]byte(functions), &fs); err != nil {
			return d, fmt.Errorf("component %d functions: %w", d.ID, err)
		}
		if summary != "" {
			d.Texts = append(d.Texts, summary)
		}
		d.Texts = append(d.Texts, fs...)
		return d, nil
	}, `SELECT k.id, k.name, k.summary, k.functions, k.unit_id, u.name FROM components k JOIN units u ON u.id = k.unit_id WHERE `+
		cond+` AND k.status = ? ORDER BY k.id`, args...)
}
