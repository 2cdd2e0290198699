package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"
)

// An .xlsx file is a zip of XML parts, and a zip can inflate a thousandfold: a 1 MB upload
// can hold a gigabyte of whitespace. So before excelize sees a file, Open reads every part
// once through a counter that stops at the limits, checks that each XML part is whole and
// well-formed and that its rows are numbered upwards and within the limits, and collects the
// merged ranges on the way. Nothing is held in memory beyond the upload itself.

// Limits bound what one workbook may cost to read. A zero field takes its default.
type Limits struct {
	Compressed int64 // bytes of the .xlsx file itself
	Part       int64 // inflated bytes of any one part of the zip
	Total      int64 // inflated bytes of all parts together
	Rows       int   // highest row number of any sheet, the header and titles included
	Columns    int   // highest column number of any sheet
}

// DefaultLimits fit the largest registries with room to spare: a 20,000-row, 20-column
// registry is about 2 MB compressed and 15 MB inflated.
func DefaultLimits() Limits {
	return Limits{Compressed: 20 << 20, Part: 100 << 20, Total: 200 << 20, Rows: 50000, Columns: 200}
}

// Fixed bounds that no legitimate registry comes near; they keep the cost of what the
// limits above let through linear and small.
const (
	maxParts  = 10000 // parts in the zip
	maxMerges = 10000 // merged ranges in one sheet
	// maxRun bounds a run of an XML part without markup: one text or attribute value, or
	// whitespace. The XML decoder holds such a run in memory whole; a cell holds at most
	// 32,767 characters, so nothing Excel writes comes near.
	maxRun = 1 << 20
)

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	return Limits{Compressed: orDefault(l.Compressed, d.Compressed), Part: orDefault(l.Part, d.Part),
		Total: orDefault(l.Total, d.Total), Rows: orDefault(l.Rows, d.Rows), Columns: orDefault(l.Columns, d.Columns)}
}

// orDefault is v when it is positive, else the default d.
func orDefault[N int | int64](v, d N) N {
	if v > 0 {
		return v
	}
	return d
}

// over is the error of a cell at column col and row row of a part past the limits (0 is within
// them), nil when within.
func (l Limits) over(part string, col, row int) error {
	switch {
	case col > l.Columns:
		return &LimitError{Limit: "columns", Max: int64(l.Columns), Part: part}
	case row > l.Rows:
		return &LimitError{Limit: "rows", Max: int64(l.Rows), Part: part}
	}
	return nil
}

// ours reports whether err is a *LimitError or a *DamagedError: a finding of the checks, passed
// on as it is, where any other error of reading a part means the part is damaged.
func ours(err error) bool {
	var le *LimitError
	var de *DamagedError
	return errors.As(err, &le) || errors.As(err, &de)
}

// Errors.Is finds these in what Open, Read and Columns return.
var (
	// ErrTooLarge is a file over one of the Limits; the error is a *LimitError.
	ErrTooLarge = errors.New("文件超出导入限制")
	// ErrDamaged is a file whose parts are cut short, malformed or inconsistent; the error is
	// a *DamagedError.
	ErrDamaged = errors.New("文件已损坏")
)

// LimitError names the limit a file is over.
type LimitError struct {
	Limit string // "compressed", "part", "total", "rows", "columns", "parts", "merges" or "text"
	Max   int64  // the limit: bytes for the sizes, a count for the rest
	Part  string // the zip part, for "part", "rows", "columns", "merges" and "text"
}

func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// MiB is the limit in whole MiB, for the size limits.
func (e *LimitError) MiB() int64 { return max(1, e.Max>>20) }

func (e *LimitError) Error() string {
	switch e.Limit {
	case "compressed":
		return fmt.Sprintf("文件过大：不能超过 %d MB，未写入任何内容", e.MiB())
	case "part":
		return fmt.Sprintf("文件解压后过大：其中的「%s」超过 %d MB，未写入任何内容", e.Part, e.MiB())
	case "total":
		return fmt.Sprintf("文件解压后过大：合计超过 %d MB，未写入任何内容", e.MiB())
	case "rows":
		return fmt.Sprintf("行数过多：一个工作表不能超过 %d 行（含表头），请分成几个文件导入，未写入任何内容", e.Max)
	case "columns":
		return fmt.Sprintf("列数过多：一个工作表不能超过 %d 列，未写入任何内容", e.Max)
	case "parts":
		return fmt.Sprintf("文件内部的部件过多（超过 %d 个），未写入任何内容", e.Max)
	case "merges":
		return fmt.Sprintf("合并单元格过多：一个工作表不能超过 %d 处，未写入任何内容", e.Max)
	case "text":
		return fmt.Sprintf("内容过长：「%s」中有一段超过 %d MB 的连续内容（Excel 的单元格最多 32767 个字符），未写入任何内容", e.Part, e.MiB())
	}
	return ErrTooLarge.Error()
}

// DamagedError says which part of a file is damaged and how.
type DamagedError struct {
	Part   string // the zip part
	Reason string // "zip", "xml", "truncated", "doctype", "row" or "cell"
	Line   int    // for "xml": the line of the part; for "row": the row number found
	After  int    // for "row": the row number before it; for "cell": the row
}

func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

func (e *DamagedError) Error() string {
	return "文件已损坏：" + e.Detail() + "，未写入任何内容"
}

// Detail says what is wrong, in Chinese.
func (e *DamagedError) Detail() string {
	switch e.Reason {
	case "zip":
		return "「" + e.Part + "」无法解压"
	case "xml":
		return fmt.Sprintf("「%s」第 %d 行不是有效的 XML", e.Part, e.Line)
	case "truncated":
		return "「" + e.Part + "」不完整（文件被截断）"
	case "doctype":
		return "「" + e.Part + "」含有文档类型声明（<!DOCTYPE>），Excel 不会写出这样的文件"
	case "row":
		return fmt.Sprintf("「%s」的行号 %d 排在第 %d 行之后", e.Part, e.Line, e.After)
	case "cell":
		return fmt.Sprintf("「%s」第 %d 行的单元格位置无效或次序颠倒", e.Part, e.After)
	}
	return "「" + e.Part + "」无法读取"
}

// Book is a workbook that has passed the limits and the damage checks.
type Book struct {
	f        *excelize.File
	zr       *zip.Reader
	merges   map[string][]rect // by folded part name
	date1904 bool
}

// Open reads an .xlsx upload within lim (zero fields take DefaultLimits). Errors.Is finds
// ErrTooLarge, ErrDamaged or ErrUnreadable in its error. Close the Book when done: excelize
// may keep a large sheet in a temporary file.
func Open(r io.Reader, lim Limits) (*Book, error) {
	lim = lim.WithDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.Compressed+1))
	if err != nil {
		return nil, fmt.Errorf("sheet: read upload: %w", err)
	}
	if int64(len(data)) > lim.Compressed {
		return nil, &LimitError{Limit: "compressed", Max: lim.Compressed}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, unreadable(err)
	}
	merges, err := inspect(zr, lim)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: lim.Total, UnzipXMLSizeLimit: min(lim.Part, lim.Total, 16<<20)})
	if err != nil {
		return nil, unreadable(err)
	}
	b := &Book{f: f, zr: zr, merges: merges}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		b.date1904 = *props.Date1904
	}
	return b, nil
}

// Close releases the temporary files excelize may have made.
func (b *Book) Close() error { return b.f.Close() }

func foldPart(name string) string { return strings.ToLower(strings.TrimPrefix(name, "/")) }

// inspect checks every part of the zip against the limits, first by the sizes the zip
// declares and then by the bytes it really inflates to, and every XML part for damage. It
// returns the merged ranges of each sheet.
func inspect(zr *zip.Reader, lim Limits) (map[string][]rect, error) {
	if len(zr.File) > maxParts {
		return nil, &LimitError{Limit: "parts", Max: maxParts}
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(lim.Part) {
			return nil, &LimitError{Limit: "part", Max: lim.Part, Part: f.Name}
		}
		if total += f.UncompressedSize64; total > uint64(lim.Total) {
			return nil, &LimitError{Limit: "total", Max: lim.Total}
		}
	}
	merges := map[string][]rect{}
	budget := &counter{total: lim.Total}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue // a directory entry
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &DamagedError{Part: f.Name, Reason: "zip"}
		}
		cr := &counter{r: rc, part: f.Name, max: lim.Part, budget: budget}
		name := strings.ToLower(f.Name)
		isXML := strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels")
		if isXML && f.UncompressedSize64 > uint64(len("<row/>")*lim.Rows) {
			// Room for more rows than the limit: count them first at the speed of a byte
			// search, so that a sheet of 600,000 rows is refused without parsing 50,000.
			if err := countRows(f, lim); err != nil {
				rc.Close()
				return nil, err
			}
		}
		if isXML {
			var m []rect
			cr.maxRun = maxRun
			m, err = scanXML(cr, f.Name, lim)
			if len(m) > 0 {
				merges[foldPart(f.Name)] = m
			}
		} else {
			_, err = io.Copy(io.Discard, cr)
		}
		rc.Close()
		if err != nil {
			if ours(err) {
				return nil, err
			}
			return nil, &DamagedError{Part: f.Name, Reason: "zip"}
		}
	}
	return merges, nil
}

// counter counts the bytes a part inflates to and fails past the part's limit or the
// budget shared by all parts, whatever the zip declared.
// With maxRun it also fails on a run of more than maxRun bytes without a '<'.
type counter struct {
	r           io.Reader
	part        string
	n, max      int64
	budget      *counter // n and total only
	total       int64
	run, maxRun int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.budget.n += int64(n)
	if c.maxRun > 0 {
		if i := bytes.LastIndexByte(p[:n], '<'); i >= 0 {
			c.run = int64(n - 1 - i)
		} else if c.run += int64(n); c.run > c.maxRun {
			return n, &LimitError{Limit: "text", Max: c.maxRun, Part: c.part}
		}
	}
	if c.n > c.max {
		return n, &LimitError{Limit: "part", Max: c.max, Part: c.part}
	}
	if c.budget.n > c.budget.total {
		return n, &LimitError{Limit: "total", Max: c.budget.total}
	}
	return n, err
}

// countRows refuses a part with more row elements than lim.Rows. Rows are numbered upwards
// from 1 (scanXML checks it), so more row elements than the limit means a row numbered past
// it. A "<row" inside a comment or CDATA counts too, which can only refuse a file earlier.
func countRows(f *zip.File, lim Limits) error {
	rc, err := f.Open()
	if err != nil {
		return &DamagedError{Part: f.Name, Reason: "zip"}
	}
	defer rc.Close()
	r := &counter{r: rc, part: f.Name, max: lim.Part, budget: &counter{total: lim.Part}, maxRun: maxRun}
	// The end of each chunk is carried into the next, so that a tag split between them is
	// seen whole; base is the offset of the chunk in the part and done the end of the last
	// tag counted, so that none is counted twice.
	const carry = 64
	buf := make([]byte, 64<<10)
	keep, rows := 0, 0
	base, done := 0, 0
	for {
		n, err := r.Read(buf[keep:])
		chunk := buf[:keep+n]
		for i := 0; ; {
			j := bytes.Index(chunk[i:], []byte("row"))
			if j < 0 {
				break
			}
			j += i
			i = j + 3
			if i >= len(chunk) || base+j < done || !rowTag(chunk[:i+1], j) {
				continue
			}
			done = base + i
			if rows++; rows > lim.Rows {
				return lim.over(f.Name, 0, rows)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if ours(err) {
				return err
			}
			return &DamagedError{Part: f.Name, Reason: "zip"}
		}
		from := max(0, len(chunk)-carry)
		base += from
		keep = copy(buf, chunk[from:])
	}
}

// rowTag reports whether the "row" at b[j:] opens a row element: "<row" or "<prefix:row",
// followed by a space, '>' or '/' (b ends with that byte).
func rowTag(b []byte, j int) bool {
	switch b[len(b)-1] {
	case ' ', '\t', '\r', '\n', '>', '/':
	default:
		return false
	}
	if j > 0 && b[j-1] == '<' {
		return true
	}
	if j == 0 || b[j-1] != ':' {
		return false
	}
	k := j - 2
	for k >= 0 && j-k < 40 && (isNameByte(b[k])) {
		k--
	}
	return k >= 0 && k < j-2 && b[k] == '<'
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// scanXML reads one XML part to its end without keeping it: the elements must nest and
// close, there must be no DTD (Excel never writes one, and it is where entity bombs live),
// and in sheet data the rows and cells must be numbered upwards within the limits. It
// returns the part's merged ranges.
func scanXML(r io.Reader, part string, lim Limits) ([]rect, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel // as excelize reads it
	var stack []xml.Name
	var merges []rect
	root := false
	inData := false
	row, col := 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if !root || len(stack) > 0 {
				return nil, &DamagedError{Part: part, Reason: "truncated"}
			}
			return merges, nil
		}
		if err != nil {
			if ours(err) {
				return nil, err
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				if strings.Contains(se.Msg, "unexpected EOF") {
					return nil, &DamagedError{Part: part, Reason: "truncated"}
				}
				return nil, &DamagedError{Part: part, Reason: "xml", Line: se.Line}
			}
			return nil, &DamagedError{Part: part, Reason: "zip"}
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, &DamagedError{Part: part, Reason: "doctype"}
		case xml.StartElement:
			if len(stack) == 0 {
				if root {
					return nil, &DamagedError{Part: part, Reason: "xml", Line: line(d)}
				}
				root = true
			}
			stack = append(stack, t.Name)
			switch t.Name.Local {
			case "sheetData":
				inData = true
			case "row":
				if !inData {
					break
				}
				n := row + 1
				if v, ok := attr(t, "r"); ok {
					var err error
					if n, err = strconv.Atoi(v); err != nil || n <= row {
						return nil, &DamagedError{Part: part, Reason: "row", Line: n, After: row}
					}
				}
				if err := lim.over(part, 0, n); err != nil {
					return nil, err
				}
				row, col = n, 0
			case "c":
				if !inData {
					break
				}
				n := col + 1
				if v, ok := attr(t, "r"); ok {
					c, r, err := excelize.CellNameToCoordinates(v)
					if err != nil || c <= col || (row > 0 && r != row) {
						return nil, &DamagedError{Part: part, Reason: "cell", After: row}
					}
					n = c
				}
				if err := lim.over(part, n, 0); err != nil {
					return nil, err
				}
				col = n
			case "mergeCell":
				if len(merges) >= maxMerges {
					return nil, &LimitError{Limit: "merges", Max: maxMerges, Part: part}
				}
				v, _ := attr(t, "ref")
				from, to, _ := strings.Cut(v, ":")
				c1, r1, err1 := excelize.CellNameToCoordinates(from)
				c2, r2, err2 := excelize.CellNameToCoordinates(to)
				if err1 != nil || err2 != nil {
					continue // merges only make a messy file easier to read
				}
				if err := lim.over(part, max(c1, c2), max(r1, r2)); err != nil {
					return nil, err
				}
				merges = append(merges, rect{min(c1, c2) - 1, min(r1, r2), max(c1, c2) - 1, max(r1, r2)})
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name {
				return nil, &DamagedError{Part: part, Reason: "xml", Line: line(d)}
			}
			stack = stack[:len(stack)-1]
			if t.Name.Local == "sheetData" {
				inData = false
			}
		}
	}
}

func line(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}
