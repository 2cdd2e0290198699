package app_test

// The shared component catalog (组件目录, issue 15) on the demo district: the office adds,
// edits, publishes and retires components; every login reads the published ones; a draft is
// the office's; links are checked; the search index follows the state in the same transaction.

import (
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func (e *env) sysByCode(code string) *domain.System {
	e.t.Helper()
	return must(e, "system", store.Reader.SystemByCode, code)
}

func (e *env) component(id int64) *domain.Component {
	e.t.Helper()
	return must(e, "component", store.Reader.Component, id)
}

// indexed says whether the component is in the search index, and as a public document.
func (e *env) indexed(id int64) (found, public bool) {
	e.t.Helper()
	for _, sc := range []bool{true, false} {
		p, err := e.db.Read().Search(e.ctx, store.DocComponent, authz.Scope{All: sc}, "零号测试组件", 10, "")
		if err != nil {
			e.t.Fatal(err)
		}
		for _, h := range p.Hits {
			if h.ID == id {
				if sc {
					found = true
				} else {
					public = true
				}
			}
		}
	}
	return found, public
}

func TestComponentLifecycle(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		data := e.unit("320507128")
		idp, his, secret := e.sysByCode("XC-SYS-0108"), e.sysByCode("XC-SYS-0069"), e.sysByCode("XC-SYS-0006")
		new := func() *domain.Component {
			return &domain.Component{Name: "零号测试组件", Kind: domain.CompIdentity, UnitID: data.ID, SystemID: idp.ID,
				Summary: "测试用的统一身份认证组件", Functions: []string{"单点登录", "实名核验"}, Access: "向区信息办申请",
				UserSystemIDs: []int64{his.ID}, Status: domain.CompPublished /* the server keeps the status */}
		}

		// Only the office creates: a unit's people are refused (403).
		if err := e.svc.CreateComponent(e.ctx, e.actor("weijian"), new()); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("a unit creating a component: %v, want forbidden", err)
		}
		// Every field problem at once, links included.
		bad := &domain.Component{Kind: "widget", UnitID: data.ID, SystemID: his.ID, StandardURL: "javascript:x",
			Functions: []string{"单"}, UserSystemIDs: []int64{secret.ID, 999999}}
		err := e.svc.CreateComponent(e.ctx, e.actor("office"), bad)
		fields := map[string]string{}
		for _, x := range domain.AsError(err).Fields() {
			fields[x.Field] = x.Message
		}
		for f, k := range map[string]string{"name": "err.required_len", "kind": "err.enum", "functions": "err.component.function_len",
			"standard_url": "err.component.url", "system_id": "err.component.system_unit", "user_system_ids": "err.component.user_classified"} {
			if fields[f] != k {
				t.Errorf("%s: %q, want %q (%v)", f, fields[f], k, err)
			}
		}

		h := e.head()
		c := added(e, "office", "component", e.svc.CreateComponent, new())
		e.wantAudit(h, "component.create", "office")
		if c.Status != domain.CompDraft || c.UnitName != data.Name || c.SystemName != idp.Name || len(c.UserSystems) != 1 || c.UserSystems[0].Name != his.Name {
			t.Fatalf("created %+v", c)
		}
		if found, public := e.indexed(c.ID); !found || public {
			t.Fatalf("a draft indexed: found %v public %v", found, public)
		}

		// A draft is the office's: 404 to a unit's people, by id and in the list, even its own unit's.
		for _, who := range []string{"weijian", "leader", "jiaoyu"} {
			if _, err := e.svc.Component(e.ctx, e.actor(who), c.ID); domain.ErrorCode(err) != domain.ENotFound {
				t.Errorf("%s reading a draft: %v, want not found", who, err)
			}
		}
		if p, _ := e.svc.Components(e.ctx, e.actor("weijian"), app.ComponentFilter{Query: "零号测试组件"}); len(p.Items) != 0 {
			t.Errorf("a unit lists a draft")
		}
		if _, err := e.svc.UpdateComponent(e.ctx, e.actor("weijian"), c.ID, app.ComponentEdit{Version: c.Version}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("a unit editing a draft: %v, want not found", err)
		}

		// Edit: a stale version is 409; a good one saves and audits.
		name := "零号测试组件（统一认证）"
		fs := []string{"单点登录", "实名核验", "扫码登录"}
		users := []int64{his.ID, idp.ID}
		c2, err := e.svc.UpdateComponent(e.ctx, e.actor("office"), c.ID, app.ComponentEdit{Version: c.Version, Name: &name, Functions: &fs, UserSystemIDs: &users})
		if err != nil || c2.Name != name || len(c2.UserSystems) != 2 {
			t.Fatalf("update: %+v %v", c2, err)
		}
		if _, err := e.svc.UpdateComponent(e.ctx, e.actor("office"), c.ID, app.ComponentEdit{Version: c.Version, Name: &name}); domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("stale edit: %v, want conflict", err)
		}
		empty := ""
		_, err = e.svc.UpdateComponent(e.ctx, e.actor("office"), c.ID, app.ComponentEdit{Version: c2.Version, Name: &empty, Functions: &[]string{}})
		if e := domain.AsError(err); e == nil || e.Code != domain.EInvalid || len(e.Fields()) != 2 {
			t.Errorf("invalid edit: %v, want both fields", err)
		}

		// Publishing needs what it needs, then every login reads it and the index finds it.
		step := func(who string, act domain.ComponentAction) (*domain.Component, error) {
			return e.svc.TransitionComponent(e.ctx, e.actor(who), c.ID, app.ComponentStep{Version: e.component(c.ID).Version, Action: act})
		}
		if _, err := step("weijian", domain.CompPublish); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("a unit publishing a draft: %v", err)
		}
		pub, err := step("office", domain.CompPublish)
		if err != nil || pub.Status != domain.CompPublished {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		if found, public := e.indexed(c.ID); !found || !public {
			t.Fatalf("published not public in the index: %v %v", found, public)
		}
		for _, who := range []string{"weijian", "expert", "finance", "yuanhe"} {
			if _, err := e.svc.Component(e.ctx, e.actor(who), c.ID); err != nil {
				t.Errorf("%s reading a published component: %v", who, err)
			}
		}
		p, err := e.svc.Components(e.ctx, e.actor("weijian"), app.ComponentFilter{Query: "扫码登录"})
		if err != nil || !slices.ContainsFunc(p.Items, func(x *domain.Component) bool { return x.ID == c.ID }) {
			t.Errorf("a unit searching by function point: %v %v", p.Items, err)
		}
		// A unit reads, it does not write (403 now that it sees it).
		if _, err := step("weijian", domain.CompRetire); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("a unit retiring: %v, want forbidden", err)
		}
		if _, err := step("office", domain.CompPublish); domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("publishing twice: %v, want conflict", err)
		}
		// The system page's list: the components a system uses.
		used, err := e.svc.SystemComponents(e.ctx, e.actor("weijian"), his.ID)
		if err != nil || !slices.ContainsFunc(used, func(x *domain.Component) bool { return x.ID == c.ID }) {
			t.Errorf("components of the system: %v %v", used, err)
		}

		h = e.head()
		ret, err := step("office", domain.CompRetire)
		if err != nil || ret.Status != domain.CompRetired {
			t.Fatalf("retire: %v", err)
		}
		e.wantAudit(h, "component.retire", "office")
		if found, public := e.indexed(c.ID); !found || public {
			t.Errorf("a retired component public in the index: %v %v", found, public)
		}
		hist, err := e.svc.ComponentHistory(e.ctx, e.actor("weijian"), c.ID)
		if err != nil || len(hist) != 4 {
			t.Errorf("history: %d %v", len(hist), err)
		}
	})
}
