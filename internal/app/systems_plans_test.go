package app_test

// The systems sheet's exchange-channel and base-data columns (SHR-P1, SHR-R7): read with
// synonyms, refused by row and column, exported and re-imported unchanged.

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func TestSystemsSheetSharingColumns(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		rows := impCleanRows()[:2]
		rows[0]["exchange"] = "交换平台、直连"
		rows[0]["base_population"] = "已对接"
		rows[0]["base_geo"] = " 自建副本 "
		rows[1]["base_license"] = "未对接"

		// A bad value names its row and column, and nothing is written.
		bad := []impRow{rows[0], {}}
		for k, v := range rows[1] {
			bad[1][k] = v
		}
		bad[1]["base_legal_person"] = "已对接2"
		h := e.head()
		rep := impImport(e, "office", impBook(t, bad...), true)
		if rep.Applied || len(rep.Problems) != 1 || !strings.Contains(impProblems(rep)[0], "第3行「法人库」") || !strings.Contains(impProblems(rep)[0], "已对接基础库、自建副本、未对接") {
			t.Fatalf("problems %v (applied %v)", impProblems(rep), rep.Applied)
		}
		e.wantNoAudit(h)

		rep = impImport(e, "office", impBook(t, rows...), true)
		impCounts(t, rep, 2, 2, 0, 0)
		got := impAll(e)
		s := got["XC-WJ-001"]
		if !slices.Equal(s.ExchangeChannels, []domain.ExchangeChannel{domain.ExchangePlatform, domain.ExchangeDirect}) ||
			!slices.Equal(s.BaseData, []domain.BaseDataUse{{Library: domain.LibPopulation, State: domain.DockDocked}, {Library: domain.LibGeo, State: domain.DockOwnCopy}}) {
			t.Fatalf("imported sharing %v %v", s.ExchangeChannels, s.BaseData)
		}
		if s2 := got["XC-WJ-002"]; len(s2.ExchangeChannels) != 0 || s2.BaseDataState(domain.LibLicense) != domain.DockNone {
			t.Fatalf("imported sharing of XC-WJ-002 %v %v", s2.ExchangeChannels, s2.BaseData)
		}

		// Export, then re-import: unchanged; the columns carry the labels.
		var buf bytes.Buffer
		if _, err := e.svc.ExportSystems(e.ctx, e.actor("weijian"), store.SystemFilter{Query: "XC-WJ-00"}, &buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		grid, _ := f.GetRows(app.SystemSheet.Name)
		f.Close()
		head := strings.Join(grid[0], "|")
		if !strings.Contains(head, "数据交换渠道|人口库|法人库|空间地理库|社会信用库|电子证照库") || !strings.Contains(strings.Join(grid[1], "|"), "区数据交换平台、点对点直连|已对接基础库||自建副本") {
			t.Fatalf("export:\n%v\n%v", grid[0], grid[1])
		}
		h = e.head()
		rep = impImport(e, "weijian", buf.Bytes(), true)
		impCounts(t, rep, 2, 0, 0, 2)
		e.wantNoAudit(h)

		// Clearing a library's cell removes it: an update of that row only.
		rows[0]["base_geo"] = ""
		rep = impImport(e, "office", impBook(t, rows...), true)
		impCounts(t, rep, 2, 0, 1, 1)
		if s := impAll(e)["XC-WJ-001"]; s.BaseDataState(domain.LibGeo) != "" {
			t.Fatalf("geo still %v", s.BaseData)
		}

		// A workbook from before these columns existed keeps what the registry holds; one that
		// has only some of them changes only those.
		old := excelize.NewFile()
		var oldHead, line []any
		for _, c := range app.SystemSheet.Columns {
			if c.Key == "exchange" || strings.HasPrefix(c.Key, "base_") && c.Key != "base_credit" {
				continue
			}
			oldHead = append(oldHead, c.Header)
			line = append(line, rows[0][c.Key])
		}
		line[len(line)-1] = "自建副本" // base_credit, the last column kept
		if err := old.SetSheetRow("Sheet1", "A1", &oldHead); err != nil {
			t.Fatal(err)
		}
		if err := old.SetSheetRow("Sheet1", "A2", &line); err != nil {
			t.Fatal(err)
		}
		rep = impImport(e, "office", impBytes(t, old), true)
		impCounts(t, rep, 1, 0, 1, 0)
		s = impAll(e)["XC-WJ-001"]
		if !slices.Equal(s.ExchangeChannels, []domain.ExchangeChannel{domain.ExchangePlatform, domain.ExchangeDirect}) ||
			!slices.Equal(s.BaseData, []domain.BaseDataUse{{Library: domain.LibPopulation, State: domain.DockDocked}, {Library: domain.LibCredit, State: domain.DockOwnCopy}}) {
			t.Fatalf("after a partial workbook: %v %v", s.ExchangeChannels, s.BaseData)
		}

		// The template offers the columns with their drop-downs.
		tf := written(t, func(w io.Writer) error { return e.svc.SystemsTemplate(e.ctx, w) })
		dvs, err := tf.GetDataValidations(app.SystemSheet.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) < 6+5 { // classification, category, hosting, network, levels + exchange and five libraries
			t.Fatalf("template has %d drop-downs", len(dvs))
		}
	})
}
