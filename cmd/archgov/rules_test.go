package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"archgov/internal/rules"
)

// TestRulesTest: `archgov rules test FILE` needs no database; the default rule set passes,
// every case printed PASS; a file with a syntax error and a wrong expectation fails (exit 1),
// naming the position and the failing case.
func TestRulesTest(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	good, err := rules.EncodeYAML(rules.Default())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(file, good, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := c.run("", "rules", "test", file)
	if code != 0 || !strings.Contains(out, "  PASS  部门专网系统（不在范围内）") || strings.Contains(out, "FAIL") ||
		!strings.Contains(out, "0 failed; 0 problems") {
		t.Fatalf("the default rule set: exit %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Error("rules test created a database")
	}

	set := rules.Default()
	set.Rule("ENV-P1.off-cloud").When = "system.classified &&& true"
	set.Rule("ENV-R2.migration-overdue").Tests[0].Violated = false
	bad, err := rules.EncodeYAML(set)
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = c.run(string(bad), "rules", "test", "-")
	for _, want := range []string{"PROBLEM violated_when 1:21: Syntax error", "(test cases not run: the rule does not compile)",
		"  FAIL  计划日期已过: expected violated=false, got true", "PROBLEM tests: give at least one test case that violates the rule and one that does not", "1 failed; 2 problems"} {
		if !strings.Contains(out, want) {
			t.Errorf("a broken file: output lacks %q\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("a broken file: exit %d, want 1\n%s", code, out)
	}
	if code, _, errs := c.run("", "rules", "test"); code != 2 || !strings.Contains(errs, "usage: archgov rules") {
		t.Errorf("rules test without a file: exit %d %q", code, errs)
	}
}

// TestRulesExportImport: the demo's rule set exported, changed and imported as version 2 by the
// operator (audited as the system's ruleset.publish); a file with a problem is refused with
// every problem and publishes nothing.
func TestRulesExportImport(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		file := filepath.Join(t.TempDir(), "rules.yaml")
		c.ok("", "rules", "export", file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if stdout := c.ok("", "rules", "export", "--version", "1", "-"); stdout != string(b) {
			t.Fatal("export of version 1 to the standard output differs from the export of the set in force")
		}
		set, err := rules.DecodeYAML(b)
		if err != nil || set.Version != 1 || set.Rule("ENV-P1.off-cloud") == nil {
			t.Fatalf("the exported set: %v", err)
		}

		set.Rule("ENV-P1.off-cloud").Severity = rules.SevError
		set.Rule("ENV-R3.room-overdue").When = "machine_room.deadline <"
		broken, _ := rules.EncodeYAML(set)
		code, out, _ := c.run(string(broken), "rules", "import", "--note", "坏文件", "-")
		if code != 1 || !strings.Contains(out, "nothing was published") || !strings.Contains(out, "violated_when: ENV-R3.room-overdue 1:24") {
			t.Fatalf("importing a broken file: exit %d\n%s", code, out)
		}
		var n int
		if err := c.sql().QueryRow(`SELECT count(*) FROM rule_sets`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d rule sets after a refused import (%v)", n, err)
		}

		set.Rule("ENV-R3.room-overdue").When = "machine_room.kind == 'other' && machine_room.status != 'closed' && machine_room.deadline != '' && machine_room.deadline < today"
		fixed, _ := rules.EncodeYAML(set)
		if err := os.WriteFile(file, fixed, 0o644); err != nil {
			t.Fatal(err)
		}
		out = c.ok("", "rules", "import", file, "--note", "ENV-P1 提高为严重")
		if !strings.HasPrefix(out, "published version 2: ") {
			t.Fatalf("import: %q", out)
		}
		var sev, actor string
		if err := c.sql().QueryRow(`SELECT severity FROM findings WHERE rule_id = 'ENV-P1.off-cloud' AND status = 'open' LIMIT 1`).Scan(&sev); err != nil || sev != "error" {
			t.Fatalf("an ENV-P1 finding after the import: %q %v", sev, err)
		}
		if err := c.sql().QueryRow(`SELECT actor FROM audit_log WHERE action = 'ruleset.publish' AND entity_id = '2'`).Scan(&actor); err != nil || actor != "system" {
			t.Fatalf("the import's audit record: %q %v", actor, err)
		}
	})
}
