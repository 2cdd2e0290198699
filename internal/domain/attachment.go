package domain

import (
	"archive/zip"
	"bytes"
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
	ContentType string    `json:"content_type"` // decided from the content, never from the name
	Size        int64     `json:"size"`
	SM3         string    `json:"sm3"` // hex digest of the content
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
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

// SniffAttachment decides a file's type from its content and checks that its name agrees:
// PDF, OFD, PNG/JPEG/GIF images, and Word, Excel and PowerPoint documents (current and
// 97-2003, WPS). Anything else, and a name that claims another type, is refused, so a
// script renamed to .pdf never reaches a colleague's browser.
func SniffAttachment(name string, content []byte) (string, error) {
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
		switch f.Name {
		case "word/document.xml":
			return kindDOCX, true
		case "xl/workbook.xml":
			return kindXLSX, true
		case "ppt/presentation.xml":
			return kindPPTX, true
		case "OFD.xml":
			return kindOFD, true
		}
	}
	return fileKind{}, false
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
