package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRuleEditor edits a governance rule in the browser (issue 11, docs/guide/rules.md):
// the office opens ENV-P1.off-cloud from the rules page, breaks its expression and clicks 检查:
// the error is shown in place (htmx, no page change) at its line:column, with the caret under
// the offending character, and nothing is published; fixed (broadened to every system in
// service, with its test cases), the dry run counts the findings that would open as the
// database does; published with a note, version 2 is in force and in the history.
func TestBrowserRuleEditor(t *testing.T) {
	base, svc, browser := start(t, 60*time.Second)
	started := time.Now()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := svc.DB().Writer().QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	version := func() int64 {
		t.Helper()
		v, err := svc.RuleSet(ctx, cli, 0)
		if err != nil {
			t.Fatal(err)
		}
		return v.Row.Version
	}
	office := logIn(t, browser, base, "office", "周晓岚")
	asks := answerDialogs(t, office, nil)

	do(t, office, "open the rule from the rules page",
		chromedp.Navigate(base+"/rules"),
		chromedp.WaitVisible(css(`#family-ENV a[href="/rules/ENV-P1.off-cloud"]`)),
		chromedp.Click(css(`#family-ENV a[href="/rules/ENV-P1.off-cloud"]`)),
		chromedp.WaitVisible(css(`#rule-cases`)),
	)
	if passed := get(t, office, "count the passing cases", chromedp.Evaluate[int](`document.querySelectorAll('#case-results tr.case-pass').length`)); passed < 5 {
		t.Errorf("the rule page shows %d passing test cases", passed)
	}
	do(t, office, "open the editor",
		chromedp.Click(css(`main .head-row a.button.primary`)),
		chromedp.WaitVisible(css(`#rule-form #rule-expr`)),
	)

	// 1. A syntax error on the second line: shown at 2:L with the caret under the third '&'.
	broken := "!system.classified &&\n  system.hosting == 'unit_room' &&& system.in_service"
	col := strings.Index(strings.Split(broken, "\n")[1], "&&&") + 3
	do(t, office, "break the expression and check",
		chromedp.SetValue(css(`#rule-expr`), broken),
		chromedp.Click(css(`#rule-check`)),
		chromedp.WaitVisible(css(`#check-problems .cel-caret`)),
	)
	if pos := get(t, office, "read the position", chromedp.Text(css(`#check-problems .pos`))); pos != "2:"+strconv.Itoa(col) {
		t.Errorf("the error is at %q, want 2:%d", pos, col)
	}
	if msg := get(t, office, "read the problem", chromedp.Text(css(`#check-problems li`))); !strings.Contains(msg, "第 2 行第 "+strconv.Itoa(col)+" 列") || !strings.Contains(msg, "Syntax error") {
		t.Errorf("the problem says %q", msg)
	}
	if at := get(t, office, "read the marked character", chromedp.Text(css(`#check-problems mark.cel-at`))); at != "&" {
		t.Errorf("the marked character is %q, want &", at)
	}
	// The caret stands under the marked character.
	off := get(t, office, "measure the caret", chromedp.Evaluate[float64](`(() => {
		const c = document.querySelector('#check-problems .cel-caret').getBoundingClientRect();
		const m = document.querySelector('#check-problems mark.cel-at').getBoundingClientRect();
		return Math.abs(c.left - m.left);
	})()`))
	if off > 1 {
		t.Errorf("the caret is %.1f px off the marked character", off)
	}
	if loc := get(t, office, "location", chromedp.Location()); path(t, loc) != "/rules/ENV-P1.off-cloud/edit" {
		t.Errorf("checking left the editor for %s", loc)
	}
	if v := version(); v != 1 {
		t.Fatalf("a check published version %d", v)
	}

	// 2. Fixed and broadened to every system in service, with test cases to match: the dry run
	// counts the systems in service that have no ENV-P1 finding yet.
	want := count(`SELECT count(*) FROM systems WHERE status NOT IN ('offline', 'cleanup_accepted') AND id NOT IN (SELECT subject_id FROM findings
		WHERE subject_kind = 'system' AND rule_id = 'ENV-P1.off-cloud' AND status IN ('open', 'waived'))`)
	do(t, office, "fix the expression and dry-run",
		chromedp.SetValue(css(`#rule-expr`), "system.in_service"),
		chromedp.SetValue(css(`#rule-tests`), "- name: 在用\n  input: {in_service: true}\n  violated: true\n- name: 已下线\n  input: {in_service: false}\n  violated: false\n"),
		chromedp.Click(css(`#rule-dry-run`)),
		chromedp.WaitVisible(css(`#dry-start`)),
	)
	if got := get(t, office, "read the dry run", chromedp.Text(css(`#dry-start`))); got != strconv.Itoa(want) || want == 0 {
		t.Errorf("the dry run would open %s findings, want %d", got, want)
	}
	if ok := get(t, office, "read the check", chromedp.Text(css(`#check-ok`))); !strings.Contains(ok, "2 个测试用例全部通过") {
		t.Errorf("the check with the dry run: %q", ok)
	}
	if links := get(t, office, "count the samples", chromedp.Evaluate[int](`document.querySelectorAll('#dry-samples a[href^="/systems/"]').length`)); links == 0 {
		t.Error("the dry run's samples link to no system")
	}

	// 3. Published with a note: version 2 in force, in the history.
	do(t, office, "write the note", chromedp.SetValue(css(`#rule-form input[name=note]`), "扩大到所有在用系统（浏览器测试）"))
	follow(t, office, "publish", `#rule-publish`, `div.flash`)
	confirmed(t, asks, "publish", "发布")
	if v := version(); v != 2 {
		t.Fatalf("after publishing, version %d is in force", v)
	}
	do(t, office, "open the history", chromedp.Navigate(base+"/rules/versions"), chromedp.WaitVisible(css(`#version-2`)))
	if row := get(t, office, "read version 2", chromedp.Text(css(`#version-2`))); !strings.Contains(row, "第 2 版") || !strings.Contains(row, "现行") ||
		!strings.Contains(row, "扩大到所有在用系统（浏览器测试）") || !strings.Contains(row, "周晓岚") {
		t.Errorf("the history's version 2: %q", row)
	}
	t.Logf("the rule editor walk took %s", time.Since(started).Round(100*time.Millisecond))
}
