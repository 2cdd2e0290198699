package main

import (
	"cmp"
	"context"
	"io"
	"os"
	"strings"

	"archgov/internal/app"
	"archgov/internal/dcat"
	"archgov/internal/store"
)

// `archgov import catalog FILE.xlsx [--dry-run]` and `archgov export catalog --out FILE.xlsx`:
// the information resource catalog's workbook (编制指南 columns, SHR-P4), as the operator.
// `archgov export catalog --format dcat-ap --out FILE.jsonld` writes the
// published entries as DCAT-AP 3 JSON-LD (docs/DCAT-AP.md); ARCHGOV_BASE_URL (default
// http://localhost:8080) is the server's address the IRIs are built from.
func init() {
	registries["catalog"] = &registry{
		noun: "catalog entries",
		book: app.CatalogBook,
		exportF: func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
			return svc.ExportCatalog(ctx, app.SystemActor(), store.CatalogFilter{}, w)
		},
		formats: map[string]func(ctx context.Context, svc *app.Service, w io.Writer) (int, error){
			"dcat-ap": func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
				base := strings.TrimSuffix(cmp.Or(os.Getenv("ARCHGOV_BASE_URL"), "http://localhost:8080"), "/")
				return svc.ExportDCAT(ctx, app.SystemActor(), dcat.Meta{Base: base}, w)
			},
		},
	}
}
