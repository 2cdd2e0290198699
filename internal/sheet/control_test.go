package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

// escaped rewrites ⟦HHHH⟧ in the shared strings of a workbook to OOXML's _xHHHH_ escape, the
// way Excel stores a control character in a cell (excelize writes U+FFFD instead).
func escaped(t *testing.T, data []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/sharedStrings.xml" {
			b = []byte(strings.NewReplacer("⟦", "_x", "⟧", "_").Replace(string(b)))
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Hardening (issue 13) low 2: a cell holding a control character is a problem of its row, as
// the web forms refuse one; tab and line breaks stay text.
func TestReadControlCharacters(t *testing.T) {
	b := newBook(t, "信息系统").
		row("信息系统", 1, headers(systems)...).
		row("信息系统", 2, "A1", "OA⟦0000⟧系统", "区卫生健康委员会", "政务云").
		row("信息系统", 3, "A2", "门户网站", "区教育局", "政务云", nil, nil, nil, nil, nil, nil, nil, "第一行⟦001B⟧[31m").
		row("信息系统", 4, "A3", "门诊系统", "区教育局", "政务云", nil, nil, nil, nil, nil, nil, nil, "第一行\n第二行\t完")
	rows, problems := read(t, escaped(t, b.bytes(t)), systems)
	want := []string{
		"第2行「系统名称」：含有控制字符（只允许制表符和换行）",
		"第3行「建设目的」：含有控制字符（只允许制表符和换行）",
	}
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if got := rows[2].Values["purpose"].Text; got != "第一行\n第二行\t完" {
		t.Errorf("tab and line break: %q", got)
	}
}
