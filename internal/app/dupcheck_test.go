package app_test

import (
	"reflect"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The duplicate-construction check's use case: who may run it, what it refuses (every field at
// once), what it never shows (classified systems, systems out of service, excluded systems), and
// that the in-transaction variant the submission gate uses answers the same.
func TestCheckDuplicates(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		p := domain.Proposal{Name: "房地产权属登记一网通办系统", Content: "房屋和土地权属登记网上办理", Functions: []string{"抵押权设立登记", "权属证明查询打印"}}
		for _, who := range []string{"office", "weijian", "leader", "expert"} {
			res, err := e.svc.CheckDuplicates(e.ctx, e.actor(who), p, 5)
			if err != nil || len(res.Matches) == 0 || res.Matches[0].Name != "不动产登记系统" || res.Threshold != domain.DefaultDupThreshold {
				t.Fatalf("%s: %+v, %v", who, res, err)
			}
		}
		for _, who := range []string{"sysadmin", "secadmin", "auditadmin"} {
			if _, err := e.svc.CheckDuplicates(e.ctx, e.actor(who), p, 5); domain.ErrorCode(err) != domain.EForbidden {
				t.Errorf("%s: %v, want forbidden", who, err)
			}
		}
		// Bad input: every problem named at once.
		_, err := e.svc.CheckDuplicates(e.ctx, e.actor("office"), domain.Proposal{Content: strings.Repeat("长", 5001),
			Functions: []string{strings.Repeat("长", 61)}}, 51)
		fields := map[string]bool{}
		for _, f := range domain.AsError(err).Fields() {
			fields[f.Field] = true
		}
		for _, f := range []string{"name", "content", "functions", "limit"} {
			if !fields[f] {
				t.Errorf("the refusal %v does not name %s", err, f)
			}
		}
		// Never shown: a classified system (by its very name), an idle one, an excluded one.
		for _, name := range []string{"涉密文件交换系统", "价格监测系统"} {
			res, err := e.svc.CheckDuplicates(e.ctx, e.actor("office"), domain.Proposal{Name: name}, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range res.Matches {
				if m.Name == name {
					t.Errorf("%s is ranked: %+v", name, m)
				}
			}
		}
		first, _ := e.svc.CheckDuplicates(e.ctx, e.actor("office"), p, 5)
		p.ExcludeSystemIDs = []int64{first.Matches[0].ID}
		res, err := e.svc.CheckDuplicates(e.ctx, e.actor("office"), p, 5)
		if err != nil || (len(res.Matches) > 0 && res.Matches[0].ID == first.Matches[0].ID) {
			t.Errorf("excluded system still first: %+v, %v", res, err)
		}
		// The submission gate's variant answers the same.
		p.ExcludeSystemIDs = nil
		in, err := app.DuplicatesInTx(e.svc, e.ctx, p, 5)
		if err != nil || !reflect.DeepEqual(in, first) {
			t.Errorf("in a transaction: %+v, %v; outside: %+v", in, err, first)
		}
	})
}
