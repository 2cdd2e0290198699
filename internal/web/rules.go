package web

import (
	"html/template"
	"regexp"
	"strings"
	"sync"

	"archgov/docs"
)

// The clauses of the district's rules and the clause chips that link to them. Both read the
// clause texts from docs/RULES.md (embedded by package docs), the one place the rules are
// written down: a row "| ENV-P1 | text | where |" of its tables is clause ENV-P1. The rules
// page (GET /rules, pages_rules.go) lists them under the rule set, each row the target of its
// chips (/rules#ENV-P1).

type clauseRule struct{ ID, Text string }

var (
	clauseID  = regexp.MustCompile(`^[A-Z]{3,4}-[A-Z]?[0-9]+$`)
	anchorTag = regexp.MustCompile(`<a id="[^"]*"></a>`)
)

// clauseRules reads the clauses of docs/RULES.md once, in the document's order.
var clauseRules = sync.OnceValues(func() ([]clauseRule, map[string]string) {
	var list []clauseRule
	byID := map[string]string{}
	for _, line := range strings.Split(docs.Rules, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		// The ID cell may carry its anchor first: | <a id="env-p1"></a>ENV-P1 | … |
		id, text := strings.TrimSpace(anchorTag.ReplaceAllString(cells[1], "")), strings.TrimSpace(cells[2])
		if !clauseID.MatchString(id) {
			continue
		}
		list = append(list, clauseRule{id, text})
		byID[id] = text
	}
	return list, byID
})

// clauseChips renders the clause IDs in s ("ENV-P1" or "SHR-R7 · SHR-R8") as chips: each a
// link to its rule on the rules page, the rule's text on hover. class adds classes (warn,
// overdue). A text that is no clause ID stays a plain chip.
func clauseChips(s string, class ...string) template.HTML {
	_, byID := clauseRules()
	cls := strings.TrimSpace("clause " + strings.Join(class, " "))
	var b strings.Builder
	for i, id := range strings.Split(s, "·") {
		id = strings.TrimSpace(id)
		if i > 0 {
			b.WriteString(" ")
		}
		text, ok := byID[id]
		if !ok {
			b.WriteString(`<span class="` + template.HTMLEscapeString(cls) + `">` + template.HTMLEscapeString(id) + `</span>`)
			continue
		}
		b.WriteString(`<a class="` + template.HTMLEscapeString(cls) + `" href="/rules#` + id + `" title="` +
			template.HTMLEscapeString(text) + `">` + id + `</a>`)
	}
	return template.HTML(b.String())
}
