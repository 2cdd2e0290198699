package officialdoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// FontCandidates are where the PDF's font is looked for when none is configured: freely
// licensed TrueType fonts with the GB 2312 characters, as Debian installs them — AR PL SungtiL GB
// (fonts-arphic-gbsn00lp, 宋体) and AR PL KaitiM GB (fonts-arphic-gkai00mp, 楷体), both under the
// Arphic Public License. (fonts-cwtex-fs, a TrueType 仿宋, has the traditional characters only;
// fonts-wqy-zenhei is a collection, .ttc, which the PDF writer does not read.)
var FontCandidates = []string{
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
	"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
}

// ErrNoFont is a PDF asked for without a usable font; FontError says which path and why.
var ErrNoFont = errors.New("officialdoc: no CJK TrueType font")

// FontError is a font that could not be used: the path tried (empty: none of the candidates
// exists) and the reason.
type FontError struct {
	Path   string
	Reason string
}

func (e *FontError) Error() string {
	if e.Path == "" {
		return "officialdoc: no CJK TrueType font found (tried the configured path and the known ones)"
	}
	return fmt.Sprintf("officialdoc: font %s: %s", e.Path, e.Reason)
}

func (e *FontError) Unwrap() error { return ErrNoFont }

// Font is a TrueType font read into memory, embedded (subset) into every PDF.
type Font struct {
	Path string
	data []byte
}

// LoadFont reads the font at path, or when path is empty the first of FontCandidates that
// exists. A missing file, a collection (.ttc) or anything but TrueType outlines is a FontError.
func LoadFont(path string) (*Font, error) {
	if path == "" {
		for _, c := range FontCandidates {
			if _, err := os.Stat(c); err == nil {
				path = c
				break
			}
		}
		if path == "" {
			return nil, &FontError{}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &FontError{Path: path, Reason: "no such file"}
		}
		return nil, &FontError{Path: path, Reason: err.Error()}
	}
	switch {
	case len(b) < 12:
		return nil, &FontError{Path: path, Reason: "not a font"}
	case bytes.HasPrefix(b, []byte("ttcf")):
		return nil, &FontError{Path: path, Reason: "a font collection (.ttc); name one TrueType font (.ttf)"}
	case bytes.HasPrefix(b, []byte("OTTO")):
		return nil, &FontError{Path: path, Reason: "CFF (PostScript) outlines; the PDF writer needs TrueType outlines (.ttf)"}
	case !bytes.HasPrefix(b, []byte{0, 1, 0, 0}) && !bytes.HasPrefix(b, []byte("true")):
		return nil, &FontError{Path: path, Reason: "not a TrueType font"}
	}
	return &Font{Path: path, data: b}, nil
}

// WritePDF draws the layout of d with font f, embedding the characters used. The font's faces
// stand for every face the standard names: the colours, sizes and places are the standard's, the
// glyphs the one freely licensed font's (documents.md).
func WritePDF(w io.Writer, d *Doc, l *Layout, f *Font) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true)
	stamp := d.Date
	if stamp.IsZero() {
		stamp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetTitle(d.Title, true)
	pdf.SetAuthor(d.Signer, true)
	pdf.SetCreator("archgov", true)
	pdf.AddUTF8FontFromBytes("cjk", "", f.data)
	if err := pdf.Error(); err != nil {
		return &FontError{Path: f.Path, Reason: err.Error()}
	}
	for p := 1; p <= l.Pages; p++ {
		pdf.AddPage()
		for _, r := range l.Rules {
			if r.Page != p {
				continue
			}
			if r.Red {
				pdf.SetDrawColor(230, 0, 0)
			} else {
				pdf.SetDrawColor(0, 0, 0)
			}
			pdf.SetLineWidth(r.Width)
			pdf.Line(r.X1, r.Y, r.X2, r.Y)
		}
		for _, ln := range l.Lines {
			if ln.Page != p {
				continue
			}
			pdf.SetFont("cjk", "", ln.Size)
			if ln.Red {
				pdf.SetTextColor(230, 0, 0)
			} else {
				pdf.SetTextColor(0, 0, 0)
			}
			// Character by character on the grid: the font's own advance is not the grid's.
			x := ln.X
			for _, r := range ln.Text {
				if r != ' ' {
					pdf.Text(x, ln.Y, string(r))
				}
				x += float64(width(r)) * ln.Advance / 2
			}
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("officialdoc: pdf: %w", err)
	}
	return pdf.Output(w)
}
