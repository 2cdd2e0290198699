package web_test

// Official documents (公文, GB/T 9704-2012, issue 12) over HTTP on the demo: the task book and a
// rectification notice download as .docx and PDF from their pages and the API, and their text
// matches the golden files (the .docx's paragraphs, the layout's lines, which the PDF's text
// holds); a unit that may not read them gets 404; the opinion, a published round's announcement
// and a guide's notice download too; without a font the PDF is refused with a message saying
// what to install, and the .docx still works.

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/officialdoc"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the official documents' golden files (testdata/offdocs)")

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

func docGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "offdocs", name)
	if *updateDocs {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update-docs writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from its golden file (-update-docs):\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// pdfPages is the text of each page of a PDF as pdftotext reads it, without white space. CI
// installs poppler-utils (.ci/run); elsewhere a missing pdftotext skips.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext missing in CI (poppler-utils)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	cmd := exec.Command(tool, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var pages []string
	for _, p := range strings.Split(string(out), "\f") {
		pages = append(pages, strings.Join(strings.Fields(p), ""))
	}
	return pages
}

// needDocFont fails in CI without the font .ci/run installs, and skips elsewhere.
func needDocFont(t *testing.T) {
	t.Helper()
	if _, err := officialdoc.LoadFont(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no PDF font in CI (fonts-arphic-gbsn00lp): %v", err)
		}
		t.Skipf("no PDF font: %v", err)
	}
}

// checkDocument downloads the document at base as .docx and PDF as user, through the page and
// the API, and compares it with the golden files name.*: the .docx's paragraphs and the
// layout's lines; every line is in the PDF's text, on its page.
func checkDocument(t *testing.T, s *site, user, base, name string, d *app.OfficialDoc) {
	t.Helper()
	b := s.login(user)
	docx := b.get(base + "/document.docx")
	if docx.status != 200 || docx.header.Get("Content-Type") != docxType || !strings.Contains(docx.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("%s.docx: %d %s %s", base, docx.status, docx.header.Get("Content-Type"), docx.header.Get("Content-Disposition"))
	}
	text, err := officialdoc.DocxText(docx.body)
	if err != nil {
		t.Fatalf("%s.docx: %v", base, err)
	}
	docGolden(t, name+".docx.txt", text)
	api := s.api("GET", "/api/v1"+base+"/document.docx", user, "")
	if api.status != 200 || !bytes.Equal(api.body, docx.body) {
		t.Errorf("the API's %s.docx: %d, same bytes as the page's: %v", base, api.status, bytes.Equal(api.body, docx.body))
	}
	l := officialdoc.Lay(d.Doc)
	docGolden(t, name+".layout.txt", l.String())
	pdf := b.get(base + "/document.pdf")
	if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.body, []byte("%PDF-")) {
		t.Fatalf("%s.pdf: %d %s", base, pdf.status, pdf.header.Get("Content-Type"))
	}
	if out := os.Getenv("ARCHGOV_DOC_SCREENSHOT"); out != "" && name == "taskbook" {
		// docs/img/offdocs-taskbook.png: ARCHGOV_DOC_SCREENSHOT=$PWD/docs/img/offdocs-taskbook.png
		// go test ./internal/web -run TestOfficialDocuments
		in := filepath.Join(t.TempDir(), "doc.pdf")
		os.WriteFile(in, pdf.body, 0o644)
		if b, err := exec.Command("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", in, strings.TrimSuffix(out, ".png")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
	}
	pages := pdfPages(t, pdf.body)
	for _, ln := range l.Lines {
		if want := strings.Join(strings.Fields(ln.Text), ""); ln.Page > len(pages) || !strings.Contains(pages[ln.Page-1], want) {
			t.Errorf("%s.pdf page %d lacks %q (%s)", base, ln.Page, want, ln.Role)
		}
	}
}

func TestOfficialDocuments(t *testing.T) {
	t.Parallel()
	needDocFont(t)
	s := newSite(t, testdb.Backends(t)[0])
	sys := app.SystemActor()
	p, tb, contact := s.biddingProject()

	// The task book: its page links the downloads; the unit's contact downloads it.
	tbBase := fmt.Sprintf("/projects/%d/task-book", p.ID)
	mustContain(t, "task book page", s.login(contact).get(tbBase), `id="offdoc-links"`, `href="`+tbBase+`/document.docx"`, `href="`+tbBase+`/document.pdf"`)
	d, err := s.svc.TaskBookDoc(s.ctx, sys, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, s, contact, tbBase, "taskbook", d)
	if d.Doc.Number != tb.DocNumber || !strings.Contains(d.Doc.Title, tb.ProjectName) {
		t.Errorf("task book document %q %q, want %q and the project's name", d.Doc.Number, d.Doc.Title, tb.DocNumber)
	}

	// A rectification notice found at bidding (FLOW-4): the finance and audit bureaus in 抄送.
	var x domain.Rectification
	s.apiJSON("POST", "/api/v1/rectifications", "office", fmt.Sprintf(`{"project_id":%d,"source":"office","stage":"bidding","items":[{"clause":%q,"outcome":"partial","problem":"招标文件未写入该要求"}],"deadline_days":10}`,
		p.ID, tb.Requirements[0].Clause), &x)
	rBase := fmt.Sprintf("/rectifications/%d", x.ID)
	mustContain(t, "notice page", s.login("office").get(rBase), `id="offdoc-links"`, `href="`+rBase+`/document.pdf"`)
	rd, err := s.svc.RectificationDoc(s.ctx, sys, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, s, "office", rBase, "rectification", rd)

	// Hidden from another unit: 404 on the page's downloads and in the API alike.
	for _, path := range []string{tbBase + "/document.docx", tbBase + "/document.pdf", rBase + "/document.pdf"} {
		mustAnswer(t, "another unit's "+path, s.login("jiaoyu").get(path), 404)
		if r := s.api("GET", "/api/v1"+path, "jiaoyu", ""); r.status != 404 {
			t.Errorf("API %s as jiaoyu: %d, want 404", path, r.status)
		}
	}

	// The other three documents, from the demo's records.
	projects, err := s.svc.Projects(s.ctx, sys, app.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	opinion := false
	for _, q := range projects.Items {
		if o, err := s.svc.ProjectOpinion(s.ctx, sys, q.ID); err == nil && o.ID != 0 {
			r := s.api("GET", fmt.Sprintf("/api/v1/projects/%d/opinion/document.docx", q.ID), "office", "")
			text, err := officialdoc.DocxText(r.body)
			if r.status != 200 || err != nil || !strings.Contains(text, "治理审核意见") || !strings.Contains(text, q.Name) {
				t.Errorf("opinion of %d: %d %v\n%s", q.ID, r.status, err, text)
			}
			opinion = true
			break
		}
	}
	if !opinion {
		t.Error("no demo application has an opinion")
	}
	rounds, err := s.svc.CheckRounds(s.ctx, sys, app.CheckRoundFilter{})
	if err != nil {
		t.Fatal(err)
	}
	announced := false
	for _, rd := range rounds.Items {
		path := fmt.Sprintf("/spot-checks/%d/document.pdf", rd.ID)
		r := s.login(contact).get(path)
		if !rd.Published() {
			mustAnswer(t, "an unpublished round's announcement", r, 404)
			continue
		}
		if r.status != 200 || !strings.Contains(strings.Join(pdfPages(t, r.body), ""), "结果的公告") {
			t.Errorf("%s: %d", path, r.status)
		}
		announced = true
	}
	if !announced {
		t.Error("no published demo round")
	}
	guides, err := s.svc.Guides(s.ctx, sys, store.GuideFilter{})
	if err != nil || len(guides.Items) == 0 {
		t.Fatalf("guides: %v", err)
	}
	g := guides.Items[0]
	r := s.login(contact).get(fmt.Sprintf("/guides/%d/document.docx", g.ID))
	if text, err := officialdoc.DocxText(r.body); r.status != 200 || err != nil || !strings.Contains(strings.ReplaceAll(text, " / ", ""), "关于印发《"+g.Title+"》的通知") {
		t.Errorf("guide notice: %d %v\n%s", r.status, err, text)
	}
}

// TestOfficialDocumentWithoutFont: a server without the font refuses the PDF with a message
// saying what to install and how to configure it (503), in the page and in the API, in the
// user's language; the .docx still works.
func TestOfficialDocumentWithoutFont(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "none.ttf")
	s := newSiteWith(t, testdb.Backends(t)[0], siteConfig{web: web.Config{DocFont: missing}})
	p, _, contact := s.biddingProject()
	base := fmt.Sprintf("/projects/%d/task-book", p.ID)
	b := s.login(contact)
	mustAnswer(t, "the PDF without a font", b.get(base+"/document.pdf"), 503, "未找到可用的中文TrueType字体", missing, "fonts-arphic-gbsn00lp", "ARCHGOV_DOC_FONT")
	runAPICases(t, s, []apiCase{
		{name: "the API's PDF without a font", method: "GET", path: "/api/v1" + base + "/document.pdf", actor: contact, want: 503, has: []string{`"code":"unavailable"`, "fonts-arphic-gbsn00lp"}},
		{name: "in English", method: "GET", path: "/api/v1" + base + "/document.pdf", actor: contact, lang: "en", want: 503, has: []string{"no usable Chinese TrueType font"}},
		{name: "the .docx still", method: "GET", path: "/api/v1" + base + "/document.docx", actor: contact, want: 200, ctype: docxType},
	})
}
