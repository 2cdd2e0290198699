package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The systems registry from the command line: export, re-import as a no-op, the dry run, and
// an unknown or unbuilt registry name refused with the list of names.
func TestSystemsImportExport(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.ok("", "demo")
		out := filepath.Join(t.TempDir(), "systems.xlsx")
		if got := c.ok("", "export", "systems", "--out", out); !strings.Contains(got, "exported 153 systems") {
			t.Fatalf("export says %q", got)
		}
		if got := c.ok("", "import", "systems", out, "--dry-run"); !strings.Contains(got, "无变化 153") || !strings.Contains(got, "试运行") {
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
