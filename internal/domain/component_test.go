package domain

import (
	"slices"
	"strings"
	"testing"
)

func validComponent() *Component {
	return &Component{Name: " 统一身份认证平台 ", Kind: CompIdentity, UnitID: 1, Summary: "统一登录",
		Functions: []string{" 单点登录", "统一用户管理", "", "实名核验"}, Access: "提交接入申请", StandardURL: "https://example.gov.cn/std",
		UserSystemIDs: []int64{3, 0, 2, 3}, Status: CompDraft}
}

func TestComponentValidate(t *testing.T) {
	c := validComponent()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Name != "统一身份认证平台" || !slices.Equal(c.Functions, []string{"单点登录", "统一用户管理", "实名核验"}) || !slices.Equal(c.UserSystemIDs, []int64{2, 3}) {
		t.Fatalf("normalized %+v", c)
	}

	// Every problem at once, each naming its field.
	bad := &Component{Kind: "widget", StandardURL: "ftp://x", Functions: []string{"单"}, Status: "gone", Summary: strings.Repeat("长", 2001)}
	err := bad.Validate()
	got := map[string]string{}
	for _, e := range AsError(err).Fields() {
		got[e.Field] = e.Message
	}
	want := map[string]string{"name": "err.required_len", "kind": "err.enum", "unit_id": "err.required", "summary": "err.too_long",
		"functions": "err.component.function_len", "standard_url": "err.component.url", "status": "err.enum"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], k, got)
		}
	}

	for name, c := range map[string]struct {
		fs  []string
		key string
	}{
		"none":      {nil, "err.component.functions_required"},
		"blank":     {[]string{" ", ""}, "err.component.functions_required"},
		"too long":  {[]string{strings.Repeat("长", 61)}, "err.component.function_len"},
		"twice":     {[]string{"单点登录", "单点登录"}, "err.component.function_twice"},
		"separator": {[]string{"登录、注销"}, "err.component.function_sep"},
		"too many": {func() []string {
			var fs []string
			for i := range 51 {
				fs = append(fs, "功能"+strings.Repeat("点", i%40/20+1)+string(rune('A'+i%26))+string(rune('a'+i/26)))
			}
			return fs
		}(), "err.component.functions_many"},
	} {
		x := validComponent()
		x.Functions = c.fs
		if e := AsError(x.Validate()); e == nil || e.Field != "functions" || e.Message != c.key {
			t.Errorf("%s: %v, want %s", name, e, c.key)
		}
	}
	x := validComponent()
	x.Functions = []string{"ab", strings.Repeat("长", 60)}
	if err := x.Validate(); err != nil {
		t.Errorf("bounds: %v", err)
	}
}

func TestSplitFunctions(t *testing.T) {
	got := SplitFunctions("单点登录、统一用户管理；实名核验\n 扫码登录 ;\r\n")
	if !slices.Equal(got, []string{"单点登录", "统一用户管理", "实名核验", "扫码登录"}) {
		t.Fatalf("%q", got)
	}
}

func TestComponentFlow(t *testing.T) {
	office, unit := []SystemActor{ByOffice}, []SystemActor{ByUnit}
	ready := validComponent()
	empty := &Component{}
	for _, c := range []struct {
		from ComponentStatus
		act  ComponentAction
		who  []SystemActor
		g    *Component
		to   ComponentStatus
		code Code
	}{
		{CompDraft, CompPublish, office, ready, CompPublished, ""},
		{CompDraft, CompPublish, office, empty, "", EInvalid}, // needs a summary and the access procedure
		{CompDraft, CompPublish, unit, ready, "", EForbidden},
		{CompDraft, CompRetire, office, ready, "", EConflict},
		{CompPublished, CompRetire, office, ready, CompRetired, ""},
		{CompPublished, CompPublish, office, ready, "", EConflict},
		{CompRetired, CompReinstate, office, ready, CompPublished, ""},
		{CompRetired, CompReinstate, unit, ready, "", EForbidden},
		{CompPublished, "delete", office, ready, "", EInvalid},
	} {
		to, err := ComponentFlow.Next(c.from, c.act, c.who, "", c.g)
		if to != c.to || ErrorCode(err) != c.code {
			t.Errorf("%s %s by %v: %s %v, want %s %s", c.from, c.act, c.who, to, err, c.to, c.code)
		}
	}
	if err := empty.ReadyToPublish(); len(AsError(err).Fields()) != 2 {
		t.Errorf("publish needs both: %v", err)
	}
}
