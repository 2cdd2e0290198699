package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/store"
)

// A unit's contact attaches a scanned filing to a system, sees it listed with its checksum,
// is refused a renamed file with a plain message, and deletes the file after confirming.
func TestBrowserAttachEvidence(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 300*time.Second)
	weijian, err := svc.DB().Read().UnitByCode(ctx, "320507119")
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Systems(ctx, cli, store.SystemFilter{UnitID: weijian.ID, Limit: 1})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("no system of 区卫健委: %v", err)
	}
	sysURL := base + "/systems/" + strconv.FormatInt(p.Items[0].ID, 10)

	dir := t.TempDir()
	good := filepath.Join(dir, "验收报告.pdf")
	os.WriteFile(good, []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"), 0o644)
	renamed := filepath.Join(dir, "截图.pdf")
	os.WriteFile(renamed, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)

	tab := logIn(t, browserCtx, base, "weijian", "褚佳敏")
	answerDialogs(t, tab, nil)

	upload(t, tab, "upload a PDF to the system", sysURL, `#attachments form.upload`, good, `div.flash`)
	if list := get(t, tab, "read the attachments", chromedp.Text(css(`#attachments table`))); !strings.Contains(list, "验收报告.pdf") || !strings.Contains(list, "weijian") {
		t.Errorf("attachments after upload: %q", list)
	}
	savePage(t, tab, "attachments.png")

	upload(t, tab, "upload a PNG named .pdf", sysURL, `#attachments form.upload`, renamed, `#attachment-error`)
	if msg := get(t, tab, "read the refusal", chromedp.Text(css(`#attachment-error`))); !strings.Contains(msg, "文件内容是图片，与扩展名“.pdf”不符") {
		t.Errorf("refusal %q", msg)
	}

	do(t, tab, "delete the PDF after confirming",
		chromedp.Navigate(sysURL),
		chromedp.WaitVisible(css(`#attachments table button.danger`)),
		chromedp.Click(css(`#attachments table button.danger`)),
		chromedp.WaitVisible(css(`div.flash`)),
	)
	if text := get(t, tab, "read the section", chromedp.Text(css(`#attachments`))); !strings.Contains(text, "暂无附件") {
		t.Errorf("after delete: %q", text)
	}
}
