package officialdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RenderFirstPage renders a PDF's first page to PNG with pdftoppm (72 dpi) and checks it is a
// page of A4 proportions with ink on it.
func RenderFirstPage(t *testing.T, pdf []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(needTool(t, "pdftoppm"), "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatal("pdftoppm wrote no PNG")
	}
	return png
}
