package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// A register is described once (issue 14): its permission kind, its audit entity, its
// spreadsheet (台账) schema and the rules that map a row to a record. One implementation below
// previews and applies the import of every described register (all or nothing: if any row has
// a problem nothing is written), writes its template and export, and reads a record's history.
// A register's file keeps only its description and its truly special rules.
//
// To give a register its spreadsheet round trip: write its sheet.Schema (the columns, their
// aliases and help) and a Register[T] next to it (kind, its recordType, the create action, Begin with the
// rules of a row, Same), export its Workbook, and write its export with allPages
// and exportBook; the web layer then needs one sheetPages value (internal/web/pages_import.go)
// and the routes; its history needs one historyOf (internal/web/history.go) when its fields
// need more than the "field." labels. rooms_sheet.go is the smallest worked example.

// Register describes the spreadsheet round trip of a register of records T.
type Register[T any] struct {
	Kind string // the staged import's kind and the register's path: systems, machine-rooms…
	// Record is the register's record type (record.go): its audit entity (the actions are
	// entity+".create", ".update", ".import"), its permission kind, how a row is inserted and
	// updated, and its id.
	Record recordType[T]
	Create authz.Action // an import is offered to who may Create records of the kind in an active unit, and reads units among those only
	// Sheets are the import and export schemas (some have a column per base library of the table).
	Sheets func(ctx context.Context, s *Service) (imp, exp sheet.Schema, err error)
	More   []sheet.Schema // further sheets of the template (the catalog's data items)
	// ColumnOf maps a record's field, as a domain error names it, to its column key.
	ColumnOf map[string]string
	// Begin reads what the rows of one import match and returns the register's rules for them.
	Begin func(ctx context.Context, s *Service, in *importRun) (*rowRules[T], error)
	// Same reports whether a matched row changes nothing (nil: the rules' Row decides).
	Same func(old, rec *T) bool
}

// importRun is what one import has read: the actor, the units it may register records in, the
// rows and the problems found so far.
type importRun struct {
	a         domain.Actor
	units     []*domain.Unit
	unitNames map[int64]string
	book      *sheet.Book
	imp       sheet.Schema
	rows      []sheet.Row
	bad       map[int]bool // lines the reading found a problem on
	rep       *ImportReport
}

// rowRules are a register's rules for the rows of one import.
type rowRules[T any] struct {
	// Row maps a row to the record it means and the record it matches (nil: a new one), with
	// the line to report. A domain error naming a field is a problem of the row; so is a
	// rowProblem, which names its own column.
	Row func(row sheet.Row) (rec, old *T, line ImportLine, err error)
	// Finish adds the problems found across rows and sorts them (nil: by line and column).
	Finish func(rep *ImportReport)
	// Write runs in the write's transaction before any record is written; Each before each.
	Write func(ctx context.Context, tx *store.Tx, changes []sheetChange[T]) error
	Each  func(ctx context.Context, tx *store.Tx, c *sheetChange[T]) error
	// Apply replaces the whole write (the catalog writes through its batch).
	Apply func(ctx context.Context, changes []sheetChange[T], rep *ImportReport) error
	// Applied runs once the write has committed.
	Applied func(rep *ImportReport)
}

// sheetChange is a row's record to write, and the record it replaces (nil: a new one).
type sheetChange[T any] struct {
	rec, old *T
	row      int // the row's line in the sheet
	line     int // its index in the report's lines
}

// rowProblem is a problem a register's rule words itself, column and all.
type rowProblem sheet.Problem

func (p rowProblem) Error() string { return p.Message }

// importUnits lists the active units the actor may create records of kind k in; none is a
// refusal of the whole import.
func (s *Service) importUnits(ctx context.Context, a domain.Actor, k authz.Kind, create authz.Action) ([]*domain.Unit, map[int64]string, error) {
	units, err := s.db.Read().Units(ctx, store.UnitFilter{})
	if err != nil {
		return nil, nil, err
	}
	var mine []*domain.Unit
	names := map[int64]string{}
	for _, u := range units {
		if u.Active && authz.Can(a, create, authz.Resource{Kind: k, UnitID: u.ID}) == nil {
			mine = append(mine, u)
			names[u.ID] = u.Name
		}
	}
	if len(mine) == 0 {
		return nil, nil, domain.Forbidden()
	}
	return mine, names, nil
}

// importSheet reads a register's workbook and previews, or with apply writes, what it changes:
// every row checked as a form would be, all or nothing, matched so that a re-import of the same
// file changes nothing. progress, if not nil, is told how far the check and the write have got.
func importSheet[T any](ctx context.Context, s *Service, g *Register[T], a domain.Actor, r io.Reader, apply bool, progress func(stage string, done, total int)) (*ImportReport, error) {
	units, names, err := s.importUnits(ctx, a, g.Record.kind, g.Create)
	if err != nil {
		return nil, err
	}
	imp, _, err := g.Sheets(ctx, s)
	if err != nil {
		return nil, err
	}
	book, err := s.openSheet(r)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	rows, problems, err := book.Read(imp, unitResolver{units})
	if err != nil {
		return nil, sheetFileError(err)
	}
	in := &importRun{a: a, units: units, unitNames: names, book: book, imp: imp, rows: rows, bad: map[int]bool{},
		rep: &ImportReport{Rows: len(rows), Problems: problems}}
	for _, p := range problems {
		in.bad[p.Line] = true
	}
	rules, err := g.Begin(ctx, s, in)
	if err != nil {
		return nil, err
	}
	rep := in.rep
	var changes []sheetChange[T]
	for i, row := range rows {
		if progress != nil && i%500 == 0 {
			progress("check", i, len(rows))
		}
		if in.bad[row.Line] {
			continue
		}
		rec, old, line, err := rules.Row(row)
		if err != nil {
			p, ok := asProblem(err, imp, g.ColumnOf, row.Line)
			if !ok {
				return nil, err
			}
			rep.Problems = append(rep.Problems, p)
			continue
		}
		if old != nil && g.Same != nil && g.Same(old, rec) {
			line.Outcome = "unchanged"
		}
		switch line.Outcome {
		case "create":
			rep.Create++
		case "update":
			rep.Update++
		default:
			rep.Unchanged++
		}
		rep.Lines = append(rep.Lines, line)
		if line.Outcome != "unchanged" {
			changes = append(changes, sheetChange[T]{rec, old, row.Line, len(rep.Lines) - 1})
		}
	}
	if rules.Finish != nil {
		rules.Finish(rep)
	} else {
		imp.SortProblems(rep.Problems)
	}
	if !apply || len(rep.Problems) > 0 || len(changes) == 0 {
		return rep, nil
	}
	if rules.Apply != nil {
		err = rules.Apply(ctx, changes, rep)
	} else {
		err = s.db.InTx(ctx, func(tx *store.Tx) error { return writeSheet(ctx, tx, g, rules, a, changes, rep, progress) })
	}
	if err != nil {
		return nil, err
	}
	if progress != nil && rules.Apply == nil {
		progress("write", len(changes), len(changes))
	}
	if rules.Applied != nil {
		rules.Applied(rep)
	}
	rep.Applied = true
	return rep, nil
}

// writeSheet writes an import's changes, each audited, and the import itself.
func writeSheet[T any](ctx context.Context, tx *store.Tx, g *Register[T], rules *rowRules[T], a domain.Actor, changes []sheetChange[T], rep *ImportReport, progress func(string, int, int)) error {
	if rules.Write != nil {
		if err := rules.Write(ctx, tx, changes); err != nil {
			return err
		}
	}
	var touched []int64 // the records whose findings the import may change (issue 11): refreshed once, at the end
	for i := range changes {
		c := &changes[i]
		if progress != nil && i%500 == 0 {
			progress("write", i, len(changes))
		}
		if rules.Each != nil {
			if err := rules.Each(ctx, tx, c); err != nil {
				return err
			}
		}
		action, write := ".update", g.Record.update
		if c.old == nil {
			action, write = ".create", g.Record.insert
		}
		if err := write(tx, ctx, c.rec); err != nil {
			return err
		}
		if err := record(ctx, tx, a, event{action: g.Record.entity + action, entityType: g.Record.entity, entityID: id(g.Record.id(c.rec)), changes: audit.Diff(c.old, c.rec, nil)}); err != nil {
			return err
		}
		if g.Record.subject != "" {
			ids, err := g.Record.touched(ctx, tx.Reader, c.rec)
			if err != nil {
				return err
			}
			touched = append(touched, ids...)
		}
	}
	if len(touched) > 0 { // an imported record's findings are as current as a saved one's
		slices.Sort(touched)
		if err := refresh(ctx, tx, g.Record.subject, slices.Compact(touched)...); err != nil {
			return err
		}
	}
	return recordImport(ctx, tx, a, g.Record.entity, rep)
}

// recordImport audits an applied import with its counts.
func recordImport(ctx context.Context, tx *store.Tx, a domain.Actor, entity string, rep *ImportReport) error {
	return record(ctx, tx, a, event{action: entity + ".import", entityType: entity, changes: audit.Fields(
		"rows", nil, rep.Rows, "created", nil, rep.Create, "updated", nil, rep.Update, "unchanged", nil, rep.Unchanged)})
}

// asProblem turns a rule's refusal of a row into the row's problem, in Chinese, under the
// column of the field it names; ok is false for an error that is not about the row.
func asProblem(err error, sc sheet.Schema, columnOf map[string]string, line int) (sheet.Problem, bool) {
	var rp rowProblem
	if errors.As(err, &rp) {
		return sheet.Problem(rp), true
	}
	if domain.ErrorCode(err) != domain.EInvalid {
		return sheet.Problem{}, false
	}
	e := domain.AsError(err)
	key := e.Field
	if k, ok := columnOf[key]; ok {
		key = k
	}
	header := ""
	if c, ok := sc.Column(key); ok {
		header = c.Header
	}
	return sheet.Problem{Line: line, Column: header, Message: i18n.T(i18n.ZH, e.Message, e.Args...)}, true
}

// template writes the register's empty workbook with its instructions sheet.
func (g *Register[T]) template(ctx context.Context, s *Service, w io.Writer) error {
	imp, _, err := g.Sheets(ctx, s)
	if err != nil {
		return err
	}
	return sheet.WriteTemplate(w, append([]sheet.Schema{imp}, g.More...)...)
}

// staticSheets are the schemas of a register whose columns do not depend on the tables.
func staticSheets(imp, exp sheet.Schema) func(context.Context, *Service) (sheet.Schema, sheet.Schema, error) {
	return func(context.Context, *Service) (sheet.Schema, sheet.Schema, error) { return imp, exp, nil }
}

// Workbook is a described register's spreadsheet round trip as the web layer and the command
// line call it, whatever its record type.
type Workbook struct {
	Kind     string // the staged import's kind and the register's path
	Perm     authz.Kind
	Create   authz.Action
	Import   func(s *Service, ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(string, int, int)) (*ImportReport, error)
	Template func(s *Service, ctx context.Context, w io.Writer) error
}

// Workbook is the register's round trip for callers.
func (g *Register[T]) Workbook() Workbook {
	return Workbook{Kind: g.Kind, Perm: g.Record.kind, Create: g.Create,
		Import: func(s *Service, ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(string, int, int)) (*ImportReport, error) {
			return importSheet(ctx, s, g, a, r, apply, progress)
		},
		Template: func(s *Service, ctx context.Context, w io.Writer) error { return g.template(ctx, s, w) }}
}

// ApplyStaged applies a staged workbook of register b after its preview: the same checks run
// again (the register may have changed since), and nothing is written if any row fails.
func (s *Service) ApplyStaged(ctx context.Context, a domain.Actor, b Workbook, stagedID string) (*ImportReport, string, error) {
	p, err := s.db.Read().PendingImport(ctx, stagedID, a.UserID, b.Kind)
	if err != nil {
		return nil, "", err
	}
	rep, err := b.Import(s, ctx, a, bytes.NewReader(p.Content), true, nil)
	if err != nil {
		return nil, p.Filename, err
	}
	if rep.Applied || len(rep.Problems) == 0 {
		err = s.db.InTx(ctx, func(tx *store.Tx) error { return tx.DeletePendingImport(ctx, stagedID) })
	}
	return rep, p.Filename, err
}

// allPages reads every page of a list, next reading the page after a cursor.
func allPages[T any](next func(after int64) (Page[T], error)) ([]T, error) {
	var out []T
	var after int64
	for {
		p, err := next(after)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == 0 {
			return out, nil
		}
		after = p.NextCursor
	}
}

// exportBook audits an export of n records of entity and writes its workbook.
func (s *Service) exportBook(ctx context.Context, a domain.Actor, entity string, n int, w io.Writer, parts ...sheet.Part) (int, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, a, event{action: entity + ".export", entityType: entity, changes: audit.Fields("rows", nil, n)})
	})
	if err != nil {
		return 0, err
	}
	return n, sheet.ExportBook(w, parts...)
}

// history reads the audit records of one record; seen is the error of reading the record as
// the actor (a record the actor may not see has no history for it either).
func (s *Service) history(ctx context.Context, entity string, recID int64, seen error) ([]*audit.Record, error) {
	if seen != nil {
		return nil, seen
	}
	return s.db.Read().AuditRecords(ctx, store.AuditFilter{EntityType: entity, EntityID: id(recID), Limit: 200})
}

// seen is the error of a read, for history.
func seen[T any](_ T, err error) error { return err }

// withColumns is schema s with the read-only columns an export adds; an import ignores them.
func withColumns(s sheet.Schema, cols ...sheet.Column) sheet.Schema {
	s.Columns = append(slices.Clone(s.Columns), cols...)
	return s
}

// field is one column of a register's sheet and the record field it holds: get writes the
// export's cell, set reads the import's cell onto a record and same compares the field of two
// records. A column whose get or set is nil is the register's rules' to read or write (a code
// to look up, a link), and an out column is the export's only (a status, a date the steps set).
type field[T any] struct {
	col  sheet.Column
	get  func(*T) string
	set  func(*T, sheet.Cell)
	same func(a, b *T) bool
	out  bool
}

// fields is a register's column table, in the sheet's order.
type fields[T any] []field[T]

// sheets are the import schema (the columns an import reads, then more) and the export schema
// (those and the out columns).
func (fs fields[T]) sheets(name string, key []string, more ...sheet.Column) (imp, exp sheet.Schema) {
	imp = sheet.Schema{Name: name, Key: key}
	var out []sheet.Column
	for _, f := range fs {
		if f.out {
			out = append(out, f.col)
		} else {
			imp.Columns = append(imp.Columns, f.col)
		}
	}
	imp.Columns = append(imp.Columns, more...)
	return imp, withColumns(imp, out...)
}

// read sets the fields of x from a row's cells (an empty or missing cell sets the zero value).
func (fs fields[T]) read(row sheet.Row, x *T) {
	for _, f := range fs {
		if f.set != nil {
			f.set(x, row.Values[f.col.Key])
		}
	}
}

// row is x's export row, without the cells the register fills in itself.
func (fs fields[T]) row(x *T) map[string]string {
	m := map[string]string{}
	for _, f := range fs {
		if f.get != nil {
			m[f.col.Key] = f.get(x)
		}
	}
	return m
}

// same reports whether an import's record changes none of the imported fields of the record
// it matches.
func (fs fields[T]) same(old, rec *T) bool {
	for _, f := range fs {
		if f.same != nil && !f.same(old, rec) {
			return false
		}
	}
	return true
}

// plain is the column of a field of comparable type V, written by get and read by set.
func plain[T any, V comparable](c sheet.Column, at func(*T) *V, get func(V) string, set func(sheet.Cell) V) field[T] {
	return field[T]{col: c, get: func(x *T) string { return get(*at(x)) }, set: func(x *T, v sheet.Cell) { *at(x) = set(v) },
		same: func(a, b *T) bool { return *at(a) == *at(b) }}
}

// text is a text, code or decimal column of a string field.
func text[T any](c sheet.Column, at func(*T) *string) field[T] {
	return plain(c, at, func(s string) string { return s }, func(v sheet.Cell) string { return v.Text })
}

// flag is a 是/否 column.
func flag[T any](c sheet.Column, at func(*T) *bool) field[T] {
	c.Kind = sheet.Bool
	return plain(c, at, yesNo, func(v sheet.Cell) bool { return v.Bool })
}

// count is a whole-number column.
func count[T any](c sheet.Column, at func(*T) *int) field[T] {
	c.Kind = sheet.Int
	return plain(c, at, strconv.Itoa, func(v sheet.Cell) int { return int(v.Int) })
}

// enum is a drop-down of the Chinese labels of vals (the zh catalog's prefix+value).
func enum[T any, E ~string](c sheet.Column, prefix string, vals []E, at func(*T) *E) field[T] {
	labels, back := zhLabels(prefix, vals)
	c.Kind, c.Enum = sheet.Enum, labels
	return plain(c, at, func(e E) string { return zhLabel(prefix, string(e)) }, func(v sheet.Cell) E { return back[v.Text] })
}

// enums is a drop-down of several labels in one cell, joined by 、 in an export.
func enums[T any, E ~string](c sheet.Column, prefix string, vals []E, at func(*T) *[]E) field[T] {
	labels, back := zhLabels(prefix, vals)
	c.Kind, c.Enum, c.Multi = sheet.Enum, labels, true
	return field[T]{col: c,
		get: func(x *T) string {
			ls := make([]string, len(*at(x)))
			for i, e := range *at(x) {
				ls[i] = zhLabel(prefix, string(e))
			}
			return strings.Join(ls, "、")
		},
		set: func(x *T, v sheet.Cell) {
			for _, l := range v.List {
				*at(x) = append(*at(x), back[l])
			}
		},
		same: func(a, b *T) bool { return slices.Equal(*at(a), *at(b)) }}
}

// date is a date column.
func date[T any](c sheet.Column, at func(*T) *time.Time) field[T] {
	c.Kind = sheet.Date
	return field[T]{col: c, get: func(x *T) string { return fmtDay(*at(x)) }, set: func(x *T, v sheet.Cell) { *at(x) = v.Date },
		same: func(a, b *T) bool { return at(a).Equal(*at(b)) }}
}

// unitRef is the record's unit: its name in an export, the unit the name or code resolves to
// in an import (the rules set the name).
func unitRef[T any](c sheet.Column, at func(*T) (id *int64, name *string)) field[T] {
	c.Kind = sheet.UnitRef
	unitID := func(x *T) *int64 { id, _ := at(x); return id }
	return field[T]{col: c, get: func(x *T) string { _, n := at(x); return *n }, set: func(x *T, v sheet.Cell) { *unitID(x) = v.Int },
		same: func(a, b *T) bool { return *unitID(a) == *unitID(b) }}
}

// shown is a column an export fills in from get and an import ignores.
func shown[T any](c sheet.Column, get func(*T) string) field[T] {
	return field[T]{col: c, get: get, out: true}
}

// ruled is a column the register's rules read; get writes its export cell (nil: the export
// fills it in itself).
func ruled[T any](c sheet.Column, get func(*T) string) field[T] { return field[T]{col: c, get: get} }

// yesNo is a boolean cell.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// zhLabel is the Chinese name of an enumeration's value v, "" for none.
func zhLabel(prefix, v string) string {
	if v == "" {
		return ""
	}
	return i18n.T(i18n.ZH, prefix+v)
}

// fmtDay is a date cell.
func fmtDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
