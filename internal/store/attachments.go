package store

import (
	"context"
	"fmt"

	"archgov/internal/domain"
)

const attachmentCols = `id, entity_type, entity_id, unit_id, name, content_type, size, sm3, created_by, created_at`

func scanAttachment(sc interface{ Scan(...any) error }) (*domain.Attachment, error) {
	var a domain.Attachment
	var at int64
	if err := sc.Scan(&a.ID, &a.EntityType, &a.EntityID, &a.UnitID, &a.Name, &a.ContentType, &a.Size, &a.SM3, &a.CreatedBy, &at); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMicros(at)
	return &a, nil
}

// InsertAttachment stores a file and its description; it sets a.ID and a.CreatedAt.
func (tx *Tx) InsertAttachment(ctx context.Context, a *domain.Attachment, content []byte) error {
	now := tx.Now()
	err := tx.row(ctx, `INSERT INTO attachments (entity_type, entity_id, unit_id, name, content_type, size, sm3, content, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.EntityType, a.EntityID, a.UnitID, a.Name, a.ContentType, a.Size, a.SM3, content, a.CreatedBy, micros(now)).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("store: insert attachment: %w", err)
	}
	a.CreatedAt = now.UTC()
	return nil
}

// Attachments lists the files on one record, oldest first (descriptions only).
func (r Reader) Attachments(ctx context.Context, entityType string, entityID int64) ([]*domain.Attachment, error) {
	rows, err := r.query(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE entity_type = ? AND entity_id = ? ORDER BY id`, entityType, entityID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	var out []*domain.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: attachments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment loads one file's description; domain.NotFound when there is none.
func (r Reader) Attachment(ctx context.Context, id int64) (*domain.Attachment, error) {
	a, err := scanAttachment(r.row(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, domain.NotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", id, err)
	}
	return a, nil
}

// AttachmentContent loads one file's bytes.
func (r Reader) AttachmentContent(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := r.row(ctx, `SELECT content FROM attachments WHERE id = ?`, id).Scan(&b)
	if isNoRows(err) {
		return nil, domain.NotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", id, err)
	}
	return b, nil
}

// DeleteAttachment removes a file.
func (tx *Tx) DeleteAttachment(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM attachments WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete attachment: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.NotFound()
	}
	return nil
}
