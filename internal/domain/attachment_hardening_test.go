package domain_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"archgov/internal/domain"
)

// zipParts builds a package from part names and contents as given.
func zipParts(t *testing.T, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Hardening (issue 13) low 10: a name with a bidi control or another invisible format
// character is refused (naming the file with the character made visible), and a package whose
// main part is empty or not that part is not accepted as a document.
func TestSniffAttachmentHardening(t *testing.T) {
	for _, c := range []struct {
		what, name string
		content    []byte
		key, arg   string
	}{
		{"right-to-left override", "验收报告\u202Efdp.exe", pdf, "err.attach.name_format", "验收报告<U+202E>fdp.exe"},
		{"left-to-right isolate", "报告\u2066.pdf", pdf, "err.attach.name_format", "报告<U+2066>.pdf"},
		{"zero-width space", "报\u200B告.pdf", pdf, "err.attach.name_format", "报<U+200B>告.pdf"},
		{"right-to-left mark", "报告\u200F.pdf", pdf, "err.attach.name_format", "报告<U+200F>.pdf"},
		{"empty word/document.xml", "方案.docx", zipParts(t, "[Content_Types].xml", "<Types/>", "word/document.xml", ""), "err.attach.hollow", "attach.kind.word"},
		{"blank word/document.xml", "方案.docx", zipParts(t, "word/document.xml", "  \n "), "err.attach.hollow", "attach.kind.word"},
		{"text as word/document.xml", "方案.docx", zipParts(t, "word/document.xml", "hello"), "err.attach.hollow", "attach.kind.word"},
		{"another root in word/document.xml", "方案.docx", zipParts(t, "word/document.xml", "<html/>"), "err.attach.hollow", "attach.kind.word"},
		{"empty xl/workbook.xml", "清单.xlsx", zipParts(t, "xl/workbook.xml", ""), "err.attach.hollow", "attach.kind.excel"},
		{"empty OFD.xml", "批复.ofd", zipParts(t, "OFD.xml", ""), "err.attach.hollow", "attach.kind.ofd"},
	} {
		_, err := domain.SniffAttachment(c.name, c.content)
		e := domain.AsError(err)
		if err == nil || e.Code != domain.EInvalid || e.Field != "file" || e.Message != c.key || len(e.Args) != 1 || e.Args[0] != c.arg {
			t.Errorf("%s: got %v (args %v), want %s(%s) on file", c.what, err, e.Args, c.key, c.arg)
		}
	}
	// A real main part, with a declaration and whitespace before the root, is a document.
	doc := zipParts(t, "word/document.xml", "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"urn:w\"><w:body/></w:document>")
	if _, err := domain.SniffAttachment("方案.docx", doc); err != nil {
		t.Errorf("a complete .docx: %v", err)
	}
	// Chinese, spaces and ordinary punctuation are not format characters.
	if _, err := domain.SniffAttachment("2026 年 验收报告（盖章版）-终稿.pdf", pdf); err != nil {
		t.Errorf("an ordinary name: %v", err)
	}
}
