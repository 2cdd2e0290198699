package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"archgov/internal/sheet/bomb"
)

// small are limits a few MB of test bombs go over quickly.
var small = Limits{Compressed: 1 << 20, Part: 1 << 20, Total: 2 << 20, Rows: 1000, Columns: 50}

func build(t testing.TB, f func(w *bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Issue 13 (high): each bomb is refused before it is unpacked, with the limit it is over
// named in the message.
func TestBombsRefused(t *testing.T) {
	const inflated = 8 << 20
	for name, tc := range map[string]struct {
		data  func(w *bytes.Buffer) error
		lim   Limits
		limit string
		msg   string
	}{
		"inflated whitespace": {func(w *bytes.Buffer) error { return bomb.Whitespace(w, inflated) }, small, "part", "「xl/worksheets/sheet1.xml」超过 1 MB"},
		"early mergeCells":    {func(w *bytes.Buffer) error { return bomb.EarlyMerges(w, inflated) }, small, "part", "「xl/worksheets/sheet1.xml」超过 1 MB"},
		"huge styles":         {func(w *bytes.Buffer) error { return bomb.HugeStyles(w, inflated) }, small, "part", "「xl/styles.xml」超过 1 MB"},
		"many rows":           {func(w *bytes.Buffer) error { return bomb.Rows(w, 1500) }, small, "rows", "不能超过 1000 行"},
		"one row too many":    {func(w *bytes.Buffer) error { return bomb.Rows(w, 1000) }, small, "rows", "不能超过 1000 行"},
		"a row numbered past the limit": {func(w *bytes.Buffer) error {
			return bomb.Workbook(w, sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>系统名称</t></is></c></row><row r="1001"><c r="A1001"><v>1</v></c></row>`))
		}, small, "rows", "不能超过 1000 行"},
		"all parts together": {func(w *bytes.Buffer) error { return bomb.HugeStyles(w, 900<<10) },
			Limits{Part: 1 << 20, Total: 900 << 10}, "total", "合计超过"},
		"compressed": {func(w *bytes.Buffer) error { return bomb.Rows(w, 3000) },
			Limits{Compressed: 20 << 10}, "compressed", "不能超过 1 MB"},
		"a long run without markup": {func(w *bytes.Buffer) error { return bomb.LongText(w, 3<<20) },
			Limits{Part: 8 << 20}, "text", "「xl/worksheets/sheet1.xml」中有一段超过 1 MB 的连续内容"},
		"whitespace within the part limit": {func(w *bytes.Buffer) error { return bomb.Whitespace(w, 3<<20) },
			Limits{Part: 8 << 20}, "text", "超过 1 MB 的连续内容"},
		"many columns": {func(w *bytes.Buffer) error {
			return bomb.Workbook(w, sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>系统名称</t></is></c><c r="AZ1"><v>1</v></c></row>`))
		}, small, "columns", "不能超过 50 列"},
		"merge beyond the columns": {func(w *bytes.Buffer) error {
			return bomb.Workbook(w, sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>系统名称</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1"/></mergeCells><sheetData>`))
		}, small, "columns", "不能超过 50 列"},
	} {
		t.Run(name, func(t *testing.T) {
			data := build(t, tc.data)
			start := time.Now()
			_, _, err := readLimited(data, tc.lim)
			var le *LimitError
			if !errors.Is(err, ErrTooLarge) || !errors.As(err, &le) || le.Limit != tc.limit || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want the %s limit named (%q)", err, tc.limit, tc.msg)
			}
			if !strings.Contains(err.Error(), "未写入任何内容") {
				t.Errorf("err = %v, want it to say nothing was written", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refused after %v, want well under 2 s", d)
			}
		})
	}
}

// A zip directory that understates a part's size does not get it past the limits: the
// bytes are counted as they unpack.
func TestLyingSizesRefused(t *testing.T) {
	data := build(t, func(w *bytes.Buffer) error { return bomb.LyingSizes(w, 8<<20) })
	_, _, err := readLimited(data, small)
	if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want the file refused", err)
	}
	// Even with limits above the real size, the lie itself is damage.
	_, _, err = readLimited(data, Limits{Part: 64 << 20, Total: 64 << 20})
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("err = %v, want ErrDamaged", err)
	}
}

func TestCounterStopsAtTheLimit(t *testing.T) {
	budget := &counter{total: 1 << 30}
	c := &counter{r: strings.NewReader(strings.Repeat("x", 5000)), part: "p", max: 4096, budget: budget}
	buf := make([]byte, 1000)
	var err error
	for err == nil {
		_, err = c.Read(buf)
	}
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "part" || c.n > 5000 {
		t.Fatalf("err = %v after %d bytes, want the part limit", err, c.n)
	}
}

// Issue 13 (medium) and low 11: a sheet cut short, malformed, with a DTD or with rows
// numbered out of order is refused whole as damaged, not read up to where it breaks.
func TestDamagedRefused(t *testing.T) {
	good := newBook(t, "信息系统").row("信息系统", 1, "系统名称", "所属单位", "托管方式")
	for i := 2; i < 200; i++ {
		good.row("信息系统", i, "系统"+string(rune('甲'+i)), "区教育局", "政务云")
	}
	whole := good.bytes(t)
	if rows, problems, err := readLimited(whole, Limits{}); err != nil || len(problems) != 0 || len(rows) != 198 {
		t.Fatalf("the whole workbook: %d rows, %v, %v", len(rows), problems, err)
	}
	half, err := bomb.CutPart(whole, "xl/worksheets/sheet1.xml", func(n int) int { return n / 2 })
	if err != nil {
		t.Fatal(err)
	}
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>系统名称</t></is></c><c r="B1" t="inlineStr"><is><t>所属单位</t></is></c><c r="C1" t="inlineStr"><is><t>托管方式</t></is></c></row>`
	data := func(r string) string {
		return `<row r="` + r + `"><c r="A` + r + `" t="inlineStr"><is><t>OA</t></is></c><c r="B` + r + `" t="inlineStr"><is><t>区教育局</t></is></c><c r="C` + r + `" t="inlineStr"><is><t>政务云</t></is></c></row>`
	}
	for name, tc := range map[string]struct {
		data   []byte
		reason string
		msg    string
	}{
		"sheet cut in half":      {half, "truncated", "「xl/worksheets/sheet1.xml」不完整（文件被截断）"},
		"DOCTYPE":                {wb(t, `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "甲">]>`+sheetXML(header)), "doctype", "<!DOCTYPE>"},
		"row -5":                 {wb(t, sheetXML(header+data("-5"))), "row", "行号 -5 排在第 1 行之后"},
		"row 0":                  {wb(t, sheetXML(data("0")+header)), "row", "行号 0"},
		"rows backwards":         {wb(t, sheetXML(header+data("3")+data("2"))), "row", "行号 2 排在第 3 行之后"},
		"row twice":              {wb(t, sheetXML(header+data("2")+data("2"))), "row", "行号 2 排在第 2 行之后"},
		"cells backwards":        {wb(t, sheetXML(header+`<row r="2"><c r="C2"><v>1</v></c><c r="A2"><v>2</v></c></row>`)), "cell", "第 2 行的单元格"},
		"cell of another row":    {wb(t, sheetXML(header+`<row r="2"><c r="A7"><v>1</v></c></row>`)), "cell", "第 2 行"},
		"tags that do not match": {wb(t, sheetXML(header+`<row r="2"><c r="A2"><v>1</c></v></row>`)), "xml", "不是有效的 XML"},
		"unknown entity":         {wb(t, sheetXML(header+`<row r="2"><c r="A2" t="inlineStr"><is><t>&a;</t></is></c></row>`)), "xml", "不是有效的 XML"},
		"two roots":              {wb(t, sheetXML(header)+"<worksheet/>"), "xml", "不是有效的 XML"},
	} {
		t.Run(name, func(t *testing.T) {
			rows, problems, err := readLimited(tc.data, Limits{})
			var de *DamagedError
			if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) || de.Reason != tc.reason || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %d rows, %d problems, err %v; want it refused as damaged (%s, %q)", len(rows), len(problems), err, tc.reason, tc.msg)
			}
			if !strings.Contains(err.Error(), "未写入任何内容") {
				t.Errorf("err = %v, want it to say nothing was written", err)
			}
		})
	}
}

// The checks cost little: a workbook at the limits is read, and merges still fill.
func TestWithinLimitsRead(t *testing.T) {
	data := build(t, func(w *bytes.Buffer) error { return bomb.Rows(w, 999) })
	rows, _, err := readLimited(data, small)
	if err != nil || len(rows) != 999 {
		t.Fatalf("%d rows, err %v; want 999 rows", len(rows), err)
	}
	merged := wb(t, sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>系统名称</t></is></c><c r="B1" t="inlineStr"><is><t>所属单位</t></is></c><c r="C1" t="inlineStr"><is><t>托管方式</t></is></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>OA</t></is></c><c r="B2" t="inlineStr"><is><t>区教育局</t></is></c><c r="C2" t="inlineStr"><is><t>政务云</t></is></c></row>`+
		`<row r="3"><c r="A3" t="inlineStr"><is><t>门户</t></is></c><c r="C3" t="inlineStr"><is><t>政务云</t></is></c></row>`+
		`</sheetData><mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells><sheetData>`))
	rows, problems, err := readLimited(merged, Limits{})
	if err != nil || len(problems) != 0 || len(rows) != 2 || rows[1].Raw["unit"] != "区教育局" {
		t.Fatalf("rows %v, problems %v, err %v; want the merged unit on both rows", rows, problems, err)
	}
}

// sheetXML wraps rows in a worksheet. A "</sheetData>…<sheetData>" inside rows puts
// elements after the data (it leaves an empty second sheetData, which the checks allow).
func sheetXML(rows string) string {
	return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

func wb(t testing.TB, sheet string) []byte {
	return build(t, func(w *bytes.Buffer) error { return bomb.Workbook(w, sheet) })
}

func readLimited(data []byte, lim Limits) ([]Row, []Problem, error) {
	b, err := Open(bytes.NewReader(data), lim)
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	return b.Read(systems, units)
}

func TestRowTag(t *testing.T) {
	for in, want := range map[string]bool{
		"<row ": true, "<row>": true, "<row/": true, "<x:row ": true, "<x:row>": true,
		"<rows ": false, "a:row ": false, " :row ": false, "<:row ": false, "<row=": false, "&lt;row ": false,
	} {
		b := []byte(in)
		j := bytes.Index(b, []byte("row"))
		if got := j+3 < len(b) && rowTag(b[:j+4], j); got != want {
			t.Errorf("rowTag(%q) = %v, want %v", in, got, want)
		}
	}
}

// Rows written with a namespace prefix, across many chunk boundaries, are counted exactly:
// a sheet at the limit is read, one row more is refused.
func TestCountRowsPrefixed(t *testing.T) {
	sheet := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>`)
		for r := 1; r <= n; r++ {
			fmt.Fprintf(&b, `<x:row r="%d"><x:c r="A%d"><x:v>%d</x:v></x:c></x:row>`, r, r, r)
		}
		b.WriteString(`</x:sheetData></x:worksheet>`)
		return wb(t, b.String())
	}
	lim := Limits{Rows: 5000}
	if _, err := Open(bytes.NewReader(sheet(5000)), lim); err != nil {
		t.Fatalf("5000 rows at a limit of 5000: %v", err)
	}
	_, err := Open(bytes.NewReader(sheet(5001)), lim)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "rows" {
		t.Fatalf("5001 rows at a limit of 5000: %v", err)
	}
}
