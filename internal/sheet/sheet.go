// Package sheet reads the spreadsheets (台账) that district offices keep by
// hand, as they really are — title rows above the header, merged header
// cells, full-width characters, stray spaces, dates written five ways — and
// turns them into typed rows with errors named by row and column in plain
// Chinese. It writes templates and exports too. It knows nothing about any
// particular registry: each registry describes its columns with a Schema.
package sheet

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind says how a column's text is read.
type Kind int

const (
	// Text is free text: trimmed, full-width letters and digits made
	// half-width, Chinese punctuation kept as written.
	Text Kind = iota
	// Code is an identifier, URL, account or filing number: fully
	// half-width and without any whitespace.
	Code
	// Int is a whole number; thousands separators are accepted.
	Int
	// Decimal is a number. Cell.Text keeps it in plain decimal notation as
	// written (12.50 stays 12.50), so money need not go through float64.
	Decimal
	// Date is a calendar day in any of the accepted spellings or an Excel date.
	Date
	// Bool is 是/否 and the usual variants.
	Bool
	// Enum is one of Column.Enum (or, with Column.Multi, several).
	Enum
	// UnitRef is a unit name or code, resolved by the UnitResolver.
	UnitRef
)

// Column describes one column of a registry's sheet.
type Column struct {
	Key      string   // field key, e.g. "hosting"
	Header   string   // Chinese header, e.g. "托管方式"
	Aliases  []string // other headers people use, e.g. "部署方式"
	Kind     Kind
	Required bool
	// Enum lists the allowed labels of an Enum column. For a UnitRef column
	// it may list unit names to offer as a drop-down in templates; reading
	// does not restrict to them.
	Enum []string
	// Synonyms maps other spellings people use to an Enum label, e.g.
	// "电子政务云" → "政务云".
	Synonyms map[string]string
	// Multi lets an Enum cell hold several labels separated by 、 , ; / or
	// line breaks; Cell.List holds them.
	Multi  bool
	MaxLen int    // in characters; 0 means no limit
	Help   string // shown on the instructions sheet and as the cell prompt
}

// Schema describes one registry's sheet.
type Schema struct {
	Name    string // sheet name, e.g. "信息系统"
	Columns []Column
	Key     []string // natural key column keys; duplicates within a file are reported
}

// Cell is a typed value. Text always holds the canonical display form
// (2019-05-01 for a date, 是/否 for a bool, the label for an enum, labels
// joined by 、 for a multi enum, the number without thousands separators,
// the unit as written for a UnitRef), so a caller can compare, show or
// re-export it without knowing the kind.
type Cell struct {
	Text string
	Int  int64     // Int value, or the unit id of a UnitRef
	Dec  float64   // Decimal value (and Int's, as a float)
	Date time.Time // midnight UTC of the day
	Bool bool
	List []string // labels of a Multi enum
}

// Row is one data row of the sheet. Values holds only cells that are
// present and valid; Raw holds every non-empty cell's trimmed text, for
// previews and error reports.
type Row struct {
	Line   int // 1-based spreadsheet row number
	Values map[string]Cell
	Raw    map[string]string
}

// Problem is one thing wrong with the file, named by row and column.
type Problem struct {
	Line    int    `json:"line"`    // 1-based spreadsheet row number; 0 for the whole file
	Column  string `json:"column"`  // the column's header; empty for the whole row
	Message string `json:"message"` // plain Chinese
}

// String renders the problem as users read it:
// 第12行「托管方式」：“政务云2”不是有效值，可选：政务云、单位机房.
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		b.WriteString("第")
		b.WriteString(strconv.Itoa(p.Line))
		b.WriteString("行")
	}
	if p.Column != "" {
		b.WriteString("「")
		b.WriteString(p.Column)
		b.WriteString("」")
	}
	if b.Len() > 0 {
		b.WriteString("：")
	}
	b.WriteString(p.Message)
	return b.String()
}

// UnitResolver finds a unit by its exact name or code. When there is no
// such unit it returns the names of the closest units as suggestions.
// Names reach it trimmed and with full-width letters and digits made
// half-width; Fold gives the form two spellings should be compared in.
type UnitResolver interface {
	ResolveUnit(nameOrCode string) (id int64, suggestions []string, ok bool)
}

// Errors Read returns for a file it cannot use at all. Everything wrong
// inside a usable file is a Problem instead.
var (
	ErrUnreadable = errors.New("文件无法读取，请上传 Excel（.xlsx）文件；旧版 .xls 文件请先在 Excel 中另存为 .xlsx")
	ErrNoHeader   = errors.New("找不到表头行")
)

// DateFormats is how the instructions and error messages describe the
// date spellings Read accepts.
const DateFormats = "2019-05-01、2019/5/1、2019.5.1、2019年5月1日、20190501，或 Excel 日期"

// SortProblems orders problems by line, then by the column's position in
// the schema, so a registry can merge its own checks into Read's report.
func (s Schema) SortProblems(ps []Problem) {
	pos := make(map[string]int, len(s.Columns))
	for i, c := range s.Columns {
		pos[c.Header] = i + 1
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return pos[a.Column] - pos[b.Column]
	})
}

// Column returns the column with the given key.
func (s Schema) Column(key string) (Column, bool) {
	for _, c := range s.Columns {
		if c.Key == key {
			return c, true
		}
	}
	return Column{}, false
}

// check catches schema mistakes, which are programming errors, before they
// turn into confusing reports.
func (s Schema) check() error {
	if s.Name == "" || len(s.Columns) == 0 {
		return fmt.Errorf("sheet: schema %q: needs a name and columns", s.Name)
	}
	keys := map[string]bool{}
	headers := map[string]string{}
	for _, c := range s.Columns {
		if c.Key == "" || c.Header == "" {
			return fmt.Errorf("sheet: schema %q: column %q needs a key and a header", s.Name, c.Key)
		}
		if keys[c.Key] {
			return fmt.Errorf("sheet: schema %q: duplicate column key %q", s.Name, c.Key)
		}
		keys[c.Key] = true
		for _, h := range append([]string{c.Header}, c.Aliases...) {
			f := foldHeader(h)
			if other, dup := headers[f]; dup {
				return fmt.Errorf("sheet: schema %q: header %q of %q is also used by %q", s.Name, h, c.Key, other)
			}
			headers[f] = c.Key
		}
		if c.Kind == Enum && len(c.Enum) == 0 {
			return fmt.Errorf("sheet: schema %q: enum column %q has no values", s.Name, c.Key)
		}
		for from, to := range c.Synonyms {
			if !slices.Contains(c.Enum, to) {
				return fmt.Errorf("sheet: schema %q: synonym %q of %q maps to unknown label %q", s.Name, from, c.Key, to)
			}
		}
	}
	for _, k := range s.Key {
		if !keys[k] {
			return fmt.Errorf("sheet: schema %q: key column %q is not a column", s.Name, k)
		}
	}
	return nil
}
