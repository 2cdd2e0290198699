package web_test

// Helpers shared by the feature tests: the Go types behind the registers' API schemas, and
// the checks of an answer's status, redirect, body and error.

import (
	"maps"
	"reflect"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// registerSchemaTypes are the Go types behind the schemas of the registers, checked against
// the OpenAPI document with the core ones of schemaTypes (openapi_test.go).
var registerSchemaTypes = map[string]reflect.Type{
	"Attachment": reflect.TypeFor[domain.Attachment](),

	"NewBaseLibrary":  reflect.TypeFor[app.NewBaseLibrary](),
	"Library":         reflect.TypeFor[domain.Library](),
	"BaseLibraryEdit": reflect.TypeFor[app.BaseLibraryEdit](),
	"DockingCounts":   reflect.TypeFor[app.DockingCounts](),
	"LibrarySummary":  reflect.TypeFor[app.LibrarySummary](),
	"LibrarySystem":   reflect.TypeFor[store.LibrarySystem](),
	"LibraryDetail":   reflect.TypeFor[app.LibraryDetail](),

	"CatalogEntry":  reflect.TypeFor[domain.CatalogEntry](),
	"DataItem":      reflect.TypeFor[domain.DataItem](),
	"CatalogEdit":   reflect.TypeFor[app.CatalogEdit](),
	"CatalogStep":   reflect.TypeFor[app.CatalogStep](),
	"CatalogChange": reflect.TypeFor[domain.CatalogChange](),
	"CatalogFacets": reflect.TypeFor[store.CatalogFacets](),

	"CloudResources":   reflect.TypeFor[domain.CloudResources](),
	"CloudPool":        reflect.TypeFor[domain.CloudPool](),
	"CloudPoolEdit":    reflect.TypeFor[app.CloudPoolEdit](),
	"CloudPoolUse":     reflect.TypeFor[app.CloudPoolUse](),
	"CloudUnitUse":     reflect.TypeFor[store.CloudUnitUse](),
	"CloudUtilisation": reflect.TypeFor[app.CloudUtilisation](),
	"CloudRequest":     reflect.TypeFor[domain.CloudRequest](),
	"CloudRequestEdit": reflect.TypeFor[app.CloudRequestEdit](),
	"CloudStep":        reflect.TypeFor[app.CloudStep](),

	"Feedback":      reflect.TypeFor[domain.Feedback](),
	"FeedbackStats": reflect.TypeFor[app.FeedbackStats](),

	"System":            reflect.TypeFor[domain.System](),
	"SystemEdit":        reflect.TypeFor[app.SystemEdit](),
	"MigrationPlan":     reflect.TypeFor[domain.MigrationPlan](),
	"MigrationPlanEdit": reflect.TypeFor[app.MigrationPlanEdit](),
	"DockingPlan":       reflect.TypeFor[domain.DockingPlan](),
	"DockingPlanEdit":   reflect.TypeFor[app.DockingPlanEdit](),
	"PlanStep":          reflect.TypeFor[app.PlanStep](),
	"PlanItem":          reflect.TypeFor[domain.PlanItem](),
	"BaseDataUse":       reflect.TypeFor[domain.BaseDataUse](),

	"MachineRoom":       reflect.TypeFor[domain.MachineRoom](),
	"MachineRoomEdit":   reflect.TypeFor[app.RoomEdit](),
	"MachineRoomStep":   reflect.TypeFor[app.RoomStep](),
	"RoomMilestone":     reflect.TypeFor[domain.RoomMilestone](),
	"RoomMilestoneEdit": reflect.TypeFor[app.MilestoneEdit](),
	"RoomPlan":          reflect.TypeFor[app.RoomPlan](),

	"AuditAnchor":   reflect.TypeFor[audit.Anchor](),
	"SecurityEvent": reflect.TypeFor[audit.SecurityEvent](),

	"SharingRequest": reflect.TypeFor[domain.SharingRequest](),
	"SharingStep":    reflect.TypeFor[app.SharingStep](),

	"Website":      reflect.TypeFor[domain.Website](),
	"WebsiteEdit":  reflect.TypeFor[app.WebsiteEdit](),
	"WebsiteStep":  reflect.TypeFor[app.WebsiteStep](),
	"MediaAccount": reflect.TypeFor[domain.MediaAccount](),
	"MediaEdit":    reflect.TypeFor[app.MediaEdit](),
	"MediaStep":    reflect.TypeFor[app.MediaStep](),
}

func init() { maps.Copy(schemaTypes, registerSchemaTypes) }
