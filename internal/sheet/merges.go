package sheet

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Merged ranges are collected while Open checks the sheet's XML (limits.go) rather than
// through excelize.GetMergeCells, which parses the whole worksheet into memory (and makes
// the streaming Rows iterator write it back out first).

// rect is a merged range: 0-based columns, 1-based rows.
type rect struct{ c1, r1, c2, r2 int }

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
	rc, err := openPart(zr, wb)
	if err != nil {
		return parts
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
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
	rc, err := openPart(zr, part)
	if err != nil {
		return nil
	}
	defer rc.Close()
	var out []relationship
	d := xml.NewDecoder(rc)
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

func openPart(zr *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range zr.File {
		// Some writers store parts with a leading slash or in other case.
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f.Open()
		}
	}
	return nil, fs.ErrNotExist
}
