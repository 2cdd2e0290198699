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

// Regressions from the security review of websites and new-media accounts: what an export or
// a list shows of other units' records, and what an import accepts.

// sitesExportRows reads an exported workbook's first sheet into header → cell maps.
func sitesExportRows(t *testing.T, book []byte, sheetName string) []map[string]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetName)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %d rows (%v)", sheetName, len(rows), err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func sitesRowWhere(t *testing.T, rows []map[string]string, header, value string) map[string]string {
	t.Helper()
	for _, r := range rows {
		if r[header] == value {
			return r
		}
	}
	t.Fatalf("no row with %s = %s in %v", header, value, rows)
	return nil
}

// TestWebsiteExportNamesOnlyVisibleLinks: 区卫生信息网 (卫健委's) was merged into the district
// portal (区政府办's, hidden from 卫健委), and its system moved to another unit. 卫健委's export
// names neither, and the export imports back unchanged.
func TestWebsiteExportNamesOnlyVisibleLinks(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		wsxx := e.sitesWebsite("wsxx.szxc.gov.cn")
		sys, err := e.svc.System(e.ctx, e.actor("office"), wsxx.SystemID)
		if err != nil {
			t.Fatal(err)
		}
		edu := e.unit("320507105").ID
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("office"), sys.ID, app.SystemEdit{Version: sys.Version, UnitID: &edu}); err != nil {
			t.Fatalf("move %s to 区教育局: %v", sys.Code, err)
		}
		weijian := e.actor("weijian")
		var out bytes.Buffer
		if _, err := e.svc.ExportWebsites(e.ctx, weijian, store.WebsiteFilter{}, &out); err != nil {
			t.Fatal(err)
		}
		row := sitesRowWhere(t, sitesExportRows(t, out.Bytes(), app.WebsiteSheet.Name), "网站域名", "wsxx.szxc.gov.cn")
		if row["并入网站域名"] != "" || row["所属信息系统编码"] != "" {
			t.Errorf("weijian's export names %q and %q, which weijian may not see", row["并入网站域名"], row["所属信息系统编码"])
		}
		before := e.head()
		rep, err := e.svc.ImportWebsites(e.ctx, weijian, bytes.NewReader(out.Bytes()), true, nil)
		if err != nil || len(rep.Problems) > 0 || rep.Create+rep.Update != 0 {
			t.Fatalf("weijian re-imports its export: %+v %v (%v)", rep, err, impProblems(rep))
		}
		e.wantNoAudit(before)
		if got := e.sitesWebsite("wsxx.szxc.gov.cn"); got.MergeInto != wsxx.MergeInto || got.SystemID != wsxx.SystemID {
			t.Errorf("links after the re-import: %d %d, want %d %d", got.MergeInto, got.SystemID, wsxx.MergeInto, wsxx.SystemID)
		}
		// The office sees both and its export names them.
		out.Reset()
		if _, err := e.svc.ExportWebsites(e.ctx, e.actor("office"), store.WebsiteFilter{}, &out); err != nil {
			t.Fatal(err)
		}
		row = sitesRowWhere(t, sitesExportRows(t, out.Bytes(), app.WebsiteSheet.Name), "网站域名", "wsxx.szxc.gov.cn")
		if row["并入网站域名"] != "www.szxc.gov.cn" || row["所属信息系统编码"] != sys.Code {
			t.Errorf("office's export: %q %q", row["并入网站域名"], row["所属信息系统编码"])
		}
	})
}

// TestMediaExportNamesOnlyVisibleTargets: the office merges 相城招考 (区教育局) into 健康相城
// (卫健委); 区教育局's export does not name the other unit's account.
func TestMediaExportNamesOnlyVisibleTargets(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		zk := e.sitesMedia(domain.MediaWechatSubscription, "相城招考")
		health := e.sitesMedia(domain.MediaWechatService, "健康相城")
		if _, err := e.sitesMediaStep("office", zk.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideMerge, MergeInto: health.ID}); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := e.svc.ExportMedia(e.ctx, e.actor("jiaoyu"), store.MediaFilter{}, &out); err != nil {
			t.Fatal(err)
		}
		row := sitesRowWhere(t, sitesExportRows(t, out.Bytes(), app.MediaSheet.Name), "账号名称", "相城招考")
		if row["并入账号"] != "" {
			t.Errorf("jiaoyu's export names %q, another unit's account", row["并入账号"])
		}
		out.Reset()
		if _, err := e.svc.ExportMedia(e.ctx, e.actor("office"), store.MediaFilter{}, &out); err != nil {
			t.Fatal(err)
		}
		row = sitesRowWhere(t, sitesExportRows(t, out.Bytes(), app.MediaSheet.Name), "账号名称", "相城招考")
		if row["并入账号"] != "健康相城" {
			t.Errorf("office's export names %q", row["并入账号"])
		}
	})
}

// TestSiteNameCursorStaysInScope: a name-sorted list continued after another unit's record
// answers as after a record that does not exist — nothing — so the cursor tells nothing of
// other units' names.
func TestSiteNameCursorStaysInScope(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		jiaoyu, edu := e.actor("jiaoyu"), e.unit("320507105").ID
		all, err := e.svc.Websites(e.ctx, e.actor("office"), store.WebsiteFilter{})
		if err != nil {
			t.Fatal(err)
		}
		hidden := 0
		for _, w := range all.Items {
			if w.UnitID == edu {
				continue
			}
			hidden++
			p, err := e.svc.Websites(e.ctx, jiaoyu, store.WebsiteFilter{Sort: store.SiteSortName, After: w.ID, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 0 {
				t.Errorf("after %s (another unit's): %d of jiaoyu's sites", w.Host, len(p.Items))
			}
		}
		if hidden == 0 {
			t.Fatal("no other unit's sites in the demo")
		}
		// Its own cursor still pages.
		first, err := e.svc.Websites(e.ctx, jiaoyu, store.WebsiteFilter{Sort: store.SiteSortName, Limit: 2})
		if err != nil || first.NextCursor == 0 {
			t.Fatalf("first page: %+v %v", first, err)
		}
		rest, err := e.svc.Websites(e.ctx, jiaoyu, store.WebsiteFilter{Sort: store.SiteSortName, After: first.NextCursor, Limit: 50})
		if err != nil || len(first.Items)+len(rest.Items) != 4 {
			t.Errorf("jiaoyu's pages: %d + %d sites (%v), want 4", len(first.Items), len(rest.Items), err)
		}

		ms, err := e.svc.MediaAccounts(e.ctx, e.actor("office"), store.MediaFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms.Items {
			if m.UnitID == edu {
				continue
			}
			p, err := e.svc.MediaAccounts(e.ctx, jiaoyu, store.MediaFilter{Sort: store.SiteSortName, After: m.ID, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 0 {
				t.Errorf("after account %s (another unit's): %d of jiaoyu's accounts", m.Name, len(p.Items))
			}
		}
	})
}

// TestImportWebsiteMergeTargetGone: an import may not merge into a closed or merged site, as
// the form may not; a target already recorded stays acceptable.
func TestImportWebsiteMergeTargetGone(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		before := e.head()
		rep, err := e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(sitesBook(t, app.WebsiteSheet, false,
			impRow{"host": "new1.szxc.gov.cn", "name": "新网站一", "unit": "区教育局", "hosting": "政务云", "merge": "spaq.szxc.gov.cn"},
			impRow{"host": "new2.szxc.gov.cn", "name": "新网站二", "unit": "区教育局", "hosting": "政务云", "merge": "wsxx.szxc.gov.cn"})), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(impProblems(rep), "\n")
		for _, want := range []string{"第2行「并入网站域名」", "spaq.szxc.gov.cn 已关停或已并入其他网站", "第3行「并入网站域名」", "wsxx.szxc.gov.cn 已关停"} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if rep.Applied {
			t.Error("applied")
		}
		e.wantNoAudit(before)

		// A site whose recorded target closed afterwards exports and imports back unchanged.
		a := e.sitesNewWebsite("office", "old1.szxc.gov.cn", "320507105")
		spaq := e.sitesWebsite("spaq.szxc.gov.cn")
		if err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
			a.MergeInto = spaq.ID
			return tx.UpdateWebsite(e.ctx, a)
		}); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := e.svc.ExportWebsites(e.ctx, office, store.WebsiteFilter{}, &out); err != nil {
			t.Fatal(err)
		}
		rep, err = e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(out.Bytes()), false, nil)
		if err != nil || len(rep.Problems) > 0 || rep.Create+rep.Update != 0 {
			t.Errorf("export re-imported: %+v %v (%v)", rep, err, impProblems(rep))
		}
	})
}

// TestImportWebsiteSiteCodes: a 政府网站标识码 used twice in the file or by another site is
// reported on its row in the preview; another unit's site is not named.
func TestImportWebsiteSiteCodes(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		www := e.sitesWebsite("www.szxc.gov.cn")
		if www.SiteCode == "" {
			t.Fatal("the portal has no site code in the demo")
		}
		before := e.head()
		rep, err := e.svc.ImportWebsites(e.ctx, e.actor("jiaoyu"), bytes.NewReader(sitesBook(t, app.WebsiteSheet, false,
			impRow{"host": "new1.szxc.gov.cn", "name": "新网站一", "unit": "区教育局", "hosting": "政务云", "site_code": "32050700AB"},
			impRow{"host": "new2.szxc.gov.cn", "name": "新网站二", "unit": "区教育局", "hosting": "政务云", "site_code": "32050700ab"},
			impRow{"host": "new3.szxc.gov.cn", "name": "新网站三", "unit": "区教育局", "hosting": "政务云", "site_code": www.SiteCode})), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(impProblems(rep), "\n")
		for _, want := range []string{"第3行「政府网站标识码」", "32050700AB 与第2行重复", "第4行「政府网站标识码」", www.SiteCode + " 已被其他网站使用"} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "第2行「") || strings.Contains(got, "www.szxc.gov.cn") || strings.Contains(got, www.Name) {
			t.Errorf("problems name too much:\n%s", got)
		}
		if rep.Applied {
			t.Error("applied")
		}
		e.wantNoAudit(before)
		// A site keeping its own code is fine.
		rep, err = e.svc.ImportWebsites(e.ctx, e.actor("office"), bytes.NewReader(sitesBook(t, app.WebsiteSheet, false,
			impRow{"host": "www.szxc.gov.cn", "name": "相城区人民政府门户网站（新）", "unit": "区政府办公室", "hosting": "政务云", "site_code": www.SiteCode, "system": "XC-SYS-0001"})), false, nil)
		if err != nil || len(rep.Problems) > 0 || rep.Update != 1 {
			t.Errorf("own code: %+v %v (%v)", rep, err, impProblems(rep))
		}
	})
}
