package store

import (
	"database/sql"
	"time"
)

// Column adapters: Scan reads a column straight into a record's field, converting as the
// store keeps it — a string type (statuses, kinds), a date (YYYY-MM-DD text, "" for none), a
// time (unix µs, 0 for none) or a flag (0 or 1) — so a scanner lists its fields once, in
// column order, with no temporaries to convert afterwards.

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

type (
	textCol[T ~string] struct{ p *T }
	dateCol            struct{ p *time.Time }
	timeCol            struct{ p *time.Time }
	flagCol            struct{ p *bool }
)

func (c textCol[T]) Scan(src any) error { s, err := str(src); *c.p = T(s); return err }
func (c dateCol) Scan(src any) error    { s, err := str(src); *c.p = parseDate(s); return err }
func (c timeCol) Scan(src any) error    { n, err := num(src); *c.p = fromMicros(n); return err }
func (c flagCol) Scan(src any) error    { n, err := num(src); *c.p = n != 0; return err }

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
