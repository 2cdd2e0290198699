package domain_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"archgov/internal/domain"
)

// mainParts are the least content a package's main part has: its root element.
var mainParts = map[string]string{
	"word/document.xml":    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
	"xl/workbook.xml":      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
	"ppt/presentation.xml": `<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`,
	"OFD.xml":              `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>`,
}

// zipWith builds a package holding the named parts: a main part with its root element, any
// other part a stub.
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		body, ok := mainParts[n]
		if !ok {
			body = "<x/>"
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	pdf  = []byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpeg = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}
	ole  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}
)

func TestSniffAttachmentAccepts(t *testing.T) {
	for _, c := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"关停验收报告.pdf", pdf, "application/pdf"},
		{"SCAN.PDF", pdf, "application/pdf"}, // extensions compare without case
		{"机房照片.png", png, "image/png"},
		{"现场.jpeg", jpeg, "image/jpeg"},
		{"现场.jpg", jpeg, "image/jpeg"},
		{"动画.gif", []byte("GIF89a\x01\x00"), "image/gif"},
		{"迁移方案.docx", zipWith(t, "[Content_Types].xml", "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"资源清单.xlsx", zipWith(t, "[Content_Types].xml", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"汇报.pptx", zipWith(t, "ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"批复.ofd", zipWith(t, "OFD.xml", "Doc_0/Document.xml"), "application/ofd"},
		{"旧方案.doc", ole, "application/msword"},
		{"旧台账.xls", ole, "application/vnd.ms-excel"},
		{"公文.wps", ole, "application/vnd.ms-works"},
	} {
		got, err := domain.SniffAttachment(c.name, c.content)
		if err != nil || got != c.want {
			t.Errorf("SniffAttachment(%q) = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestSniffAttachmentRefuses(t *testing.T) {
	for _, c := range []struct {
		name    string
		content []byte
		key     string
	}{
		{"空.pdf", nil, "err.attach.empty"},
		{"page.html", []byte("<!doctype html><script>alert(1)</script>"), "err.attach.type"},
		{"report.pdf", []byte("<!doctype html><script>alert(1)</script>"), "err.attach.type"}, // the name lies
		{"logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "err.attach.type"},
		{"setup.exe", []byte("MZ\x90\x00\x03"), "err.attach.type"},
		{"setup.pdf", []byte("MZ\x90\x00\x03"), "err.attach.type"},
		{"archive.zip", zipWith(t, "a.txt"), "err.attach.type"},
		{"archive.docx", zipWith(t, "a.txt"), "err.attach.type"}, // a zip that is no document
		{"photo.pdf", png, "err.attach.mismatch"},
		{"report.png", pdf, "err.attach.mismatch"},
		{"sheet.docx", zipWith(t, "xl/workbook.xml"), "err.attach.mismatch"},
		{"old.pdf", ole, "err.attach.mismatch"},
		{"noext", pdf, "err.attach.mismatch"},
		{"broken.docx", []byte("PK\x03\x04garbage"), "err.attach.type"},
	} {
		_, err := domain.SniffAttachment(c.name, c.content)
		e := domain.AsError(err)
		if err == nil || e.Code != domain.EInvalid || e.Field != "file" || e.Message != c.key {
			t.Errorf("SniffAttachment(%q) = %v; want %s on field file", c.name, err, c.key)
		}
	}
}

func TestCleanFileName(t *testing.T) {
	long := strings.Repeat("长", 300) + ".pdf"
	for in, want := range map[string]string{
		"报告.pdf":                     "报告.pdf",
		`C:\Users\张三\Desktop\报告.pdf`: "报告.pdf",
		"../../etc/passwd":           "passwd",
		" 报告\x00\n.pdf ":             "报告.pdf",
		`a"b.pdf`:                    "ab.pdf",
		"":                           "",
		"/":                          "",
		long:                         strings.Repeat("长", 196) + ".pdf",
	} {
		if got := domain.CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A project application's materials say what they are (issue 9, FLOW-2); the registers' evidence
// files have no purpose, and a purpose of another kind is refused on its field.
func TestAttachmentPurposes(t *testing.T) {
	for _, c := range []struct {
		kind, purpose string
		ok            bool
	}{
		{"project", "proposal", true}, {"project", "feasibility", true}, {"project", "budget", true}, {"project", "other", true},
		{"project", "", true}, {"system", "", true},
		{"project", "minutes", false}, {"system", "proposal", false}, {"room", "budget", false},
	} {
		err := domain.CheckAttachmentPurpose(c.kind, c.purpose)
		if c.ok != (err == nil) || (!c.ok && domain.AsError(err).Field != "purpose") {
			t.Errorf("%s file for %q: %v", c.kind, c.purpose, err)
		}
	}
}
