package app_test

// The component catalog's spreadsheet round trip: a workbook imports (lists in cells), a bad
// row writes nothing, a re-import and a re-import of the export change nothing.

import (
	"bytes"
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

var componentHeaders = []string{"组件名称", "类型", "提供单位", "提供系统编码", "简介", "功能点", "接口标准", "版本", "标准链接", "接入方式", "使用系统"}

func componentsImport(e *env, who string, data []byte, apply bool) *app.ImportReport {
	e.t.Helper()
	rep, err := e.svc.ImportComponents(e.ctx, e.actor(who), bytes.NewReader(data), apply, nil)
	if err != nil {
		e.t.Fatalf("ImportComponents as %s: %v", who, err)
	}
	return rep
}

func TestComponentSheetRoundTrip(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		rows := [][]any{
			{"零号测试认证组件", "身份认证", "区数据局", "xc-sys-0108", "统一登录", "单点登录、统一用户管理\n实名核验", "认证接入规范", "2.0", "https://example.gov.cn/a", "填写申请表", "XC-SYS-0069、XC-SYS-0018"},
			{"零号测试短信组件", "短信", "320507104", "", "短信发送", "短信发送；验证码", "", "", "", "", ""},
		}
		data := roomBook(t, componentHeaders, rows...)

		// A unit's people may not import (the office keeps the catalog).
		if _, err := e.svc.ImportComponents(e.ctx, e.actor("weijian"), bytes.NewReader(data), false, nil); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("a unit importing: %v, want forbidden", err)
		}
		rep := componentsImport(e, "office", data, true)
		if len(rep.Problems) > 0 || !rep.Applied || rep.Create != 2 {
			t.Fatalf("import: %+v", rep)
		}
		p, err := e.svc.Components(e.ctx, e.actor("office"), app.ComponentFilter{Query: "零号测试", Sort: store.SortName})
		if err != nil || len(p.Items) != 2 {
			t.Fatalf("imported: %v %v", p.Items, err)
		}
		auth := p.Items[slices.IndexFunc(p.Items, func(x *domain.Component) bool { return x.Kind == domain.CompIdentity })]
		if auth.Status != domain.CompDraft || auth.SystemName != "统一身份认证平台" || !slices.Equal(auth.Functions, []string{"单点登录", "统一用户管理", "实名核验"}) ||
			len(auth.UserSystems) != 2 {
			t.Fatalf("imported component %+v", auth)
		}

		// The same file again changes nothing.
		if rep := componentsImport(e, "office", data, true); rep.Unchanged != 2 || rep.Create+rep.Update != 0 {
			t.Fatalf("re-import: %+v", rep)
		}
		// Nor does its export.
		var out bytes.Buffer
		if _, err := e.svc.ExportComponents(e.ctx, e.actor("office"), app.ComponentFilter{Query: "零号测试"}, &out); err != nil {
			t.Fatal(err)
		}
		if rep := componentsImport(e, "office", out.Bytes(), true); rep.Unchanged != 2 || rep.Create+rep.Update != 0 || len(rep.Problems) > 0 {
			t.Fatalf("export re-imported: %+v", rep)
		}

		// One bad row: nothing is written, the good row neither; the row's problem is named by
		// row and column (the framework reports a row's first problem).
		bad := roomBook(t, componentHeaders,
			[]any{"零号测试新组件", "统一支付", "区财政局", "", "支付", "在线支付", "", "", "", "", ""},
			[]any{"零号测试坏组件", "地图", "区数据局", "XC-SYS-0069", "", "定位", "", "", "ftp://x", "", "XC-NOPE"},
		)
		before, _ := e.svc.CountComponents(e.ctx, e.actor("office"), app.ComponentFilter{})
		rep = componentsImport(e, "office", bad, true)
		if rep.Applied || len(rep.Problems) != 1 || rep.Problems[0].Column != "标准文本链接" {
			t.Fatalf("bad import: %+v", rep)
		}
		for _, p := range rep.Problems {
			if p.Line != 5 {
				t.Errorf("problem on line %d: %+v", p.Line, p)
			}
		}
		if n, _ := e.svc.CountComponents(e.ctx, e.actor("office"), app.ComponentFilter{}); n != before {
			t.Errorf("a refused import wrote: %d → %d", before, n)
		}
	})
}
