package app_test

import (
	"slices"
	"testing"

	"archgov/internal/store"
)

// The systems registry's search goes through the search index, which the import keeps up to
// date in its own transaction: new rows are found by Chinese fragments and code fragments, a
// renamed row no longer by its old name, and a preview indexes nothing.
func TestSystemSearchFollowsImport(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		codes := func(who, q string) []string {
			t.Helper()
			p, err := e.svc.Systems(e.ctx, e.actor(who), store.SystemFilter{Query: q, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range p.Items {
				out = append(out, s.Code)
			}
			slices.Sort(out)
			return out
		}
		rows := impCleanRows()
		rows[0]["name"] = "甪直健康档案检索系统"
		data := impBook(t, rows...)
		impImport(e, "office", data, false)
		if got := codes("office", "甪直"); got != nil {
			t.Fatalf("a preview indexed %v", got)
		}
		impImport(e, "office", data, true)
		if got := codes("office", "甪直"); !slices.Equal(got, []string{"XC-WJ-001"}) {
			t.Fatalf("甪直 = %v", got)
		}
		if got := codes("office", "健康档案检索"); !slices.Equal(got, []string{"XC-WJ-001"}) {
			t.Fatalf("健康档案检索 = %v", got)
		}
		if got := codes("office", "xc-wj-00"); !slices.Contains(got, "XC-WJ-001") || !slices.Contains(got, "XC-WJ-002") {
			t.Fatalf("xc-wj-00 = %v", got)
		}
		// Another unit's user never sees them, whatever the query.
		if got := codes("jiaoyu", "甪直"); got != nil {
			t.Fatalf("jiaoyu sees %v", got)
		}
		rows[0]["name"] = "甪直电子病历系统"
		impImport(e, "office", impBook(t, rows...), true)
		if got := codes("office", "健康档案检索"); got != nil {
			t.Fatalf("old name still found: %v", got)
		}
		if got := codes("weijian", "甪直 病历"); !slices.Equal(got, []string{"XC-WJ-001"}) {
			t.Fatalf("new name = %v", got)
		}
	})
}
