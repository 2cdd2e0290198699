package demo_test

import (
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The demo catalog loads through the use cases and makes a believable catalog: about 400
// entries across bureaus, streets, towns and zones, with 3–12 data items each, every state
// present and most entries published, the well-known base resources where they belong, and
// a change feed holding every publication, revision and withdrawal.
func TestLoadCatalog(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		p, err := svc.Catalog(ctx, cli, store.CatalogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.Items); n < 380 || n > 420 {
			t.Fatalf("%d catalog entries, want about 400", n)
		}
		statuses, providers, codes := map[domain.CatalogStatus]int{}, map[int64]bool{}, map[string]bool{}
		shares, revised, returned := map[domain.ShareType]int{}, 0, 0
		for _, c := range p.Items {
			statuses[c.Status]++
			shares[c.ShareType]++
			providers[c.ProviderUnitID] = true
			if codes[c.Code] || !strings.HasPrefix(c.Code, c.ClassCode()+"/") {
				t.Errorf("%s: code %s repeated or not from its classification", c.Name, c.Code)
			}
			codes[c.Code] = true
			if c.Revision > 1 {
				revised++
			}
			if c.ReturnNote != "" {
				returned++
			}
			if (c.Status == domain.CatPublished || c.Status == domain.CatWithdrawn) != (c.Revision > 0) {
				t.Errorf("%s: %s with revision %d", c.Name, c.Status, c.Revision)
			}
		}
		everyOne(t, domain.CatalogStatuses, statuses, "no entry %s")
		if statuses[domain.CatPublished]*10 < len(p.Items)*7 {
			t.Errorf("only %d of %d published", statuses[domain.CatPublished], len(p.Items))
		}
		if len(providers) < 40 || revised < 10 || returned == 0 || shares[domain.ShareNone] == 0 || shares[domain.ShareConditional] == 0 {
			t.Errorf("providers %d, revised %d, returned %d, shares %v", len(providers), revised, returned, shares)
		}
		// Well-known entries with their data items.
		for name, lib := range map[string]domain.BaseLibrary{"户籍人口基本信息": domain.LibPopulation, "企业登记信息": domain.LibLegalPerson,
			"不动产登记信息": domain.LibGeo, "低保对象信息": "", "学校基本信息": ""} {
			l, err := svc.Catalog(ctx, cli, store.CatalogFilter{Query: name})
			if err != nil || len(l.Items) == 0 {
				t.Fatalf("%s: %v", name, err)
			}
			c, err := svc.CatalogEntry(ctx, cli, l.Items[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseLibrary != lib || len(c.Items) < 3 || len(c.Items) > 13 || c.Summary == "" {
				t.Errorf("%s: library %q, %d items, summary %q", name, c.BaseLibrary, len(c.Items), c.Summary)
			}
		}
		ch, err := svc.CatalogChanges(ctx, cli, 0, 200)
		if err != nil || len(ch) == 0 || ch[0].Kind != domain.ChangePublish {
			t.Fatalf("change feed: %v %d", err, len(ch))
		}
	})
}

// Every seed line makes a valid entry with 3 to 12 data items.
func TestCatalogSeedsValidate(t *testing.T) {
	t.Parallel()
	n := 0
	for code, lines := range demo.CatalogBureauSeeds {
		for _, l := range lines {
			c, err := demo.CatalogEntryFromSeed(l, "某单位", code, 1, n)
			n++
			if err != nil {
				t.Fatal(err)
			}
			c.Status = domain.CatPrecompiled
			if err := c.Validate(); err != nil || len(c.Items) < 3 || len(c.Items) > 12 {
				t.Errorf("%s: %v, %d items", l, err, len(c.Items))
			}
		}
	}
}
