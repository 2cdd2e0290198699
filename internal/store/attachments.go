package store

import (
	"context"
	"fmt"

	"archgov/internal/domain"
)

const attachmentCols = `id, entity_type, entity_id, unit_id, name, purpose, content_type, size, sm3, created_by, created_at`

var scanAttachment = scanner(func(a *domain.Attachment) []any {
	return []any{&a.ID, &a.EntityType, &a.EntityID, &a.UnitID, &a.Name, &a.Purpose, &a.ContentType, &a.Size, &a.SM3, &a.CreatedBy, at(&a.CreatedAt)}
})

// InsertAttachment stores a file and its description; it sets a.ID and a.CreatedAt.
func (tx *Tx) InsertAttachment(ctx context.Context, a *domain.Attachment, content []byte) error {
	now := tx.Now()
	err := tx.row(ctx, `INSERT INTO attachments (entity_type, entity_id, unit_id, name, purpose, content_type, size, sm3, content, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.EntityType, a.EntityID, a.UnitID, a.Name, a.Purpose, a.ContentType, a.Size, a.SM3, content, a.CreatedBy, micros(now)).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("store: insert attachment: %w", err)
	}
	a.CreatedAt = now.UTC()
	return nil
}

// Attachments lists the files on one record, oldest first (descriptions only).
func (r Reader) Attachments(ctx context.Context, entityType string, entityID int64) ([]*domain.Attachment, error) {
	return queryAll(ctx, r.q, "attachments", scanAttachment,
		`SELECT `+attachmentCols+` FROM attachments WHERE entity_type = ? AND entity_id = ? ORDER BY id`, entityType, entityID)
}

// Attachment loads one file's description; domain.NotFound when there is none.
func (r Reader) Attachment(ctx context.Context, id int64) (*domain.Attachment, error) {
	return queryOne(ctx, r.q, "attachment", scanAttachment, `SELECT `+attachmentCols+` FROM attachments WHERE id = ?`, id)
}

// AttachmentContent loads one file's bytes.
func (r Reader) AttachmentContent(ctx context.Context, id int64) ([]byte, error) {
	return queryOne(ctx, r.q, "attachment", scalar[[]byte], `SELECT content FROM attachments WHERE id = ?`, id)
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
