package main

import (
	"context"
	"io"

	"archgov/internal/app"
	"archgov/internal/store"
)

// `archgov import catalog FILE.xlsx [--dry-run]` and `archgov export catalog --out FILE.xlsx`:
// the information resource catalog's workbook (编制指南 columns, SHR-P4), as the operator.
func init() {
	registries["catalog"] = &registry{
		noun: "catalog entries",
		importF: func(ctx context.Context, svc *app.Service, r io.Reader, apply bool, _ func(string, int, int)) (*app.ImportReport, error) {
			return svc.ImportCatalog(ctx, app.SystemActor(), r, apply)
		},
		exportF: func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
			return svc.ExportCatalog(ctx, app.SystemActor(), store.CatalogFilter{}, w)
		},
	}
}
