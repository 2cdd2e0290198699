package web_test

// The DCAT-AP 3 export over HTTP (SHR-P4): a valid JSON-LD document of the published entries
// only, a known demo entry's fields mapped as docs/DCAT-AP.md says, every property's prefix in
// the @context, and 401 without a token.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/dcat"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// ldText is the @value of a JSON-LD value object.
func ldText(v any) string {
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["@value"].(string); ok {
			return s
		}
		if s, ok := m["@id"].(string); ok {
			return s
		}
	}
	s, _ := v.(string)
	return s
}

// ldKeys checks every key of the document: a JSON-LD keyword, or prefix:name with the prefix in
// the context; @type values the same. It returns the prefixes used.
func ldKeys(t *testing.T, v any, ctx map[string]any, used map[string]bool) {
	t.Helper()
	prefixed := func(s, where string) {
		p, _, ok := strings.Cut(s, ":")
		if !ok || ctx[p] == nil {
			t.Fatalf("%s %q: no prefix of the @context", where, s)
		}
		used[p] = true
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			switch {
			case k == "@context":
				continue
			case k == "@type":
				prefixed(val.(string), "type")
			case strings.HasPrefix(k, "@"):
				if !slices.Contains([]string{"@id", "@value", "@language"}, k) {
					t.Fatalf("unexpected keyword %s", k)
				}
			default:
				prefixed(k, "property")
			}
			ldKeys(t, val, ctx, used)
		}
	case []any:
		for _, e := range x {
			ldKeys(t, e, ctx, used)
		}
	}
}

func TestCatalogDCAT(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		mustStatus(t, "without a token", s.api("GET", "/api/v1/catalog/dcat", "", ""), http.StatusUnauthorized)
		draft := s.catalogDraft("320507119", "DCAT草稿不导出")
		r := s.api("GET", "/api/v1/catalog/dcat", "weijian", "")
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/ld+json") {
			t.Fatalf("export: %d %s", r.status, r.header.Get("Content-Type"))
		}
		var doc map[string]any
		if err := json.Unmarshal(r.body, &doc); err != nil {
			t.Fatalf("not JSON: %v\n%.500s", err, r.body)
		}
		ctx, _ := doc["@context"].(map[string]any)
		for p, ns := range dcat.Context {
			if ctx[p] != ns {
				t.Fatalf("@context %s = %v, want %s", p, ctx[p], ns)
			}
		}
		used := map[string]bool{}
		ldKeys(t, doc, ctx, used)
		for p := range ctx {
			if !used[p] {
				t.Errorf("@context prefix %s is never used", p)
			}
		}
		if doc["@type"] != "dcat:Catalog" || ldText(doc["dct:title"]) == "" {
			t.Fatalf("catalog node: %v %v", doc["@type"], doc["dct:title"])
		}
		datasets, _ := doc["dcat:dataset"].([]any)
		byCode := map[string]map[string]any{}
		for _, d := range datasets {
			m := d.(map[string]any)
			byCode[m["dct:identifier"].(string)] = m
		}
		// Exactly the published entries: as many as the office's facet count says.
		f, err := s.svc.CatalogFacets(s.ctx, app.SystemActor(), store.CatalogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := f.Status[string(domain.CatPublished)]; len(datasets) != n || len(byCode) != n || n < 100 {
			t.Fatalf("%d datasets (%d codes), %d published entries", len(datasets), len(byCode), n)
		}
		if byCode[draft.Code] != nil {
			t.Fatal("a draft is in the export")
		}

		pop := s.catalogEntryNamed("户籍人口基本信息")
		pop, err = s.svc.CatalogEntry(s.ctx, app.SystemActor(), pop.ID)
		if err != nil || pop.Status != domain.CatPublished {
			t.Fatalf("demo entry: %v %+v", err, pop)
		}
		d := byCode[pop.Code]
		if d == nil {
			t.Fatalf("户籍人口基本信息 (%s) missing", pop.Code)
		}
		base := s.ts.URL
		pub := d["dct:publisher"].(map[string]any)
		theme := d["dcat:theme"].(map[string]any)
		for what, got := range map[string][2]string{
			"@id":                    {ldText(d), fmt.Sprintf("%s/catalog/%d", base, pop.ID)},
			"@type":                  {d["@type"].(string), "dcat:Dataset"},
			"dct:title":              {ldText(d["dct:title"]), "户籍人口基本信息"},
			"dct:description":        {ldText(d["dct:description"]), pop.Summary},
			"publisher":              {ldText(pub["foaf:name"]), pop.ProviderName},
			"publisher code":         {pub["dct:identifier"].(string), pop.ProviderCode},
			"dcat:version":           {d["dcat:version"].(string), fmt.Sprint(pop.Revision)},
			"dct:modified":           {ldText(d["dct:modified"]), pop.PublishDate.Format("2006-01-02")},
			"theme":                  {theme["skos:notation"].(string), pop.ClassCode()},
			"dct:accrualPeriodicity": {ldText(d["dct:accrualPeriodicity"]), dcat.FrequencyOf(pop.UpdateCycle)},
			"dct:accessRights":       {ldText(d["dct:accessRights"]), dcat.AccessRightOf(pop)},
			"archgov:shareType":      {ldText(d["archgov:shareType"]), map[domain.ShareType]string{"unconditional": "无条件共享", "conditional": "有条件共享", "none": "不予共享"}[pop.ShareType]},
		} {
			if got[0] != got[1] {
				t.Errorf("%s = %q, want %q", what, got[0], got[1])
			}
		}
		// The DCAT-AP 3 range shapes: vocabulary values carry their class; no owl:versionInfo.
		for prop, class := range map[string]string{"dct:accrualPeriodicity": "dct:Frequency", "dct:accessRights": "dct:RightsStatement"} {
			if n, _ := d[prop].(map[string]any); n["@type"] != class {
				t.Errorf("%s %v: want @type %s", prop, d[prop], class)
			}
		}
		if pt, _ := pub["dct:type"].(map[string]any); pt["@id"] != dcat.LocalAuthority || pt["@type"] != "skos:Concept" {
			t.Errorf("publisher type %v", pub["dct:type"])
		}
		if cp, _ := d["dcat:contactPoint"].(map[string]any); cp["@type"] != "vcard:Organization" || ldText(cp["vcard:fn"]) != pop.ProviderName || len(cp) != 4 {
			t.Errorf("contact point %v: want the provider's name only (its 联系人's mobile is masked outside the unit)", cp)
		}
		if strings.Contains(r.text(), "owl:versionInfo") || strings.Contains(r.text(), "/frequency/BIANNUAL") {
			t.Error("the export still writes owl:versionInfo or the frequency BIANNUAL")
		}
		if ldText(d["dct:issued"]) == "" || d["dct:issued"].(map[string]any)["@type"] != "xsd:date" {
			t.Errorf("dct:issued %v", d["dct:issued"])
		}
		if pop.ShareType != domain.ShareNone && !pop.Open && !strings.HasSuffix(ldText(d["dct:accessRights"]), "/RESTRICTED") {
			t.Errorf("government sharing is RESTRICTED, not %s", ldText(d["dct:accessRights"]))
		}
		items, _ := d["archgov:dataItem"].([]any)
		kws, _ := d["dcat:keyword"].([]any)
		if len(items) != len(pop.Items) || len(pop.Items) == 0 || len(kws) == 0 {
			t.Fatalf("%d data items, %d keywords; the entry has %d items", len(items), len(kws), len(pop.Items))
		}
		first := items[0].(map[string]any)
		if ldText(first["archgov:name"]) != pop.Items[0].Name || first["archgov:column"] != pop.Items[0].Column || ldText(kws[0]) != pop.Items[0].Name {
			t.Errorf("first data item %v, keyword %v; want %+v", first, kws[0], pop.Items[0])
		}
		dists, _ := d["dcat:distribution"].([]any)
		if len(dists) != 1 || ldText(dists[0].(map[string]any)["dcat:accessURL"]) != ldText(d) {
			t.Errorf("distribution %v", dists)
		}
		if api := dists[0].(map[string]any)["dcat:accessService"]; (pop.ShareForm == domain.FormAPI) != (api != nil) {
			t.Errorf("form %s, access service %v", pop.ShareForm, api)
		}
		// Formats: the demo's xlsx sheets and OFD/pdf files get EU file types; its databases
		// keep archgov's own category (the EU list has no file type for a database).
		formats := map[string]int{}
		for _, m := range byCode {
			ds, _ := m["dcat:distribution"].([]any)
			for _, x := range ds {
				f := x.(map[string]any)["dct:format"].(map[string]any)
				if f["@type"] != "dct:MediaTypeOrExtent" {
					t.Fatalf("format %v untyped", f)
				}
				formats[ldText(f)]++
			}
		}
		t.Logf("formats: %v", formats)
		for _, iri := range []string{dcat.FileType + "XLSX", dcat.FileType + "PDF", dcat.NSArchgov + "format/database"} {
			if formats[iri] == 0 {
				t.Errorf("no distribution with format %s: %v", iri, formats)
			}
		}
		// Every dataset's relations point at published datasets of the same document.
		iris := map[string]bool{}
		for _, m := range byCode {
			iris[ldText(m)] = true
		}
		for _, m := range byCode {
			rels, _ := m["dct:relation"].([]any)
			for _, rel := range rels {
				if !iris[ldText(rel)] {
					t.Fatalf("%s relates to %s, not a published dataset", m["dct:identifier"], ldText(rel))
				}
			}
		}
	})
}

// A search too broad to count (more than store.CatalogFacetCap entries, lowered here) still
// lists its first page; the API says the facets are capped and the page says why its filters
// show no counts, offering every provider.
func TestCatalogFacetsCapped(t *testing.T) {
	defer func(n int) { store.CatalogFacetCap = n }(store.CatalogFacetCap)
	eachBackendInTurn(t, func(t *testing.T, s *site) {
		store.CatalogFacetCap = 1
		var out struct {
			Items  []map[string]any    `json:"items"`
			Facets store.CatalogFacets `json:"facets"`
		}
		s.apiJSON("GET", "/api/v1/catalog?q=人口&limit=5", "office", "", &out)
		if len(out.Items) != 5 || !out.Facets.Capped || len(out.Facets.Status) != 0 {
			t.Fatalf("capped search: %d items, facets %+v", len(out.Items), out.Facets)
		}
		b := s.login("office")
		r := b.get("/catalog?q=人口")
		mustAnswer(t, "capped page", r, 200, "匹配的目录超过 1 条，未统计分面", ">"+s.unit("320507119").Name+"</option>")
		store.CatalogFacetCap = 5000
		if r := b.get("/catalog?q=人口"); strings.Contains(r.text(), "未统计分面") || !strings.Contains(r.text(), "有条件共享（") {
			t.Fatalf("counted page: %.2000s", r.text())
		}
	})
}
