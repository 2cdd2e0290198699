package app

import (
	"context"
	"io"
	"slices"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/dcat"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// ExportDCAT writes the published catalog as DCAT-AP 3 JSON-LD (SHR-P4), streaming a page of
// entries at a time. Only published entries are written, whoever asks (the office sees drafts
// in its lists, but an export is for the exchange platform), and a dataset's dct:relation names
// only related entries that are themselves published. Every government user may export what
// every government user may read; the export is audited once it is written.
func (s *Service) ExportDCAT(ctx context.Context, a domain.Actor, meta dcat.Meta, w io.Writer) (int, error) {
	if err := authz.Can(a, authz.CatalogRead, authz.Resource{Kind: authz.KindCatalog}); err != nil {
		return 0, err
	}
	r := s.db.Read()
	if meta.Publisher == "" {
		if roots, err := r.Units(ctx, store.UnitFilter{Kind: domain.KindDistrict}); err == nil && len(roots) > 0 {
			meta.Publisher, meta.Code = roots[0].Name, roots[0].Code
		}
	}
	if meta.Title == "" {
		meta.Title = meta.Publisher + "政务信息资源目录"
	}
	out := dcat.NewWriter(w, meta)
	f := store.CatalogFilter{Status: domain.CatPublished, Sort: store.SortID, Limit: 500}
	for {
		page, err := r.CatalogEntries(ctx, authz.Scope{All: true}, f)
		if err != nil {
			return out.Count(), err
		}
		if len(page) == 0 {
			break
		}
		ids, related := make([]int64, len(page)), []int64{}
		for i, c := range page {
			ids[i] = c.ID
			related = append(related, c.RelatedIDs...)
		}
		slices.Sort(related)
		items, err := r.CatalogItemsOf(ctx, ids)
		if err != nil {
			return out.Count(), err
		}
		first, err := r.CatalogFirstPublished(ctx, ids)
		if err != nil {
			return out.Count(), err
		}
		refs, err := r.CatalogRefs(ctx, slices.Compact(related))
		if err != nil {
			return out.Count(), err
		}
		pub := map[int64]string{}
		for id, ref := range refs {
			if ref.Published {
				pub[id] = ref.Code
			}
		}
		for _, c := range page {
			c.Items = items[c.ID]
			if err := out.Dataset(dcat.Entry{CatalogEntry: c, FirstPublished: first[c.ID], Related: pub}); err != nil {
				return out.Count(), err
			}
		}
		if len(page) < f.Limit {
			break
		}
		f.After = page[len(page)-1].ID
	}
	if err := out.Close(); err != nil {
		return out.Count(), err
	}
	n := out.Count()
	return n, s.db.InTx(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, a, event{action: "catalog.export_dcat", entityType: "catalog", changes: audit.Fields("rows", nil, n)})
	})
}
