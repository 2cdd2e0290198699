package dcat

// What the official SEMIC DCAT-AP 3 range and code-list shapes check, asserted on the nodes
// this package writes (the shapes file is not available offline): EU vocabulary values where one
// fits, every vocabulary node typed with its range class, dcat:version instead of the
// deprecated owl:versionInfo, and the recommended contact point and publisher type.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"archgov/internal/domain"
)

func entry(format domain.ResFormat, detail string, cycle domain.UpdateCycle) *domain.CatalogEntry {
	return &domain.CatalogEntry{ID: 7, Code: "101001/000001", Name: "户籍人口基本信息", Summary: "s",
		ProviderCode: "320507106", ProviderName: "苏州市公安局相城分局", Class: "1", Item: "01", Catalog: "001",
		Format: format, FormatDetail: detail, UpdateCycle: cycle, ShareType: domain.ShareConditional,
		ShareCondition: "c", ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormFile, Revision: 3,
		PublishDate: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
}

// roundTrip gives the node as a consumer reads it (JSON), so the test sees what is written.
func roundTrip(t *testing.T, n node) map[string]any {
	t.Helper()
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFrequencyCodes(t *testing.T) {
	for c, want := range map[domain.UpdateCycle]string{
		domain.CycleHalfYear: "ANNUAL_2", // twice a year; BIENNIAL would be every two years
		domain.CycleYearly:   "ANNUAL", domain.CycleQuarterly: "QUARTERLY", domain.CycleRealtime: "CONT",
		domain.CycleOnDemand: "IRREG", domain.CycleOther: "OTHER",
	} {
		if got := FrequencyOf(c); got != Frequency+want {
			t.Errorf("%s → %s, want %s", c, got, Frequency+want)
		}
	}
	for _, c := range domain.UpdateCycles {
		if strings.HasSuffix(FrequencyOf(c), "/BIANNUAL") || strings.HasSuffix(FrequencyOf(c), "/UNKNOWN") {
			t.Errorf("%s → %s", c, FrequencyOf(c))
		}
	}
}

func TestFormatFromFileTypeList(t *testing.T) {
	for _, c := range []struct {
		format domain.ResFormat
		detail string
		want   string
		eu     bool
	}{
		{domain.FormatSheet, "xlsx", FileType + "XLSX", true},
		{domain.FormatSheet, "Excel（XLS）", FileType + "XLS", true},
		{domain.FormatFile, "OFD, pdf", FileType + "PDF", true}, // OFD has no EU code: the next one named
		{domain.FormatFile, "OFD", NSArchgov + "format/file", false},
		{domain.FormatImage, "jpg", FileType + "JPEG", true},
		{domain.FormatSelfDesc, "JSON", FileType + "JSON", true},
		{domain.FormatDatabase, "关系型数据库", NSArchgov + "format/database", false},
		{domain.FormatAPI, "", NSArchgov + "format/api", false},
	} {
		e := entry(c.format, c.detail, domain.CycleMonthly)
		if got, eu := FormatOf(e); got != c.want || eu != c.eu {
			t.Errorf("%s %q → %s %v, want %s %v", c.format, c.detail, got, eu, c.want, c.eu)
		}
		f := roundTrip(t, format(e))
		if f["@id"] != c.want || f["@type"] != "dct:MediaTypeOrExtent" || (f["skos:prefLabel"] != nil) == c.eu {
			t.Errorf("%s %q: format node %v", c.format, c.detail, f)
		}
	}
}

func TestDatasetShapes(t *testing.T) {
	e := entry(domain.FormatSheet, "xlsx", domain.CycleHalfYear)
	d := roundTrip(t, Dataset("https://archgov.test", Entry{CatalogEntry: e}))
	if d["owl:versionInfo"] != nil || d["dcat:version"] != "3" {
		t.Errorf("version: owl:versionInfo %v, dcat:version %v; want only dcat:version 3", d["owl:versionInfo"], d["dcat:version"])
	}
	typed := func(prop, id, class string) {
		t.Helper()
		n, _ := d[prop].(map[string]any)
		if n["@id"] != id || n["@type"] != class {
			t.Errorf("%s = %v, want {@id %s, @type %s}", prop, d[prop], id, class)
		}
	}
	typed("dct:accrualPeriodicity", Frequency+"ANNUAL_2", "dct:Frequency")
	typed("dct:accessRights", AccessRight+"RESTRICTED", "dct:RightsStatement")
	pub := d["dct:publisher"].(map[string]any)
	if pt, _ := pub["dct:type"].(map[string]any); pt["@id"] != LocalAuthority || pt["@type"] != "skos:Concept" {
		t.Errorf("publisher type %v", pub["dct:type"])
	}
	cp, _ := d["dcat:contactPoint"].(map[string]any)
	if cp["@type"] != "vcard:Organization" || cp["vcard:fn"].(map[string]any)["@value"] != e.ProviderName {
		t.Errorf("contact point %v", cp)
	}
	for k := range cp {
		if strings.Contains(k, "Telephone") || strings.Contains(k, "Email") {
			t.Errorf("contact point publishes %s: the 联系人's phone is masked outside the unit", k)
		}
	}
	dist := d["dcat:distribution"].([]any)[0].(map[string]any)
	if f := dist["dct:format"].(map[string]any); f["@id"] != FileType+"XLSX" || f["@type"] != "dct:MediaTypeOrExtent" {
		t.Errorf("distribution format %v", f)
	}
	// Every prefix used is in the context, and owl: is gone with owl:versionInfo.
	b, _ := json.Marshal(d)
	for _, gone := range []string{`"owl:`, "vocab:format/sheet"} {
		if strings.Contains(string(b), gone) {
			t.Errorf("dataset still writes %s", gone)
		}
	}
	if _, ok := Context["owl"]; ok {
		t.Error("@context still declares owl:")
	}
}
