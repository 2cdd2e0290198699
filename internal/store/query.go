package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The helpers every record kind's queries share: reading rows, building a filtered and scoped
// WHERE clause, paging, and saving under optimistic concurrency. A record kind keeps only its
// columns, its scanner and its own conditions.

// rowScanner is a row to scan: *sql.Row, *sql.Rows or a scanFunc. An alias, so the scanners
// (func(interface{ Scan(...any) error }) …) fit the helpers below as they are.
type rowScanner = interface{ Scan(...any) error }

// eachRow runs a query and calls fn on every row; errors name what was read. The rows are
// closed when it returns: inside a SQLite transaction the one connection must be free for the
// next statement.
func (q q) eachRow(ctx context.Context, what string, fn func(rowScanner) error, sqlText string, args ...any) error {
	rows, err := q.query(ctx, sqlText, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

// queryAll runs a query and scans every row with scan, in the query's order; nil when no row
// matches.
func queryAll[T any](ctx context.Context, q q, what string, scan func(rowScanner) (T, error), sqlText string, args ...any) ([]T, error) {
	var out []T
	err := q.eachRow(ctx, what, func(s rowScanner) error {
		v, err := scan(s)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, sqlText, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queryOne scans the one row of a query; domain.NotFound when there is none.
func queryOne[T any](ctx context.Context, q q, what string, scan func(rowScanner) (T, error), sqlText string, args ...any) (T, error) {
	v, err := scan(q.row(ctx, sqlText, args...))
	if isNoRows(err) {
		var zero T
		return zero, domain.NotFound()
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("store: %s %v: %w", what, args, err)
	}
	return v, nil
}

// pairs reads a query of two columns into a map from the first to the second.
func pairs[K comparable, V any](ctx context.Context, q q, what, sqlText string, args ...any) (map[K]V, error) {
	out := map[K]V{}
	err := q.eachRow(ctx, what, func(s rowScanner) error {
		var k K
		var v V
		err := s.Scan(&k, &v)
		out[k] = v
		return err
	}, sqlText, args...)
	return out, err
}

// maybeID is the id a query finds; 0 when it finds none.
func (q q) maybeID(ctx context.Context, what, sqlText string, args ...any) (int64, error) {
	id, err := scalar[int64](q.row(ctx, sqlText, args...))
	if isNoRows(err) {
		return 0, nil
	}
	return id, wrap(err, "%s", what)
}

// scalar scans a one-column row.
func scalar[T any](s rowScanner) (T, error) {
	var v T
	err := s.Scan(&v)
	return v, err
}

// count runs a count(*) query.
func (q q) count(ctx context.Context, what, sqlText string, args ...any) (int, error) {
	var n int
	if err := q.row(ctx, sqlText, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", what, err)
	}
	return n, nil
}

// keyed loads the rows whose column col is one of keys into a map by key(row), in chunks of
// 500 (an IN list has a bound on its bind variables). An import checks thousands of rows, and
// one query per row spent most of its time taking and releasing SQLite's locks.
func keyed[K comparable, T any](ctx context.Context, q q, what string, scan func(rowScanner) (T, error), key func(T) K,
	selectFrom, col string, keys []K) (map[K]T, error) {
	out := make(map[K]T, len(keys))
	err := chunks(keys, 500, func(part []K) error {
		return q.eachRow(ctx, what, func(s rowScanner) error {
			v, err := scan(s)
			if err == nil {
				out[key(v)] = v
			}
			return err
		}, selectFrom+` WHERE `+col+` IN (`+bindVars(len(part))+`)`, anys(part)...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// chunks calls fn on consecutive parts of xs of at most n elements.
func chunks[T any](xs []T, n int, fn func(part []T) error) error {
	for start := 0; start < len(xs); start += n {
		if err := fn(xs[start:min(start+n, len(xs))]); err != nil {
			return err
		}
	}
	return nil
}

// anys is xs as bind arguments.
func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// strArgs is a list of a string type (statuses) as bind arguments of type string.
func strArgs[T ~string](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// bindVars is "?, ?, …" for an IN list of n values.
func bindVars(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// inList gives "col IN (?, …)" for ids and appends them to args (ids must not be empty).
func inList(col string, ids []int64, args []any) (string, []any) {
	return col + ` IN (` + bindVars(len(ids)) + `)`, append(args, anys(ids)...)
}

// filter is the WHERE clause of a list: conditions joined by AND, their bind arguments in
// order, and whether nothing can match (an empty scope), in which case the list is not queried.
type filter struct {
	sql  string
	args []any
	none bool
	like string // the dialect's case-insensitive LIKE
}

// where starts a filter with its first condition (`1 = 1` when there is none to start with).
func (q q) where(first string, args ...any) *filter {
	return &filter{sql: ` WHERE ` + first, args: args, like: q.like()}
}

// add adds a condition and its arguments.
func (w *filter) add(cond string, args ...any) {
	w.sql += ` AND ` + cond
	w.args = append(w.args, args...)
}

// join appends a clause that brings its own " AND " (the search index's, a keyset's).
func (w *filter) join(clause string, args ...any) {
	w.sql += clause
	w.args = append(w.args, args...)
}

// addIf adds a condition when ok.
func (w *filter) addIf(ok bool, cond string, args ...any) {
	if ok {
		w.add(cond, args...)
	}
}

// eq adds "col = v" unless v is its type's zero value (a filter field left empty).
func eq[T comparable](w *filter, col string, v T) {
	var zero T
	if v != zero {
		w.add(col+` = ?`, v)
	}
}

// in adds "col IN (ids…)"; an empty non-nil list matches nothing, nil is no condition.
func (w *filter) in(col string, ids []int64) {
	if ids == nil {
		return
	}
	if len(ids) == 0 {
		w.none = true
		return
	}
	c, args := inList(col, ids, nil)
	w.add(c, args...)
}

// scope keeps the rows one of whose unit columns is within scope (authz.ReadScope): a record
// with two units (provider and requester) is seen from either side. An empty scope sees nothing.
func (w *filter) scope(s authz.Scope, cols ...string) {
	if s.All {
		return
	}
	if len(s.UnitIDs) == 0 {
		w.none = true
		return
	}
	conds := make([]string, len(cols))
	var args []any
	for i, col := range cols {
		conds[i], args = inList(col, s.UnitIDs, args)
	}
	if len(conds) == 1 {
		w.add(conds[0], args...)
		return
	}
	w.add(`(`+strings.Join(conds, ` OR `)+`)`, args...)
}

// visible keeps the rows some see whatever their scope — where cond holds (published entries,
// one's own account) — and the others whose col is within scope.
func (w *filter) visible(s authz.Scope, col, cond string, args ...any) {
	if s.All {
		return
	}
	if len(s.UnitIDs) > 0 {
		var in string
		in, args = inList(col, s.UnitIDs, args)
		cond += ` OR ` + in
	}
	w.add(`(`+cond+`)`, args...)
}

// between narrows a list of records between two units, a provider and the unit asking
// (feedback, sharing requests): in scope when either unit is (authz: two-unit records), then,
// unless nil, to those asked by one of askers and those provided by one of providers.
func (w *filter) between(s authz.Scope, providerCol, askerCol string, providers, askers []int64) {
	w.scope(s, providerCol, askerCol)
	w.in(askerCol, askers)
	w.in(providerCol, providers)
}

// contains adds "one of cols contains text" (case-insensitive; text is taken literally), unless
// text is "".
func (w *filter) contains(text string, cols ...string) {
	if text == "" {
		return
	}
	like := "%" + escapeLike(text) + "%"
	conds := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, col := range cols {
		conds[i], args[i] = col+` `+w.like+` ? ESCAPE '\'`, like
	}
	if len(conds) == 1 {
		w.add(conds[0], args...)
		return
	}
	w.add(`(`+strings.Join(conds, ` OR `)+`)`, args...)
}

// page is the clause followed by order and, when limit > 0, a LIMIT, with its arguments.
func (w *filter) page(order string, limit int) (string, []any) {
	s, args := w.sql+order, w.args
	if limit > 0 {
		s += ` LIMIT ?`
		args = append(args[:len(args):len(args)], limit)
	}
	return s, args
}

// list runs selectFrom with the filter, in order, at most limit rows (all when 0).
func list[T any](ctx context.Context, q q, what string, scan func(rowScanner) (T, error), selectFrom string, w *filter, order string, limit int) ([]T, error) {
	if w.none {
		return nil, nil
	}
	s, args := w.page(order, limit)
	return queryAll(ctx, q, what, scan, selectFrom+s, args...)
}

// sortedList lists in the order o from the row after (key, after), as keyset pages it (systems,
// rooms, the catalog).
func sortedList[T any](ctx context.Context, r Reader, what string, scan func(rowScanner) (T, error), selectFrom, alias string, w *filter,
	o ListSort, key string, after int64, limit int) ([]T, error) {
	kw, kargs, order := r.keyset(alias, o, key, after)
	w.join(kw, kargs...)
	return list(ctx, r.q, what, scan, selectFrom, w, order, limit)
}

// countWhere counts the rows of from that pass the filter.
func (q q) countWhere(ctx context.Context, what, from string, w *filter) (int, error) {
	if w.none {
		return 0, nil
	}
	return q.count(ctx, what, `SELECT count(*) FROM `+from+w.sql, w.args...)
}

// saved finishes an optimistic UPDATE (… version = version + 1 … WHERE id = ? AND version = ?):
// a conflict when the record was no longer at its version, else the record's version and update
// time follow what was written.
func saved(res sql.Result, err error, version *int64, updated *time.Time, now time.Time) error {
	if err := checkOne(res, err); err != nil {
		return err
	}
	*version++
	*updated = now.UTC()
	return nil
}

// changedOne reports whether a conditional statement changed exactly one row (a step that may
// run twice at once, or race another, takes effect once).
func changedOne(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// wrap names what failed, keeping the error's kind (a conflict stays a conflict).
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: "+format+": %w", append(args, err)...)
}

// insertRows writes rows, the values of each given by row(i, x), with INSERT statements of at
// most per rows each (one round trip per statement instead of per row); head is
// "INSERT INTO t (cols…) VALUES ".
func insertRows[T any](ctx context.Context, tx *Tx, head string, rows []T, per int, row func(i int, x T) []any) error {
	for start := 0; start < len(rows); start += per {
		var b strings.Builder
		b.WriteString(head)
		var args []any
		for i := start; i < min(start+per, len(rows)); i++ {
			vals := row(i, rows[i])
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(" + strings.Repeat("?, ", len(vals)-1) + "?)")
			args = append(args, vals...)
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
