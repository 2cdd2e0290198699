package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The information system a new-media account serves (issue 3): the same unit's, checked as for
// a website; in the 台账 as 所属信息系统编码.

// TestMediaSystemLink: an account links a system of its unit; another unit's system is refused
// on system_id with the message of a system that does not exist (it is not revealed), and so
// is an unknown one; nothing changes and nothing is audited.
func TestMediaSystemLink(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu := e.unit("320507105").ID
		own, other := e.sitesSystemID("XC-SYS-0019"), e.sitesSystemID("XC-SYS-0069") // 区学籍管理系统; 卫健委's 全民健康信息平台
		m := &domain.MediaAccount{Kind: domain.MediaMiniProgram, Name: "相城学籍查询", AccountID: "wxserves00000001", UnitID: edu, Topic: "教育", SystemID: own}
		h := e.head()
		if err := e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), m); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "media.create", "jiaoyu")
		if got, _ := e.svc.MediaAccount(e.ctx, e.actor("jiaoyu"), m.ID); got.SystemID != own {
			t.Fatalf("stored system %d, want %d", got.SystemID, own)
		}

		h = e.head()
		for _, c := range []struct {
			name string
			sys  int64
		}{{"another unit's", other}, {"unknown", 987654}} {
			x := &domain.MediaAccount{Kind: domain.MediaApp, Name: "x", AccountID: "cn.gov.szxc.serves", UnitID: edu, SystemID: c.sys}
			err := e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), x)
			wantCode(t, err, domain.EInvalid, "system_id")
			wantMessage(t, err, domain.EInvalid, "err.website.system")
			_, err = e.svc.UpdateMediaAccount(e.ctx, e.actor("jiaoyu"), m.ID, app.MediaEdit{Version: m.Version, SystemID: ptr(c.sys)})
			wantCode(t, err, domain.EInvalid, "system_id")
			wantMessage(t, err, domain.EInvalid, "err.website.system")
		}
		// The office sees every system: for it, another unit's is refused as of another unit.
		_, err := e.svc.UpdateMediaAccount(e.ctx, e.actor("office"), m.ID, app.MediaEdit{Version: m.Version, SystemID: ptr(other)})
		wantMessage(t, err, domain.EInvalid, "err.website.system_unit")
		// Moving the account to another unit while it keeps its system is refused too.
		health := e.unit("320507119").ID
		_, err = e.svc.UpdateMediaAccount(e.ctx, e.actor("office"), m.ID, app.MediaEdit{Version: m.Version, UnitID: &health})
		wantMessage(t, err, domain.EInvalid, "err.website.system_unit")
		e.wantNoAudit(h)
		if got, _ := e.svc.MediaAccount(e.ctx, e.actor("jiaoyu"), m.ID); got.SystemID != own || got.UnitID != edu {
			t.Fatalf("refused edits changed the account: system %d unit %d", got.SystemID, got.UnitID)
		}

		// Unlinking (0) is fine, and the list filters by system.
		got, err := e.svc.UpdateMediaAccount(e.ctx, e.actor("jiaoyu"), m.ID, app.MediaEdit{Version: m.Version, SystemID: ptr(int64(0))})
		if err != nil || got.SystemID != 0 {
			t.Fatalf("unlink: %v %v", got, err)
		}
		e.wantAudit(h, "media.update", "jiaoyu")
		enrol := e.sitesSystemID("XC-SYS-0020") // the demo's 相城入学报名 mini program serves it
		p, err := e.svc.MediaAccounts(e.ctx, e.actor("jiaoyu"), store.MediaFilter{SystemID: enrol})
		if err != nil || len(p.Items) != 1 || p.Items[0].Name != "相城入学报名" {
			t.Fatalf("accounts of XC-SYS-0020: %v %v", p.Items, err)
		}
		// Another unit's user lists nothing of it.
		if p, _ := e.svc.MediaAccounts(e.ctx, e.actor("weijian"), store.MediaFilter{SystemID: enrol}); len(p.Items) != 0 {
			t.Errorf("weijian lists %d accounts of 教育局's system", len(p.Items))
		}
	})
}

// TestMediaSheetSystemColumn: the 台账 carries 所属信息系统编码; an export re-imports as a
// no-op, a link the exporter may not see stays out of the file and is kept by the empty cell,
// and a code of another unit or none at all is a row error that writes nothing.
func TestMediaSheetSystemColumn(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu, health := e.unit("320507105"), e.unit("320507119")
		jiaoyu, office := e.actor("jiaoyu"), e.actor("office")
		// A closed account of 教育局 still names a system that has since moved to 卫健委: 教育局
		// no longer sees it.
		sys := e.addSystem("office", registrySystem(edu.ID, "XC-JY-SV1", "服务测试系统"))
		gone := &domain.MediaAccount{Kind: domain.MediaApp, Name: "服务测试App", AccountID: "cn.gov.szxc.svtest", UnitID: edu.ID, SystemID: sys.ID}
		if err := e.svc.CreateMediaAccount(e.ctx, jiaoyu, gone); err != nil {
			t.Fatal(err)
		}
		if _, err := e.sitesMediaStep("office", gone.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideClose, Note: "关停"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.sitesMediaStep("jiaoyu", gone.ID, app.MediaStep{Action: domain.MediaComplete}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.UpdateSystem(e.ctx, office, sys.ID, app.SystemEdit{Version: e.stored(sys.ID).Version, UnitID: &health.ID}); err != nil {
			t.Fatalf("move a system only a closed account names: %v", err)
		}

		var out bytes.Buffer
		n, err := e.svc.ExportMedia(e.ctx, jiaoyu, store.MediaFilter{}, &out)
		if err != nil || n == 0 {
			t.Fatalf("export: %d %v", n, err)
		}
		cells := mediaExportRows(t, out.Bytes())
		if got := cells["小程序 相城入学报名"]; got != "XC-SYS-0020" {
			t.Errorf("相城入学报名 exported with system %q, want XC-SYS-0020", got)
		}
		if got, ok := cells["移动App 服务测试App"]; !ok || got != "" {
			t.Errorf("the hidden system is exported as %q (row present %v), want an empty cell", got, ok)
		}
		h := e.head()
		rep, err := e.svc.ImportMedia(e.ctx, jiaoyu, bytes.NewReader(out.Bytes()), true, nil)
		if err != nil || rep.Applied || len(rep.Problems) > 0 || rep.Unchanged != n {
			t.Fatalf("re-import of the export: %+v %v (%v)", rep, err, impProblems(rep))
		}
		e.wantNoAudit(h)
		if got, _ := e.db.Read().MediaAccount(e.ctx, gone.ID); got.SystemID != sys.ID {
			t.Fatalf("the hidden link is %d after the re-import, want %d", got.SystemID, sys.ID)
		}

		// Linking and unlinking through the sheet.
		enrolID := sitesDemoAccountID(e, domain.MediaMiniProgram, "相城入学报名")
		book := func(system string) []byte {
			return sitesBook(t, app.MediaSheet, true,
				impRow{"kind": "小程序", "name": "相城入学报名", "account_id": enrolID, "unit": "区教育局", "topic": "教育", "system": system})
		}
		rep, err = e.svc.ImportMedia(e.ctx, jiaoyu, bytes.NewReader(book(" xc-sys-0019 ")), true, nil)
		if err != nil || !rep.Applied || rep.Update != 1 {
			t.Fatalf("relink through the sheet: %+v %v (%v)", rep, err, impProblems(rep))
		}
		if got := e.sitesMedia(domain.MediaMiniProgram, "相城入学报名"); got.SystemID != e.sitesSystemID("XC-SYS-0019") {
			t.Errorf("after import the account serves %d", got.SystemID)
		}
		h = e.head()
		for _, code := range []string{"XC-SYS-0069", "XC-SYS-9999", "XC-JY-SV1"} { // another unit's, unknown, hidden
			rep, err = e.svc.ImportMedia(e.ctx, jiaoyu, bytes.NewReader(book(code)), true, nil)
			if err != nil || rep.Applied {
				t.Fatalf("import with system %s: %+v %v", code, rep, err)
			}
			got := strings.Join(impProblems(rep), "\n")
			if !strings.Contains(got, "第3行「所属信息系统编码」") || !strings.Contains(got, "信息系统编码 "+code+" 不存在") {
				t.Errorf("system %s: problems %q", code, got)
			}
		}
		e.wantNoAudit(h)
		// For the office (who sees every system) another unit's is named as such.
		rep, _ = e.svc.ImportMedia(e.ctx, office, bytes.NewReader(book("XC-SYS-0069")), true, nil)
		if got := strings.Join(impProblems(rep), "\n"); rep.Applied || !strings.Contains(got, "须属于同一单位") {
			t.Errorf("office imports another unit's system: applied %v, %q", rep.Applied, got)
		}
		e.wantNoAudit(h)
	})
}

// mediaExportRows maps "kind name" to the 所属信息系统编码 cell of a new-media export.
func mediaExportRows(t *testing.T, book []byte) map[string]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(app.MediaSheet.Name)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	out := map[string]string{}
	for i, r := range rows {
		if i == 0 {
			for j, h := range r {
				col[h] = j
			}
			if _, ok := col["所属信息系统编码"]; !ok {
				t.Fatalf("export headers %v lack 所属信息系统编码", r)
			}
			continue
		}
		get := func(h string) string {
			if j := col[h]; j < len(r) {
				return r[j]
			}
			return ""
		}
		out[get("账号类型")+" "+get("账号名称")] = get("所属信息系统编码")
	}
	return out
}
