package main

import (
	"context"
	"io"

	"archgov/internal/app"
	"archgov/internal/store"
)

// The website (PTL-R3) and new-media (PTL-R4) registries on the command line.
func init() {
	registries["websites"] = &registry{
		noun: "websites",
		book: app.WebsitesBook,
		exportF: func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
			return svc.ExportWebsites(ctx, app.SystemActor(), store.WebsiteFilter{}, w)
		},
	}
	registries["new-media"] = &registry{
		noun: "new-media accounts",
		book: app.MediaBook,
		exportF: func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
			return svc.ExportMedia(ctx, app.SystemActor(), store.MediaFilter{}, w)
		},
	}
}
