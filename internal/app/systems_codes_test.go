package app_test

// Hardening (issue 13) low 13b: system codes (信息系统编码) are unique across the district, so
// any refusal of a taken code a unit user chose told them that code existed in another unit.
// The server now allocates a new system's code (governance setting system_code_prefix); a unit
// user chooses none, and the import answers a code that is not one of their systems the same
// way, whether it exists elsewhere or nowhere.

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// TestImportSystemsUnknownCodeAnswersLikeAnother: a unit user's import, one row with another
// unit's existing code, one with a code that exists nowhere: the two problems are the same but
// for the code. (Before the fix the first was "已被使用" and the second a create.)
func TestImportSystemsUnknownCodeAnswersLikeAnother(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		row := func(code string) impRow {
			return impRow{"code": code, "name": "编码试探", "unit": "区卫生健康委员会", "classification": "非涉密",
				"category": "业务系统", "hosting": "政务云", "network": "电子政务外网"}
		}
		// XC-SYS-0001 is 区政府办公室's portal; XC-SYS-9999 exists nowhere.
		if _, ok := impAll(e)["XC-SYS-0001"]; !ok {
			t.Fatal("the demo has no XC-SYS-0001")
		}
		for _, apply := range []bool{false, true} {
			base := impAll(e)
			h := e.head()
			rep := impImport(e, "weijian", impBook(t, row("XC-SYS-0001"), row("XC-SYS-9999")), apply)
			if len(rep.Problems) != 2 {
				t.Fatalf("apply %v: problems %q, want one per row", apply, impProblems(rep))
			}
			a, b := rep.Problems[0], rep.Problems[1]
			if a.Line != 2 || b.Line != 3 || a.Column != b.Column ||
				strings.ReplaceAll(a.Message, "XC-SYS-0001", "X") != strings.ReplaceAll(b.Message, "XC-SYS-9999", "X") {
				t.Fatalf("apply %v: the answers differ: %q", apply, impProblems(rep))
			}
			if want := "第2行「系统编码」：系统编码“XC-SYS-0001”不是本单位已登记的系统；登记新系统请留空编码"; a.String() != want {
				t.Fatalf("problem %q, want %q", a.String(), want)
			}
			if rep.Applied || rep.Create != 0 || len(impAdded(e, base)) != 0 {
				t.Fatalf("apply %v: written or counted: %+v", apply, rep)
			}
			e.wantNoAudit(h)
		}

		// Their own system by its code is an update; an empty code a new system, which the
		// preview says will get a code and the applied report names.
		own := impAll(e)["XC-SYS-0069"] // 全民健康信息平台 of 区卫生健康委员会
		upd := row("XC-SYS-0069")
		upd["name"] = own.Name
		rows := []impRow{upd, row("")}
		rep := impImport(e, "weijian", impBook(t, rows...), false)
		impCounts(t, rep, 2, 1, 1, 0)
		if l := rep.Lines[1]; !l.Allocated || l.Code != "" || l.Outcome != "create" {
			t.Fatalf("preview of the new system: %+v", l)
		}
		rep = impImport(e, "weijian", impBook(t, rows...), true)
		if l := rep.Lines[1]; !rep.Applied || !l.Allocated || l.Code != "XC-SYS-0164" {
			t.Fatalf("applied: %+v", rep)
		}
		if s := impAll(e)["XC-SYS-0164"]; s == nil || s.Name != "编码试探" || s.UnitID != e.unit(codeHealth).ID {
			t.Fatalf("the new system: %+v", s)
		}

		// The office keeps choosing codes: an unknown one is a create with that code.
		rep = impImport(e, "office", impBook(t, row("XC-SYS-9999"), row("")), true)
		impCounts(t, rep, 2, 2, 0, 0)
		if got := []string{rep.Lines[0].Code, rep.Lines[1].Code}; !slices.Equal(got, []string{"XC-SYS-9999", "XC-SYS-10000"}) {
			t.Fatalf("office's codes %v", got) // allocated after the highest: 9999 (then five digits)
		}
	})
}

// TestSystemCodesAllocatedConcurrently: registrations at the same moment, through the form's
// use case and an import, never get the same code; the codes are the next ones in order.
func TestSystemCodesAllocatedConcurrently(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		const creators = 6
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make([]error, creators+1)
		created := make([]*domain.System, creators)
		for i := range creators {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := registrySystem(health.ID, "", fmt.Sprintf("并发登记系统%d", i))
				<-start
				errs[i] = e.svc.CreateSystem(e.ctx, e.actor("weijian"), s)
				created[i] = s
			}()
		}
		var rep *app.ImportReport
		wg.Add(1)
		go func() {
			defer wg.Done()
			book := impBook(t,
				impRow{"name": "并发导入系统1", "unit": "区卫生健康委员会", "classification": "非涉密", "category": "业务系统", "hosting": "政务云", "network": "电子政务外网"},
				impRow{"name": "并发导入系统2", "unit": "区卫生健康委员会", "classification": "涉密"})
			<-start
			rep, errs[creators] = e.svc.ImportSystems(e.ctx, e.actor("weijian"), strings.NewReader(string(book)), true, nil)
		}()
		close(start)
		wg.Wait()
		var codes []string
		for i, err := range errs {
			if err != nil {
				t.Fatalf("creator %d: %v", i, err)
			}
		}
		for _, s := range created {
			codes = append(codes, s.Code)
		}
		if !rep.Applied || len(rep.Lines) != 2 {
			t.Fatalf("import: %+v", rep)
		}
		for _, l := range rep.Lines {
			codes = append(codes, l.Code)
		}
		slices.Sort(codes)
		var want []string
		for n := 164; n < 164+creators+2; n++ {
			want = append(want, fmt.Sprintf("XC-SYS-%04d", n))
		}
		if !slices.Equal(codes, want) {
			t.Fatalf("allocated codes %v, want each of %v once", codes, want)
		}
		all := impAll(e)
		for _, c := range want {
			if all[c] == nil || all[c].UnitID != health.ID {
				t.Fatalf("%s not stored for the unit: %+v", c, all[c])
			}
		}
	})
}

// TestImportSystemsCodeOnlyRowReported: the code column is optional now, but a last row holding
// only a code is still a half-filled row and reported, not skipped as a note under the table.
func TestImportSystemsCodeOnlyRowReported(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		good := impRow{"name": "正常的系统", "unit": "区卫生健康委员会", "classification": "非涉密", "category": "业务系统",
			"hosting": "政务云", "network": "电子政务外网"}
		rep := impImport(e, "weijian", impBook(t, good, impRow{"code": "XC-SYS-0069"}), false)
		if got := impProblems(rep); len(got) == 0 || !strings.HasPrefix(got[0], "第3行") {
			t.Fatalf("problems %q, want line 3 reported", got)
		}
	})
}
