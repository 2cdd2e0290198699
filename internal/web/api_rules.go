package web

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/rules"
)

// The governance rules in the JSON API (issue 11), as on the pages (pages_rules.go): every
// login reads the rule set in force, its versions and their differences, and exports a version
// as YAML; the info office checks and dry-runs a rule, publishes or removes one, imports a whole
// set from YAML and sweeps every record now.

// ruleSetBody is one version of the rule set with its rules.
type ruleSetBody struct {
	Version         int64        `json:"version"`
	GuideYear       int          `json:"guide_year"`
	Note            string       `json:"note"`
	PublishedBy     int64        `json:"published_by,omitempty"`
	PublishedByName string       `json:"published_by_name,omitempty"`
	PublishedAt     *time.Time   `json:"published_at,omitempty"`
	Rules           []rules.Rule `json:"rules"`
}

func ruleSetOf(v *app.RuleSetView) ruleSetBody {
	b := ruleSetBody{Version: v.Row.Version, GuideYear: v.Set.GuideYear, Note: v.Row.Note, PublishedBy: v.Row.PublishedBy,
		PublishedByName: v.Row.PublishedByName, Rules: v.Set.Rules}
	if !v.Row.PublishedAt.IsZero() {
		at := v.Row.PublishedAt
		b.PublishedAt = &at
	}
	if b.Rules == nil {
		b.Rules = []rules.Rule{}
	}
	return b
}

// ruleDiffBody is how two versions differ, rule by rule.
type ruleDiffBody struct {
	From    int64            `json:"from"`
	To      int64            `json:"to"`
	Changes []app.RuleChange `json:"changes"`
}

// rulePublishBody publishes the set in force with one rule added or replaced.
type rulePublishBody struct {
	Rule        rules.Rule `json:"rule"`
	BaseVersion int64      `json:"base_version"`
	GuideYear   int        `json:"guide_year"`
	Note        string     `json:"note"`
}

// ruleRemoveBody publishes the set in force without one rule.
type ruleRemoveBody struct {
	RuleID      string `json:"rule_id"`
	BaseVersion int64  `json:"base_version"`
	Note        string `json:"note"`
}

// pRuleVersion is the {version} of a version's path.
var pRuleVersion = param{name: "version", in: "path", doc: "The version's number (1, 2, ...).", schema: obj{"type": "integer", "format": "int64", "minimum": 1}}

// ruleSetYAML documents a rule set as YAML: the rule set's fields (RuleSetVersion's, with its rules).
var ruleSetYAML = obj{"type": "object", "required": []string{"rules"}, "properties": obj{
	"version": obj{"type": "integer"}, "guide_year": obj{"type": "integer"}, "note": obj{"type": "string"},
	"rules": obj{"type": "array", "items": ref("Rule")}}}

func (s *Server) rulesAPI() []apiRoute {
	inForce := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		v, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, 0)
		if err != nil {
			return nil, err
		}
		return ruleSetOf(v), nil
	}
	versions := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		vs, err := s.svc.RuleSetVersions(r.Context(), rq.auth.Actor)
		if vs == nil {
			vs = []*app.RuleSetRow{}
		}
		return list[*app.RuleSetRow]{Items: vs}, err
	}
	version := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		ver, err := apiVersion(r)
		if err != nil {
			return nil, err
		}
		v, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, ver)
		if err != nil {
			return nil, err
		}
		return ruleSetOf(v), nil
	}
	diff := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		to, err := apiVersion(r)
		if err != nil {
			return nil, err
		}
		from := to - 1
		if q := r.URL.Query().Get("from"); q != "" {
			if from, err = strconv.ParseInt(q, 10, 64); err != nil || from < 1 {
				return nil, domain.Invalid("from", "err.number")
			}
		}
		if from < 1 {
			return nil, domain.NotFound()
		}
		cs, err := s.svc.DiffRuleSets(r.Context(), rq.auth.Actor, from, to)
		if cs == nil {
			cs = []app.RuleChange{}
		}
		return ruleDiffBody{From: from, To: to, Changes: cs}, err
	}
	export := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		q := filtersOf(r)
		ver := q.num("version")
		if q.err != nil {
			return nil, q.err
		}
		if err := s.writeRuleYAML(w, r, rq, ver); err != nil {
			return nil, err
		}
		return nil, errHandled
	}
	check := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in rules.Rule
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		c, err := s.svc.CheckRule(rq.auth.Actor, &in)
		if c.Problems == nil {
			c.Problems = rules.Problems{}
		}
		if c.Cases == nil {
			c.Cases = []rules.CaseResult{}
		}
		return c, err
	}
	dryRun := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in rules.Rule
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		d, err := s.svc.DryRunRule(r.Context(), rq.auth.Actor, &in)
		if d.Samples == nil {
			d.Samples = []app.DrySample{}
		}
		return d, err
	}
	publish := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in rulePublishBody
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		if in.GuideYear != 0 && (in.GuideYear < 2000 || in.GuideYear > 2100) {
			return nil, domain.Invalid("guide_year", "err.rules.guide_year")
		}
		_, err := s.svc.PublishRule(r.Context(), rq.auth.Actor, &in.Rule, in.BaseVersion, in.GuideYear, in.Note)
		return s.publishedSet(r, rq, err)
	}
	remove := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in ruleRemoveBody
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		_, err := s.svc.RemoveRule(r.Context(), rq.auth.Actor, in.RuleID, in.BaseVersion, in.Note)
		return s.publishedSet(r, rq, err)
	}
	importSet := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		b, err := io.ReadAll(io.LimitReader(r.Body, rules.MaxSetBytes+1))
		if err != nil {
			return nil, s.uploadTooBig()
		}
		if len(b) > rules.MaxSetBytes {
			return nil, domain.Invalid("file", "err.rules.invalid", "a rule set file is at most 1 MiB")
		}
		if !textOK(string(b)) {
			return nil, textError("file", string(b))
		}
		_, err = s.svc.ImportRuleSet(r.Context(), rq.auth.Actor, b, r.URL.Query().Get("note"))
		return s.publishedSet(r, rq, err)
	}
	sweep := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		return s.svc.Sweep(r.Context(), rq.auth.Actor)
	}
	// The writes refuse anyone but the office before reading the body: a unit's request is a
	// 403 whatever it sends.
	office := func(h apiFunc) apiFunc {
		return func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
			if err := authz.Can(rq.auth.Actor, authz.RuleWrite, authz.Resource{Kind: authz.KindRuleSet}); err != nil {
				return nil, err
			}
			return h(w, r, rq)
		}
	}
	const onlyOffice = " The info office only (403 for anyone else)."
	return []apiRoute{
		{pattern: "GET /api/v1/rules", status: http.StatusOK, h: inForce,
			id: "getRuleSet", tag: "rules",
			sum:   "The rule set in force",
			doc:   "The governance rules the software checks (issue 11), with the version in force, its guide year and revision note, who published it and when. Every login reads it. Before anything is published the default rule set is in force, answered as version 0 without published_at.",
			out:   ruleSetBody{},
			okDoc: "The rule set in force.",
		},
		{pattern: "GET /api/v1/rules/versions", status: http.StatusOK, h: versions,
			id: "listRuleSetVersions", tag: "rules",
			sum:   "The published versions",
			doc:   "Every published version of the rule set, newest first (the first is in force), without their rules. Every login reads them.",
			out:   list[*app.RuleSetRow]{},
			okDoc: "The versions (next_cursor is always empty).",
		},
		{pattern: "GET /api/v1/rules/versions/{version}", status: http.StatusOK, h: version,
			id: "getRuleSetVersion", tag: "rules",
			sum:   "One published version",
			doc:   "A published version with its rules; a version never changes once published. An unknown version answers 404.",
			query: []param{pRuleVersion},
			out:   ruleSetBody{},
			okDoc: "The version.",
		},
		{pattern: "GET /api/v1/rules/versions/{version}/diff", status: http.StatusOK, h: diff,
			id: "diffRuleSetVersions", tag: "rules",
			sum:   "How a version differs from another",
			doc:   "Rule by rule: added, removed, or changed with the names of the fields that differ (id, clauses, title, kind, violated_when, severity, enforce, message, tests) and the rule before and after. from defaults to the version before; version 1 has none (404).",
			query: []param{pRuleVersion, qInt("from", "The version to compare with; default the one before.")},
			out:   ruleDiffBody{},
			okDoc: "The changes.",
			errs:  []int{400},
		},
		{pattern: "GET /api/v1/rules/export", status: http.StatusOK, h: export,
			id: "exportRuleSet", tag: "rules",
			sum:   "Export a version as YAML",
			doc:   "The rule set as YAML (version, guide_year, note, rules), for review outside the app and for POST /api/v1/rules/import or `archgov rules import`. version: a published version; absent or 0: the one in force.",
			query: []param{qInt("version", "The version; absent or 0: the one in force.")},
			out:   media{content: obj{"application/yaml": obj{"schema": ruleSetYAML}}, headers: obj{"Content-Disposition": obj{"description": "attachment; filename=\"archgov-rules-vN.yaml\"", "schema": obj{"type": "string"}}}},
			okDoc: "The rule set.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/rules/check", status: http.StatusOK, h: office(check),
			id: "checkRule", tag: "rules",
			sum:   "Check a rule",
			doc:   "Compiles a rule as edited and runs its test cases; nothing is saved." + onlyOffice + " Every problem at once: of its description (field id, clauses, title, kind, severity, enforce, message, tests), of its expression (field violated_when, with line and column, 1-based, of the offending character), and each failing test case. A rule with problems answers 200 with them: the check itself succeeded.",
			in:    rules.Rule{},
			inDoc: "The rule as edited.",
			out:   app.RuleCheck{},
			okDoc: "The problems (none: the rule may be published) and, when it compiles, its test cases' results.",
		},
		{pattern: "POST /api/v1/rules/dry-run", status: http.StatusOK, h: office(dryRun),
			id: "dryRunRule", tag: "rules",
			sum:   "Dry-run a rule",
			doc:   "Evaluates a rule as edited over every current record of its kind and compares with the live findings of the rule with the same ID: how many records it reads and finds violated, how many findings would open (start) and resolve (stop), with up to 20 samples of each. Nothing is written." + onlyOffice + " A rule with problems is not run: they are answered in problems.",
			in:    rules.Rule{},
			inDoc: "The rule as edited.",
			out:   app.DryRun{},
			okDoc: "What publishing it would change today.",
		},
		{pattern: "POST /api/v1/rules/publish", status: http.StatusOK, h: office(publish),
			id: "publishRule", tag: "rules",
			sum:   "Publish a rule",
			doc:   "Publishes the set in force with the rule added, or replacing the rule of its ID, as the next version (immutable), for guide_year (0: the set's)." + onlyOffice + " base_version is the version the editor started from: when another was published meanwhile the answer is 409 and nothing is published. A rule that does not check answers 422 with every problem (fields; an expression's problem says line:column); a missing note 422 on note. Audited as ruleset.publish; the records of the rule's kind are re-evaluated at once.",
			in:    rulePublishBody{},
			inDoc: "The rule, the version it was edited from, the guide year and the revision note (修订说明).",
			out:   ruleSetBody{},
			okDoc: "The rule set now in force.",
			errs:  []int{409},
		},
		{pattern: "POST /api/v1/rules/remove", status: http.StatusOK, h: office(remove),
			id: "removeRule", tag: "rules",
			sum:   "Remove a rule",
			doc:   "Publishes the set in force without the rule as the next version; its findings resolve." + onlyOffice + " An unknown rule_id answers 404, a stale base_version 409, a missing note 422. Audited as ruleset.publish.",
			in:    ruleRemoveBody{},
			inDoc: "The rule's ID, the version it was removed from and the revision note.",
			out:   ruleSetBody{},
			okDoc: "The rule set now in force.",
			errs:  []int{404, 409},
		},
		{pattern: "POST /api/v1/rules/import", status: http.StatusOK, h: office(importSet),
			id: "importRuleSet", tag: "rules",
			sum:   "Import a rule set from YAML",
			doc:   "The body is a rule set as GET /api/v1/rules/export writes it (at most 1 MiB; an unknown key is refused). It replaces the set in force as the next version, for its guide_year." + onlyOffice + " Every rule must check: otherwise 422 listing every problem of every rule (fields, each message naming the rule and, in an expression, line:column) and nothing is published. note (the query parameter, else the file's) is required. Audited as ruleset.publish; every record is re-evaluated.",
			query: []param{qString("note", "The revision note (修订说明); default the file's note.")},
			in:    media{content: obj{"application/yaml": obj{"schema": ruleSetYAML}}},
			inDoc: "The rule set as YAML.",
			out:   ruleSetBody{},
			okDoc: "The rule set now in force.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/rules/sweep", status: http.StatusOK, h: sweep,
			id: "sweepRules", tag: "rules",
			sum:   "Re-check every record now",
			doc:   "Lapses the waivers past their expiry, then re-evaluates every record of every kind against the rule set in force and updates the findings (the server does it daily)." + onlyOffice + " No request body. Audited as ruleset.sweep with the counts.",
			out:   app.SweepCounts{},
			okDoc: "What the sweep changed.",
		},
	}
}

// apiVersion reads the {version} of a path.
func apiVersion(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("version"), 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.NotFound()
	}
	return n, nil
}

// publishedSet answers a publication: the set now in force, or the refusal.
func (s *Server) publishedSet(r *http.Request, rq *request, err error) (any, error) {
	if err != nil {
		return nil, noteError(err)
	}
	v, err := s.svc.RuleSet(r.Context(), rq.auth.Actor, 0)
	if err != nil {
		return nil, err
	}
	return ruleSetOf(v), nil
}

// noteError names the revision note in a refusal for its lack (the service says "required").
func noteError(err error) error {
	if e := domain.AsError(err); e.Code == domain.EInvalid && e.Field == "note" && e.Message == "err.required" && len(e.More) == 0 {
		return domain.Invalid("note", "err.rules.note_required")
	}
	return err
}
