package officialdoc

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// DocxText reads back a .docx's document.xml: one row a paragraph (its first run's
// East Asian face, size in pt, alignment, and its text, line breaks as " / ", tabs as " ⇥ ").
// It is what the golden tests compare; a document that is not a zip of well-formed XML is an
// error.
func DocxText(b []byte) (string, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", err
	}
	var doc []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				return "", err
			}
			doc, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return "", err
			}
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out strings.Builder
	var face, size, jc string
	var text strings.Builder
	inT, inRun := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("officialdoc: document.xml is not well-formed: %w", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			attr := func(n string) string {
				for _, a := range e.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			switch e.Name.Local {
			case "p":
				face, size, jc = "", "", "both"
				text.Reset()
			case "rFonts":
				if face == "" {
					face = attr("eastAsia")
				}
			case "sz":
				if size == "" {
					size = attr("val")
				}
			case "jc":
				jc = attr("val")
			case "t":
				inT = true
			case "br":
				text.WriteString(" / ")
			case "tab":
				if inRun {
					text.WriteString(" ⇥ ")
				}
			case "r":
				inRun = true
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "t":
				inT = false
			case "r":
				inRun = false
			case "p":
				if text.Len() == 0 {
					out.WriteString("(blank)\n")
					continue
				}
				fmt.Fprintf(&out, "%s %spt/2 %s| %s\n", face, size, jc, text.String())
			}
		case xml.CharData:
			if inT {
				text.Write(e)
			}
		}
	}
	return out.String(), nil
}
