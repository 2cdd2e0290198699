package web

import "archgov/internal/domain"

// Every register's status is shown as one coloured badge of a few kinds, the same everywhere
// (app.css .badge-*): a record still moving (progress), one that reached its goal (done), one
// refused or disputed (refused), one that needs attention — a problem state the rules want
// gone, or a late one (overdue) — and one that has left the register's work (closed).
const (
	badgeProgress = "badge badge-progress"
	badgeDone     = "badge badge-done"
	badgeRefused  = "badge badge-refused"
	badgeOverdue  = "badge badge-overdue"
	badgeClosed   = "badge badge-closed"
)

// badgeKinds maps each register's statuses to a kind; a status missing here is progress.
var badgeKinds = map[any]string{
	domain.StatusUnderConstruction: badgeProgress, domain.StatusRunning: badgeDone, domain.StatusIdle: badgeOverdue, domain.StatusUnmaintained: badgeOverdue,
	domain.StatusSuperseded: badgeOverdue, domain.StatusCleanupFiled: badgeProgress,
	domain.StatusCleanupAccepted: badgeClosed, domain.StatusOffline: badgeClosed,

	domain.RoomInUse: badgeOverdue, domain.RoomClosing: badgeProgress, domain.RoomClosed: badgeDone,

	domain.WebUnregistered: badgeOverdue, domain.WebSubmitted: badgeProgress, domain.WebRegistered: badgeDone,
	domain.WebNoticed: badgeRefused, domain.WebClosed: badgeClosed, domain.WebMerged: badgeClosed,

	domain.MediaUndecided: badgeOverdue, domain.MediaProposed: badgeProgress, domain.MediaDecided: badgeProgress,
	domain.MediaDone: badgeDone,

	domain.CatPrecompiled: badgeProgress, domain.CatSubmitted: badgeProgress, domain.CatRegistered: badgeProgress,
	domain.CatPublished: badgeDone, domain.CatWithdrawn: badgeClosed,

	domain.CloudDraft: badgeProgress, domain.CloudSubmitted: badgeProgress, domain.CloudApproved: badgeDone,
	domain.CloudPartiallyApproved: badgeDone, domain.CloudRejected: badgeRefused, domain.CloudReleased: badgeClosed,
	domain.CloudWithdrawn: badgeClosed,

	domain.FbSubmitted: badgeProgress, domain.FbAcknowledged: badgeProgress, domain.FbFixed: badgeProgress,
	domain.FbDisputed: badgeRefused, domain.FbConfirmed: badgeDone,

	domain.SharingSubmitted: badgeProgress, domain.SharingApproved: badgeDone, domain.SharingRefused: badgeRefused,
	domain.SharingWithdrawn: badgeClosed,

	domain.PlanPlanned: badgeProgress, domain.PlanInProgress: badgeProgress, domain.PlanMigrated: badgeDone,
	domain.PlanDocked: badgeDone, domain.PlanCancelled: badgeClosed,

	domain.GuideDraft: badgeProgress, domain.GuidePublished: badgeDone, domain.GuideSuperseded: badgeClosed,

	domain.ProjReturned: badgeOverdue, domain.ProjApproved: badgeDone, domain.ProjRejected: badgeRefused,
	domain.StageAccepted: badgeDone, domain.StageOperation: badgeDone, // FLOW-4; the others in progress

	// Governance findings and waivers (issue 11).
	domain.FindingOpen: badgeOverdue, domain.FindingWaived: badgeProgress, domain.FindingResolved: badgeDone,
	domain.WaiverApproved: badgeDone, domain.WaiverRefused: badgeRefused, domain.WaiverWithdrawn: badgeClosed,
	domain.WaiverRevoked: badgeRefused, domain.WaiverLapsed: badgeClosed,

	// Department assessment (ORG-3).
	domain.AssessPublished: badgeDone, domain.ObjAccepted: badgeDone, domain.ObjRejected: badgeRefused,
}

// badge is the class of a status's badge: <span class="{{badge .Status}}">…</span>. The
// statuses are typed, so a register's "submitted" and another's map each on their own.
func badge(status any) string {
	if k, ok := badgeKinds[status]; ok {
		return k
	}
	return badgeProgress
}
