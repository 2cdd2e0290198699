package store

import (
	"context"

	"archgov/internal/domain"
)

// A project's stage materials (FLOW-4): one versioned row per project and stage, the responses
// to the task book's requirements as a JSON list. The stage itself is projects.stage.

var stageMaterials = newTable("stage materials", "project_stage_materials", "m", "", func(m *domain.StageMaterials) []column {
	return versioned(&m.ID, &m.Version, &m.CreatedAt, &m.UpdatedAt,
		once("project_id", &m.ProjectID), once("unit_id", &m.UnitID), once("stage", text(&m.Stage)),
		c("responses", jsonList(&m.Responses)), c("note", &m.Note), c("submitted_at", at(&m.SubmittedAt)),
		c("submitted_by", &m.SubmittedBy))
}).onUnique(func(*domain.StageMaterials, error) error {
	// Two first submissions at once: the second saw no materials, which is stale now.
	return domain.Conflict()
})

// StageMaterials loads what was submitted at a stage of a project; domain.NotFound when nothing.
func (r Reader) StageMaterials(ctx context.Context, projectID int64, stage domain.ProjectStage) (*domain.StageMaterials, error) {
	return stageMaterials.get(ctx, r, `m.project_id = ? AND m.stage = ?`, projectID, string(stage))
}

// ProjectStageMaterials lists what was submitted at each stage of a project, in submission order.
func (r Reader) ProjectStageMaterials(ctx context.Context, projectID int64) ([]*domain.StageMaterials, error) {
	return stageMaterials.list(ctx, r, "stage materials", r.where(`m.project_id = ?`, projectID), ` ORDER BY m.id`, 0)
}

// InsertStageMaterials stores the first submission of a stage; a second first one is a conflict.
func (tx *Tx) InsertStageMaterials(ctx context.Context, m *domain.StageMaterials) error {
	return stageMaterials.insert(ctx, tx, m)
}

// UpdateStageMaterials saves m if its version is still m.Version.
func (tx *Tx) UpdateStageMaterials(ctx context.Context, m *domain.StageMaterials) error {
	return stageMaterials.update(ctx, tx, m, "")
}
