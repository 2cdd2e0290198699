// Command genworkflows writes docs/workflows.md from the workflow tables of internal/domain:
// one Mermaid state diagram per workflow, labelled in Chinese from the zh message catalog with
// the code names beside, and the table of its steps. Run it with `go generate ./internal/domain`;
// a test fails when the file no longer matches the tables.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

func main() {
	out := flag.String("o", "docs/workflows.md", "the file to write")
	flag.Parse()
	if err := os.WriteFile(*out, render(), 0o644); err != nil {
		log.Fatal(err)
	}
}

// who names the capacities the workflows are taken in (domain.SystemActor, FeedbackActor,
// SharingActor).
var who = map[string]string{
	"unit": "本单位", "unit_head": "本单位责任人", "office": "区信息办",
	"provider": "提供方", "reporter": "反馈方", "requester": "申请方",
}

// zh is the Chinese of a message key, "" when the catalog has none.
func zh(key string) string {
	if !i18n.Has(i18n.ZH, key) {
		return ""
	}
	return i18n.T(i18n.ZH, key)
}

// label is "中文 code", or the code alone when the catalog has no Chinese for it.
func label(key, code string) string {
	if z := zh(key + code); z != "" {
		return z + " " + code
	}
	return code
}

func render() []byte {
	var b bytes.Buffer
	b.WriteString(`# Workflows

Generated from the workflow tables in ` + "`internal/domain`" + ` by ` + "`go generate ./internal/domain`" + `;
do not edit by hand (a test fails when this file and the tables differ).

Each diagram shows a register's states and the steps between them, in Chinese with the code
names beside. In the tables, *who* is the capacity the step is taken in, *note* the field whose
text the step requires, and *rule* what else the step needs (its guard in the table's source).
`)
	for _, d := range domain.Diagrams() {
		var clauses []string
		for _, c := range d.Clauses {
			clauses = append(clauses, fmt.Sprintf("[%s](RULES.md#%s)", c, strings.ToLower(c)))
		}
		fmt.Fprintf(&b, "\n## %s (`%s`)\n\nClauses: %s.\n\n```mermaid\nstateDiagram-v2\n", zh(d.Title), d.Name, strings.Join(clauses, ", "))
		for _, s := range d.States {
			fmt.Fprintf(&b, "    state \"%s\" as %s\n", label(d.StateKey, s), s)
		}
		fmt.Fprintf(&b, "    [*] --> %s\n", d.States[0])
		for _, e := range d.Edges {
			fmt.Fprintf(&b, "    %s --> %s : %s\n", e.From, e.To, label(d.ActionKey, e.Action))
		}
		for _, s := range d.States {
			if !slices.ContainsFunc(d.Edges, func(e domain.Edge) bool { return e.From == s }) {
				fmt.Fprintf(&b, "    %s --> [*]\n", s)
			}
		}
		b.WriteString("```\n\n| step | from | to | who | note | rule |\n|---|---|---|---|---|---|\n")
		for i, e := range d.Edges {
			if slices.ContainsFunc(d.Edges[:i], func(x domain.Edge) bool { return x.Action == e.Action }) {
				continue // one row per step
			}
			var from, to []string
			for _, x := range d.Edges {
				if x.Action == e.Action {
					from = appendNew(from, label(d.StateKey, x.From))
					to = appendNew(to, label(d.StateKey, x.To))
				}
			}
			var by []string
			for _, w := range e.By {
				by = append(by, who[w]+" "+w)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", label(d.ActionKey, e.Action),
				strings.Join(from, "、"), strings.Join(to, "、"), strings.Join(by, "、"), e.Note, e.Rule)
		}
	}
	return b.Bytes()
}

func appendNew(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
