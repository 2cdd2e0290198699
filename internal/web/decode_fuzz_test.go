package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/rules"
)

// jsonBodies are the request bodies of the JSON API, by the Go type the handler decodes into,
// each made as the handler makes it before decode. TestJSONBodiesCoverHandlers keeps the list
// complete: a handler that decodes a type missing here fails it.
var jsonBodies = map[string]func() any{
	"app.AssessmentCreate":      func() any { return new(app.AssessmentCreate) }, // department assessment (ORG-3)
	"app.AssessmentEdit":        func() any { return new(app.AssessmentEdit) },
	"app.AssessmentStep":        func() any { return new(app.AssessmentStep) },
	"app.ObjectionCreate":       func() any { return new(app.ObjectionCreate) },
	"app.ObjectionStep":         func() any { return new(app.ObjectionStep) },
	"app.ReviewerAssignment":    func() any { return new(app.ReviewerAssignment) }, // review
	"app.ReviewSubmission":      func() any { return new(app.ReviewSubmission) },
	"app.PaperReview":           func() any { return new(app.PaperReview) },
	"app.OpinionEdit":           func() any { return new(app.OpinionEdit) },
	"app.DupVerdictEdit":        func() any { return new(app.DupVerdictEdit) },        // issue 15
	"app.SupervisionAssignment": func() any { return new(app.SupervisionAssignment) }, // FLOW-5
	"app.SupervisionNote":       func() any { return new(app.SupervisionNote) },
	"app.StageMaterialsEdit":    func() any { return new(app.StageMaterialsEdit) }, // FLOW-4
	"app.StageStep":             func() any { return new(app.StageStep) },
	"app.CheckRoundEdit":        func() any { return new(app.CheckRoundEdit) }, // FLOW-4's spot checks
	"app.RoundStep":             func() any { return new(app.RoundStep) },
	"app.SpotCheckRecordIn":     func() any { return new(app.SpotCheckRecordIn) },
	"app.RectificationOpen":     func() any { return new(app.RectificationOpen) }, // FLOW-4
	"app.RectificationAnswerIn": func() any { return new(app.RectificationAnswerIn) },
	"app.RectificationStep":     func() any { return new(app.RectificationStep) },
	"app.ProjectHaltStep":       func() any { return new(app.ProjectHaltStep) },
	"app.WaiverStep":            func() any { return new(app.WaiverStep) },    // issue 11
	"app.ComponentEdit":         func() any { return new(app.ComponentEdit) }, // the component catalog (issue 15)
	"app.ComponentStep":         func() any { return new(app.ComponentStep) },
	"waiverAsk":                 func() any { return new(waiverAsk) },
	"dupCheckBody":              func() any { return new(dupCheckBody) }, // issue 15
	"unitCreate":                func() any { return new(unitCreate) },
	"unitMoveBody":              func() any { return new(unitMoveBody) },
	"versionBody":               func() any { return new(versionBody) },
	"userCreateBody":            func() any { return new(userCreateBody) },
	"rolesBody":                 func() any { return new(rolesBody) },
	"cloudRequestCreate":        func() any { return new(cloudRequestCreate) },
	"feedbackCreate":            func() any { return new(feedbackCreate) },
	"feedbackStepBody":          func() any { return new(feedbackStepBody) },
	"sharingCreate":             func() any { return new(sharingCreate) },
	"sharingWithdrawBody":       func() any { return new(sharingWithdrawBody) },
	"toPolicyBody":              func() any { b := toPolicyBody(domain.DefaultPolicy, 1); return &b },
	"toGovernanceBody":          func() any { b := toGovernanceBody(domain.Governance{}, 1); return &b },
	"app.GuideCreate":           func() any { return new(app.GuideCreate) },
	"app.GuideEdit":             func() any { return new(app.GuideEdit) },
	"app.GuideStep":             func() any { return new(app.GuideStep) },
	"app.UnitEdit":              func() any { return new(app.UnitEdit) },
	"app.UserEdit":              func() any { return new(app.UserEdit) },
	"app.SystemEdit":            func() any { return new(app.SystemEdit) },
	"app.SystemStep":            func() any { return new(app.SystemStep) },
	"app.CatalogEdit":           func() any { return new(app.CatalogEdit) },
	"app.CatalogStep":           func() any { return new(app.CatalogStep) },
	"app.CloudPoolEdit":         func() any { return new(app.CloudPoolEdit) },
	"app.CloudRequestEdit":      func() any { return new(app.CloudRequestEdit) },
	"app.CloudStep":             func() any { return new(app.CloudStep) },
	"app.DockingPlanEdit":       func() any { return new(app.DockingPlanEdit) },
	"app.MigrationPlanEdit":     func() any { return new(app.MigrationPlanEdit) },
	"app.PlanStep":              func() any { return new(app.PlanStep) },
	"app.RoomEdit":              func() any { return new(app.RoomEdit) },
	"app.RoomStep":              func() any { return new(app.RoomStep) },
	"app.MilestoneEdit":         func() any { return new(app.MilestoneEdit) },
	"app.SharingStep":           func() any { return new(app.SharingStep) },
	"app.WebsiteEdit":           func() any { return new(app.WebsiteEdit) },
	"app.WebsiteStep":           func() any { return new(app.WebsiteStep) },
	"app.MediaEdit":             func() any { return new(app.MediaEdit) },
	"app.MediaStep":             func() any { return new(app.MediaStep) },
	"app.BaseLibraryEdit":       func() any { return new(app.BaseLibraryEdit) },
	"app.NewBaseLibrary":        func() any { return new(app.NewBaseLibrary) },
	"app.AnnualPlanNew":         func() any { return new(app.AnnualPlanNew) },
	"app.AnnualPlanEdit":        func() any { return new(app.AnnualPlanEdit) },
	"app.AnnualPlanStep":        func() any { return new(app.AnnualPlanStep) },
	"app.ExpertCreate":          func() any { return new(app.ExpertCreate) },
	"app.ExpertEdit":            func() any { return new(app.ExpertEdit) },
	"app.DrawRequest":           func() any { return new(app.DrawRequest) },
	"app.ProjectNew":            func() any { return new(app.ProjectNew) },
	"app.ProjectEdit":           func() any { return new(app.ProjectEdit) },
	"app.ProjectStep":           func() any { return new(app.ProjectStep) },
	"app.TaskBookIssue":         func() any { return new(app.TaskBookIssue) },
	"app.TaskBookActuals":       func() any { return new(app.TaskBookActuals) },
	"rules.Rule":                func() any { return new(rules.Rule) }, // the governance rules (issue 11)
	"rulePublishBody":           func() any { return new(rulePublishBody) },
	"ruleRemoveBody":            func() any { return new(ruleRemoveBody) },
}

// decodeSiteRe finds what a handler decodes into: the `var in T` or `in := f(...)` before a
// decode(r, &in).
var decodeSiteRe = regexp.MustCompile(`(?:var in ([\w.]+)|in := (\w+)\()[^\n]*\n(?:[^\n]*\n){0,8}?[^\n]*decode\(r, &in\)`)

// TestJSONBodiesCoverHandlers reads the handlers' source: every type a handler decodes a JSON
// body into is fuzzed by FuzzDecodeJSON.
func TestJSONBodiesCoverHandlers(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls, matched, found := 0, 0, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		calls += strings.Count(string(src), "decode(r, &")
		for _, m := range decodeSiteRe.FindAllStringSubmatch(string(src), -1) {
			matched++
			if f == "api_register.go" {
				continue // a generic handler decodes into its type parameter: the route table names it
			}
			name := m[1] + m[2]
			found[name] = true
			if jsonBodies[name] == nil {
				t.Errorf("%s: the handler decodes a %s, which FuzzDecodeJSON does not cover (add it to jsonBodies)", f, name)
			}
		}
	}
	// The body of every route of the table, the generic handlers' included, is fuzzed too.
	byType := map[reflect.Type]string{}
	for n, mk := range jsonBodies {
		byType[reflect.TypeOf(mk()).Elem()] = n
	}
	for _, rt := range new(Server).apiRoutes() {
		if _, isMedia := rt.in.(media); rt.in == nil || isMedia {
			continue
		}
		n, ok := byType[reflect.TypeOf(rt.in)]
		if !ok {
			t.Errorf("%s: its body %T is not covered by FuzzDecodeJSON (add it to jsonBodies)", rt.pattern, rt.in)
		}
		found[n] = true
	}
	if calls != matched {
		t.Errorf("%d decode calls, %d of them after a `var in T` or `in := f(`: decode into `in` declared just before, so this test can tell the type", calls, matched)
	}
	if calls == 0 || len(found) < len(jsonBodies) {
		var missing []string
		for n := range jsonBodies {
			if !found[n] {
				missing = append(missing, n)
			}
		}
		slices.Sort(missing)
		t.Errorf("%d decode calls; types in jsonBodies no handler decodes (or this test no longer finds): %v", calls, missing)
	}
}

// FuzzDecodeJSON feeds arbitrary bytes to every API body type through decode, the one function
// the handlers read JSON with: it must never panic, and a refusal must be a 400 (bad_request),
// or a 422 naming the field for a string with control characters or invalid UTF-8 (the input
// check, input.go), with a message in both languages — never a 500, never a bare message key.
//
//	go test ./internal/web -run '^$' -fuzz FuzzDecodeJSON -fuzztime 30s
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"version":3}`, `{"version":"3"}`, `{"version":1e400}`, `{"version":-9223372036854775809}`,
		`{"name":"x","unknown":1}`, `{"roles":["unit_contact:A01",null]}`, `[]`, `null`, `"x"`, `{"a":1}{}`,
		`{"version":1} x`, `{"code":"\u0000\ud800"}`, `{"planned_date":"2026-13-01"}`, `{"go_live":"2016-12-01T00:00:00Z"}`,
		`{"totp_roles":[1]}`, `{"items":[{"name":"n","type":"string","length":-1}]}`, `{"requested":{"vcpus":1e3}}`,
		`{"holidays":["2026-10-01"]}`, `{"valid_until":"not a time"}`, `[[[[[[[[[[]]]]]]]]]]`,
	} {
		f.Add([]byte(s))
	}
	names := make([]string, 0, len(jsonBodies))
	for n := range jsonBodies {
		names = append(names, n)
	}
	slices.Sort(names)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, n := range names {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
			err := decode(r, jsonBodies[n]())
			if err == nil {
				continue
			}
			e := domain.AsError(err)
			switch st := errorStatus(err); {
			case st == http.StatusBadRequest:
			case st == http.StatusUnprocessableEntity && e.Field != "":
			default:
				t.Fatalf("%s: body %q refused with %d (%v), want 400, or 422 naming the field", n, body, st, err)
			}
			for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
				if !i18n.Has(lang, e.Message) || strings.TrimSpace(i18n.T(lang, e.Message, e.Args...)) == "" {
					t.Fatalf("%s: body %q refused with message key %q, which %s lacks", n, body, e.Message, lang)
				}
			}
		}
	})
}
