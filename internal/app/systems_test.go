package app_test

// The information-system registry use cases (ENV-P1, ENV-P3, BLD-R5) on the demo district:
// who may register, see, edit and move a system, and the lifecycle with its cleanup filing.

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Demo unit codes (internal/demo/district.go).
const (
	codeHealth = "320507119" // 区卫生健康委员会: weijian (联系人), weijian_head (责任人)
	codeEdu    = "320507105" // 区教育局: jiaoyu (联系人)
	codePolice = "320507106" // 公安分局: led by leader
	codeYuanhe = "320507201" // 元和街道: yuanhe (联系人); not led by leader
)

// registrySystem is a valid non-classified system of a unit, as a form would send it.
func registrySystem(unitID int64, code, name string) *domain.System {
	return &domain.System{
		Code: code, Name: name, UnitID: unitID, Purpose: "日常业务办理",
		Category: domain.CategoryBusiness, Classification: domain.Unclassified,
		Hosting: domain.HostingCloud, Network: domain.NetworkExtranet,
		UserLevels: []domain.UserLevel{domain.LevelDistrict},
		GoLive:     time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC), Vendor: "苏州某科技有限公司", AnnualCost: "12.5",
	}
}

// addSystem registers a system as who and fails the test if that is refused. A unit user
// never chooses a code (issue 13, low 13b): for them the code s names is dropped and the server
// allocates one, which s carries afterwards; the office keeps the code s names.
func (e *env) addSystem(who string, s *domain.System) *domain.System {
	e.t.Helper()
	a := e.actor(who)
	if !app.ChoosesSystemCodes(a) {
		s.Code = ""
	}
	if err := e.svc.CreateSystem(e.ctx, a, s); err != nil {
		e.t.Fatalf("%s creates %s: %v", who, s.Name, err)
	}
	if s.Code == "" {
		e.t.Fatalf("%s creates %s: no code allocated", who, s.Name)
	}
	return s
}

// stored reads a system straight from the database (no authorization), as it really is.
func (e *env) stored(id int64) *domain.System {
	e.t.Helper()
	return must(e, "system", store.Reader.System, id)
}

// transition takes a step as who with the system's current version.
func (e *env) transition(who string, id int64, act domain.SystemAction, replacedBy int64) (*domain.System, error) {
	e.t.Helper()
	return e.svc.TransitionSystem(e.ctx, e.actor(who), id, app.SystemStep{Version: e.stored(id).Version, Action: act, ReplacedBy: replacedBy})
}

func sysIDs(ss []*domain.System) []int64 {
	var out []int64
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

// listAll pages through Systems as a client would and returns every item.
func (e *env) listAll(a domain.Actor, f store.SystemFilter) []*domain.System {
	e.t.Helper()
	var out []*domain.System
	for pages := 0; ; pages++ {
		if pages > 1000 {
			e.t.Fatal("pagination does not end")
		}
		p, err := e.svc.Systems(e.ctx, a, f)
		if err != nil {
			e.t.Fatalf("Systems as %s: %v", a.Username, err)
		}
		out = append(out, p.Items...)
		if p.NextCursor == 0 {
			return out
		}
		f.After = p.NextCursor
	}
}

func TestCreateSystem(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu, yuanhe := e.unit(codeHealth), e.unit(codeEdu), e.unit(codeYuanhe)

		// The unit's contact registers a system of the unit, leaving the code to the server: the
		// district's next (the demo's are XC-SYS-0001 to 0163, ten of them 在建 from its approved applications). Whatever lifecycle state the
		// request claims, a new system starts running.
		s := registrySystem(health.ID, " ", "区域卫生信息平台")
		s.Status, s.StatusBefore, s.ReplacedByID, s.OfflineDate = domain.StatusOffline, domain.StatusIdle, 424242, t0
		h := e.head()
		if err := e.svc.CreateSystem(e.ctx, e.actor("weijian"), s); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "system.create", "weijian")
		if rec.EntityType != "system" || rec.EntityID != strconv.FormatInt(s.ID, 10) || !strings.Contains(rec.Changes, "XC-SYS-0164") || !strings.Contains(rec.Changes, "区域卫生信息平台") {
			t.Fatalf("audit record %+v", rec)
		}
		got := e.stored(s.ID)
		if s.Code != "XC-SYS-0164" || got.Code != "XC-SYS-0164" || got.UnitID != health.ID || got.Status != domain.StatusRunning || got.StatusBefore != "" ||
			got.ReplacedByID != 0 || !got.OfflineDate.IsZero() || got.Version != 1 || got.AnnualCost != "12.5" {
			t.Fatalf("code %q, stored %+v", s.Code, got)
		}

		// A unit user never chooses a code (issue 13, low 13b): any code is refused with one
		// answer, whether it is free, the unit's own, another unit's or malformed, so no answer
		// tells whether a code exists elsewhere. Nothing is written.
		for _, code := range []string{"XC-WJ-NEW", "XC-SYS-0164", "XC-SYS-0001", "xc-sys-0002", "卫健001"} {
			h := e.head()
			err := e.svc.CreateSystem(e.ctx, e.actor("weijian"), registrySystem(health.ID, code, "自选编码"))
			wantMessage(t, err, domain.EInvalid, "err.system.code_allocated")
			wantCode(t, err, domain.EInvalid, "code")
			e.wantNoAudit(h)
		}
		if n := len(e.listAll(e.actor("office"), store.SystemFilter{Query: "自选编码"})); n != 0 {
			t.Fatalf("a refused create stored %d systems", n)
		}
		// The office may set one (it reads every system: a taken code tells it nothing), or leave
		// it to the server too.
		e.addSystem("office", registrySystem(health.ID, "XC-WJ-001", "办公室登记的系统"))
		next := e.addSystem("office", registrySystem(health.ID, "", "办公室登记的系统2"))
		if next.Code != "XC-SYS-0165" {
			t.Fatalf("office's allocated code %q, want XC-SYS-0165", next.Code)
		}

		// ...but not one of another unit: refused, nothing stored, nothing audited.
		for _, c := range []struct {
			who    string
			unitID int64
		}{
			{"weijian", edu.ID}, {"weijian_head", edu.ID}, {"jiaoyu", health.ID}, {"yuanhe", health.ID},
			// Viewers and administrators keep no registry.
			{"leader", health.ID}, {"sysadmin", health.ID}, {"secadmin", health.ID}, {"auditadmin", health.ID},
			{"expert", health.ID}, {"supervisor", health.ID}, {"finance", health.ID}, {"audit", health.ID},
		} {
			code := "XC-X-" + strings.ToUpper(strings.ReplaceAll(c.who, "_", ""))
			h := e.head()
			err := e.svc.CreateSystem(e.ctx, e.actor(c.who), registrySystem(c.unitID, code, "越权登记"))
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
			if _, err := e.db.Read().SystemByCode(e.ctx, code); domain.ErrorCode(err) != domain.ENotFound {
				t.Fatalf("%s: a refused create stored the system (%v)", c.who, err)
			}
		}
		h = e.head()
		err := e.svc.CreateSystem(e.ctx, domain.Actor{}, registrySystem(health.ID, "XC-ANON", "匿名"))
		wantCode(t, err, domain.EUnauthorized, "")
		e.wantNoAudit(h)

		// The head, another unit's contact for its own unit, and the office for any unit.
		e.addSystem("weijian_head", registrySystem(health.ID, "", "预约挂号系统"))
		h = e.head()
		e.addSystem("jiaoyu", registrySystem(edu.ID, "", "教育局门户网站"))
		e.wantAudit(h, "system.create", "jiaoyu")
		e.addSystem("office", registrySystem(yuanhe.ID, "XC-YH-001", "元和街道网格化管理"))

		// Bad input: refused on the field, nothing written. (Codes taken and malformed are the
		// office's: a unit user's code is refused above, whatever it is.)
		onsite := registrySystem(health.ID, "", "影像设备工作站")
		onsite.Hosting = domain.HostingOnsite
		classified := &domain.System{Name: "涉密公文系统", UnitID: health.ID, Classification: domain.Classified, Vendor: "某公司"}
		badEnum := registrySystem(health.ID, "", "某系统")
		badEnum.Hosting = "政务云2"
		for _, c := range []struct {
			name  string
			who   string
			s     *domain.System
			field string
		}{
			{"duplicate code", "office", registrySystem(health.ID, "XC-WJ-001", "重复"), "code"},
			{"duplicate code in lower case", "office", registrySystem(health.ID, "xc-wj-001", "重复"), "code"},
			{"duplicate code of an allocated one", "office", registrySystem(edu.ID, "XC-SYS-0164", "重复"), "code"},
			{"bad code", "office", registrySystem(health.ID, "卫健001", "某系统"), "code"},
			{"no name", "weijian", registrySystem(health.ID, "", " "), "name"},
			{"bad enum", "weijian", badEnum, "hosting"},
			{"on-site without justification (ENV-P3)", "weijian", onsite, "hosting_note"},
			{"classified with more than the minimum", "weijian", classified, "classification"},
			{"unit that does not exist", "office", registrySystem(999999, "XC-NONE-1", "某系统"), "unit_id"},
			{"no unit", "office", registrySystem(0, "XC-NONE-2", "某系统"), "unit_id"},
		} {
			h := e.head()
			before := len(e.listAll(e.actor("office"), store.SystemFilter{}))
			err := e.svc.CreateSystem(e.ctx, e.actor(c.who), c.s)
			wantCode(t, err, domain.EInvalid, c.field)
			e.wantNoAudit(h)
			if after := len(e.listAll(e.actor("office"), store.SystemFilter{})); after != before {
				t.Fatalf("%s: %d systems after a refused create, want %d", c.name, after, before)
			}
		}

		// A classified system with the minimal record is fine; it starts running too.
		secret := e.addSystem("weijian", &domain.System{Name: "涉密公文系统", UnitID: health.ID, Classification: domain.Classified})
		if got := e.stored(secret.ID); got.Status != domain.StatusRunning || got.Hosting != "" || got.Vendor != "" {
			t.Fatalf("classified stored %+v", got)
		}

		// A unit that was closed takes no new systems.
		justice := e.unit("320507209003") // 清水村: no people and no systems in the demo
		if _, err := e.svc.SetUnitActive(e.ctx, e.actor("sysadmin"), justice.ID, justice.Version, false); err != nil {
			t.Fatal(err)
		}
		h = e.head()
		err = e.svc.CreateSystem(e.ctx, e.actor("office"), registrySystem(justice.ID, "XC-SF-001", "社区矫正系统"))
		wantCode(t, err, domain.EInvalid, "unit_id")
		e.wantNoAudit(h)
	})
}

func TestSystemReadScoping(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu, police, yuanhe := e.unit(codeHealth), e.unit(codeEdu), e.unit(codePolice), e.unit(codeYuanhe)
		wj1 := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-001", "区域卫生信息平台"))
		wj2 := e.addSystem("weijian_head", registrySystem(health.ID, "XC-WJ-002", "预约挂号系统"))
		jy1 := e.addSystem("jiaoyu", registrySystem(edu.ID, "XC-JY-001", "教育局门户网站"))
		ga1 := e.addSystem("office", registrySystem(police.ID, "XC-GA-001", "警务综合平台"))
		yh1 := e.addSystem("yuanhe", registrySystem(yuanhe.ID, "XC-YH-001", "元和网格化管理"))
		everything := e.listAll(app.SystemActor(), store.SystemFilter{})

		inUnits := func(units ...int64) []int64 {
			var out []int64
			for _, s := range everything {
				if slices.Contains(units, s.UnitID) {
					out = append(out, s.ID)
				}
			}
			return out
		}
		cases := []struct {
			who     string
			want    []int64 // exactly these, in id order
			must    []int64
			mustNot []int64
		}{
			{"weijian", inUnits(health.ID), []int64{wj1.ID, wj2.ID}, []int64{jy1.ID, ga1.ID, yh1.ID}},
			{"weijian_head", inUnits(health.ID), []int64{wj1.ID, wj2.ID}, []int64{jy1.ID, ga1.ID, yh1.ID}},
			{"jiaoyu", inUnits(edu.ID), []int64{jy1.ID}, []int64{wj1.ID, wj2.ID, ga1.ID, yh1.ID}},
			{"yuanhe", inUnits(yuanhe.ID), []int64{yh1.ID}, []int64{wj1.ID, jy1.ID, ga1.ID}},
			// The leader sees the units led (公安, 卫健委, 教育局, 民政局), not 元和街道.
			{"leader", inUnits(police.ID, health.ID, edu.ID, e.unit("320507107").ID), []int64{wj1.ID, wj2.ID, jy1.ID, ga1.ID}, []int64{yh1.ID}},
			{"office", sysIDs(everything), []int64{wj1.ID, wj2.ID, jy1.ID, ga1.ID, yh1.ID}, nil},
			// Administrators, experts, supervisors and observers keep no registry.
			{"sysadmin", nil, nil, sysIDs(everything)},
			{"secadmin", nil, nil, sysIDs(everything)},
			{"auditadmin", nil, nil, sysIDs(everything)},
			{"expert", nil, nil, sysIDs(everything)},
			{"supervisor", nil, nil, sysIDs(everything)},
			{"finance", nil, nil, sysIDs(everything)},
			{"audit", nil, nil, sysIDs(everything)},
		}
		for _, c := range cases {
			a := e.actor(c.who)
			// The list, paged one by one and in one go, shows exactly the systems in scope.
			for _, limit := range []int{0, 1, 2} {
				got := sysIDs(e.listAll(a, store.SystemFilter{Limit: limit}))
				if !slices.Equal(got, c.want) {
					t.Errorf("%s lists (limit %d) %v, want %v", c.who, limit, got, c.want)
				}
			}
			// Each system: the ones listed can be opened with their history; the others are
			// not found, exactly like a system that does not exist.
			for _, id := range c.must {
				if _, err := e.svc.System(e.ctx, a, id); err != nil {
					t.Errorf("%s opens %d: %v", c.who, id, err)
				}
				if hist, err := e.svc.SystemHistory(e.ctx, a, id); err != nil || len(hist) == 0 {
					t.Errorf("%s history of %d: %d records, %v", c.who, id, len(hist), err)
				}
			}
			for _, id := range append(slices.Clone(c.mustNot), 999999) {
				_, err := e.svc.System(e.ctx, a, id)
				wantCode(t, err, domain.ENotFound, "")
				hist, err := e.svc.SystemHistory(e.ctx, a, id)
				wantCode(t, err, domain.ENotFound, "")
				if len(hist) != 0 {
					t.Errorf("%s got %d history records of a hidden system", c.who, len(hist))
				}
			}
			// A filter never widens the scope.
			if c.who != "office" {
				got := sysIDs(e.listAll(a, store.SystemFilter{UnitID: yuanhe.ID}))
				if c.who != "yuanhe" && len(got) != 0 {
					t.Errorf("%s filtering on 元和街道 sees %v", c.who, got)
				}
				if got := sysIDs(e.listAll(a, store.SystemFilter{Query: "元和"})); c.who != "yuanhe" && len(got) != 0 {
					t.Errorf("%s searching 元和 sees %v", c.who, got)
				}
			}
		}

		// The list, the single read and authz agree for every actor and system.
		for _, who := range []string{"weijian", "weijian_head", "jiaoyu", "yuanhe", "leader", "office", "sysadmin", "expert"} {
			a := e.actor(who)
			listed := sysIDs(e.listAll(a, store.SystemFilter{}))
			for _, s := range everything {
				can := authz.Can(a, authz.SystemRead, authz.System(s)) == nil
				_, err := e.svc.System(e.ctx, a, s.ID)
				if slices.Contains(listed, s.ID) != can || can != (err == nil) {
					t.Errorf("%s → %s: listed %v, Can %v, System %v", who, s.Code, slices.Contains(listed, s.ID), can, err)
				}
			}
		}

		// The single read carries the unit's name for display.
		if s, err := e.svc.System(e.ctx, e.actor("weijian"), wj1.ID); err != nil || s.UnitName != health.Name {
			t.Errorf("System = %+v, %v; want unit name %q", s, err, health.Name)
		}
		// The registry is not readable without a login.
		_, err := e.svc.Systems(e.ctx, domain.Actor{}, store.SystemFilter{})
		wantCode(t, err, domain.EUnauthorized, "")
	})
}

func TestUpdateSystem(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		wj := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-001", "区域卫生信息平台"))
		wj2 := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-002", "预约挂号系统"))
		jy := e.addSystem("jiaoyu", registrySystem(edu.ID, "XC-JY-001", "教育局门户网站"))

		// The contact edits the unit's system.
		h := e.head()
		got, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), wj.ID, app.SystemEdit{Version: 1, Name: ptr("区域全民健康信息平台"),
			Hosting: ptr(domain.HostingRoom), HostingNote: ptr("卫健委三楼机房"),
			UserLevels: &[]domain.UserLevel{domain.LevelVillage, domain.LevelDistrict, domain.LevelVillage}})
		if err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "system.update", "weijian")
		if !strings.Contains(rec.Changes, "区域全民健康信息平台") || !strings.Contains(rec.Changes, "unit_room") || strings.Contains(rec.Changes, "vendor") {
			t.Fatalf("audit changes %s", rec.Changes)
		}
		st := e.stored(wj.ID)
		if got.Version != 2 || st.Version != 2 || st.Name != "区域全民健康信息平台" || st.Hosting != domain.HostingRoom || st.Vendor != "苏州某科技有限公司" ||
			!slices.Equal(st.UserLevels, []domain.UserLevel{domain.LevelDistrict, domain.LevelVillage}) || !e.offCloud(st.ID) {
			t.Fatalf("after update: returned %+v, stored %+v", got, st)
		}

		// refused: what the actor gets, and that nothing changed and nothing was audited.
		refused := func(what, who string, id int64, ed app.SystemEdit, code domain.Code, field string) {
			t.Helper()
			h := e.head()
			before, _ := e.db.Read().System(e.ctx, id)
			_, err := e.svc.UpdateSystem(e.ctx, e.actor(who), id, ed)
			wantCode(t, err, code, field)
			e.wantNoAudit(h)
			if before == nil {
				return // nothing there to change
			}
			after := e.stored(id)
			if after.Version != before.Version || after.Name != before.Name || after.UnitID != before.UnitID || after.Code != before.Code ||
				after.Hosting != before.Hosting || after.Classification != before.Classification {
				t.Fatalf("%s: the refused edit changed %+v into %+v", what, before, after)
			}
		}
		// A stale version is a conflict: someone else saved first.
		refused("stale version", "weijian_head", wj.ID, app.SystemEdit{Version: 1, Name: ptr("覆盖别人的修改")}, domain.EConflict, "")
		refused("no version", "weijian_head", wj.ID, app.SystemEdit{Name: ptr("覆盖别人的修改")}, domain.EConflict, "")
		// Another unit's system is not found; a viewer may see but not edit.
		refused("other unit", "weijian", jy.ID, app.SystemEdit{Version: 1, Name: ptr("改别人的")}, domain.ENotFound, "")
		refused("missing", "weijian", 999999, app.SystemEdit{Version: 1}, domain.ENotFound, "")
		refused("leader", "leader", wj.ID, app.SystemEdit{Version: 2, Name: ptr("领导改")}, domain.EForbidden, "")
		refused("expert", "expert", wj.ID, app.SystemEdit{Version: 2, Name: ptr("专家改")}, domain.ENotFound, "")
		refused("sysadmin", "sysadmin", wj.ID, app.SystemEdit{Version: 2, Name: ptr("管理员改")}, domain.ENotFound, "")
		// A unit user cannot give a system away to another unit, nor take one.
		refused("move away", "weijian", wj.ID, app.SystemEdit{Version: 2, UnitID: ptr(edu.ID)}, domain.EInvalid, "unit_id")
		refused("move away by head", "weijian_head", wj.ID, app.SystemEdit{Version: 2, UnitID: ptr(edu.ID), Name: ptr("转给教育局")}, domain.EInvalid, "unit_id")
		// Validation on the edited record.
		refused("bad enum", "weijian", wj.ID, app.SystemEdit{Version: 2, Network: ptr(domain.Network("lan"))}, domain.EInvalid, "network")
		refused("on-site without justification", "weijian", wj.ID, app.SystemEdit{Version: 2, Hosting: ptr(domain.HostingOnsite), HostingNote: ptr("")}, domain.EInvalid, "hosting_note")
		refused("classified with full record", "weijian", wj.ID, app.SystemEdit{Version: 2, Classification: ptr(domain.Classified)}, domain.EInvalid, "classification")
		refused("bad cost", "weijian", wj.ID, app.SystemEdit{Version: 2, AnnualCost: ptr("12万")}, domain.EInvalid, "annual_cost")
		refused("upgrade before go-live", "weijian", wj.ID, app.SystemEdit{Version: 2, LastUpgrade: ptr(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))}, domain.EInvalid, "last_upgrade")
		// A unit user does not change a code (issue 13, low 13b): one answer whether the new code
		// is their own other system's, another unit's, free or malformed. The office may; a
		// taken code is refused as such.
		for _, code := range []string{wj2.Code, strings.ToLower(jy.Code), "XC-WJ-FREE", "卫健"} {
			refused("recode "+code, "weijian", wj.ID, app.SystemEdit{Version: 2, Code: ptr(code)}, domain.EInvalid, "code")
			_, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), wj.ID, app.SystemEdit{Version: 2, Code: ptr(code)})
			wantMessage(t, err, domain.EInvalid, "err.system.code_fixed")
		}
		refused("code taken", "office", wj.ID, app.SystemEdit{Version: 2, Code: ptr(strings.ToLower(wj2.Code))}, domain.EInvalid, "code")
		_, err = e.svc.UpdateSystem(e.ctx, e.actor("office"), wj.ID, app.SystemEdit{Version: 2, Code: ptr(wj2.Code)})
		wantMessage(t, err, domain.EInvalid, "err.system.code_taken")
		// Its own code, as a form sends it back, is no change.
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), wj.ID, app.SystemEdit{Version: 2, Code: ptr(" " + strings.ToLower(wj.Code))}); err != nil {
			t.Fatalf("edit sending its own code: %v", err)
		}
		refused("office moves to a unit that does not exist", "office", wj.ID, app.SystemEdit{Version: 3, UnitID: ptr(int64(999999))}, domain.EInvalid, "unit_id")

		// Setting the unit it already has is no move.
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), wj.ID, app.SystemEdit{Version: 3, UnitID: ptr(health.ID), Vendor: ptr("新厂商")}); err != nil {
			t.Fatalf("edit naming its own unit: %v", err)
		}

		// The office moves a system between units: the old unit loses sight of it, the new one gains it.
		h = e.head()
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("office"), wj2.ID, app.SystemEdit{Version: 1, UnitID: ptr(edu.ID)}); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "system.update", "office")
		_, err = e.svc.System(e.ctx, e.actor("weijian"), wj2.ID)
		wantCode(t, err, domain.ENotFound, "")
		if s, err := e.svc.System(e.ctx, e.actor("jiaoyu"), wj2.ID); err != nil || s.UnitID != edu.ID {
			t.Fatalf("jiaoyu after the move: %+v, %v", s, err)
		}
		// The history moves with the record.
		if hist, err := e.svc.SystemHistory(e.ctx, e.actor("jiaoyu"), wj2.ID); err != nil || len(hist) != 2 {
			t.Fatalf("history after the move: %d records, %v", len(hist), err)
		}
	})
}

func TestSystemLifecycle(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		s := registrySystem(health.ID, "XC-WJ-001", "预约挂号系统")
		s.Hosting = domain.HostingRoom // off the cloud (ENV-P1) until its cleanup is accepted
		e.addSystem("weijian", s)
		if off := e.listAll(e.actor("office"), store.SystemFilter{OffCloud: true}); !slices.Contains(sysIDs(off), s.ID) {
			t.Fatal("a running system in a unit machine room is not listed off the cloud")
		}

		steps := func(who string) []domain.SystemAction {
			t.Helper()
			return e.svc.SystemSteps(e.actor(who), e.stored(s.ID))
		}
		wantSteps := func(state string, want map[string][]domain.SystemAction) {
			t.Helper()
			for _, who := range []string{"weijian", "weijian_head", "office", "leader", "jiaoyu", "expert", "sysadmin"} {
				if got := steps(who); !slices.Equal(got, want[who]) {
					t.Errorf("%s: buttons for %s = %v, want %v", state, who, got, want[who])
				}
			}
		}
		// ok takes a step that must succeed and checks the state, the one audit record and that
		// the returned system is what was stored.
		ok := func(who string, act domain.SystemAction, want domain.SystemStatus) *domain.System {
			t.Helper()
			h := e.head()
			before := e.stored(s.ID)
			got, err := e.transition(who, s.ID, act, 0)
			if err != nil {
				t.Fatalf("%s by %s: %v", act, who, err)
			}
			rec := e.wantAudit(h, "system."+string(act), who)
			if rec.EntityType != "system" || rec.EntityID != strconv.FormatInt(s.ID, 10) || !strings.Contains(rec.Changes, string(want)) {
				t.Fatalf("%s: audit record %+v", act, rec)
			}
			st := e.stored(s.ID)
			if got.Status != want || st.Status != want || st.Version != before.Version+1 || got.Version != st.Version {
				t.Fatalf("%s by %s: returned %s v%d, stored %s v%d; want %s v%d", act, who, got.Status, got.Version, st.Status, st.Version, want, before.Version+1)
			}
			return st
		}
		// no takes a step that must be refused with code, changing and auditing nothing.
		no := func(who string, act domain.SystemAction, code domain.Code) {
			t.Helper()
			h := e.head()
			before := e.stored(s.ID)
			_, err := e.transition(who, s.ID, act, 0)
			wantCode(t, err, code, "")
			e.wantNoAudit(h)
			if after := e.stored(s.ID); after.Status != before.Status || after.Version != before.Version || after.StatusBefore != before.StatusBefore {
				t.Fatalf("refused %s by %s changed %+v into %+v", act, who, before, after)
			}
		}

		unitSteps := []domain.SystemAction{domain.SysMarkIdle, domain.SysMarkUnmaintained, domain.SysMarkSuperseded}
		wantSteps("running", map[string][]domain.SystemAction{"weijian": unitSteps, "weijian_head": unitSteps, "office": unitSteps})

		// Illegal from here: conflict. Not the actor's to take: forbidden. Not visible: not found.
		no("office", domain.SysAcceptCleanup, domain.EConflict)
		no("weijian_head", domain.SysFileCleanup, domain.EConflict)
		no("weijian", domain.SysTakeOffline, domain.EConflict)
		no("weijian", domain.SysResume, domain.EConflict)
		no("jiaoyu", domain.SysMarkIdle, domain.ENotFound)
		no("expert", domain.SysMarkIdle, domain.ENotFound)
		no("leader", domain.SysMarkIdle, domain.EForbidden)
		no("weijian", "delete", domain.EInvalid)

		// A stale version is a conflict even for a legal step.
		h := e.head()
		_, err := e.svc.TransitionSystem(e.ctx, e.actor("weijian"), s.ID, app.SystemStep{Version: 7, Action: domain.SysMarkIdle})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		ok("weijian", domain.SysMarkIdle, domain.StatusIdle)
		idleUnit := []domain.SystemAction{domain.SysMarkUnmaintained, domain.SysMarkSuperseded, domain.SysResume}
		wantSteps("idle", map[string][]domain.SystemAction{
			"weijian":      idleUnit,
			"weijian_head": append(slices.Clone(idleUnit), domain.SysFileCleanup),
			"office":       idleUnit,
		})

		// BLD-R5: only the unit's 责任人 files the cleanup.
		no("weijian", domain.SysFileCleanup, domain.EForbidden)
		no("office", domain.SysFileCleanup, domain.EForbidden)
		no("leader", domain.SysFileCleanup, domain.EForbidden)
		no("jiaoyu", domain.SysFileCleanup, domain.ENotFound)
		h = e.head()
		filed, err := e.svc.TransitionSystem(e.ctx, e.actor("weijian_head"), s.ID, app.SystemStep{Version: e.stored(s.ID).Version,
			Action: domain.SysFileCleanup, Note: "业务已并入市统一预约平台，申请清理"})
		if err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "system.file_cleanup", "weijian_head")
		if !strings.Contains(rec.Changes, "业务已并入市统一预约平台") {
			t.Fatalf("the filing's note is not in the audit record: %s", rec.Changes)
		}
		if st := e.stored(s.ID); filed.Status != domain.StatusCleanupFiled || st.Status != domain.StatusCleanupFiled || st.StatusBefore != domain.StatusIdle {
			t.Fatalf("after filing: %+v", st)
		}
		wantSteps("cleanup filed", map[string][]domain.SystemAction{"office": {domain.SysAcceptCleanup, domain.SysReturnCleanup}})

		// Only the office accepts or returns it.
		for _, who := range []string{"weijian", "weijian_head", "leader"} {
			no(who, domain.SysAcceptCleanup, domain.EForbidden)
			no(who, domain.SysReturnCleanup, domain.EForbidden)
		}
		no("weijian_head", domain.SysFileCleanup, domain.EConflict)
		no("office", domain.SysTakeOffline, domain.EConflict)
		no("weijian", domain.SysResume, domain.EConflict)

		// Returned: back to where it was filed from.
		st := ok("office", domain.SysReturnCleanup, domain.StatusIdle)
		if st.StatusBefore != "" {
			t.Fatalf("after return: status before %q", st.StatusBefore)
		}
		ok("weijian_head", domain.SysFileCleanup, domain.StatusCleanupFiled)
		ok("office", domain.SysAcceptCleanup, domain.StatusCleanupAccepted)
		wantSteps("cleanup accepted", map[string][]domain.SystemAction{
			"weijian": {domain.SysTakeOffline}, "weijian_head": {domain.SysTakeOffline}, "office": {domain.SysTakeOffline},
		})
		no("office", domain.SysReturnCleanup, domain.EConflict)
		no("weijian", domain.SysResume, domain.EConflict)
		if off := e.listAll(e.actor("office"), store.SystemFilter{OffCloud: true}); slices.Contains(sysIDs(off), s.ID) {
			t.Error("a system whose cleanup was accepted is still listed off the cloud")
		}

		// 下线. The date is the calendar day in the district (Beijing time): 01:30 on 6 March
		// in 相城 is still 5 March in UTC.
		e.clock.Set(time.Date(2026, 3, 5, 17, 30, 0, 0, time.UTC))
		got, err := e.transition("weijian", s.ID, domain.SysTakeOffline, 0)
		if err != nil {
			t.Fatal(err)
		}
		st = e.stored(s.ID)
		if st.Status != domain.StatusOffline || st.OfflineDate.Format("2006-01-02") != "2026-03-06" {
			t.Errorf("offline on %s (status %s), want 2026-03-06", st.OfflineDate.Format("2006-01-02"), st.Status)
		}
		if !got.OfflineDate.Equal(st.OfflineDate) {
			t.Errorf("TransitionSystem returned offline date %v, stored %v", got.OfflineDate, st.OfflineDate)
		}
		wantSteps("offline", nil)
		for _, act := range domain.SystemActions {
			no("office", act, domain.EConflict)
		}

		// The history: every step, newest first, for whoever may see the system.
		want := []string{"system.take_offline", "system.accept_cleanup", "system.file_cleanup", "system.return_cleanup",
			"system.file_cleanup", "system.mark_idle", "system.create"}
		for _, who := range []string{"weijian", "weijian_head", "office", "leader"} {
			hist, err := e.svc.SystemHistory(e.ctx, e.actor(who), s.ID)
			if err != nil {
				t.Fatalf("history for %s: %v", who, err)
			}
			var got []string
			for i, r := range hist {
				got = append(got, r.Action)
				if r.EntityType != "system" || r.EntityID != strconv.FormatInt(s.ID, 10) {
					t.Errorf("history holds a record of another entity: %+v", r)
				}
				if i > 0 && r.ID >= hist[i-1].ID {
					t.Errorf("history not newest first: %d after %d", r.ID, hist[i-1].ID)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("history for %s = %v, want %v", who, got, want)
			}
		}
		_, err = e.svc.SystemHistory(e.ctx, e.actor("jiaoyu"), s.ID)
		wantCode(t, err, domain.ENotFound, "")
	})
}

// A returned filing goes back to the state it was filed from, whichever that was.
func TestReturnCleanupRestoresStatus(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		repl := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-100", "全民健康信息平台"))
		for i, from := range []domain.SystemAction{domain.SysMarkIdle, domain.SysMarkUnmaintained, domain.SysMarkSuperseded} {
			s := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-00"+strconv.Itoa(i), "待清理系统"+strconv.Itoa(i)))
			var replacedBy int64
			if from == domain.SysMarkSuperseded {
				replacedBy = repl.ID
			}
			if _, err := e.transition("weijian", s.ID, from, replacedBy); err != nil {
				t.Fatalf("%s: %v", from, err)
			}
			was := e.stored(s.ID).Status
			if _, err := e.transition("weijian_head", s.ID, domain.SysFileCleanup, 0); err != nil {
				t.Fatal(err)
			}
			h := e.head()
			got, err := e.transition("office", s.ID, domain.SysReturnCleanup, 0)
			if err != nil {
				t.Fatal(err)
			}
			e.wantAudit(h, "system.return_cleanup", "office")
			st := e.stored(s.ID)
			if got.Status != was || st.Status != was || st.StatusBefore != "" || st.ReplacedByID != replacedBy {
				t.Errorf("returned filing of a %s system: now %s (before %q, replaced by %d)", was, st.Status, st.StatusBefore, st.ReplacedByID)
			}
		}
	})
}

func TestMarkSuperseded(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		old := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-001", "旧预约挂号系统"))
		repl := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-002", "统一预约平台"))
		other := e.addSystem("jiaoyu", registrySystem(edu.ID, "XC-JY-001", "教育局统一平台"))

		// A replacement is required, is not the system itself, and is one the actor can see
		// (another unit's system answers exactly like one that does not exist).
		for _, c := range []struct {
			name string
			repl int64
		}{{"none", 0}, {"itself", old.ID}, {"another unit's", other.ID}, {"missing", 999999}} {
			h := e.head()
			_, err := e.transition("weijian", old.ID, domain.SysMarkSuperseded, c.repl)
			wantCode(t, err, domain.EInvalid, "replaced_by_id")
			e.wantNoAudit(h)
			if st := e.stored(old.ID); st.Status != domain.StatusRunning || st.ReplacedByID != 0 || st.Version != 1 {
				t.Fatalf("%s: refused step stored %+v", c.name, st)
			}
		}
		// Another unit's system itself stays out of reach.
		_, err := e.transition("weijian", other.ID, domain.SysMarkSuperseded, repl.ID)
		wantCode(t, err, domain.ENotFound, "")

		h := e.head()
		got, err := e.transition("weijian", old.ID, domain.SysMarkSuperseded, repl.ID)
		if err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "system.mark_superseded", "weijian")
		if !strings.Contains(rec.Changes, "replaced_by_id") {
			t.Fatalf("the replacement is not in the audit record: %s", rec.Changes)
		}
		if st := e.stored(old.ID); got.Status != domain.StatusSuperseded || st.Status != domain.StatusSuperseded || st.ReplacedByID != repl.ID {
			t.Fatalf("superseded: %+v", st)
		}
		_, err = e.transition("weijian", old.ID, domain.SysMarkSuperseded, repl.ID)
		wantCode(t, err, domain.EConflict, "")

		// Resuming forgets the replacement.
		ok, err := e.transition("weijian", old.ID, domain.SysResume, 0)
		if err != nil || ok.Status != domain.StatusRunning || e.stored(old.ID).ReplacedByID != 0 {
			t.Fatalf("resume: %+v, %v", e.stored(old.ID), err)
		}

		// The office sees the whole district, so it may name another unit's system.
		if _, err := e.transition("office", old.ID, domain.SysMarkSuperseded, other.ID); err != nil {
			t.Fatalf("office names another unit's replacement: %v", err)
		}
		if st := e.stored(old.ID); st.ReplacedByID != other.ID {
			t.Fatalf("replaced by %d, want %d", st.ReplacedByID, other.ID)
		}
	})
}
