package app_test

// Issue 13: every register's import reads a workbook within the configured limits, and a
// damaged workbook is refused whole: nothing written, nothing audited.

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/sheet/bomb"
	"archgov/internal/store"
)

// A real export cut in half used to be imported up to the cut: the half-read row lost its
// later cells, and applying the file blanked them as an ordinary, audited update.
func TestImportSystemsCutWorkbookWritesNothing(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		var buf bytes.Buffer
		if _, err := e.svc.ExportSystems(e.ctx, e.actor("office"), store.SystemFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		before := impAll(e)
		for _, keep := range []float64{0.5, 0.9} {
			half, err := bomb.CutPart(buf.Bytes(), "xl/worksheets/sheet1.xml", func(n int) int { return int(float64(n) * keep) })
			if err != nil {
				t.Fatal(err)
			}
			h := e.head()
			rep, err := e.svc.ImportSystems(e.ctx, e.actor("office"), bytes.NewReader(half), true, nil)
			if rep != nil {
				t.Fatalf("cut at %.0f%%: a report of %d rows (%d updates), want the file refused", keep*100, rep.Rows, rep.Update)
			}
			wantMessage(t, err, domain.EInvalid, "err.import.damaged.truncated")
			if after := impAll(e); !reflect.DeepEqual(after, before) {
				t.Fatalf("cut at %.0f%%: systems changed", keep*100)
			}
			e.wantNoAudit(h)
		}
		// The whole export still goes back in, changing nothing.
		rep := impImport(e, "office", buf.Bytes(), true)
		if rep.Update != 0 || rep.Create != 0 || len(rep.Problems) != 0 {
			t.Fatalf("the whole export: %d updates, %d creates, %v", rep.Update, rep.Create, rep.Problems)
		}
	})
}

// Every import — systems, machine rooms, websites, new media, catalog — refuses a workbook
// over the configured limits, naming the limit.
func TestEveryImportKeepsTheLimits(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		svc := app.New(e.db, app.Options{KDF: testKDF, SheetLimits: sheet.Limits{Rows: 100, Part: 1 << 20}})
		if got := svc.SheetLimits(); got.Rows != 100 || got.Compressed != sheet.DefaultLimits().Compressed {
			t.Fatalf("limits %+v, want rows 100 and the default file size", got)
		}
		var rows, wide bytes.Buffer
		if err := bomb.Rows(&rows, 150); err != nil {
			t.Fatal(err)
		}
		if err := bomb.HugeStyles(&wide, 2<<20); err != nil {
			t.Fatal(err)
		}
		imports := map[string]func(ctx context.Context, r io.Reader) error{
			"systems": func(ctx context.Context, r io.Reader) error {
				_, err := svc.ImportSystems(ctx, e.actor("office"), r, true, nil)
				return err
			},
			"rooms": func(ctx context.Context, r io.Reader) error {
				_, err := svc.ImportMachineRooms(ctx, e.actor("office"), r, true, nil)
				return err
			},
			"websites": func(ctx context.Context, r io.Reader) error {
				_, err := svc.ImportWebsites(ctx, e.actor("office"), r, true, nil)
				return err
			},
			"media": func(ctx context.Context, r io.Reader) error {
				_, err := svc.ImportMedia(ctx, e.actor("office"), r, true, nil)
				return err
			},
			"catalog": func(ctx context.Context, r io.Reader) error {
				_, err := svc.ImportCatalog(ctx, e.actor("weijian"), r, true)
				return err
			},
		}
		for name, imp := range imports {
			h := e.head()
			err := imp(e.ctx, bytes.NewReader(rows.Bytes()))
			wantMessage(t, err, domain.EInvalid, "err.import.limit.rows")
			if args := domain.AsError(err).Args; len(args) != 1 || args[0] != int64(100) {
				t.Errorf("%s: rows limit args %v, want 100", name, args)
			}
			err = imp(e.ctx, bytes.NewReader(wide.Bytes()))
			wantMessage(t, err, domain.EInvalid, "err.import.limit.part")
			if args := domain.AsError(err).Args; len(args) != 2 || args[0] != "xl/styles.xml" || args[1] != int64(1) {
				t.Errorf("%s: part limit args %v, want xl/styles.xml and 1 MB", name, args)
			}
			e.wantNoAudit(h)
		}
	})
}
