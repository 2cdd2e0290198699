package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// TestBrowserHaltedProject walks the halted-project path of FLOW-4 through the pages, on the
// demo's design round (docs/guide/rectifications.md): its failed check halted a project at
// detailed design and issued a rectification notice. The office sees the project 已叫停 with
// no stage step, and resuming it is refused while the notice is open; the unit's 责任人
// answers the notice item by item with an evidence file; the office accepts the answer (the
// notice 已办结) and resumes the project with a reason, after which the stage steps are back.
func TestBrowserHaltedProject(t *testing.T) {
	t.Parallel()
	base, svc, browser := start(t, 240*time.Second)
	halting, err := svc.Rectifications(ctx, cli, app.RectificationFilter{Halts: true, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var n *domain.Rectification
	for _, x := range halting.Items {
		if x.Source == domain.RectFromSpotCheck && x.Status.Open() {
			n = x
		}
	}
	if n == nil {
		t.Fatalf("the demo has no open notice of a failed design check: %+v", halting.Items)
	}
	unit, err := svc.DB().Read().Unit(ctx, n.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	head, err := svc.DB().Read().User(ctx, unit.ResponsibleUserID)
	if err != nil {
		t.Fatal(err)
	}
	projectURL := base + "/projects/" + strconv.FormatInt(n.ProjectID, 10)
	noticeURL := base + "/rectifications/" + strconv.FormatInt(n.ID, 10)
	evidence := filepath.Join(t.TempDir(), "整改报告.pdf")
	if err := os.WriteFile(evidence, []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	office := logIn(t, browser, base, "office", "周晓岚")
	rectifier := logIn(t, browser, base, head.Username, head.Name)
	officeAsks, unitAsks := answerDialogs(t, office, nil), answerDialogs(t, rectifier, nil)

	// 1. The office sees the project halted, without stage steps; resuming is refused while the
	// notice is open (409, said on the page), and nothing changes.
	do(t, office, "open the halted project", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#project-halted`)))
	if msg := get(t, office, "read the halt", chromedp.Text(css(`#project-halted`))); !strings.Contains(msg, "已叫停") {
		t.Errorf("the halt on the project page: %q", msg)
	}
	if steps := get(t, office, "look for stage steps", chromedp.Evaluate[int](`document.querySelectorAll('form[action*="/stage/"]').length`)); steps != 0 {
		t.Errorf("a halted project offers %d stage steps", steps)
	}
	do(t, office, "try to resume",
		chromedp.SetValue(css(`#project-resume input[name=reason]`), "单位已整改"),
		chromedp.Evaluate[void](`document.documentElement.dataset.left = "1"`),
		chromedp.Click(css(`#project-resume button`)),
		chromedp.WaitVisible(css(`html:not([data-left]) main`)),
	)
	confirmed(t, officeAsks, "resume while the notice is open", "恢复")
	if page := get(t, office, "read the refusal", chromedp.Text(css(`main`))); !strings.Contains(page, "整改通知书未办结，不能恢复") {
		t.Errorf("resuming with the notice open: %q", firstLine(page))
	}
	if p, err := svc.Project(ctx, cli, n.ProjectID); err != nil || !p.Halted() {
		t.Fatalf("the refused resume changed the project: %+v %v", p, err)
	}

	// 2. The unit's 责任人 uploads its evidence and answers every item.
	upload(t, rectifier, "upload the rectification report", noticeURL, `#rect-files form.upload`, evidence, `div.flash`)
	answers := get(t, rectifier, "count the items", chromedp.Evaluate[int](`document.querySelectorAll('#rect-answer textarea[name=answer]').length`))
	if answers != len(n.Items) || answers == 0 {
		t.Fatalf("%d answer fields for %d items", answers, len(n.Items))
	}
	do(t, rectifier, "answer the notice",
		chromedp.Evaluate[void](`document.querySelectorAll('#rect-answer textarea[name=answer]').forEach(a => a.value = "已按要求修改设计说明书，对接统一身份认证平台，详见整改报告。")`),
	)
	follow(t, rectifier, "send the answer", `#rect-answer button.primary`, `div.flash`)
	if st := get(t, rectifier, "read the status", chromedp.Text(css(`#rect-status`))); st != "已反馈" {
		t.Errorf("the notice after the answer: %q", st)
	}
	_ = unitAsks

	// 3. The office accepts the answer: the notice is closed.
	do(t, office, "open the notice", chromedp.Navigate(noticeURL), chromedp.WaitVisible(css(`#rect-verify`)))
	if items := get(t, office, "read the answers", chromedp.Text(css(`#rect-items`))); !strings.Contains(items, "统一身份认证平台") {
		t.Errorf("the office does not see the unit's answer: %q", items)
	}
	follow(t, office, "accept the rectification", `#rect-verify form:first-child button`, `div.flash`)
	confirmed(t, officeAsks, "accept the rectification")
	if st := get(t, office, "read the status", chromedp.Text(css(`#rect-status`))); st != "已办结" {
		t.Errorf("the notice after acceptance: %q", st)
	}

	// 4. The office resumes the project with a reason: no longer halted, its stage steps back.
	do(t, office, "open the project", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#project-resume`)),
		chromedp.SetValue(css(`#project-resume input[name=reason]`), "整改通知书已办结，恢复建设。"))
	follow(t, office, "resume the project", `#project-resume button`, `div.flash`)
	confirmed(t, officeAsks, "resume", "恢复")
	if halted := get(t, office, "look for the halt", chromedp.Evaluate[int](`document.querySelectorAll('#project-halted').length`)); halted != 0 {
		t.Error("the resumed project still shows 已叫停")
	}
	if steps := get(t, office, "look for stage steps", chromedp.Evaluate[int](`document.querySelectorAll('form[action*="/stage/"]').length`)); steps == 0 {
		t.Error("the resumed project offers no stage step")
	}
	p, err := svc.Project(ctx, cli, n.ProjectID)
	if err != nil || p.Halted() || p.Stage != domain.StageDesign {
		t.Fatalf("the resumed project: %+v %v", p, err)
	}
	if x, err := svc.Rectification(ctx, cli, n.ID); err != nil || x.Status != domain.RectClosed {
		t.Fatalf("the notice: %+v %v", x, err)
	}
}

// firstLine is the first line of s, for a short message.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
