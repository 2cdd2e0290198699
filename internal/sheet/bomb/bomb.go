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

// Whitespace writes a workbook whose sheet holds size bytes of whitespace before its rows:
// 1.2 GB of it fits in about 1.2 MB.
func Whitespace(w io.Writer, size int64) error {
	return write(w, func(s io.Writer) error {
		if _, err := io.WriteString(s, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n<worksheet "+ns+"><sheetData>"); err != nil {
			return err
		}
		if err := spaces(s, size); err != nil {
			return err
		}
		return tail(s, 1)
	}, nil)
}

// EarlyMerges writes a workbook whose sheet lists its merged cells first, then size bytes
// of whitespace: a reader that looks for <mergeCells> and then takes the rest of the part
// into memory takes all of it.
func EarlyMerges(w io.Writer, size int64) error {
	return write(w, func(s io.Writer) error {
		if _, err := io.WriteString(s, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n<worksheet "+ns+
			`><mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="A3:A9"/></mergeCells><sheetData>`); err != nil {
			return err
		}
		if err := spaces(s, size); err != nil {
			return err
		}
		return tail(s, 1)
	}, nil)
}

// LongText writes a workbook whose one data cell holds size digits: within the part limits,
// but a reader that parses the cell holds all of it at once, more than once.
func LongText(w io.Writer, size int64) error {
	return write(w, func(s io.Writer) error {
		if _, err := io.WriteString(s, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n<worksheet "+ns+"><sheetData>"); err != nil {
			return err
		}
		if err := row(s, 1, Header); err != nil {
			return err
		}
		if _, err := io.WriteString(s, `<row r="2"><c r="A2"><v>`); err != nil {
			return err
		}
		digits := strings.Repeat("9", 1<<20)
		for n := size; n > 0; n -= int64(len(digits)) {
			if _, err := io.WriteString(s, digits[:min(n, int64(len(digits)))]); err != nil {
				return err
			}
		}
		_, err := io.WriteString(s, "</v></c></row></sheetData></worksheet>")
		return err
	}, nil)
}

// HugeStyles writes a small valid sheet beside an xl/styles.xml of size bytes.
func HugeStyles(w io.Writer, size int64) error {
	styles := func(s io.Writer) error {
		if _, err := io.WriteString(s, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`); err != nil {
			return err
		}
		if err := spaces(s, size); err != nil {
			return err
		}
		_, err := io.WriteString(s, `</styleSheet>`)
		return err
	}
	return write(w, func(s io.Writer) error {
		if _, err := io.WriteString(s, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n<worksheet "+ns+"><sheetData>"); err != nil {
			return err
		}
		return tail(s, 1)
	}, styles)
}

// Rows writes a workbook whose sheet has the header and n data rows of a code and a number.
func Rows(w io.Writer, n int) error {
	return write(w, func(s io.Writer) error {
		if _, err := io.WriteString(s, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n<worksheet "+ns+"><sheetData>"); err != nil {
			return err
		}
		if err := row(s, 1, Header); err != nil {
			return err
		}
		// Two short cells a row keep 600,000 rows within the other limits (about 50 MB
		// unpacked), so that it is the row count that refuses them.
		for i := range n {
			r := i + 2
			if _, err := fmt.Fprintf(s, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>XT-%06d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, i, r, i); err != nil {
				return err
			}
		}
		_, err := io.WriteString(s, "</sheetData></worksheet>")
		return err
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
	return write(w, func(s io.Writer) error {
		_, err := io.WriteString(s, sheetXML)
		return err
	}, nil)
}

// write writes the package around one sheet named 信息系统, and a styles part if given.
func write(w io.Writer, sheet, styles func(io.Writer) error) error {
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
		write func(io.Writer) error
	}{
		{"[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			types + `</Types>`)},
		{"_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`)},
		{"xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<workbook ` + ns + `><sheets><sheet name="信息系统" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`)},
		{"xl/worksheets/sheet1.xml", sheet},
	}
	if styles != nil {
		parts = append(parts, struct {
			name  string
			write func(io.Writer) error
		}{"xl/styles.xml", styles})
	}
	for _, p := range parts {
		fw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if err := p.write(fw); err != nil {
			return err
		}
	}
	return zw.Close()
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

var blanks = strings.Repeat(" ", 1<<20)

func spaces(w io.Writer, n int64) error {
	for n > 0 {
		k := min(n, int64(len(blanks)))
		if _, err := io.WriteString(w, blanks[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// tail writes the header row at row r and closes the sheet.
func tail(w io.Writer, r int) error {
	if err := row(w, r, Header); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</sheetData></worksheet>")
	return err
}

func row(w io.Writer, r int, cells []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, r, c)
	}
	b.WriteString("</row>")
	_, err := io.WriteString(w, b.String())
	return err
}
