package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCatalogImportExport: `archgov export catalog` writes the demo catalog with its data
// items, `archgov import catalog` reads it back as unchanged; a summary changed in the file is
// one update; a bad row is named and nothing is imported.
func TestCatalogImportExport(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo() // a copy of the demo template: TestDemoCommand loads it for real
		out := filepath.Join(t.TempDir(), "catalog.xlsx")
		if got := c.ok("", c.reg("export", "catalog", "--out", out)...); !strings.Contains(got, "exported 406 catalog entries") {
			t.Fatalf("export says %q", got)
		}
		// The published entries as DCAT-AP 3 JSON-LD (docs/DCAT-AP.md).
		ld := filepath.Join(t.TempDir(), "catalog.jsonld")
		got := c.ok("", c.reg("export", "catalog", "--format", "dcat-ap", "--out", ld)...)
		var doc struct {
			Type     string           `json:"@type"`
			Datasets []map[string]any `json:"dcat:dataset"`
		}
		if raw, err := os.ReadFile(ld); err != nil || json.Unmarshal(raw, &doc) != nil || doc.Type != "dcat:Catalog" ||
			len(doc.Datasets) < 200 || !strings.Contains(got, fmt.Sprintf("exported %d catalog entries", len(doc.Datasets))) {
			t.Fatalf("dcat-ap export: %q, %d datasets, %v", got, len(doc.Datasets), err)
		}
		if code, _, stderr := c.run("", c.reg("export", "catalog", "--format", "rdf", "--out", ld+".x")...); code == 0 || !strings.Contains(stderr, "unknown format") {
			t.Fatalf("unknown format: %d %q", code, stderr)
		}
		if got := c.ok("", c.reg("import", "catalog", out)...); !strings.Contains(got, "无变化 406") || !strings.Contains(got, "没有需要导入的变化") {
			t.Fatalf("re-import says %q", got)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue("信息项", "A2"); !strings.Contains(v, "/") {
			t.Fatalf("信息项 A2 = %q, want a resource code", v)
		}
		f.SetCellValue("信息资源", "E2", "修改后的摘要")
		changed := filepath.Join(t.TempDir(), "changed.xlsx")
		if err := f.SaveAs(changed); err != nil {
			t.Fatal(err)
		}
		f.SetCellValue("信息资源", "H3", "偶尔共享") // 共享类型: not a valid value
		bad := filepath.Join(t.TempDir(), "bad.xlsx")
		var b bytes.Buffer
		f.Write(&b)
		if err := os.WriteFile(bad, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, errs := c.run("", c.reg("import", "catalog", bad)...)
		if code == 0 || !strings.Contains(errs, "第3行「共享类型」") || !strings.Contains(errs, "未导入任何数据") {
			t.Fatalf("bad file: exit %d, %q", code, errs)
		}
		var n int
		c.sql().QueryRow(`SELECT count(*) FROM catalog_entries WHERE summary = '修改后的摘要'`).Scan(&n)
		if n != 0 {
			t.Fatal("a refused import wrote")
		}
		if got := c.ok("", c.reg("import", "catalog", changed)...); !strings.Contains(got, "更新 1") || !strings.Contains(got, "已导入") {
			t.Fatalf("import says %q", got)
		}
		c.sql().QueryRow(`SELECT count(*) FROM catalog_entries WHERE summary = '修改后的摘要'`).Scan(&n)
		if n != 1 {
			t.Fatalf("import updated %d entries", n)
		}
	})
}
