package store

import (
	"database/sql"
	"time"
)

// Column adapters: Scan reads a column straight into a record's field, converting as the
// store keeps it — a string type (statuses, kinds), a date (YYYY-MM-DD text, "" for none), a
// time (unix µs, 0 for none) or a flag (0 or 1) — so a scanner lists its fields once, in
// column order, with no temporaries to convert afterwards.

type textCol[T ~string] struct{ p *T }

func (c textCol[T]) Scan(src any) error {
	var s sql.NullString
	err := s.Scan(src)
	*c.p = T(s.String)
	return err
}

// text scans a text column into a field of a string type.
func text[T ~string](p *T) textCol[T] { return textCol[T]{p} }

type dateCol struct{ p *time.Time }

func (c dateCol) Scan(src any) error {
	var s sql.NullString
	err := s.Scan(src)
	*c.p = parseDate(s.String)
	return err
}

// date scans a date column (fmtDate's form).
func date(p *time.Time) dateCol { return dateCol{p} }

type timeCol struct{ p *time.Time }

func (c timeCol) Scan(src any) error {
	var n sql.NullInt64
	err := n.Scan(src)
	*c.p = fromMicros(n.Int64)
	return err
}

// at scans a time column (micros' form).
func at(p *time.Time) timeCol { return timeCol{p} }

type flagCol struct{ p *bool }

func (c flagCol) Scan(src any) error {
	var n sql.NullInt64
	err := n.Scan(src)
	*c.p = n.Int64 != 0
	return err
}

// flag scans a 0/1 column into a bool.
func flag(p *bool) flagCol { return flagCol{p} }
