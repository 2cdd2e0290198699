package domain

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is an evidence file on a record: a closing certificate for a machine room, a
// migration acceptance report, a cleanup filing. The content lives in the database (so a
// backup holds it and every replica serves it); its SM3 digest proves it unchanged.
type Attachment struct {
	ID          int64     `json:"id"`
	EntityType  string    `json:"entity_type"` // the record it belongs to: system, room, ...
	EntityID    int64     `json:"entity_id"`
	UnitID      int64     `json:"unit_id"` // the owning record's unit
	Name        string    `json:"name"`
	Purpose     string    `json:"purpose,omitempty"` // what the file is for, one of AttachmentPurposes(EntityType)
	ContentType string    `json:"content_type"`      // decided from the content, never from the name
	Size        int64     `json:"size"`
	SM3         string    `json:"sm3"` // hex digest of the content
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// AttachmentPurposes are what a file on a record of entityType may be for, in the order a form
// offers them; none for the kinds whose files are simply evidence. A project application's
// materials (issue 9, FLOW-2): the proposal, the feasibility study, the budget sheet, or another.
func AttachmentPurposes(entityType string) []string {
	switch entityType {
	case "project":
		return []string{"proposal", "feasibility", "budget", "other"}
	case "project_stage": // the evidence of a stage's materials (FLOW-4): the stage
		return strs(MaterialStages)
	}
	return nil
}

// CheckAttachmentPurpose refuses a purpose the record kind does not know (422 on purpose); the
// empty purpose is always accepted (a file of no particular purpose).
func CheckAttachmentPurpose(entityType, purpose string) error {
	if purpose == "" || slices.Contains(AttachmentPurposes(entityType), purpose) {
		return nil
	}
	return Invalid("purpose", "err.attach.purpose", purpose)
}

// DefaultMaxAttachment is the size limit of one file unless configured otherwise.
const DefaultMaxAttachment = 20 << 20

// fileKind is a type of file we accept: its media type, the extensions a name may carry, and
// its name in messages.
type fileKind struct {
	mime  string
	exts  []string
	label string // i18n key
}

var (
	kindPDF  = fileKind{"application/pdf", []string{".pdf"}, "attach.kind.pdf"}
	kindOFD  = fileKind{"application/ofd", []string{".ofd"}, "attach.kind.ofd"}
	kindPNG  = fileKind{"image/png", []string{".png"}, "attach.kind.image"}
	kindJPEG = fileKind{"image/jpeg", []string{".jpg", ".jpeg"}, "attach.kind.image"}
	kindGIF  = fileKind{"image/gif", []string{".gif"}, "attach.kind.image"}
	kindDOCX = fileKind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}, "attach.kind.word"}
	kindXLSX = fileKind{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}, "attach.kind.excel"}
	kindPPTX = fileKind{"application/vnd.openxmlformats-officedocument.presentationml.presentation", []string{".pptx"}, "attach.kind.ppt"}
	// Office 97-2003 and WPS files share one container (OLE2); which program wrote one is
	// told by the extension, which must be one of these.
	kindOLE = map[string]string{".doc": "application/msword", ".xls": "application/vnd.ms-excel",
		".ppt": "application/vnd.ms-powerpoint", ".wps": "application/vnd.ms-works", ".et": "application/vnd.ms-excel"}
)

// SniffAttachment decides a file's type from its content and checks that its name agrees
// (and holds no invisible format characters):
// PDF, OFD, PNG/JPEG/GIF images, and Word, Excel and PowerPoint documents (current and
// 97-2003, WPS). Anything else, and a name that claims another type, is refused, so a
// script renamed to .pdf never reaches a colleague's browser.
func SniffAttachment(name string, content []byte) (string, error) {
	if formatChars(name) {
		return "", Invalid("file", "err.attach.name_format", visibleName(name))
	}
	if len(content) == 0 {
		return "", Invalid("file", "err.attach.empty")
	}
	ext := strings.ToLower(path.Ext(name))
	var k fileKind
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		k = kindPDF
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")):
		k = kindPNG
	case bytes.HasPrefix(content, []byte{0xFF, 0xD8, 0xFF}):
		k = kindJPEG
	case bytes.HasPrefix(content, []byte("GIF87a")), bytes.HasPrefix(content, []byte("GIF89a")):
		k = kindGIF
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		var ok bool
		if k, ok = sniffZip(content); !ok {
			if k.mime != "" {
				return "", Invalid("file", "err.attach.hollow", k.label)
			}
			return "", Invalid("file", "err.attach.type")
		}
	case bytes.HasPrefix(content, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if m, ok := kindOLE[ext]; ok {
			return m, nil
		}
		return "", Invalid("file", "err.attach.mismatch", "attach.kind.office97", ext)
	default:
		return "", Invalid("file", "err.attach.type")
	}
	if !slices.Contains(k.exts, ext) {
		return "", Invalid("file", "err.attach.mismatch", k.label, ext)
	}
	return k.mime, nil
}

// sniffZip tells the Office Open XML documents and OFD (GB/T 33190) apart by the parts their
// package names; it reads the directory only, never inflates a part.
func sniffZip(content []byte) (fileKind, bool) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return fileKind{}, false
	}
	for _, f := range zr.File {
		var k fileKind
		var root string // the root element the main part must open with
		switch f.Name {
		case "word/document.xml":
			k, root = kindDOCX, "document"
		case "xl/workbook.xml":
			k, root = kindXLSX, "workbook"
		case "ppt/presentation.xml":
			k, root = kindPPTX, "presentation"
		case "OFD.xml":
			k, root = kindOFD, "OFD"
		default:
			continue
		}
		// A package whose main part is empty or not that part (a zip with an empty
		// word/document.xml) is no document, whatever its directory says.
		return k, opensWith(f, root)
	}
	return fileKind{}, false
}

// opensWith reports whether a package part is XML whose root element is named root. It
// inflates at most 64 KiB of the part, whatever size the directory claims.
func opensWith(f *zip.File, root string) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, 64<<10))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local == root
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return false
			}
		}
	}
}

// formatChars reports whether a file name holds a format character (Unicode Cf): the bidi
// controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F), zero-width characters, the BOM. They
// are invisible, and U+202E makes "报告\u202Efdp.exe" display as "报告exe.pdf".
func formatChars(name string) bool {
	return strings.IndexFunc(name, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) >= 0
}

// visibleName writes each format character of name as <U+XXXX>, so a message can name the
// file without being turned around by it.
func visibleName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.Is(unicode.Cf, r) {
			fmt.Fprintf(&b, "<U+%04X>", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CleanFileName keeps the last element of an uploaded name, without control characters, at
// most 200 characters; "" when nothing is left.
func CleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" {
		return ""
	}
	if utf8.RuneCountInString(name) <= 200 {
		return name
	}
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 20 {
		ext = ""
	}
	base := []rune(strings.TrimSuffix(name, ext))
	return string(base[:200-utf8.RuneCountInString(ext)]) + ext
}
