package sheet

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// headerScan is how far down the header row is looked for: far enough for a
// title, a subtitle, a 填报单位 line and a few notes.
const headerScan = 30

// Read reads the sheet for s from an .xlsx workbook within DefaultLimits; see Book.Read.
func Read(r io.Reader, s Schema, units UnitResolver) (rows []Row, problems []Problem, err error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	b, err := Open(r, Limits{})
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	return b.Read(s, units)
}

// Read reads the sheet for s: the sheet named s.Name if there is one, otherwise the sheet
// whose header best matches s. It returns every data row, with the cells that could be
// read, and every problem found, sorted by row then column; a caller must write nothing
// while there are problems. err is only for a file that cannot be used at all
// (ErrUnreadable, ErrNoHeader) or a mistake in s.
//
// units resolves UnitRef columns; with nil they are kept as text only.
func (b *Book) Read(s Schema, units UnitResolver) (rows []Row, problems []Problem, err error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	rd := newReader(s, units)
	rd.date1904 = b.date1904
	h, err := rd.findHeader(b)
	if err != nil {
		return nil, nil, err
	}
	if err := rd.readData(b.f, h); err != nil {
		return nil, nil, err
	}
	s.SortProblems(rd.problems)
	return rd.rows, rd.problems, nil
}

// fileError is a user-facing error about the file as a whole; errors.Is
// finds its kind (ErrUnreadable, ErrNoHeader) and its cause.
type fileError struct {
	msg         string
	kind, cause error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func unreadable(cause error) error {
	return &fileError{msg: ErrUnreadable.Error(), kind: ErrUnreadable, cause: cause}
}

type reader struct {
	s        Schema
	cols     []column
	headers  map[string]int // folded header or alias → column index
	units    UnitResolver
	date1904 bool

	rows     []Row
	problems []Problem
	resolved map[string]unitResult
	seen     map[string]int // natural key → first line
	keyCols  []int
}

type unitResult struct {
	id          int64
	suggestions []string
	ok          bool
}

func newReader(s Schema, units UnitResolver) *reader {
	rd := &reader{
		s:        s,
		units:    units,
		headers:  map[string]int{},
		resolved: map[string]unitResult{},
		seen:     map[string]int{},
	}
	for i, c := range s.Columns {
		rd.cols = append(rd.cols, prepare(c))
		rd.headers[foldHeader(c.Header)] = i
		for _, a := range c.Aliases {
			rd.headers[foldHeader(a)] = i
		}
	}
	for _, k := range s.Key {
		for i, c := range s.Columns {
			if c.Key == k {
				rd.keyCols = append(rd.keyCols, i)
			}
		}
	}
	return rd
}

// match returns the schema column a header cell names, or -1.
func (rd *reader) match(cell string) int {
	f := foldHeader(cell)
	if f == "" {
		return -1
	}
	if i, ok := rd.headers[f]; ok {
		return i
	}
	if i, ok := rd.headers[stripNote(f)]; ok {
		return i
	}
	return -1
}

// header is where a sheet's header row is and which file column holds each
// schema column.
type header struct {
	sheet  string
	line   int
	at     []int // schema column index → 0-based file column, or -1
	score  int
	merges []rect
}

func (rd *reader) findHeader(b *Book) (header, error) {
	f := b.f
	parts := sheetParts(b.zr)
	var candidates []string
	for _, name := range f.GetSheetList() {
		if Fold(name) == Fold(rd.s.Name) {
			candidates = []string{name}
			break
		}
		if visible, _ := f.GetSheetVisible(name); visible && Fold(name) != Fold(instructionsSheet) {
			candidates = append(candidates, name)
		}
	}
	best := header{}
	for _, name := range candidates {
		h, err := rd.scanHeader(f, name, b.merges[foldPart(parts[name])])
		if err != nil {
			return header{}, err
		}
		if h.score > best.score {
			best = h
		}
	}
	if best.score < min(2, len(rd.cols)) {
		var names []string
		for _, c := range rd.cols {
			if c.Required && len(names) < 3 {
				names = append(names, "「"+c.Header+"」")
			}
		}
		if len(names) == 0 {
			names = append(names, "「"+rd.cols[0].Header+"」")
		}
		where := "各工作表"
		if len(candidates) == 1 {
			where = "工作表「" + candidates[0] + "」"
		}
		return header{}, &fileError{
			msg:  fmt.Sprintf("%s：%s的前%d行中没有一行含有%s等列名，请使用下载的模板或保留原表头", ErrNoHeader, where, headerScan, strings.Join(names, "")),
			kind: ErrNoHeader,
		}
	}
	for i, c := range rd.cols {
		if best.at[i] < 0 && c.Required {
			rd.problems = append(rd.problems, Problem{Line: best.line, Column: c.Header, Message: "表头中缺少此列（必填）"})
		}
	}
	return best, nil
}

// scanHeader reads the top of a sheet, copies merged cells' values into
// every cell they cover, and picks the row that names the most columns.
func (rd *reader) scanHeader(f *excelize.File, sheet string, merges []rect) (header, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return header{}, unreadable(err)
	}
	defer it.Close()
	var top [][]string
	for len(top) < headerScan && it.Next() {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return header{}, unreadable(err)
		}
		top = append(top, cells)
	}
	if err := it.Error(); err != nil {
		return header{}, unreadable(err)
	}
	for _, m := range merges {
		if m.r1 > len(top) || m.c1 >= len(top[m.r1-1]) {
			continue
		}
		v := top[m.r1-1][m.c1]
		for r := m.r1; r <= min(m.r2, len(top)); r++ {
			for c := m.c1; c <= m.c2; c++ {
				top[r-1] = set(top[r-1], c, v)
			}
		}
	}
	best := header{sheet: sheet, merges: merges}
	for i, row := range top {
		var above []string
		if i > 0 {
			above = top[i-1]
		}
		at, score := rd.mapHeader(row, above)
		// Of two equal rows one above the other, the lower is the inner
		// level of a two-level header (「基本信息」 over 「系统名称」).
		if score > best.score || (score > 0 && score == best.score && i+1 == best.line+1) {
			best.line, best.at, best.score = i+1, at, score
		}
	}
	return best, nil
}

// mapHeader maps a candidate header row's cells to schema columns. A blank
// cell takes the header above it, for two-level headers drawn without
// merging.
func (rd *reader) mapHeader(row, above []string) ([]int, int) {
	at := make([]int, len(rd.cols))
	for i := range at {
		at[i] = -1
	}
	score := 0
	for j := range max(len(row), len(above)) {
		k := -1
		if j < len(row) {
			k = rd.match(row[j])
		}
		if k < 0 && (j >= len(row) || trim(row[j]) == "") && j < len(above) {
			k = rd.match(above[j])
		}
		if k >= 0 && at[k] < 0 {
			at[k] = j
			score++
		}
	}
	return at, score
}

func set(row []string, c int, v string) []string {
	for len(row) <= c {
		row = append(row, "")
	}
	row[c] = v
	return row
}

type pending struct {
	line int
	raw  []string
}

func (rd *reader) readData(f *excelize.File, h header) error {
	// Below the header a cell merged down a column (a unit's name beside
	// each of its systems) counts for every row it spans; a cell merged
	// across columns is a section title or a note and marks its row as such.
	down := map[int][]rect{}
	across := map[[2]int]bool{}
	for _, m := range h.merges {
		if m.r1 <= h.line {
			continue
		}
		if m.c1 == m.c2 {
			down[m.r1] = append(down[m.r1], m)
		} else {
			across[[2]int{m.r1, m.c1}] = true
		}
	}
	type fill struct {
		rect
		v string
	}
	// By column: merges that overlap (which Excel does not make) cost no more than one.
	active := map[int]fill{}

	requiredInFile := false
	for i, c := range rd.cols {
		requiredInFile = requiredInFile || (c.Required && h.at[i] >= 0)
	}
	var held []pending

	it, err := f.Rows(h.sheet)
	if err != nil {
		return unreadable(err)
	}
	defer it.Close()
	for line := 1; it.Next(); line++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return unreadable(err)
		}
		if line <= h.line {
			continue
		}
		if len(active) > 0 || len(down[line]) > 0 {
			for c, a := range active {
				if a.r2 >= line {
					cells = set(cells, a.c1, a.v)
				} else {
					delete(active, c)
				}
			}
			for _, m := range down[line] {
				if m.c1 < len(cells) {
					active[m.c1] = fill{m, cells[m.c1]}
				}
			}
		}

		raw := make([]string, len(rd.cols))
		filled, first, firstCol, nonEmpty := false, "", -1, 0
		for j, c := range cells {
			if c = trim(c); c != "" {
				if firstCol < 0 {
					first, firstCol = c, j
				}
				nonEmpty++
			}
		}
		if nonEmpty == 0 {
			continue
		}
		for i, j := range h.at {
			if j >= 0 && j < len(cells) {
				if raw[i] = trim(cells[j]); raw[i] != "" {
					filled = true
				}
			}
		}
		if !filled || (nonEmpty == 1 && across[[2]int{line, firstCol}]) || isFooter(first) {
			continue
		}
		if requiredInFile && rd.requiredEmpty(raw) {
			// A row with none of the required cells is a note under the
			// table (填报人、联系电话…) if nothing follows it; if data rows
			// follow, it is a row someone left half-filled and is reported.
			held = append(held, pending{line, raw})
			continue
		}
		for _, p := range held {
			rd.convert(p.line, p.raw, h)
		}
		held = held[:0]
		rd.convert(line, raw, h)
	}
	if err := it.Error(); err != nil {
		return unreadable(err)
	}
	return nil
}

// requiredEmpty: none of the required cells, nor a natural key's (which may be optional, as the
// system code a new system leaves to the server), is filled.
func (rd *reader) requiredEmpty(raw []string) bool {
	for i, c := range rd.cols {
		if (c.Required || slices.Contains(rd.keyCols, i)) && raw[i] != "" {
			return false
		}
	}
	return true
}

// isFooter spots total and note rows: 合计, 小计, 备注：….
func isFooter(first string) bool {
	f := Fold(first)
	for _, w := range []string{"合计", "小计", "总计", "共计"} {
		if f == w || strings.HasPrefix(f, w+":") || strings.HasPrefix(f, w+"(") {
			return true
		}
	}
	for _, w := range []string{"备注:", "注:", "说明:", "填表说明:", "填报说明:"} {
		if strings.HasPrefix(f, w) {
			return true
		}
	}
	return false
}

func (rd *reader) problem(line, col int, msg string) {
	rd.problems = append(rd.problems, Problem{Line: line, Column: rd.cols[col].Header, Message: msg})
}

func (rd *reader) convert(line int, raw []string, h header) {
	row := Row{Line: line, Values: make(map[string]Cell, len(raw)), Raw: make(map[string]string, len(raw))}
	for i := range rd.cols {
		c := &rd.cols[i]
		v := raw[i]
		if v == "" {
			if c.Required && h.at[i] >= 0 {
				rd.problem(line, i, "必填")
			}
			continue
		}
		row.Raw[c.Key] = v
		cell, msg := c.parse(v, rd.date1904)
		if msg == "" && c.Kind == UnitRef && rd.units != nil {
			u, ok := rd.resolved[cell.Text]
			if !ok {
				u.id, u.suggestions, u.ok = rd.units.ResolveUnit(cell.Text)
				rd.resolved[cell.Text] = u
			}
			if u.ok {
				cell.Int = u.id
			} else {
				msg = "找不到单位“" + cell.Text + "”"
				if len(u.suggestions) > 0 {
					msg += "，是否为：" + strings.Join(u.suggestions[:min(3, len(u.suggestions))], "、") + "？"
				}
			}
		}
		if msg != "" {
			rd.problem(line, i, msg)
			continue
		}
		row.Values[c.Key] = cell
	}
	rd.checkKey(row)
	rd.rows = append(rd.rows, row)
}

// checkKey reports the second row carrying a natural key already seen.
func (rd *reader) checkKey(row Row) {
	if len(rd.keyCols) == 0 {
		return
	}
	var b strings.Builder
	for _, i := range rd.keyCols {
		c := rd.cols[i]
		v, ok := row.Values[c.Key]
		if !ok {
			return
		}
		if c.Kind == UnitRef && v.Int != 0 {
			b.WriteString("#" + strconv.FormatInt(v.Int, 10))
		} else {
			b.WriteString(Fold(v.Text))
		}
		b.WriteByte(0)
	}
	key := b.String()
	first, dup := rd.seen[key]
	if !dup {
		rd.seen[key] = row.Line
		return
	}
	msg := "与第" + strconv.Itoa(first) + "行重复"
	if len(rd.keyCols) > 1 {
		var names strings.Builder
		for _, i := range rd.keyCols {
			names.WriteString("「" + rd.cols[i].Header + "」")
		}
		msg += "（" + names.String() + "均相同）"
	}
	rd.problem(row.Line, rd.keyCols[len(rd.keyCols)-1], msg)
}
