package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Merged ranges are read straight from the sheet's XML rather than through
// excelize.GetMergeCells, which parses the whole worksheet into memory (and
// makes the streaming Rows iterator write it back out first): for a
// 20,000-row sheet that costs more than reading it.

// rect is a merged range: 0-based columns, 1-based rows.
type rect struct{ c1, r1, c2, r2 int }

var mergeRef = regexp.MustCompile(`mergeCell\s[^>]*?ref="([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)"`)

// mergesOf returns the merged ranges of the sheet stored at part. Merges
// only make a messy file easier to read, so a part that cannot be read
// yields none rather than an error; excelize reports real damage.
func mergesOf(zr *zip.Reader, part string) []rect {
	tail, err := afterMarker(zr, part, []byte("mergeCells"))
	if err != nil || tail == nil {
		return nil
	}
	var out []rect
	for _, m := range mergeRef.FindAllSubmatch(tail, -1) {
		c1, r1, err1 := excelize.CellNameToCoordinates(string(m[1]))
		c2, r2, err2 := excelize.CellNameToCoordinates(string(m[2]))
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, rect{min(c1, c2) - 1, min(r1, r2), max(c1, c2) - 1, max(r1, r2)})
	}
	return out
}

// afterMarker returns what follows the first marker in a part, or nil if
// there is none. <mergeCells> comes after <sheetData>, so the sheet's data
// is skimmed in chunks rather than held in memory a second time.
func afterMarker(zr *zip.Reader, part string, marker []byte) ([]byte, error) {
	rc, err := openPart(zr, part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, 0, 64<<10+len(marker))
	for {
		n, err := rc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if i := bytes.Index(buf, marker); i >= 0 {
			rest, rerr := io.ReadAll(rc)
			return append(buf[i:], rest...), rerr
		}
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		// Keep enough of the end to find a marker split across chunks.
		if keep := len(marker) - 1; len(buf) > keep {
			buf = buf[:copy(buf, buf[len(buf)-keep:])]
		}
	}
}

// sheetParts maps sheet names to their parts in the package, following the
// workbook's relationships as the format prescribes.
func sheetParts(zr *zip.Reader) map[string]string {
	wb := "xl/workbook.xml"
	for _, rel := range relationships(zr, "_rels/.rels") {
		if strings.HasSuffix(rel.typ, "/officeDocument") {
			wb = strings.TrimPrefix(rel.target, "/")
		}
	}
	targets := map[string]string{}
	for _, rel := range relationships(zr, path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels")) {
		t := rel.target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(path.Dir(wb), t)
		}
		targets[rel.id] = t
	}
	parts := map[string]string{}
	data, err := readPart(zr, wb)
	if err != nil {
		return parts
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return parts
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		var name, id string
		for _, a := range se.Attr {
			switch {
			case a.Name.Local == "name" && a.Name.Space == "":
				name = a.Value
			case a.Name.Local == "id" && a.Name.Space != "":
				id = a.Value
			}
		}
		if t, ok := targets[id]; ok {
			parts[name] = t
		}
	}
}

type relationship struct{ id, typ, target string }

func relationships(zr *zip.Reader, part string) []relationship {
	data, err := readPart(zr, part)
	if err != nil {
		return nil
	}
	var out []relationship
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		var r relationship
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "Id":
				r.id = a.Value
			case "Type":
				r.typ = a.Value
			case "Target":
				r.target = a.Value
			}
		}
		out = append(out, r)
	}
}

func readPart(zr *zip.Reader, name string) ([]byte, error) {
	rc, err := openPart(zr, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func openPart(zr *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range zr.File {
		// Some writers store parts with a leading slash or in other case.
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f.Open()
		}
	}
	return nil, fs.ErrNotExist
}
