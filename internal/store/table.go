package store

import (
	"cmp"
	"context"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// A versioned record kind (optimistic concurrency, a version column) is described once, as the
// list of its columns, each with the field it is read into and written from. Its SELECT column
// list, its scanner, its INSERT and its UPDATE … WHERE id = ? AND version = ? are all made from
// that one list, so a column cannot be read in one order and written in another.

// column is one column of a record's table and its field.
type column struct {
	name string // the table's column; for a joined one the expression SELECT reads
	use  use
	p    any    // a pointer to the field, or an adapter (text, date, at, flag, ref, textAs, sealed)
	sql  string // a computed column (use == ins): the SQL expression the INSERT writes
}

// use says which statements use a column.
type use uint8

const (
	sel    use = 1 << iota // read by the SELECT
	ins                    // written by the INSERT
	upd                    // written by the UPDATE
	joined                 // name is an expression of another table (a join), not the table's own column
)

// c is a column read, inserted and saved by every update.
func c(name string, p any) column { return column{name: name, use: sel | ins | upd, p: p} }

// once is a column written by the insert only (what never changes: a code, what was reported).
func once(name string, p any) column { return column{name: name, use: sel | ins, p: p} }

// read is a column of the table only read (other statements maintain it).
func read(name string, p any) column { return column{name: name, use: sel, p: p} }

// join is a column of a joined table, read by its expression (a COALESCE of the unit's name).
func join(expr string, p any) column { return column{name: expr, use: sel | joined, p: p} }

// put is a column the insert writes from v and the record does not read back.
func put(name string, v any) column { return column{name: name, use: ins, p: v} }

// computed is a column the insert writes from a SQL expression.
func computed(name, sqlExpr string) column { return column{name: name, use: ins, sql: sqlExpr} }

// versioned gives a record's columns: id first, then cols, then version, created_at and
// updated_at, which the insert and the update keep.
func versioned(id, version *int64, created, updated *time.Time, cols ...column) []column {
	out := make([]column, 0, len(cols)+4)
	out = append(out, read("id", id))
	out = append(out, cols...)
	return append(out, read("version", version), read("created_at", at(created)), read("updated_at", at(updated)))
}

// table is a versioned record kind's table.
type table[T any] struct {
	what   string // what the record is called in errors ("machine room")
	fields func(*T) []column
	cols   string // the SELECT column list
	from   string // " FROM table alias" and the joins
	sel    string // "SELECT cols FROM table alias …"
	// unique names the field a unique violation of x is about (nil: the error as it is).
	unique func(x *T, err error) error
	// loaded completes a record just read (nil: nothing to do).
	loaded func(*T)

	insertSQL, updateSQL string
}

// newTable describes the table name (alias alias, "" for none) with joins after FROM.
func newTable[T any](what, name, alias, joins string, fields func(*T) []column) *table[T] {
	t := &table[T]{what: what, fields: fields, from: ` FROM ` + strings.TrimSpace(name+` `+alias) + joins}
	prefix := ""
	if alias != "" {
		prefix = alias + "."
	}
	var selects, inserts, values, updates []string
	cols := fields(new(T))
	for _, c := range cols[1 : len(cols)-3] {
		if c.use&ins != 0 {
			inserts = append(inserts, c.name)
			values = append(values, cmp.Or(c.sql, "?"))
		}
		if c.use&upd != 0 {
			updates = append(updates, c.name+` = ?`)
		}
	}
	for _, c := range cols {
		if c.use&joined != 0 {
			selects = append(selects, c.name)
		} else if c.use&sel != 0 {
			selects = append(selects, prefix+c.name)
		}
	}
	t.cols = strings.Join(selects, ", ")
	t.sel = `SELECT ` + t.cols + t.from
	t.insertSQL = `INSERT INTO ` + name + ` (` + strings.Join(inserts, ", ") + `, version, created_at, updated_at) VALUES (` +
		strings.Join(values, ", ") + `, 1, ?, ?) RETURNING id`
	t.updateSQL = `UPDATE ` + name + ` SET ` + strings.Join(append(updates, `version = version + 1`, `updated_at = ?`), ", ") +
		` WHERE id = ? AND version = ?`
	return t
}

// onUnique sets unique and returns t.
func (t *table[T]) onUnique(fn func(x *T, err error) error) *table[T] { t.unique = fn; return t }

// onLoad sets loaded and returns t.
func (t *table[T]) onLoad(fn func(*T)) *table[T] { t.loaded = fn; return t }

// selectFrom is "SELECT cols FROM table …".
func (t *table[T]) selectFrom() string { return t.sel }

// scanner reads a record of the table from a row of selectFrom (sealed columns opened by db).
func (t *table[T]) scanner(db *DB) func(rowScanner) (*T, error) {
	return func(s rowScanner) (*T, error) {
		x := new(T)
		cols := t.fields(x)
		dest := make([]any, 0, len(cols))
		for _, c := range cols {
			if c.use&sel != 0 {
				dest = append(dest, c.p)
			}
		}
		if err := s.Scan(dest...); err != nil {
			return nil, err
		}
		for _, c := range cols {
			if s, ok := c.p.(sealedCol); ok {
				if err := s.open(db); err != nil {
					return nil, fmt.Errorf("store: %s %d %s: %w", t.what, *cols[0].p.(*int64), s.aad, err)
				}
			}
		}
		if t.loaded != nil {
			t.loaded(x)
		}
		return x, nil
	}
}

// get reads the one record where cond holds; domain.NotFound when there is none.
func (t *table[T]) get(ctx context.Context, r Reader, cond string, args ...any) (*T, error) {
	return queryOne(ctx, r.q, t.what, t.scanner(r.db), t.selectFrom()+` WHERE `+cond, args...)
}

// all reads the records of the query that follows selectFrom (a WHERE and an ORDER BY).
func (t *table[T]) all(ctx context.Context, r Reader, what, rest string, args ...any) ([]*T, error) {
	return queryAll(ctx, r.q, what, t.scanner(r.db), t.selectFrom()+rest, args...)
}

// list reads the records that pass w, in order, at most limit (all when 0).
func (t *table[T]) list(ctx context.Context, r Reader, what string, w *filter, order string, limit int) ([]*T, error) {
	return list(ctx, r.q, what, t.scanner(r.db), t.selectFrom(), w, order, limit)
}

// sorted lists the records that pass w in order o from the row after (key, after) (keyset pages).
func (t *table[T]) sorted(ctx context.Context, r Reader, what, alias string, w *filter, o ListSort, key string, after int64, limit int) ([]*T, error) {
	return sortedList(ctx, r, what, t.scanner(r.db), t.selectFrom(), alias, w, o, key, after, limit)
}

// values are the values of x's columns that u writes, in the order of the statement.
func values(db *DB, cols []column, u use) ([]any, error) {
	var out []any
	for _, c := range cols[1 : len(cols)-3] {
		if c.use&u == 0 || c.sql != "" {
			continue
		}
		v, err := value(db, c.p)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// value is what a column's field stores: an adapter's Value, a field's value.
func value(db *DB, p any) (any, error) {
	switch p := p.(type) {
	case sealedCol:
		return db.sealer.Seal(*p.p, p.aad)
	case driver.Valuer:
		return p.Value()
	}
	if v := reflect.ValueOf(p); v.Kind() == reflect.Pointer {
		return v.Elem().Interface(), nil
	}
	return p, nil
}

// stamps are a versioned record's id, version and times (see versioned).
func stamps(cols []column) (id, version *int64, created, updated *time.Time) {
	n := len(cols)
	return cols[0].p.(*int64), cols[n-3].p.(*int64), cols[n-2].p.(timeCol).p, cols[n-1].p.(timeCol).p
}

// failed names what failed: a unique violation as the table's unique says, else wrapped.
func (t *table[T]) failed(x *T, err error, format string, args ...any) error {
	if t.unique != nil && isUnique(err) {
		return t.unique(x, err)
	}
	return wrap(err, format, args...)
}

// insert writes a new record and sets its id, version (1) and times.
func (t *table[T]) insert(ctx context.Context, tx *Tx, x *T) error {
	cols := t.fields(x)
	vals, err := values(tx.db, cols, ins)
	if err != nil {
		return err
	}
	id, version, created, updated := stamps(cols)
	now := tx.Now()
	err = tx.row(ctx, t.insertSQL, append(vals, micros(now), micros(now))...).Scan(id)
	if err == nil {
		*version, *created, *updated = 1, now.UTC(), now.UTC()
	}
	return t.failed(x, err, "insert %s", t.what)
}

// update saves x's columns if it is still at its version (a conflict if not), then raises the
// version and sets the update time. and adds conditions (" AND …") with their arguments.
func (t *table[T]) update(ctx context.Context, tx *Tx, x *T, and string, args ...any) error {
	cols := t.fields(x)
	vals, err := values(tx.db, cols, upd)
	if err != nil {
		return err
	}
	id, version, _, updated := stamps(cols)
	now := tx.Now()
	res, err := tx.exec(ctx, t.updateSQL+and, append(append(vals, micros(now), *id, *version), args...)...)
	return t.failed(x, saved(res, err, version, updated, now), "update %s %d", t.what, *id)
}

// keyedBy loads the records whose column col is one of keys into a map by key (imports).
func keyedBy[K comparable, T any](ctx context.Context, r Reader, t *table[T], what string, key func(*T) K, col string, keys []K) (map[K]*T, error) {
	return keyed(ctx, r.q, what, t.scanner(r.db), key, t.selectFrom(), col, keys)
}
