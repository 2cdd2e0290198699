package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"archgov/internal/demo"
	"archgov/internal/testdb"
)

// `archgov demo` fills an empty database with the demo district and prints the logins; what
// it leaves is what the other tests copy (demodb's template, loaded through the same
// demo.Load). The package's only load of the demo for real (without -race: testdb.WithoutRace), on SQLite: the same
// load on PostgreSQL is internal/testdb/demodb's reference (TestCopyIsTheDemoAndIndependent).
func TestDemoCommand(t *testing.T) {
	testdb.WithoutRace(t) // loads the demo district for real, sequentially
	t.Parallel()
	c := newCLI(t)
	out := c.ok("", "demo")
	if !strings.Contains(out, demo.Password) || !strings.Contains(out, demo.Users[0].Username) {
		t.Errorf("demo printed %q; want the logins and the initial password", out)
	}
	copied := newCLI(t)
	copied.demo()
	if got, want := c.users(), copied.users(); !slices.Equal(got, want) || len(want) != len(demo.Accounts()) {
		t.Errorf("users after `archgov demo`: %v; the template has %v (%d demo accounts)", got, want, len(demo.Accounts()))
	}
	exported := filepath.Join(t.TempDir(), "systems.xlsx")
	if got := c.ok("", "export", "systems", "--out", exported); !strings.Contains(got, "exported 163 systems") {
		t.Errorf("export after `archgov demo` says %q", got)
	}
}

// The systems registry from the command line: export, re-import as a no-op, the dry run, and
// an unknown or unbuilt registry name refused with the list of names.
func TestSystemsImportExport(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		out := filepath.Join(t.TempDir(), "systems.xlsx")
		if got := c.ok("", "export", "systems", "--out", out); !strings.Contains(got, "exported 163 systems") {
			t.Fatalf("export says %q", got)
		}
		if got := c.ok("", "import", "systems", out, "--dry-run"); !strings.Contains(got, "无变化 163") || !strings.Contains(got, "试运行") {
			t.Fatalf("dry run says %q", got)
		}
		if got := c.ok("", "import", "systems", out); !strings.Contains(got, "没有需要导入的变化") {
			t.Fatalf("re-import says %q", got)
		}
		code, _, errs := c.run("", "import", "servers", out)
		if code != 2 || !strings.Contains(errs, "systems, machine-rooms, websites, new-media") {
			t.Errorf("unknown registry: exit %d, %q", code, errs)
		}
	})
}
