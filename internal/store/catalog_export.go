package store

import (
	"context"
	"fmt"
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
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := r.query(ctx, `SELECT entry_id, name, column_name, type, length, primary_key, nullable, classified, sensitive, share_type
		FROM catalog_items WHERE entry_id IN (`+bindVars(len(ids))+`) ORDER BY entry_id, pos`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: catalog items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var it domain.DataItem
		var typ, share string
		var pk, null, class, sens int64
		if err := rows.Scan(&id, &it.Name, &it.Column, &typ, &it.Length, &pk, &null, &class, &sens, &share); err != nil {
			return nil, fmt.Errorf("store: catalog items: %w", err)
		}
		it.Type, it.ShareType = domain.ItemType(typ), domain.ShareType(share)
		it.PrimaryKey, it.Nullable, it.Classified, it.Sensitive = pk != 0, null != 0, class != 0, sens != 0
		out[id] = append(out[id], it)
	}
	return out, rows.Err()
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
	out := map[int64]CatalogRef{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := r.query(ctx, `SELECT id, code, provider_unit_id, status FROM catalog_entries WHERE id IN (`+bindVars(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: catalog refs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CatalogRef
		var status string
		if err := rows.Scan(&c.ID, &c.Code, &c.ProviderUnitID, &status); err != nil {
			return nil, fmt.Errorf("store: catalog refs: %w", err)
		}
		c.Published = status == string(domain.CatPublished)
		out[c.ID] = c
	}
	return out, rows.Err()
}

// CatalogFirstPublished is the time of each entry's first publication (from the change feed);
// entries never published are not in the map.
func (r Reader) CatalogFirstPublished(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{string(domain.ChangePublish)}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := r.query(ctx, `SELECT entry_id, min(at) FROM catalog_changes WHERE kind = ? AND entry_id IN (`+bindVars(len(ids))+`) GROUP BY entry_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: catalog first published: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: catalog first published: %w", err)
		}
		out[id] = fromMicros(at)
	}
	return out, rows.Err()
}
