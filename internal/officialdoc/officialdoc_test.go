package officialdoc

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	stdpng "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a notice with every element: two-line title, headings, several attachments, 抄送.
func sample() *Doc {
	return &Doc{
		Issuer:    "相信区电子政务办公室",
		Number:    "相信办〔2026〕12号",
		Title:     "关于开展2026年度政务信息化项目建设情况随机抽查工作的通知",
		Addressee: "区各有关单位",
		Body: []Para{
			{Text: "为落实政务信息化项目全生命周期管理要求（FLOW-4），现就开展随机抽查工作通知如下。"},
			{Text: "一、抽查范围", Level: Heading1},
			{Text: "（一）处于招标、详细设计、验收阶段的项目", Level: Heading2},
			{Text: "2026年1月1日至2026年10月31日期间进入上述阶段的项目，均纳入抽查范围。重点项目全部抽查，其余项目按比例随机抽取，抽取过程可验证。"},
			{Text: "二、工作要求", Level: Heading1},
			{Text: "各单位应当按照任务书的要求逐项准备材料，于抽查前提交。"},
		},
		Attachments: []string{"抽查项目清单", "抽查材料要求及各阶段应当提交的佐证材料目录（含电子版格式要求）"},
		Signer:      "相信区电子政务办公室",
		Date:        time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		Seal:        "（印章）",
		CC:          []string{"区财政局", "区审计局"},
		Printer:     "相信区电子政务办公室",
		PrintDate:   time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update):\n--- got\n%s--- want\n%s", name, t.Name(), got, want)
	}
}

func TestLayoutGolden(t *testing.T) {
	l := Lay(sample())
	golden(t, "sample.layout.txt", l.String())
}

func TestDocxGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDOCX(&b, sample()); err != nil {
		t.Fatal(err)
	}
	text, err := DocxText(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.docx.txt", text)
}

// needTool finds a poppler tool; CI installs poppler-utils (.ci/run), so there it must exist.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing in CI (poppler-utils)", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils)", name)
	}
	return p
}

func testFont(t *testing.T) *Font {
	t.Helper()
	f, err := LoadFont(os.Getenv("ARCHGOV_DOC_FONT"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no font in CI (fonts-arphic-gbsn00lp): %v", err)
		}
		t.Skipf("no CJK font: %v", err)
	}
	return f
}

// PDFText is the text pdftotext reads from a PDF, without its spaces and line ends, per page.
func PDFText(t *testing.T, pdf []byte) []string {
	t.Helper()
	cmd := exec.Command(needTool(t, "pdftotext"), "-layout", "-enc", "UTF-8", "-", "-")
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

// TestPDFText: every line the layout places is in the PDF's text, on its page, in order.
func TestPDFText(t *testing.T) {
	f := testFont(t)
	d := sample()
	l := Lay(d)
	var b bytes.Buffer
	if err := WritePDF(&b, d, l, f); err != nil {
		t.Fatal(err)
	}
	pages := PDFText(t, b.Bytes())
	if len(pages) < l.Pages {
		t.Fatalf("pdftotext found %d pages, the layout has %d", len(pages), l.Pages)
	}
	for _, ln := range l.Lines {
		want := strings.Join(strings.Fields(ln.Text), "")
		if !strings.Contains(pages[ln.Page-1], want) {
			t.Errorf("page %d: %q (%s) not in the PDF's text:\n%s", ln.Page, want, ln.Role, pages[ln.Page-1])
		}
	}
}

func TestLoadFontRefusals(t *testing.T) {
	dir := t.TempDir()
	ttc := filepath.Join(dir, "x.ttc")
	os.WriteFile(ttc, []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x02"), 0o644)
	otf := filepath.Join(dir, "x.otf")
	os.WriteFile(otf, []byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x02"), 0o644)
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.ttf"): "no such file",
		ttc:                               "collection",
		otf:                               "TrueType outlines",
	} {
		_, err := LoadFont(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadFont(%s) = %v, want an error saying %q", path, err, want)
		}
	}
}

// TestRenderSample writes the sample's first page as a PNG for a look (docs/img): run with
// ARCHGOV_DOC_PNG=path.
func TestRenderSample(t *testing.T) {
	f := testFont(t)
	d := sample()
	var b bytes.Buffer
	if err := WritePDF(&b, d, Lay(d), f); err != nil {
		t.Fatal(err)
	}
	png := RenderFirstPage(t, b.Bytes())
	if out := os.Getenv("ARCHGOV_DOC_PNG"); out != "" {
		os.WriteFile(out, png, 0o644)
	}
	img, err := stdpng.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	// At 72 dpi a millimetre is 72/25.4 pixels: the page is A4, the red separator line runs the
	// 版心's width 4 mm under the 发文字号, the red 发文机关标志 stands 35 mm below the 版心's top.
	px := func(mm float64) int { return int(mm * 72 / 25.4) }
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != px(PageW)+1 && w != px(PageW) || h != px(PageH)+1 && h != px(PageH) {
		t.Errorf("page %d × %d px, want A4 (%d × %d)", w, h, px(PageW), px(PageH))
	}
	red := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r > 0xa000 && g < 0x6000 && b < 0x6000
	}
	sep := Lay(d).Rules[0]
	longest := 0
	for y := px(sep.Y) - 2; y <= px(sep.Y)+2; y++ {
		n := 0
		for x := px(MarginLeft); x < px(MarginLeft+TextW); x++ {
			if red(x, y) {
				n++
			}
		}
		longest = max(longest, n)
	}
	if longest < px(TextW)*9/10 {
		t.Errorf("the red separator line covers %d px of the 版心's %d", longest, px(TextW))
	}
	ink := 0
	for y := px(MarginTop + 35); y < px(MarginTop+35+SizeIssuer*ptMM); y++ {
		for x := px(MarginLeft); x < px(MarginLeft+TextW); x++ {
			if red(x, y) {
				ink++
			}
		}
	}
	if ink < 500 {
		t.Errorf("the 发文机关标志's band holds %d red pixels", ink)
	}
}

// BenchmarkPDF: one two-page notice as PDF, the font parsed and subset each time (as a
// download does). go test ./internal/officialdoc -run '^$' -bench . -benchmem
func BenchmarkPDF(b *testing.B) {
	f, err := LoadFont(os.Getenv("ARCHGOV_DOC_FONT"))
	if err != nil {
		b.Skip(err)
	}
	d := sample()
	var size int
	for b.Loop() {
		var w bytes.Buffer
		if err := WritePDF(&w, d, Lay(d), f); err != nil {
			b.Fatal(err)
		}
		size = w.Len()
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}

// BenchmarkDOCX: the same notice as .docx.
func BenchmarkDOCX(b *testing.B) {
	d := sample()
	var size int
	for b.Loop() {
		var w bytes.Buffer
		if err := WriteDOCX(&w, d); err != nil {
			b.Fatal(err)
		}
		size = w.Len()
	}
	b.ReportMetric(float64(size), "bytes/docx")
}

// TestTitleLines: a long title breaks in two where the words stay whole, lines of at most twenty
// characters; a short one stays on one line.
func TestTitleLines(t *testing.T) {
	for title, want := range map[string]string{
		"关于下达“城市运行管理服务平台（一网统管）续建”项目任务书的通知": "关于下达“城市运行管理服务平台 / （一网统管）续建”项目任务书的通知",
		"关于做好机房关停工作的通知":                    "关于做好机房关停工作的通知",
	} {
		got := strings.Join(titleLines(title, titleMax), " / ")
		if got != want {
			t.Errorf("%s: %s, want %s", title, got, want)
		}
		for _, l := range titleLines(title, titleMax) {
			if textWidth(l) > titleMax {
				t.Errorf("%s: line %s wider than twenty characters", title, l)
			}
		}
	}
}

// TestDocxPackage: every part of the .docx is well-formed XML, every part has its content type,
// every relationship's target is in the package, and the page is A4 with the standard's margins
// and 22-line grid — what Word and WPS refuse or misread when it is wrong.
func TestDocxPackage(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDOCX(&b, sample()); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(data)
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
	types := parts["[Content_Types].xml"]
	for name := range parts {
		if !strings.HasSuffix(name, ".rels") && name != "[Content_Types].xml" && !strings.Contains(types, `PartName="/`+name+`"`) {
			t.Errorf("%s has no content type", name)
		}
	}
	targets := regexp.MustCompile(`Target="([^"]+)"`)
	for rels, dir := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
		for _, m := range targets.FindAllStringSubmatch(parts[rels], -1) {
			if _, ok := parts[dir+m[1]]; !ok {
				t.Errorf("%s names %s, not in the package", rels, m[1])
			}
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="2098"`, `w:left="1587"`, `w:linePitch="580"`, `w:type="linesAndChars"`, `w:eastAsia="方正小标宋简体"`, `w:color w:val="E60000"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/styles.xml"], `w:eastAsia="仿宋_GB2312"`) || !strings.Contains(parts["word/styles.xml"], `<w:sz w:val="32"/>`) {
		t.Error("the default run is not 仿宋_GB2312 3号")
	}
}
