package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"

	"archgov/internal/domain"
	"archgov/internal/store"
)

var (
	sitesMergeSelectRe = regexp.MustCompile(`(?s)<select name="merge_into_id">(.*?)</select>`)
	sitesOptionRe      = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
)

// sitesFormMergeValue is what a browser posts for the merge target as the edit form shows
// it: the selected option, or else the first.
func sitesFormMergeValue(t *testing.T, r reply) string {
	t.Helper()
	sel := sitesMergeSelectRe.FindSubmatch(r.body)
	if sel == nil {
		t.Fatalf("no merge target field:\n%s", r.body)
	}
	opts := sitesOptionRe.FindAllSubmatch(sel[1], -1)
	for _, o := range opts {
		if len(o[2]) > 0 {
			return string(o[1])
		}
	}
	return string(opts[0][1])
}

// sitesEditAsShown edits a website through its form, changing only the name.
func (b *browser) sitesEditAsShown(w *domain.Website, name string) reply {
	b.t.Helper()
	form := b.get(fmt.Sprintf("/websites/%d/edit", w.ID))
	mustStatus(b.t, "edit form", form, 200)
	return b.post(fmt.Sprintf("/websites/%d", w.ID), url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(w.Version)}, "name": {name},
		"host": {w.Host}, "unit_id": {fmt.Sprint(w.UnitID)}, "hosting": {string(w.Hosting)}, "icp": {w.ICP}, "site_code": {w.SiteCode},
		"system_id": {fmt.Sprint(w.SystemID)}, "merge_into_id": {sitesFormMergeValue(b.t, form)}})
}

// TestWebsiteFormKeepsMergeTarget: the edit form of a site whose merge target the editor may
// not see (区卫生信息网, merged into the district portal) or that no longer takes merges keeps
// the target without naming a hidden one; saving it changes only what was edited.
func TestWebsiteFormKeepsMergeTarget(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		wsxx, www := s.sitesWebsite("wsxx.szxc.gov.cn"), s.sitesWebsite("www.szxc.gov.cn")
		b := s.login("weijian")
		form := b.get(fmt.Sprintf("/websites/%d/edit", wsxx.ID))
		mustStatus(t, "edit form", form, 200)
		mustContain(t, "edit form", form, "（保持当前）")
		mustNotContain(t, "edit form", form, "www.szxc.gov.cn", fmt.Sprintf(`value="%d"`, www.ID))
		r := b.sitesEditAsShown(wsxx, "区卫生信息网（旧版门户，已并入）")
		mustRedirect(t, "save merged site", r, fmt.Sprintf("/websites/%d", wsxx.ID))
		if got := s.sitesWebsite("wsxx.szxc.gov.cn"); got.MergeInto != www.ID || got.Name != "区卫生信息网（旧版门户，已并入）" {
			t.Errorf("after the edit: target %d name %q", got.MergeInto, got.Name)
		}

		// A visible target that has closed since is named, and kept.
		unit := s.unit("320507119").ID
		target := &domain.Website{Name: "卫健旧门户", Host: "wjwold.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud}
		site := &domain.Website{Name: "卫健专题", Host: "wjwzt.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud}
		if err := s.svc.DB().InTx(s.ctx, func(tx *store.Tx) error {
			target.Status = domain.WebClosed
			if err := tx.InsertWebsite(s.ctx, target); err != nil {
				return err
			}
			site.Status, site.MergeInto = domain.WebUnregistered, target.ID
			return tx.InsertWebsite(s.ctx, site)
		}); err != nil {
			t.Fatal(err)
		}
		form = b.get(fmt.Sprintf("/websites/%d/edit", site.ID))
		mustContain(t, "edit form", form, "卫健旧门户 · wjwold.szxc.gov.cn（保持当前）")
		r = b.sitesEditAsShown(site, "卫健专题网")
		mustRedirect(t, "save site", r, fmt.Sprintf("/websites/%d", site.ID))
		if got := s.sitesWebsite("wjwzt.szxc.gov.cn"); got.MergeInto != target.ID || got.Name != "卫健专题网" {
			t.Errorf("after the edit: target %d name %q", got.MergeInto, got.Name)
		}
		// Choosing "none" still clears it.
		cur := s.sitesWebsite("wjwzt.szxc.gov.cn")
		r = b.post(fmt.Sprintf("/websites/%d", cur.ID), url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(cur.Version)}, "name": {cur.Name},
			"host": {cur.Host}, "unit_id": {fmt.Sprint(cur.UnitID)}, "hosting": {string(cur.Hosting)}, "system_id": {"0"}, "merge_into_id": {"0"}})
		mustRedirect(t, "clear target", r, fmt.Sprintf("/websites/%d", cur.ID))
		if got := s.sitesWebsite("wjwzt.szxc.gov.cn"); got.MergeInto != 0 {
			t.Errorf("target not cleared: %d", got.MergeInto)
		}
	})
}
