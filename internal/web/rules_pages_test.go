package web_test

// Rule management (issue 11) through the pages and the JSON API: everyone reads the rule set;
// the office edits a rule, checks it (a syntax error is named at its line and column with a
// caret, and nothing is published), dry-runs a deliberately broadened version of it (the counts
// are those the database gives), publishes it (a new version, audited, its findings follow at
// once), and a stale base is refused; a unit's people may read but not write; an import of a
// bad YAML names every problem and publishes nothing.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/rules"
)

// broadened is ENV-R2.no-migration-plan made to find every system in service.
const (
	noPlanRule    = "ENV-R2.no-migration-plan"
	broadenedExpr = "system.in_service"
	broadenedCase = "- name: 在用\n  input: {in_service: true}\n  violated: true\n- name: 已下线\n  input: {in_service: false}\n  violated: false\n"
	inServiceSQL  = `SELECT count(*) FROM systems WHERE status NOT IN ('offline', 'cleanup_accepted')`
	// in service, with no live finding of ENV-R2.no-migration-plan: those the broadened rule adds
	newlySQL = inServiceSQL + ` AND id NOT IN (SELECT subject_id FROM findings WHERE subject_kind = 'system'
		AND rule_id = 'ENV-R2.no-migration-plan' AND status IN ('open', 'waived'))`
	liveSQL = `SELECT count(*) FROM findings WHERE subject_kind = 'system' AND rule_id = 'ENV-R2.no-migration-plan' AND status IN ('open', 'waived')`
)

func (s *site) count(q string) int {
	s.t.Helper()
	var n int
	if err := s.svc.DB().Writer().QueryRowContext(s.ctx, q).Scan(&n); err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// ruleVersion is the version in force.
func (s *site) ruleVersion() int64 {
	s.t.Helper()
	v, err := s.svc.RuleSet(s.ctx, app.SystemActor(), 0)
	if err != nil {
		s.t.Fatal(err)
	}
	return v.Row.Version
}

// editorForm is what the editor of rule id sends, as the edit page renders it.
func editorForm(t *testing.T, b *browser, id string) url.Values {
	t.Helper()
	page := b.get("/rules/" + id + "/edit")
	mustStatus(t, "the editor", page, 200)
	f := url.Values{"csrf": {b.csrf}}
	for _, m := range regexp.MustCompile(`<input (?:type="hidden" )?name="([a-z_]+)" value="([^"]*)"`).FindAllStringSubmatch(page.text(), -1) {
		f.Set(m[1], unescapeHTML(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea name="([a-z_]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page.text(), -1) {
		f.Set(m[1], unescapeHTML(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select name="([a-z_]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(page.text(), -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); sel != nil {
			f.Set(m[1], sel[1])
		} else {
			f.Set(m[1], "")
		}
	}
	f.Del("csrf")
	f.Set("csrf", b.csrf)
	return f
}

// unescapeHTML undoes html/template's escaping of what a test reads back from a page.
func unescapeHTML(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#43;", "+").Replace(s)
}

func ddNumber(t *testing.T, page reply, id string) int {
	t.Helper()
	m := regexp.MustCompile(`<dd id="` + id + `">(\d+)</dd>`).FindStringSubmatch(page.text())
	if m == nil {
		t.Fatalf("no #%s in the page:\n%s", id, page.body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestRuleEditor(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// A unit's contact reads the rule set, a rule with its cases and the versions, but
		// writes nothing (403), and the editor offers nothing.
		unit := s.login("weijian")
		mustAnswer(t, "a unit reads the rules", unit.get("/rules"), 200, "第 1 版", `href="/rules/ENV-R2.no-migration-plan"`, `<tr id="ENV-R2">`, `<a href="/rules" class="active"`)
		mustNotContain(t, "a unit's rules page", unit.get("/rules"), "/rules/new", "立即全面检查", "/rules/import")
		mustAnswer(t, "a unit reads a rule", unit.get("/rules/"+noPlanRule), 200, "云外系统无迁移上云计划", "部门专网系统（不在范围内）", "通过")
		mustNotContain(t, "a unit's rule page", unit.get("/rules/"+noPlanRule), "/edit", "删除规则")
		mustAnswer(t, "a unit reads the versions", unit.get("/rules/versions"), 200, "第 1 版", "现行")
		mustStatus(t, "a unit's editor", unit.get("/rules/"+noPlanRule+"/edit"), 403)
		for _, p := range []string{"/rules/check", "/rules/dry-run", "/rules/publish", "/rules/sweep", "/rules/" + noPlanRule + "/remove"} {
			mustStatus(t, "a unit posting "+p, unit.post(p, url.Values{"csrf": {unit.csrf}, "id": {noPlanRule}, "note": {"x"}, "base": {"1"}}), 403)
		}

		office := s.login("office")
		f := editorForm(t, office, noPlanRule)
		if f.Get("id") != noPlanRule || f.Get("kind") != "system" || f.Get("severity") != "warning" || !strings.Contains(f.Get("violated_when"), "!system.migration_open") ||
			!strings.Contains(f.Get("tests"), "name: 部门专网系统（不在范围内）") || f.Get("base") != "1" {
			t.Fatalf("the editor's fields: %v", f)
		}

		// A syntax error: named at line 2, column 27 with a caret under the third '&'; nothing
		// is published.
		f.Set("violated_when", "!system.classified &&\n  system.hosting == 'x' &&& true")
		page := office.post("/rules/check", f)
		mustAnswer(t, "a check with a syntax error", page, 200, `<span class="pos"`, ">2:27</span>", "第 2 行第 27 列", "Syntax error",
			`<mark class="cel-at">&amp;</mark> true`, `<span class="cel-pad" aria-hidden="true">  system.hosting == &#39;x&#39; &amp;&amp;</span><span class="cel-caret">^</span>`)
		mustContain(t, "the refused check keeps what was typed", page, "system.hosting == &#39;x&#39; &amp;&amp;&amp; true")
		if v := s.ruleVersion(); v != 1 {
			t.Fatalf("a check published version %d", v)
		}
		// Publishing it is refused the same way, with every problem; nothing is published.
		f.Set("note", "试图发布错误的表达式")
		page = office.post("/rules/publish", f)
		mustAnswer(t, "publishing a syntax error", page, 422, ">2:27</span>", "表达式：规则有误", `class="cel-caret"`, "试图发布错误的表达式")
		if v := s.ruleVersion(); v != 1 {
			t.Fatalf("a refused publication published version %d", v)
		}

		// A test case that fails is named with its case.
		f.Set("violated_when", "system.in_service && system.classified")
		f.Set("tests", broadenedCase)
		mustAnswer(t, "a failing case", office.post("/rules/check", f), 200, `case &#34;在用&#34;: expected violated=true, got false`, "未通过")

		// The broadened rule checks; its dry run counts what the database says it should.
		f.Set("violated_when", broadenedExpr)
		mustAnswer(t, "the broadened rule checks", office.post("/rules/check", f), 200, `id="check-ok"`, "2 个测试用例全部通过")
		inService, newly, live := s.count(inServiceSQL), s.count(newlySQL), s.count(liveSQL)
		if newly == 0 || live == 0 {
			t.Fatalf("the demo has %d systems in service, %d of them without an ENV-R2 finding, %d ENV-R2 findings", inService, newly, live)
		}
		dry := office.post("/rules/dry-run", f)
		mustStatus(t, "the dry run", dry, 200)
		if got := [3]int{ddNumber(t, dry, "dry-violated"), ddNumber(t, dry, "dry-start"), ddNumber(t, dry, "dry-stop")}; got != [3]int{inService, newly, 0} {
			t.Fatalf("dry run: violated, start, stop = %v, want %v", got, [3]int{inService, newly, 0})
		}
		mustContain(t, "the dry run's samples link to the systems", dry, `<a href="/systems/`, "将新增")
		if v, n := s.ruleVersion(), s.count(liveSQL); v != 1 || n != live {
			t.Fatalf("the dry run changed something: version %d, %d findings (were %d)", v, n, live)
		}

		// Without a note: refused, naming the note.
		f.Set("note", "")
		mustAnswer(t, "publishing without a note", office.post("/rules/publish", f), 422, "修订说明：必填")

		// Published: version 2, audited, and the findings follow at once.
		f.Set("note", "扩大到所有在用系统（测试）")
		mustRedirect(t, "publish", office.post("/rules/publish", f), "/rules/"+noPlanRule)
		if v := s.ruleVersion(); v != 2 {
			t.Fatalf("version after publishing: %d", v)
		}
		if n := s.count(liveSQL); n != inService {
			t.Fatalf("%d live ENV-R2.no-migration-plan findings after publishing, want the %d systems in service", n, inService)
		}
		if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'ruleset.publish' AND entity_id = '2' AND actor = 'office'`); n != 1 {
			t.Fatalf("%d ruleset.publish records of version 2 by the office", n)
		}
		mustAnswer(t, "the rule page after publishing", office.get("/rules/"+noPlanRule), 200, "system.in_service", "第 2 版")
		mustAnswer(t, "the versions", office.get("/rules/versions"), 200, "第 2 版", "扩大到所有在用系统（测试）", `href="/rules/versions/2/diff"`)
		mustAnswer(t, "the diff", office.get("/rules/versions/2/diff"), 200, `id="change-ENV-R2.no-migration-plan"`, "!system.migration_open", "system.in_service", `data-field="violated_when"`, `data-field="tests"`)
		mustAnswer(t, "the old version", office.get("/rules?version=1"), 200, "第 1 版", `href="/rules/ENV-R2.no-migration-plan?version=1"`)

		// The same form again: its base is version 1, now stale (409); nothing is published.
		f.Set("note", "又一次修改")
		mustAnswer(t, "a stale base", office.post("/rules/publish", f), 409, "规则集已被他人更新（现为第 2 版）")
		if v := s.ruleVersion(); v != 2 {
			t.Fatalf("a stale publication published version %d", v)
		}

		// A new rule whose ID exists is refused; a new one is added.
		nf := url.Values{"csrf": {office.csrf}, "new": {"1"}, "base": {"2"}, "id": {noPlanRule}, "clauses": {"ENV-R2"}, "title_zh": {"测试"}, "title_en": {"Test"},
			"kind": {"system"}, "severity": {"info"}, "message_zh": {"{name}"}, "message_en": {"{name}"}, "violated_when": {broadenedExpr}, "tests": {broadenedCase}, "note": {"新增"}}
		mustAnswer(t, "a new rule with a taken ID", office.post("/rules/publish", nf), 422, "已有编号为 ENV-R2.no-migration-plan 的规则")
		nf.Set("id", "ENV-R2.in-service")
		mustRedirect(t, "a new rule", office.post("/rules/publish", nf), "/rules/ENV-R2.in-service")
		mustAnswer(t, "the new rule in the set", office.get("/rules"), 200, `href="/rules/ENV-R2.in-service"`, "第 3 版")

		// Removed again, with a note.
		mustAnswer(t, "removing without a note", office.post("/rules/ENV-R2.in-service/remove", url.Values{"csrf": {office.csrf}, "base": {"3"}}), 422, "修订说明：必填")
		mustRedirect(t, "remove", office.post("/rules/ENV-R2.in-service/remove", url.Values{"csrf": {office.csrf}, "base": {"3"}, "note": {"撤回测试规则"}}), "/rules")
		mustStatus(t, "the removed rule", office.get("/rules/ENV-R2.in-service"), 404)

		// The sweep shows its counts.
		mustAnswer(t, "the sweep", office.post("/rules/sweep", url.Values{"csrf": {office.csrf}}), 200, `id="sweep-result"`, "全面检查完成")
	})
}

func TestRulesAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		var set struct {
			Version int64        `json:"version"`
			Rules   []rules.Rule `json:"rules"`
		}
		s.apiJSON("GET", "/api/v1/rules", "weijian", "", &set)
		if set.Version != 1 || len(set.Rules) < 20 {
			t.Fatalf("the set in force: version %d, %d rules", set.Version, len(set.Rules))
		}
		before := s.count(liveSQL)
		var rule *rules.Rule
		for i := range set.Rules {
			if set.Rules[i].ID == noPlanRule {
				rule = &set.Rules[i]
			}
		}
		body := func(v any) string {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		// Writes are the office's.
		for _, p := range []string{"check", "dry-run", "publish", "remove", "import", "sweep"} {
			s.wantAPIError(s.api("POST", "/api/v1/rules/"+p, "weijian", "{}"), 403, "forbidden", "", "a unit's "+p)
		}

		// A syntax error is answered with its position.
		bad := *rule
		bad.When = "system.classified &&& true"
		var chk app.RuleCheck
		s.apiJSON("POST", "/api/v1/rules/check", "office", body(bad), &chk)
		if len(chk.Problems) != 1 || chk.Problems[0].Field != "violated_when" || chk.Problems[0].Line != 1 || chk.Problems[0].Column != 21 {
			t.Fatalf("check of a syntax error: %+v", chk.Problems)
		}
		s.apiJSON("POST", "/api/v1/rules/check", "office", body(rule), &chk)
		if len(chk.Problems) != 0 || len(chk.Cases) != len(rule.Tests) {
			t.Fatalf("check of the rule in force: %+v", chk)
		}

		// Dry run of the broadened rule.
		wide := *rule
		wide.When = broadenedExpr
		wide.Tests = []rules.Case{{Name: "在用", Input: map[string]any{"in_service": true}, Violated: true}, {Name: "已下线", Input: map[string]any{"in_service": false}}}
		var dry app.DryRun
		s.apiJSON("POST", "/api/v1/rules/dry-run", "office", body(wide), &dry)
		if dry.Violated != s.count(inServiceSQL) || dry.Start != s.count(newlySQL) || dry.Stop != 0 || len(dry.Samples) == 0 {
			t.Fatalf("dry run: %+v", dry)
		}

		// Publishing: a rule that does not check is 422 on its field, a stale base 409.
		type pub struct {
			Rule        rules.Rule `json:"rule"`
			BaseVersion int64      `json:"base_version"`
			GuideYear   int        `json:"guide_year,omitempty"`
			Note        string     `json:"note"`
		}
		r := s.api("POST", "/api/v1/rules/publish", "office", body(pub{Rule: bad, BaseVersion: 1, Note: "坏的"}))
		if msg := s.wantAPIError(r, 422, "invalid", "violated_when", "publishing a syntax error"); !strings.Contains(msg, "1:21") {
			t.Errorf("the refusal does not say where: %q", msg)
		}
		s.wantAPIError(s.api("POST", "/api/v1/rules/publish", "office", body(pub{Rule: wide, BaseVersion: 1})), 422, "invalid", "note", "publishing without a note")
		s.wantAPIError(s.api("POST", "/api/v1/rules/publish", "office", body(pub{Rule: wide, BaseVersion: 0, Note: "过期"})), 409, "conflict", "", "a stale base")
		var after struct {
			Version   int64 `json:"version"`
			GuideYear int   `json:"guide_year"`
		}
		s.apiJSON("POST", "/api/v1/rules/publish", "office", body(pub{Rule: wide, BaseVersion: 1, GuideYear: 2027, Note: "扩大"}), &after)
		if after.Version != 2 || after.GuideYear != 2027 || s.count(liveSQL) != s.count(inServiceSQL) {
			t.Fatalf("published: %+v, %d findings", after, s.count(liveSQL))
		}

		var versions struct {
			Items []struct {
				Version int64  `json:"version"`
				Note    string `json:"note"`
			} `json:"items"`
		}
		s.apiJSON("GET", "/api/v1/rules/versions", "weijian", "", &versions)
		if len(versions.Items) != 2 || versions.Items[0].Version != 2 || versions.Items[0].Note != "扩大" {
			t.Fatalf("versions: %+v", versions)
		}
		var diff struct {
			Changes []app.RuleChange `json:"changes"`
		}
		s.apiJSON("GET", "/api/v1/rules/versions/2/diff", "weijian", "", &diff)
		if len(diff.Changes) != 1 || diff.Changes[0].ID != noPlanRule || !strings.Contains(fmt.Sprint(diff.Changes[0].Fields), "violated_when") {
			t.Fatalf("diff: %+v", diff.Changes)
		}
		s.wantAPIError(s.api("GET", "/api/v1/rules/versions/9/diff", "weijian", ""), 404, "not_found", "", "the diff of an unknown version")

		// Export: YAML of the version asked for.
		y := s.api("GET", "/api/v1/rules/export?version=1", "weijian", "")
		if y.status != 200 || !strings.HasPrefix(y.header.Get("Content-Type"), "application/yaml") || !strings.Contains(y.header.Get("Content-Disposition"), "archgov-rules-v1.yaml") {
			t.Fatalf("export: %d %v", y.status, y.header)
		}
		v1, err := rules.DecodeYAML(y.body)
		if err != nil || v1.Version != 1 || v1.Rule(noPlanRule) == nil || v1.Rule(noPlanRule).When != rule.When {
			t.Fatalf("the exported version 1: %v", err)
		}

		// Import: a bad file names every problem, of every rule, and publishes nothing.
		v1.Rule(noPlanRule).When = "system.classified &&& true"
		v1.Rules[len(v1.Rules)-1].Severity = "fatal"
		broken, err := rules.EncodeYAML(v1)
		if err != nil {
			t.Fatal(err)
		}
		r = s.api("POST", "/api/v1/rules/import?note="+url.QueryEscape("坏文件"), "office", string(broken), "Content-Type", "application/yaml")
		s.wantAPIError(r, 422, "invalid", "", "importing a bad file")
		var e struct {
			Error struct {
				Fields []struct{ Field, Message string } `json:"fields"`
			} `json:"error"`
		}
		json.Unmarshal(r.body, &e)
		if got := fmt.Sprint(e.Error.Fields); len(e.Error.Fields) < 2 || !strings.Contains(got, "violated_when") || !strings.Contains(got, "1:21") || !strings.Contains(got, "severity") {
			t.Fatalf("the import's problems: %s", r.body)
		}
		s.wantAPIError(s.api("POST", "/api/v1/rules/import?note=x", "office", "rules:\n  - id: ENV-P1.x\n    colour: red\n", "Content-Type", "application/yaml"),
			422, "invalid", "file", "an unknown key")
		if v := s.ruleVersion(); v != 2 {
			t.Fatalf("a refused import published version %d", v)
		}
		// The exported version 1 imported again is version 3, the rule as it was.
		s.apiJSON("POST", "/api/v1/rules/import?note="+url.QueryEscape("恢复第 1 版"), "office", string(y.body), &after)
		if after.Version != 3 || s.count(liveSQL) != before {
			t.Fatalf("import: %+v; %d live findings, were %d before the broadened rule", after, s.count(liveSQL), before)
		}

		var n app.SweepCounts
		s.apiJSON("POST", "/api/v1/rules/sweep", "office", "", &n)
		if n.Subjects == 0 || n.Opened != 0 || n.Resolved != 0 {
			t.Fatalf("a sweep right after an import: %+v", n)
		}
	})
}

// TestRuleImportPage: the office uploads a YAML rule set; a file with problems is shown with
// every problem and no way to publish it; a good one with what it changes against the set in
// force, then published once confirmed with a note.
func TestRuleImportPage(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		mustAnswer(t, "the import page", office.get("/rules/import"), 200, `enctype="multipart/form-data"`, "现行第 1 版")
		y := office.get("/rules/export")
		mustStatus(t, "the export", y, 200)
		set, err := rules.DecodeYAML(y.body)
		if err != nil {
			t.Fatal(err)
		}
		set.Rule("ENV-P1.off-cloud").When = "system.classified &&& true"
		set.Rules = set.Rules[1:] // ENV-P1.off-cloud is the first: removed, and the error with it
		set.Rule("ENV-R3.room-overdue").When = "machine_room.deadline <"
		bad, _ := rules.EncodeYAML(set)
		page := office.upload("/rules/import", map[string]string{"csrf": office.csrf}, "规则.yaml", bad)
		mustAnswer(t, "a bad file", page, 200, `id="import-problems"`, "ENV-R3.room-overdue", ">1:24</span>", `class="cel-caret"`, "不能导入")
		mustNotContain(t, "a bad file", page, `id="rule-import-confirm"`)

		set.Rule("ENV-R3.room-overdue").When = "machine_room.kind == 'other' && machine_room.status != 'closed' && machine_room.deadline != '' && machine_room.deadline < today"
		set.Rule("ENV-R2.migration-overdue").Severity = rules.SevError
		good, _ := rules.EncodeYAML(set)
		page = office.upload("/rules/import", map[string]string{"csrf": office.csrf}, "规则.yaml", good)
		mustAnswer(t, "a good file", page, 200, `id="rule-import-confirm"`, `id="change-ENV-P1.off-cloud"`, "删除", `id="change-ENV-R2.migration-overdue"`, `data-field="severity"`)
		mustNotContain(t, "a good file", page, `id="change-ENV-R3.room-overdue"`)
		m := regexp.MustCompile(`(?s)<textarea name="content" hidden>(.*?)</textarea>`).FindStringSubmatch(page.text())
		if m == nil {
			t.Fatal("the confirmation carries no content")
		}
		confirm := url.Values{"csrf": {office.csrf}, "confirm": {"1"}, "filename": {"规则.yaml"}, "content": {unescapeHTML(m[1])}}
		mustAnswer(t, "confirming without a note", office.post("/rules/import", confirm), 422, "修订说明：必填", `id="rule-import-confirm"`)
		if v := s.ruleVersion(); v != 1 {
			t.Fatalf("a refused import published version %d", v)
		}
		confirm.Set("note", "按 2027 年指南修订")
		mustRedirect(t, "confirming", office.post("/rules/import", confirm), "/rules/versions")
		v, err := s.svc.RuleSet(s.ctx, app.SystemActor(), 0)
		if err != nil || v.Row.Version != 2 || v.Set.Rule("ENV-P1.off-cloud") != nil || v.Set.Rule("ENV-R2.migration-overdue").Severity != rules.SevError {
			t.Fatalf("after the import: %+v %v", v.Row, err)
		}
		if n := s.count(`SELECT count(*) FROM findings WHERE rule_id = 'ENV-P1.off-cloud' AND status IN ('open', 'waived')`); n != 0 {
			t.Fatalf("%d live findings of the removed rule", n)
		}
		mustStatus(t, "a unit's import", s.login("weijian").get("/rules/import"), 403)
	})
}
