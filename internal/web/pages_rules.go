package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/rules"
)

// Rule management in the web UI (issue 11): every login reads the rule set in force, a rule
// with its test cases, the versions and their differences; the info office writes a rule in
// the browser — checks it (compile errors shown at their position, the test cases run), dry-runs
// it against today's records, publishes it as the next version — removes one, sweeps every record
// now, and exports or imports a whole set as YAML. Every decision is the service's
// (internal/app/rules_manage.go); these pages only read forms and show answers.

func (s *Server) ruleRoutes() {
	s.handle("GET /rules", s.ui(s.ruleSetPage))
	s.handle("GET /rules/versions", s.ui(s.ruleVersionsPage))
	s.handle("GET /rules/versions/{v}/diff", s.ui(s.ruleDiffPage))
	s.handle("GET /rules/export", s.ui(s.ruleExport))
	s.handle("GET /rules/import", s.ui(s.ruleImportPage))
	s.handle("POST /rules/import", s.ui(s.ruleImport))
	s.handle("POST /rules/sweep", s.ui(s.ruleSweep))
	s.handle("GET /rules/new", s.ui(s.ruleNew))
	s.handle("POST /rules/check", s.ui(s.ruleTry(false)))
	s.handle("POST /rules/dry-run", s.ui(s.ruleTry(true)))
	s.handle("POST /rules/publish", s.ui(s.rulePublish))
	s.handle("GET /rules/{id}", s.ui(s.rulePage))
	s.handle("GET /rules/{id}/edit", s.ui(s.ruleEdit))
	s.handle("POST /rules/{id}/remove", s.ui(s.ruleRemove))
}

// ruleWords names the rules' kinds, severities, gates and enforcements in the page's language.
type ruleWords struct{ lang i18n.Lang }

// KindTitle names a kind of subject (信息系统, 项目申报).
func (w ruleWords) KindTitle(k rules.Kind) string { return k.Title(string(w.lang)) }

// In is a rule's text in the page's language.
func (w ruleWords) In(t rules.Text) string { return t.In(string(w.lang)) }

// Other is a rule's text in the other language, "" when it is the same.
func (w ruleWords) Other(t rules.Text) string {
	o := t.ZH
	if w.lang != i18n.EN {
		o = t.EN
	}
	if o == t.In(string(w.lang)) {
		return ""
	}
	return o
}

func (w ruleWords) Sev(v rules.Severity) string       { return i18n.T(w.lang, "severity."+string(v)) }
func (w ruleWords) Gate(g rules.Gate) string          { return i18n.T(w.lang, "rulegate."+string(g)) }
func (w ruleWords) Enf(e rules.Enforcement) string    { return i18n.T(w.lang, "ruleenf."+string(e)) }
func (w ruleWords) Field(f string) string             { return ruleFieldLabel(w.lang, f) }
func (w ruleWords) Gates() []rules.Gate               { return rules.Gates }
func (w ruleWords) Kinds() []rules.Kind               { return rules.Kinds() }
func (w ruleWords) Severities() []rules.Severity      { return rules.Severities }
func (w ruleWords) Enforcements() []rules.Enforcement { return rules.Enforcements }

// SevClass is a severity's badge.
func (w ruleWords) SevClass(v rules.Severity) string {
	switch v {
	case rules.SevError:
		return badgeRefused
	case rules.SevWarning:
		return badgeOverdue
	}
	return badgeClosed
}

// EnfOf is a rule's enforcement (its Enforce) at a gate, "" when none.
func (w ruleWords) EnfOf(m map[rules.Gate]rules.Enforcement, g rules.Gate) rules.Enforcement {
	return m[g]
}

// Input writes a test case's input compactly, fields sorted: {hosting: unit_room, in_service: true}.
func (w ruleWords) Input(in map[string]any) string {
	keys := slices.Sorted(maps.Keys(in))
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := in[k]
		s, ok := v.(string)
		if !ok || s == "" || strings.ContainsAny(s, ",:{}[]'\"#") {
			b, err := json.Marshal(v)
			if err != nil {
				b = []byte(fmt.Sprint(v))
			}
			s = string(b)
		}
		parts[i] = k + ": " + s
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// ruleFieldLabel is the label of a rule's field (rulesfield.violated_when 表达式), the field's
// own name when it has none.
func ruleFieldLabel(lang i18n.Lang, f string) string {
	if i18n.Has(lang, "rulesfield."+f) {
		return i18n.T(lang, "rulesfield."+f)
	}
	return f
}

// ruleFamily is the rules and clauses of one family of clauses (ENV, BLD, SHR, PTL, FLOW, ORG).
type ruleFamily struct {
	Prefix, Title string
	Rules         []*rules.Rule
	Clauses       []clauseRule
}

func clausePrefix(id string) string { p, _, _ := strings.Cut(id, "-"); return p }

// families groups a set's rules by the family of their first clause, and every clause of
// docs/RULES.md by its family, in the document's order.
func families(lang i18n.Lang, set *rules.Set) []ruleFamily {
	var out []ruleFamily
	at := map[string]int{}
	family := func(p string) *ruleFamily {
		i, ok := at[p]
		if !ok {
			i = len(out)
			at[p] = i
			title := p
			if i18n.Has(lang, "rulefamily."+p) {
				title = i18n.T(lang, "rulefamily."+p)
			}
			out = append(out, ruleFamily{Prefix: p, Title: title})
		}
		return &out[i]
	}
	list, _ := clauseRules()
	for _, c := range list {
		f := family(clausePrefix(c.ID))
		f.Clauses = append(f.Clauses, c)
	}
	for i := range set.Rules {
		r := &set.Rules[i]
		p := clausePrefix(r.ID)
		if len(r.Clauses) > 0 {
			p = clausePrefix(r.Clauses[0])
		}
		f := family(p)
		f.Rules = append(f.Rules, r)
	}
	return out
}

type ruleSetView struct {
	Page
	ruleWords
	Row      *app.RuleSetRow
	Set      *rules.Set
	InForce  bool // the version shown is the one in force
	Families []ruleFamily
	Swept    *app.SweepCounts // the counts of the sweep just run
	CanWrite bool
}

// Published reports whether the version shown was published (the default set of a database
// that has none is shown as version 0).
func (v ruleSetView) Published() bool { return v.Row.Version > 0 }

func (s *Server) mayWriteRules(rq *request) bool {
	return authz.Can(rq.auth.Actor, authz.RuleWrite, authz.Resource{Kind: authz.KindRuleSet}) == nil
}

func (s *Server) ruleSetView(r *http.Request, rq *request, version int64) (ruleSetView, error) {
	set, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, version)
	if err != nil {
		return ruleSetView{}, err
	}
	title := i18n.T(rq.lang, "rules.title")
	var crumbs []crumb
	if version == 0 {
		crumbs = []crumb{{"", title}}
	} else {
		crumbs = []crumb{{"/rules", title}, {"/rules/versions", i18n.T(rq.lang, "rules.versions")}, {"", i18n.T(rq.lang, "rules.version_n", version)}}
		title = i18n.T(rq.lang, "rules.version_n", version)
	}
	v := ruleSetView{Page: s.page(r, title, crumbs...), ruleWords: ruleWords{rq.lang}, Row: set.Row, Set: set.Set,
		InForce: version == 0, CanWrite: s.mayWriteRules(rq)}
	if version != 0 {
		if cur, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, 0); err == nil && cur.Row.Version == version {
			v.InForce = true
		}
	}
	v.Families = families(rq.lang, set.Set)
	return v, nil
}

// ruleSetPage is the rule set in force (?version=N: a published version), by family of
// clauses, and the clauses themselves: each clause row is the target of the clause chips of
// every page (/rules#ENV-P1).
func (s *Server) ruleSetPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ver, err := formInt(r, "version")
	if err != nil {
		return err
	}
	if ver < 0 {
		return domain.NotFound()
	}
	v, err := s.ruleSetView(r, rq, ver)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rules", v)
	return nil
}

// pathVersion reads the {v} of a path: a published version is 1 or more.
func pathVersion(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("v"), 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.NotFound()
	}
	return n, nil
}

// ruleSweep re-evaluates every record now (the office) and shows the rule set with the counts.
func (s *Server) ruleSweep(w http.ResponseWriter, r *http.Request, rq *request) error {
	n, err := s.svc.Sweep(r.Context(), rq.auth.Actor)
	if err != nil {
		return err
	}
	v, err := s.ruleSetView(r, rq, 0)
	if err != nil {
		return err
	}
	v.Swept = &n
	s.render(w, r, http.StatusOK, "rules", v)
	return nil
}

type ruleVersionsView struct {
	Page
	Versions []*app.RuleSetRow
	InForce  int64
}

func (s *Server) ruleVersionsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	vs, err := s.svc.RuleSetVersions(r.Context(), rq.auth.Actor)
	if err != nil {
		return err
	}
	title := i18n.T(rq.lang, "rules.versions")
	v := ruleVersionsView{Page: s.page(r, title, crumb{"/rules", i18n.T(rq.lang, "rules.title")}, crumb{"", title}), Versions: vs}
	if len(vs) > 0 {
		v.InForce = vs[0].Version
	}
	s.render(w, r, http.StatusOK, "rule_versions", v)
	return nil
}

type ruleDiffView struct {
	Page
	ruleWords
	From, To *app.RuleSetRow
	Changes  []ruleChangeView
}

// ruleChangeView is one rule's change with its changed fields written out before and after.
type ruleChangeView struct {
	app.RuleChange
	Rows []ruleFieldChange
}

type ruleFieldChange struct {
	Field, Label  string
	Before, After string
	Mono          bool // an expression or YAML: shown as code
}

// ruleFieldText writes one field of a rule as the diff shows it.
func ruleFieldText(r *rules.Rule, f string) string {
	if r == nil {
		return ""
	}
	switch f {
	case "id":
		return r.ID
	case "clauses":
		return strings.Join(r.Clauses, " ")
	case "title":
		return r.Title.ZH + "\n" + r.Title.EN
	case "kind":
		return string(r.Kind)
	case "violated_when":
		return r.When
	case "severity":
		return string(r.Severity)
	case "enforce":
		var parts []string
		for _, g := range rules.Gates {
			if e := r.Enforce[g]; e != "" {
				parts = append(parts, string(g)+": "+string(e))
			}
		}
		return strings.Join(parts, "\n")
	case "message":
		return r.Message.ZH + "\n" + r.Message.EN
	case "tests":
		return casesYAML(r.Tests)
	}
	return ""
}

func changeViews(lang i18n.Lang, cs []app.RuleChange) []ruleChangeView {
	out := make([]ruleChangeView, len(cs))
	for i, c := range cs {
		out[i].RuleChange = c
		for _, f := range c.Fields {
			out[i].Rows = append(out[i].Rows, ruleFieldChange{Field: f, Label: ruleFieldLabel(lang, f),
				Before: ruleFieldText(c.Before, f), After: ruleFieldText(c.After, f), Mono: f == "violated_when" || f == "tests"})
		}
	}
	return out
}

// ruleDiffPage compares version v with version from (default: the one before).
func (s *Server) ruleDiffPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	to, err := pathVersion(r)
	if err != nil {
		return err
	}
	from := to - 1
	if q := r.URL.Query().Get("from"); q != "" {
		if from, err = strconv.ParseInt(q, 10, 64); err != nil || from < 1 {
			return domain.Invalid("from", "err.number")
		}
	}
	if from < 1 {
		return domain.NotFound() // version 1 has none before it
	}
	x, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, from)
	if err != nil {
		return err
	}
	y, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, to)
	if err != nil {
		return err
	}
	cs, err := s.svc.DiffRuleSets(r.Context(), rq.auth.Actor, from, to)
	if err != nil {
		return err
	}
	title := i18n.T(rq.lang, "rules.diff_title", from, to)
	v := ruleDiffView{Page: s.page(r, title, crumb{"/rules", i18n.T(rq.lang, "rules.title")}, crumb{"/rules/versions", i18n.T(rq.lang, "rules.versions")}, crumb{"", title}),
		ruleWords: ruleWords{rq.lang}, From: x.Row, To: y.Row, Changes: changeViews(rq.lang, cs)}
	s.render(w, r, http.StatusOK, "rule_diff", v)
	return nil
}

// ruleExport downloads a version (0 or none: the one in force) as YAML.
func (s *Server) ruleExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	ver, err := formInt(r, "version")
	if err != nil {
		return err
	}
	return s.writeRuleYAML(w, r, rq, ver)
}

// writeRuleYAML answers a rule set as a YAML download (the pages and the API).
func (s *Server) writeRuleYAML(w http.ResponseWriter, r *http.Request, rq *request, version int64) error {
	if version < 0 {
		return domain.Invalid("version", "err.number")
	}
	b, err := s.svc.ExportRuleSet(r.Context(), rq.auth.Actor, version)
	if err != nil {
		return err
	}
	set, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, version)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="archgov-rules-v%d.yaml"`, set.Row.Version))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}

// ---- one rule ---------------------------------------------------------------------------

type ruleView struct {
	Page
	ruleWords
	Rule     *rules.Rule
	Row      *app.RuleSetRow
	InForce  bool
	Cases    []rules.CaseResult
	CanWrite bool
}

// rulePage shows a rule of the set in force (?version=N: of that version) with its test cases run.
func (s *Server) rulePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ver, err := formInt(r, "version")
	if err != nil {
		return err
	}
	set, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, ver)
	if err != nil {
		return err
	}
	rule := set.Set.Rule(r.PathValue("id"))
	if rule == nil {
		return domain.NotFound()
	}
	title := i18n.T(rq.lang, "rules.title")
	v := ruleView{Page: s.page(r, rule.ID, crumb{"/rules", title}, crumb{"", rule.ID}), ruleWords: ruleWords{rq.lang}, Rule: rule, Row: set.Row,
		InForce: ver == 0, CanWrite: s.mayWriteRules(rq), Cases: ruleCases(rule)}
	if ver != 0 {
		if cur, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, 0); err == nil && cur.Row.Version == ver {
			v.InForce = true
		}
	}
	s.render(w, r, http.StatusOK, "rule", v)
	return nil
}

// ruleCases runs a rule's test cases with the engine alone: reading a rule needs no more
// than reading the set, and a published rule compiles.
func ruleCases(r *rules.Rule) []rules.CaseResult {
	c, err := rules.Compile(&rules.Set{Rules: []rules.Rule{*r}})
	if err != nil {
		return nil
	}
	return c.RunCases(r.ID)
}

// ruleRemove publishes the set in force without the rule (the office): a note says why.
func (s *Server) ruleRemove(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := formInt(r, "base")
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	_, err = s.svc.RemoveRule(r.Context(), rq.auth.Actor, id, base, r.PostFormValue("note"))
	err = noteError(err)
	if err == nil {
		redirect(w, r, "/rules", "flash.rules_removed")
		return nil
	}
	set, rerr := s.svc.RuleSet(r.Context(), rq.auth.Actor, 0)
	if rerr != nil {
		return rerr
	}
	rule := set.Set.Rule(id)
	if rule == nil {
		return err
	}
	v := ruleView{Page: s.page(r, rule.ID, crumb{"/rules", i18n.T(rq.lang, "rules.title")}, crumb{"", rule.ID}), ruleWords: ruleWords{rq.lang},
		Rule: rule, Row: set.Row, InForce: true, CanWrite: s.mayWriteRules(rq), Cases: ruleCases(rule)}
	return s.refused(w, r, err, "rule", &v, &v.Page)
}

// ---- the editor -------------------------------------------------------------------------

// ruleForm is the editor's content as typed.
type ruleForm struct {
	New       bool   // a new rule: its ID is typed; otherwise the ID is the edited rule's
	Base      int64  // the version in force when the editor was opened (publishing from another is stale)
	GuideYear string // the guide year to publish for
	Note      string // 修订说明
	Rule      rules.Rule
	Clauses   string // the clause IDs, separated by spaces or commas
	Tests     string // the test cases as YAML
}

// ruleCheckView is what a check found: every problem, and the test cases' results.
type ruleCheckView struct {
	Problems []ruleProblem
	Cases    []rules.CaseResult
}

// OK reports whether the rule checked without a problem.
func (c *ruleCheckView) OK() bool { return len(c.Problems) == 0 }

// ruleProblem is a problem with the field's label and, in the expression, the line it is on
// cut at the column: the page shows it with a caret under the offending character, as CEL's own
// error snippet does.
type ruleProblem struct {
	rules.Problem
	Label   string
	Snippet *celSnippet
}

type celSnippet struct {
	Before, At, After string // the line before the column, the character at it, the rest
}

// snippetAt cuts line `line` of expr at column `col` (1-based, in characters as CEL counts them).
func snippetAt(expr string, line, col int) *celSnippet {
	lines := strings.Split(expr, "\n")
	if line < 1 || line > len(lines) || col < 1 {
		return nil
	}
	rs := []rune(strings.TrimRight(lines[line-1], "\r"))
	i := min(col-1, len(rs))
	sn := &celSnippet{Before: string(rs[:i]), At: " "}
	if i < len(rs) {
		sn.At, sn.After = string(rs[i]), string(rs[i+1:])
	}
	return sn
}

func (s *Server) problemViews(lang i18n.Lang, expr string, ps rules.Problems) []ruleProblem {
	out := make([]ruleProblem, len(ps))
	for i, p := range ps {
		out[i] = ruleProblem{Problem: p, Label: ruleFieldLabel(lang, p.Field)}
		if p.Field == "violated_when" && p.Line > 0 {
			out[i].Snippet = snippetAt(expr, p.Line, p.Column)
		}
	}
	return out
}

type ruleFormView struct {
	Page
	ruleWords
	Form    ruleForm
	Row     *app.RuleSetRow // the version in force
	Check   *ruleCheckView
	Dry     *app.DryRun
	Samples []drySampleView
}

// ruleCasesView is what the test-case table (partials/rule_cases.html) reads.
type ruleCasesView struct {
	Page
	ruleWords
	Cases []rules.CaseResult
}

// CaseTable is the check's test cases for the table.
func (v ruleFormView) CaseTable() *ruleCasesView {
	c := &ruleCasesView{Page: v.Page, ruleWords: v.ruleWords}
	if v.Check != nil {
		c.Cases = v.Check.Cases
	}
	return c
}

// drySampleView is a dry run's sample with the link to its record.
type drySampleView struct {
	app.DrySample
	Href string
}

// Message is a sample's message in the page's language.
func (v ruleFormView) Message(d drySampleView) string {
	return rules.Text{ZH: d.MessageZH, EN: d.MessageEN}.In(string(v.Lang))
}

// casesYAML writes test cases as the editor shows them.
func casesYAML(cs []rules.Case) string {
	if len(cs) == 0 {
		return ""
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(cs); err != nil {
		return ""
	}
	enc.Close()
	return b.String()
}

// formOf is the editor's content for a rule of the set in force.
func formOf(set *app.RuleSetView, r *rules.Rule, isNew bool) ruleForm {
	f := ruleForm{New: isNew, Base: set.Row.Version, GuideYear: strconv.Itoa(set.Set.GuideYear), Rule: *r,
		Clauses: strings.Join(r.Clauses, " "), Tests: casesYAML(r.Tests)}
	return f
}

func (s *Server) ruleFormView(r *http.Request, rq *request, set *app.RuleSetView, f ruleForm) ruleFormView {
	title := i18n.T(rq.lang, "rules.new")
	crumbs := []crumb{{"/rules", i18n.T(rq.lang, "rules.title")}}
	if !f.New {
		title = i18n.T(rq.lang, "rules.edit_title", f.Rule.ID)
		crumbs = append(crumbs, crumb{"/rules/" + f.Rule.ID, f.Rule.ID})
	}
	crumbs = append(crumbs, crumb{"", title})
	return ruleFormView{Page: s.page(r, title, crumbs...), ruleWords: ruleWords{rq.lang}, Form: f, Row: set.Row}
}

// ruleEditor opens the editor: the office only (403 for anyone else, as the write would be).
func (s *Server) ruleEditor(r *http.Request, rq *request) (*app.RuleSetView, error) {
	if err := authz.Can(rq.auth.Actor, authz.RuleWrite, authz.Resource{Kind: authz.KindRuleSet}); err != nil {
		return nil, err
	}
	return s.svc.RuleSet(r.Context(), rq.auth.Actor, 0)
}

func (s *Server) ruleNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	set, err := s.ruleEditor(r, rq)
	if err != nil {
		return err
	}
	blank := &rules.Rule{Kind: rules.KindSystem, Severity: rules.SevWarning,
		Tests: []rules.Case{{Name: "违反", Input: map[string]any{}, Violated: true}, {Name: "不违反", Input: map[string]any{}, Violated: false}}}
	s.render(w, r, http.StatusOK, "rule_form", s.ruleFormView(r, rq, set, formOf(set, blank, true)))
	return nil
}

func (s *Server) ruleEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	set, err := s.ruleEditor(r, rq)
	if err != nil {
		return err
	}
	rule := set.Set.Rule(r.PathValue("id"))
	if rule == nil {
		return domain.NotFound()
	}
	s.render(w, r, http.StatusOK, "rule_form", s.ruleFormView(r, rq, set, formOf(set, rule, false)))
	return nil
}

// typedForm reads the editor's form. What cannot be read (the test cases' YAML) is a problem
// of its field, shown with the others; the rule is read as far as it can be.
func typedForm(r *http.Request) (ruleForm, rules.Problems) {
	nl := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	v := r.PostFormValue
	f := ruleForm{New: v("new") == "1", GuideYear: strings.TrimSpace(v("guide_year")), Note: v("note"), Clauses: v("clauses"), Tests: nl(v("tests"))}
	f.Base, _ = strconv.ParseInt(strings.TrimSpace(v("base")), 10, 64)
	f.Rule = rules.Rule{ID: strings.TrimSpace(v("id")), Title: rules.Text{ZH: strings.TrimSpace(v("title_zh")), EN: strings.TrimSpace(v("title_en"))},
		Kind: rules.Kind(v("kind")), When: strings.TrimRight(nl(v("violated_when")), "\n"), Severity: rules.Severity(v("severity")),
		Message: rules.Text{ZH: strings.TrimSpace(v("message_zh")), EN: strings.TrimSpace(v("message_en"))}}
	f.Rule.Clauses = strings.FieldsFunc(f.Clauses, func(c rune) bool { return c == ',' || c == '，' || c == '、' || unicode.IsSpace(c) })
	for _, g := range rules.Gates {
		if e := rules.Enforcement(v("enforce_" + string(g))); e != "" {
			if f.Rule.Enforce == nil {
				f.Rule.Enforce = map[rules.Gate]rules.Enforcement{}
			}
			f.Rule.Enforce[g] = e
		}
	}
	var ps rules.Problems
	if strings.TrimSpace(f.Tests) != "" {
		dec := yaml.NewDecoder(strings.NewReader(f.Tests))
		dec.KnownFields(true)
		if err := dec.Decode(&f.Rule.Tests); err != nil {
			ps = append(ps, rules.Problem{Rule: f.Rule.ID, Field: "tests", Message: "YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")})
		}
	}
	return f, ps
}

// checked is the editor's check: the form's own problems, the rule's (its description, its
// expression with positions, its test cases), and a new rule's ID already taken.
func (s *Server) checked(r *http.Request, rq *request, set *app.RuleSetView, f ruleForm, read rules.Problems) (*ruleCheckView, error) {
	chk, err := s.svc.CheckRule(rq.auth.Actor, &f.Rule)
	if err != nil {
		return nil, err
	}
	ps := read
	for _, p := range chk.Problems {
		if len(read) > 0 && p.Field == "tests" {
			continue // the cases did not read: what the engine says of none is noise
		}
		ps = append(ps, p)
	}
	if f.New && set.Set.Rule(f.Rule.ID) != nil {
		ps = append(ps, rules.Problem{Rule: f.Rule.ID, Field: "id", Message: i18n.T(rq.lang, "err.rules.id_taken", f.Rule.ID)})
	}
	return &ruleCheckView{Problems: s.problemViews(rq.lang, f.Rule.When, ps), Cases: chk.Cases}, nil
}

// ruleTry checks the rule as typed (compile errors at their line and column, the test cases)
// and, with dry, evaluates it over today's records: which would start or stop being findings
// of it. Nothing is written.
func (s *Server) ruleTry(dry bool) func(http.ResponseWriter, *http.Request, *request) error {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		set, err := s.ruleEditor(r, rq)
		if err != nil {
			return err
		}
		f, read := typedForm(r)
		v := s.ruleFormView(r, rq, set, f)
		if v.Check, err = s.checked(r, rq, set, f, read); err != nil {
			return err
		}
		if dry && v.Check.OK() {
			run, err := s.svc.DryRunRule(r.Context(), rq.auth.Actor, &f.Rule)
			if err != nil {
				return err
			}
			v.Dry = &run
			for _, d := range run.Samples {
				v.Samples = append(v.Samples, drySampleView{DrySample: d, Href: subjectHref(string(run.Kind), d.SubjectID)})
			}
		}
		s.render(w, r, http.StatusOK, "rule_form", v)
		return nil
	}
}

// rulePublish publishes the set in force with the rule as typed, as the next version. A
// refusal (a problem of the rule, no note, a set published meanwhile) shows the editor again
// with every problem and what was typed; nothing is published.
func (s *Server) rulePublish(w http.ResponseWriter, r *http.Request, rq *request) error {
	set, err := s.ruleEditor(r, rq)
	if err != nil {
		return err
	}
	f, read := typedForm(r)
	year, yerr := strconv.Atoi(f.GuideYear)
	switch {
	case yerr != nil && f.GuideYear != "":
		err = domain.Invalid("guide_year", "err.rules.guide_year")
	case year != 0 && (year < 2000 || year > 2100):
		err = domain.Invalid("guide_year", "err.rules.guide_year")
	case len(read) > 0:
		err = domain.Invalid("tests", "err.rules.invalid", read[0].Message)
	case f.New && set.Set.Rule(f.Rule.ID) != nil:
		err = domain.Invalid("id", "err.rules.id_taken", f.Rule.ID)
	default:
		_, err = s.svc.PublishRule(r.Context(), rq.auth.Actor, &f.Rule, f.Base, year, f.Note)
		err = noteError(err)
	}
	if err == nil {
		redirect(w, r, "/rules/"+f.Rule.ID, "flash.rules_published")
		return nil
	}
	v := s.ruleFormView(r, rq, set, f)
	if v.Check, _ = s.checked(r, rq, set, f, read); v.Check != nil && v.Check.OK() {
		v.Check = nil // the refusal is not the rule's (no note, a stale base): the message says it
	}
	return s.refused(w, r, err, "rule_form", &v, &v.Page)
}

// ---- import -----------------------------------------------------------------------------

type ruleImportView struct {
	Page
	ruleWords
	Row      *app.RuleSetRow // in force
	Filename string
	Content  string // the file, carried to the confirmation
	Note     string
	Set      *rules.Set
	Problems []ruleProblem
	Changes  []ruleChangeView
	Read     bool // a file was read: show the preview
}

func (s *Server) ruleImportView(r *http.Request, rq *request, set *app.RuleSetView) ruleImportView {
	title := i18n.T(rq.lang, "rules.import")
	return ruleImportView{Page: s.page(r, title, crumb{"/rules", i18n.T(rq.lang, "rules.title")}, crumb{"", title}), ruleWords: ruleWords{rq.lang}, Row: set.Row}
}

func (s *Server) ruleImportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	set, err := s.ruleEditor(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rule_import", s.ruleImportView(r, rq, set))
	return nil
}

// ruleImport is the import's two steps: an uploaded file is read and checked, and shown with
// what it would change (every problem when it cannot be published); its confirmation (the
// file's content carried in the form, with the note) publishes it as the next version.
func (s *Server) ruleImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	set, err := s.ruleEditor(r, rq)
	if err != nil {
		return err
	}
	v := s.ruleImportView(r, rq, set)
	v.Note = r.PostFormValue("note")
	if r.PostFormValue("confirm") == "1" {
		v.Content = strings.ReplaceAll(r.PostFormValue("content"), "\r\n", "\n")
		v.Filename = r.PostFormValue("filename")
		// The page asks for the note itself: the file's own (the service's default) describes
		// the version it was exported from.
		var err error = domain.Invalid("note", "err.rules.note_required")
		if strings.TrimSpace(v.Note) != "" {
			_, err = s.svc.ImportRuleSet(r.Context(), rq.auth.Actor, []byte(v.Content), v.Note)
		}
		if err == nil {
			redirect(w, r, "/rules/versions", "flash.rules_imported")
			return nil
		}
		s.previewImport(r, rq, set, &v)
		return s.refused(w, r, err, "rule_import", &v, &v.Page)
	}
	content, name, err := s.readUpload(r)
	if err != nil {
		return s.refused(w, r, err, "rule_import", &v, &v.Page)
	}
	v.Content, v.Filename = string(content), name
	s.previewImport(r, rq, set, &v)
	s.render(w, r, http.StatusOK, "rule_import", v)
	return nil
}

// previewImport reads the file of v: its rules, every problem of each (as the import will
// check them), and how it differs from the set in force.
func (s *Server) previewImport(r *http.Request, rq *request, cur *app.RuleSetView, v *ruleImportView) {
	v.Read = true
	in, err := rules.DecodeYAML([]byte(v.Content))
	if err != nil {
		v.Problems = []ruleProblem{{Problem: rules.Problem{Field: "file", Message: err.Error()}, Label: i18n.T(rq.lang, "rules.file")}}
		return
	}
	// The stored versions went through JSON (numbers in test inputs are float64 there): so does
	// the file, so that an unchanged rule compares equal.
	if b, err := json.Marshal(in.Rules); err == nil {
		var rs []rules.Rule
		if json.Unmarshal(b, &rs) == nil {
			in.Rules = rs
		}
	}
	v.Set = in
	seen := map[string]bool{}
	for i := range in.Rules {
		x := &in.Rules[i]
		if seen[x.ID] {
			v.Problems = append(v.Problems, ruleProblem{Problem: rules.Problem{Rule: x.ID, Field: "id", Message: i18n.T(rq.lang, "err.rules.id_twice")},
				Label: ruleFieldLabel(rq.lang, "id")})
		}
		seen[x.ID] = true
		chk, err := s.svc.CheckRule(rq.auth.Actor, x)
		if err != nil {
			continue
		}
		v.Problems = append(v.Problems, s.problemViews(rq.lang, x.When, chk.Problems)...)
	}
	v.Changes = changeViews(rq.lang, app.DiffSets(cur.Set, in))
}
