// Package bomb writes the spreadsheet bombs an import must refuse (docs/PERFORMANCE.md,
// "Spreadsheet bombs"; scripts/bombs.sh): small .xlsx files that unpack, or parse, into far
// more than they look. Every file is made in code, the same bytes each time, so none is kept
// in the repository. tools/bombs writes the full-size set; the tests use small sizes.
package bomb

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
)

const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// Header is the header row every bomb's sheet carries, so that a reader that got past the
// limits would take it for a registry's sheet.
var Header = []string{"系统编码", "系统名称", "所属单位", "托管方式"}

// xmlHead opens every part.
const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// sheetHead opens a sheet's XML and its data.
const sheetHead = xmlHead + "<worksheet " + ns + "><sheetData>"

// Whitespace writes a workbook whose sheet holds size bytes of whitespace before its rows:
// 1.2 GB of it fits in about 1.2 MB.
func Whitespace(w io.Writer, size int64) error {
	return write(w, func(s *part) {
		s.put(sheetHead)
		s.spaces(size)
		s.tail(1)
	}, nil)
}

// EarlyMerges writes a workbook whose sheet lists its merged cells first, then size bytes
// of whitespace: a reader that looks for <mergeCells> and then takes the rest of the part
// into memory takes all of it.
func EarlyMerges(w io.Writer, size int64) error {
	return write(w, func(s *part) {
		s.put(xmlHead + "<worksheet " + ns +
			`><mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="A3:A9"/></mergeCells><sheetData>`)
		s.spaces(size)
		s.tail(1)
	}, nil)
}

// LongText writes a workbook whose one data cell holds size digits: within the part limits,
// but a reader that parses the cell holds all of it at once, more than once.
func LongText(w io.Writer, size int64) error {
	return write(w, func(s *part) {
		s.put(sheetHead)
		s.row(1, Header)
		s.put(`<row r="2"><c r="A2"><v>`)
		digits := strings.Repeat("9", 1<<20)
		for n := size; n > 0 && s.err == nil; n -= int64(len(digits)) {
			s.put(digits[:min(n, int64(len(digits)))])
		}
		s.put("</v></c></row></sheetData></worksheet>")
	}, nil)
}

// HugeStyles writes a small valid sheet beside an xl/styles.xml of size bytes.
func HugeStyles(w io.Writer, size int64) error {
	styles := func(s *part) {
		s.put(xmlHead + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		s.spaces(size)
		s.put(`</styleSheet>`)
	}
	return write(w, func(s *part) {
		s.put(sheetHead)
		s.tail(1)
	}, styles)
}

// Rows writes a workbook whose sheet has the header and n data rows of a code and a number.
func Rows(w io.Writer, n int) error {
	return write(w, func(s *part) {
		s.put(sheetHead)
		s.row(1, Header)
		// Two short cells a row keep 600,000 rows within the other limits (about 50 MB
		// unpacked), so that it is the row count that refuses them.
		for i := 0; i < n && s.err == nil; i++ {
			r := i + 2
			s.put(fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>XT-%06d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, i, r, i))
		}
		s.put("</sheetData></worksheet>")
	}, nil)
}

// LyingSizes writes a workbook whose sheet says in the zip's directory that it unpacks to
// 1 KB while it unpacks to size bytes: a reader that trusts the directory is fooled.
func LyingSizes(w io.Writer, size int64) error {
	var honest bytes.Buffer
	if err := Whitespace(&honest, size); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(honest.Bytes()), int64(honest.Len()))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		h := f.FileHeader
		if f.Name == "xl/worksheets/sheet1.xml" {
			h.UncompressedSize64 = 1 << 10
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return err
		}
		fw, err := zw.CreateRaw(&h)
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, raw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// CutPart rewrites an .xlsx file with one part cut to its first keep bytes, the rest of the
// zip intact: a sheet cut short as a broken copy or a failed save leaves it.
func CutPart(xlsx []byte, part string, keep func(size int) int) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if f.Name == part {
			data, found = data[:keep(len(data))], true
		}
		fw, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(data); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("bomb: no part %s", part)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Workbook writes a valid one-sheet workbook from the sheet's XML, for tests that build odd
// sheets by hand.
func Workbook(w io.Writer, sheetXML string) error {
	return write(w, text(sheetXML), nil)
}

func write(w io.Writer, sheet, styles func(*part)) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	types := `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if styles != nil {
		types += `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	}
	parts := []struct {
		name  string
		write func(*part)
	}{
		{"[Content_Types].xml", text(xmlHead +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			types + `</Types>`)},
		{"_rels/.rels", text(xmlHead +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`)},
		{"xl/workbook.xml", text(xmlHead +
			`<workbook ` + ns + `><sheets><sheet name="信息系统" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", text(xmlHead +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`)},
		{"xl/worksheets/sheet1.xml", sheet},
	}
	if styles != nil {
		parts = append(parts, struct {
			name  string
			write func(*part)
		}{"xl/styles.xml", styles})
	}
	for _, p := range parts {
		fw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		pw := &part{w: fw}
		if p.write(pw); pw.err != nil {
			return pw.err
		}
	}
	return zw.Close()
}

// part writes one part of the zip and keeps the first error, after which it writes nothing.
type part struct {
	w   io.Writer
	err error
}

func (p *part) put(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

func text(s string) func(*part) { return func(p *part) { p.put(s) } }

var blanks = strings.Repeat(" ", 1<<20)

func (p *part) spaces(n int64) {
	for ; n > 0 && p.err == nil; n -= min(n, int64(len(blanks))) {
		p.put(blanks[:min(n, int64(len(blanks)))])
	}
}

// tail writes the header row at row r and closes the sheet.
func (p *part) tail(r int) {
	p.row(r, Header)
	p.put("</sheetData></worksheet>")
}

func (p *part) row(r int, cells []string) {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, r, c)
	}
	b.WriteString("</row>")
	p.put(b.String())
}
