package store

import (
	"context"
	"time"

	"archgov/internal/domain"
)

// CatalogItemsOf loads the data items of several entries in one query (an export page), by
// entry id; an entry without items has none in the map.
func (r Reader) CatalogItemsOf(ctx context.Context, ids []int64) (map[int64][]domain.DataItem, error) {
	out := map[int64][]domain.DataItem{}
	if len(ids) == 0 {
		return out, nil
	}
	err := r.eachRow(ctx, "catalog items", func(s rowScanner) error {
		var id int64
		it, err := scanItem(s, &id)
		out[id] = append(out[id], it)
		return err
	}, `SELECT entry_id, `+itemCols+`
		FROM catalog_items WHERE entry_id IN (`+bindVars(len(ids))+`) ORDER BY entry_id, pos`, anys(ids)...)
	return out, err
}

// CatalogRef is what deciding whether a reader may see a linked entry needs: its provider and
// whether it is published.
type CatalogRef struct {
	ID             int64
	Code           string
	ProviderUnitID int64
	Published      bool
}

// CatalogRefs looks up the linked entries ids name (related resources); ids of entries that do
// not exist are left out.
func (r Reader) CatalogRefs(ctx context.Context, ids []int64) (map[int64]CatalogRef, error) {
	return keyed(ctx, r.q, "catalog refs", func(s rowScanner) (CatalogRef, error) {
		var c CatalogRef
		var status string
		err := s.Scan(&c.ID, &c.Code, &c.ProviderUnitID, &status)
		c.Published = status == string(domain.CatPublished)
		return c, err
	}, func(c CatalogRef) int64 { return c.ID }, `SELECT id, code, provider_unit_id, status FROM catalog_entries`, "id", ids)
}

// CatalogFirstPublished is the time of each entry's first publication (from the change feed);
// entries never published are not in the map.
func (r Reader) CatalogFirstPublished(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	err := r.eachRow(ctx, "catalog first published", func(s rowScanner) error {
		var id, at int64
		err := s.Scan(&id, &at)
		out[id] = fromMicros(at)
		return err
	}, `SELECT entry_id, min(at) FROM catalog_changes WHERE kind = ? AND entry_id IN (`+bindVars(len(ids))+`) GROUP BY entry_id`,
		append([]any{string(domain.ChangePublish)}, anys(ids)...)...)
	return out, err
}
