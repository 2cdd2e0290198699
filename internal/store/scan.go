package store

import (
	"database/sql"
	"database/sql/driver"
	"strings"
	"time"
)

// Column adapters: Scan reads a column straight into a record's field, converting as the
// store keeps it — a string type (statuses, kinds), a date (YYYY-MM-DD text, "" for none), a
// time (unix µs, 0 for none), a flag (0 or 1), an optional reference (NULL for none) — and
// Value gives what the field stores, so a table (table.go) lists each field once for reading
// and writing, with no temporaries to convert afterwards.

// scanner is the row scanner of a record given its fields in column order.
func scanner[T any](fields func(*T) []any) func(rowScanner) (*T, error) {
	return func(s rowScanner) (*T, error) {
		var x T
		if err := s.Scan(fields(&x)...); err != nil {
			return nil, err
		}
		return &x, nil
	}
}

// text scans a text column into a field of a string type.
func text[T ~string](p *T) textCol[T] { return textCol[T]{p} }

// date scans a date column (fmtDate's form).
func date(p *time.Time) dateCol { return dateCol{p} }

// at scans a time column (micros' form).
func at(p *time.Time) timeCol { return timeCol{p} }

// flag scans a 0/1 column into a bool.
func flag(p *bool) flagCol { return flagCol{p} }

// ref scans an optional reference (NULL for none) into an id, 0 for none, and stores 0 as NULL.
func ref(p *int64) refCol { return refCol{p} }

// textAs scans a text column into a field that is stored as text (a list of ids, of codes).
func textAs[T any](p *T, parse func(string) T, format func(T) string) convCol[T] {
	return convCol[T]{p, parse, format}
}

// codes scans a comma-separated list of codes (user levels, exchange channels) into a slice of
// a string type, nil for none.
func codes[T ~string](p *[]T) convCol[[]T] { return textAs(p, parseCodes[T], codesText[T]) }

func parseCodes[T ~string](s string) []T {
	var out []T
	for _, c := range strings.Split(s, ",") {
		if c != "" {
			out = append(out, T(c))
		}
	}
	return out
}

func codesText[T ~string](cs []T) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return strings.Join(out, ",")
}

// sealed scans a column holding personal data sealed with aad (gm.Sealer); the table opens it
// after the scan, and seals it to write it.
func sealed(p *string, aad string) sealedCol { return sealedCol{p, aad} }

type (
	textCol[T ~string] struct{ p *T }
	dateCol            struct{ p *time.Time }
	timeCol            struct{ p *time.Time }
	flagCol            struct{ p *bool }
	refCol             struct{ p *int64 }
	convCol[T any]     struct {
		p      *T
		parse  func(string) T
		format func(T) string
	}
	sealedCol struct {
		p   *string
		aad string
	}
)

func (c textCol[T]) Scan(src any) error { s, err := str(src); *c.p = T(s); return err }
func (c dateCol) Scan(src any) error    { s, err := str(src); *c.p = parseDate(s); return err }
func (c timeCol) Scan(src any) error    { n, err := num(src); *c.p = fromMicros(n); return err }
func (c flagCol) Scan(src any) error    { n, err := num(src); *c.p = n != 0; return err }
func (c refCol) Scan(src any) error     { n, err := num(src); *c.p = n; return err }
func (c convCol[T]) Scan(src any) error { s, err := str(src); *c.p = c.parse(s); return err }
func (c sealedCol) Scan(src any) error  { s, err := str(src); *c.p = s; return err }

func (c textCol[T]) Value() (driver.Value, error) { return string(*c.p), nil }
func (c dateCol) Value() (driver.Value, error)    { return fmtDate(*c.p), nil }
func (c timeCol) Value() (driver.Value, error)    { return micros(*c.p), nil }
func (c flagCol) Value() (driver.Value, error)    { return b2i(*c.p), nil }
func (c refCol) Value() (driver.Value, error)     { return nullID(*c.p), nil }
func (c convCol[T]) Value() (driver.Value, error) { return c.format(*c.p), nil }

// open opens the sealed value just scanned.
func (c sealedCol) open(db *DB) (err error) {
	*c.p, err = db.open(*c.p, c.aad)
	return err
}

// str and num convert a column's value as database/sql does for a string or an int64.
func str(src any) (string, error) {
	var s sql.NullString
	err := s.Scan(src)
	return s.String, err
}

func num(src any) (int64, error) {
	var n sql.NullInt64
	err := n.Scan(src)
	return n.Int64, err
}
