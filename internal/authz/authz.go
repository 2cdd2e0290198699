// Package authz is archgov's one authorization function. Every read and write, from the web UI,
// the JSON API and the command line, is decided by Can; list queries are filtered by the Scope
// derived from the same rules, so a list can never show what Can would hide.
//
// Can is pure: it decides from the actor and a description of the resource, loaded by the
// caller. Refusals distinguish "may not see" (answered 404, so existence is not leaked) from
// "may see but may not do" (403).
package authz

import (
	"slices"

	"archgov/internal/domain"
)

// Action is something an actor wants to do.
type Action string

const (
	UnitRead           Action = "unit.read"
	UnitCreate         Action = "unit.create" // resource: the parent unit
	UnitUpdate         Action = "unit.update"
	UnitUpdateContacts Action = "unit.update_contacts" // ORG-1: the unit names its own 责任人/联系人
	UnitMove           Action = "unit.move"
	UnitDeactivate     Action = "unit.deactivate"
	UnitSeePhones      Action = "unit.see_phones" // unmasked personal data

	UserRead          Action = "user.read"
	UserCreate        Action = "user.create"
	UserUpdate        Action = "user.update"
	UserDisable       Action = "user.disable" // and enable
	UserResetPassword Action = "user.reset_password"
	UserUnlock        Action = "user.unlock"
	UserGrantRoles    Action = "user.grant_roles"
	UserSeePhone      Action = "user.see_phone"

	PolicyRead   Action = "policy.read"
	PolicyUpdate Action = "policy.update"

	SystemRead       Action = "system.read"
	SystemCreate     Action = "system.create" // resource: the unit the system will belong to (ID 0)
	SystemUpdate     Action = "system.update"
	SystemTransition Action = "system.transition" // which step, and who of the unit: domain.SystemFlow

	// The other unit registries (issue 3) follow the systems' rule: the owning unit keeps its
	// entries, the info office keeps them all, leaders read their units'. Which lifecycle step
	// belongs to whom is the domain's transition table.
	RoomRead       Action = "room.read" // machine rooms (ENV-P2, ENV-P3, ENV-R3)
	RoomCreate     Action = "room.create"
	RoomUpdate     Action = "room.update"
	RoomTransition Action = "room.transition"

	WebsiteRead       Action = "website.read" // websites (PTL-R3)
	WebsiteCreate     Action = "website.create"
	WebsiteUpdate     Action = "website.update"
	WebsiteTransition Action = "website.transition"

	MediaRead       Action = "media.read" // new-media accounts (PTL-R4)
	MediaCreate     Action = "media.create"
	MediaUpdate     Action = "media.update"
	MediaTransition Action = "media.transition"

	// Government-cloud capacity (ENV-R1): pools are the office's and readable by every
	// government user; requests are the unit's, decided by the office alone.
	CloudPoolRead   Action = "cloudpool.read"
	CloudPoolCreate Action = "cloudpool.create"
	CloudPoolUpdate Action = "cloudpool.update"

	CloudRequestRead       Action = "cloudrequest.read"
	CloudRequestCreate     Action = "cloudrequest.create" // resource: the requesting unit (ID 0)
	CloudRequestUpdate     Action = "cloudrequest.update"
	CloudRequestTransition Action = "cloudrequest.transition" // the unit's steps: submit, withdraw, release
	CloudRequestDecide     Action = "cloudrequest.decide"     // approve (fully or partly) or reject: the office

	// The information resource catalog (SHR-P2–P4, SHR-R3–R8): an entry is its provider unit's;
	// published entries are readable by every government user, drafts only by the provider and
	// the office. Which lifecycle step belongs to whom is the domain's transition table.
	CatalogRead       Action = "catalog.read"
	CatalogCreate     Action = "catalog.create" // resource: the provider unit (ID 0)
	CatalogUpdate     Action = "catalog.update"
	CatalogTransition Action = "catalog.transition"

	// Base libraries (SHR-P2, SHR-R5): readable by every government user, kept by the office.
	BaseLibraryRead   Action = "baselibrary.read"
	BaseLibraryUpdate Action = "baselibrary.update"

	// Sharing requests (国发〔2016〕51号) and data-correction feedback (SHR-R6) lie between two
	// units: the provider, who must answer, and the requesting or reporting unit (the party).
	// Both sides and the office read them; each side takes only its own steps.
	SharingRead     Action = "sharing.read"
	SharingCreate   Action = "sharing.create"   // resource: the requesting unit as the party (ID 0)
	SharingAnswer   Action = "sharing.answer"   // approve with scope or refuse with a reason: the provider
	SharingWithdraw Action = "sharing.withdraw" // the requester, before it is answered

	FeedbackRead    Action = "feedback.read"
	FeedbackCreate  Action = "feedback.create"  // resource: the reporting unit as the party (ID 0)
	FeedbackRespond Action = "feedback.respond" // acknowledge, fix or dispute: the provider
	FeedbackClose   Action = "feedback.close"   // confirm the fix or reopen: the reporter

	// The governance settings (policy dates and deadlines the rules count from).
	GovernanceRead   Action = "governance.read"
	GovernanceUpdate Action = "governance.update"

	// The annual declaration guide (FLOW-1): the office writes and publishes it; a published
	// revision is readable by every government user, a draft by the office alone.
	GuideRead  Action = "guide.read"
	GuideWrite Action = "guide.write" // create, edit, publish, revise

	// Department assessment (ORG-3): the office configures a year's indicators and weights and
	// publishes the snapshot (public once published: every unit knows the rules); a unit's
	// scores and objections are the unit's (its people, its leader and the office read them).
	AssessmentRead  Action = "assessment.read"
	AssessmentWrite Action = "assessment.write" // create, edit, compute, publish
	ScoreRead       Action = "score.read"
	ObjectionRead   Action = "objection.read"
	ObjectionFile   Action = "objection.file"   // the unit objects to its own score
	ObjectionAnswer Action = "objection.answer" // the office accepts or rejects

	// The units' annual plans (BLD-R1, BLD-R2): the unit's people draft and submit, its leader in
	// charge approves, the office accepts; which step is whose is domain.AnnualPlanFlow.
	AnnualPlanRead       Action = "annualplan.read"
	AnnualPlanCreate     Action = "annualplan.create" // resource: the unit (ID 0)
	AnnualPlanUpdate     Action = "annualplan.update"
	AnnualPlanTransition Action = "annualplan.transition"

	// The expert pool (专家库, BLD-R3) and the verifiable draws from it: the office keeps the
	// pool and draws; an expert reads the record of their own account. The pool is not a unit's
	// record: an expert affiliated with a unit is still not that unit's to see.
	ExpertRead  Action = "expert.read"
	ExpertWrite Action = "expert.write" // register, edit, deactivate
	DrawRead    Action = "draw.read"
	DrawCreate  Action = "draw.create"
	// Project applications (FLOW-2, BLD-P2): the unit's people write and submit them, the office
	// reviews and decides; which step is whose is domain.ProjectFlow.
	ProjectRead       Action = "project.read"
	ProjectCreate     Action = "project.create" // resource: the unit (ID 0)
	ProjectUpdate     Action = "project.update"
	ProjectTransition Action = "project.transition"
	// Task books (FLOW-3, BLD-R4): the office issues one for an approved project; the unit's
	// 责任人/联系人 record the actuals against it. The unit's people and its leader read their
	// own; the finance and audit bureaus, who follow the budgets (FLOW-4), read every one.
	TaskBookRead    Action = "taskbook.read"
	TaskBookIssue   Action = "taskbook.issue" // resource: the project's unit (ID 0)
	TaskBookActuals Action = "taskbook.actuals"
	// A project's stages after its task book (FLOW-4): the unit's 责任人/联系人 submit the
	// materials of a stage and their evidence files; the stage steps are ProjectTransition
	// (who takes which is domain.StageFlow).
	ProjectStageSubmit Action = "project.stage_submit"
	// The review of an application (BLD-R3, FLOW-2): the office assigns the experts, reads their
	// reviews and writes the governance review opinion; an assigned expert (Resource.Reviewers)
	// reads the application and submits their review (Resource.Account: the reviewing login),
	// or the office records a review handed in on paper; the opinion is read by the office and
	// the applying unit's people, not by the experts.
	ProjectReviewManage Action = "project.review_manage"
	ProjectReviewSubmit Action = "project.review_submit"
	ProjectOpinionRead  Action = "project.opinion_read"
	// Key-project supervision (FLOW-5): the office assigns a key project's supervision unit
	// (Resource.Supervisors: its accounts), who then read that project, its task book and its
	// supervision log, and write the log; the office writes it too; the unit's people and its
	// leader read the log. The resource is the project.
	SupervisionRead   Action = "project.supervision_read"
	SupervisionWrite  Action = "project.supervision_write" // append to the log
	SupervisionAssign Action = "project.supervision_assign"
	// Rectification notices (整改通知书, FLOW-4, FLOW-5): the office issues them and verifies
	// the answers; the unit's 责任人/联系人 answer; the unit's people and leader read their own;
	// the finance and audit bureaus read the notices sent to them (Resource.Bureaus) and the
	// projects and task books those concern, and nothing else. The office halts a project
	// (叫停) and resumes it (the resource is the project).
	RectificationRead   Action = "rectification.read"
	RectificationCreate Action = "rectification.create" // resource: the project's unit (ID 0)
	RectificationAnswer Action = "rectification.answer"
	RectificationVerify Action = "rectification.verify"
	ProjectHalt         Action = "project.halt" // halt and resume

	// Random spot checks of the projects' stages (随机抽查, 双随机、一公开, FLOW-4): the office
	// prepares, draws and publishes a round; before publication the office and the round's
	// drawn inspectors (Resource.Inspectors) read it, after it every logged-in user does
	// (Resource.Public). A check's drawn inspectors record its outcome, or the office does for
	// them (a paper form). An inspector reads the project they check (KindProject, KindTaskBook:
	// Resource.Inspectors) and nothing else of its unit.
	CheckRoundRead  Action = "checkround.read"
	CheckRoundWrite Action = "checkround.write" // create, edit, draw, publish
	SpotCheckRecord Action = "spotcheck.record"

	// Governance rules as code (issue 11): the rule set is readable by every government user (the
	// rules are the district's, and a finding names its rule); the info office publishes new
	// versions and runs the sweep. A finding is its record's unit's (KindFinding: a unit
	// registry); the unit's 责任人/联系人 ask to waive one, the office decides.
	RuleRead      Action = "ruleset.read"
	RuleWrite     Action = "ruleset.write" // publish a version, import
	RuleSweep     Action = "ruleset.sweep" // re-evaluate everything now
	FindingRead   Action = "finding.read"
	WaiverRead    Action = "waiver.read"
	WaiverRequest Action = "waiver.request" // and withdraw: resource the finding's unit
	WaiverDecide  Action = "waiver.decide"  // approve, refuse, revoke

	// The shared component catalog (组件目录, issue 15): the info office keeps it; a component
	// that is not a draft is the district's and readable by every login.
	ComponentRead  Action = "component.read"
	ComponentWrite Action = "component.write" // create, edit, publish, retire, import

	// The duplicate-construction check (应用查重, issue 15): every government user may rank a
	// proposal against the district's systems, published catalog entries and components — a
	// unit vetting its idea, the office and experts vetting an application, a leader. The
	// answer names other units' non-classified systems by name and unit (docs/SECURITY.md).
	DupCheckRun Action = "dupcheck.run"

	AuditRead   Action = "audit.read"
	AuditExport Action = "audit.export"
	AuditPrune  Action = "audit.prune"
)

// Kind is the kind of resource an action is about.
type Kind string

const (
	KindUnit   Kind = "unit"
	KindUser   Kind = "user"
	KindPolicy Kind = "policy"
	KindAudit  Kind = "audit"
	KindSystem Kind = "system"

	KindRoom          Kind = "room"
	KindWebsite       Kind = "website"
	KindMedia         Kind = "media"
	KindCloudPool     Kind = "cloudpool"
	KindCloudRequest  Kind = "cloudrequest"
	KindGovernance    Kind = "governance"
	KindCatalog       Kind = "catalog"
	KindBaseLibrary   Kind = "baselibrary"
	KindSharing       Kind = "sharing"
	KindFeedback      Kind = "feedback"
	KindGuide         Kind = "guide"
	KindComponent     Kind = "component"
	KindAnnualPlan    Kind = "annualplan"
	KindExpert        Kind = "expert"
	KindDraw          Kind = "draw"
	KindProject       Kind = "project"
	KindTaskBook      Kind = "taskbook"
	KindRectification Kind = "rectification"
	KindCheckRound    Kind = "checkround"
	KindSpotCheck     Kind = "spotcheck"
	KindRuleSet       Kind = "ruleset"
	KindFinding       Kind = "finding"
	KindWaiver        Kind = "waiver"
	KindDupCheck      Kind = "dupcheck" // the duplicate-construction check: a collection only
	KindAssessment    Kind = "assessment"
	KindScore         Kind = "score" // a unit's published assessment score
	KindObjection     Kind = "objection"
)

// twoParty reports whether k is a record between a provider unit (Resource.UnitID) and the
// unit that asked it something (Resource.Party): sharing requests and data-correction feedback.
func twoParty(k Kind) bool { return k == KindSharing || k == KindFeedback }

// unitRegistry reports whether k is a unit's registry record: non-public, seen by the unit's
// people, its leader and the info office.
func unitRegistry(k Kind) bool {
	switch k {
	case KindSystem, KindRoom, KindWebsite, KindMedia, KindCloudRequest, KindCatalog, KindAnnualPlan,
		KindProject, KindTaskBook, KindRectification, KindFinding, KindWaiver, KindScore, KindObjection:
		return true
	}
	return false
}

// Resource describes what the action is about. ID 0 means the collection (a list or a create),
// where a refusal is 403: the module's existence is no secret.
type Resource struct {
	Kind   Kind
	ID     int64
	UnitID int64 // the unit the record belongs to; for a unit, the unit itself
	Public bool  // readable by every government user
	// Admin marks a user account holding one of the three administrator roles (or, for a role
	// grant, one that would hold one afterwards).
	Admin bool
	// Party is the other unit of a two-unit record (sharing requests, feedback): the unit that
	// asked. UnitID is then the provider unit, which must answer.
	Party int64
	// Account is the login a record is about (an expert's linked account), 0 for none.
	Account int64
	// Reviewers are the logins of the experts assigned to review a project application: they
	// read it, and nothing else of its unit (BLD-R3).
	Reviewers []int64
	// Supervisors are the logins of a key project's supervision unit (FLOW-5): they read the
	// project and its task book, and nothing else of its unit.
	Supervisors []int64
	// Inspectors are the logins drawn to inspect a spot check (FLOW-4): of a project or task
	// book, those of any of its checks, who read it; of a round, those of any of its checks; of
	// a check, its own, who record it.
	Inspectors []int64
	// Bureaus marks a project, its task book or a rectification notice that a notice for the
	// finance and audit bureaus concerns (FLOW-4): their users read it, and nothing else.
	Bureaus bool
}

// Unit describes a unit as a resource.
func Unit(u *domain.Unit) Resource {
	return Resource{Kind: KindUnit, ID: u.ID, UnitID: u.ID, Public: true}
}

// User describes a user account as a resource.
func User(u *domain.User) Resource {
	r := Resource{Kind: KindUser, ID: u.ID, UnitID: u.UnitID}
	for _, g := range u.Grants {
		r.Admin = r.Admin || g.Role.Admin()
	}
	return r
}

// System describes an information system as a resource: a non-public record of its unit.
func System(s *domain.System) Resource {
	return Resource{Kind: KindSystem, ID: s.ID, UnitID: s.UnitID}
}

// Registry describes a unit's registry record (machine room, website, new-media account,
// cloud request) as a resource: non-public, belonging to its unit.
func Registry(k Kind, id, unitID int64) Resource {
	return Resource{Kind: k, ID: id, UnitID: unitID}
}

// CatalogEntry describes a catalog entry of a provider unit: public once published.
func CatalogEntry(id, providerUnitID int64, published bool) Resource {
	return Resource{Kind: KindCatalog, ID: id, UnitID: providerUnitID, Public: published}
}

// Exchange describes a record between two units (KindSharing, KindFeedback): the provider that
// must answer and the party (requesting or reporting unit) that asked. For a create, ID is 0
// and party the unit asking.
func Exchange(k Kind, id, providerUnitID, partyUnitID int64) Resource {
	return Resource{Kind: k, ID: id, UnitID: providerUnitID, Party: partyUnitID}
}

// BaseLibrary describes a base library (SHR-P2): readable by every government user.
func BaseLibrary(id int64) Resource {
	return Resource{Kind: KindBaseLibrary, ID: id, Public: true}
}

// Guide describes a revision of the annual declaration guide: public once published.
func Guide(id int64, published bool) Resource {
	return Resource{Kind: KindGuide, ID: id, Public: published}
}

// Assessment describes a year's department assessment (ORG-3): public once published.
func Assessment(id int64, published bool) Resource {
	return Resource{Kind: KindAssessment, ID: id, Public: published}
}

// Component describes a shared component: public unless a draft, which is the office's.
func Component(id, unitID int64, draft bool) Resource {
	return Resource{Kind: KindComponent, ID: id, UnitID: unitID, Public: !draft}
}

// Expert describes a member of the expert pool: the office's record, which the expert whose
// login it is linked to (account) may read.
func Expert(id, account int64) Resource {
	return Resource{Kind: KindExpert, ID: id, Account: account}
}

// Draw describes a stored draw: the office's.
func Draw(id int64) Resource {
	return Resource{Kind: KindDraw, ID: id}
}

// CloudPool describes a government-cloud pool: readable by every government user.
func CloudPool(id int64) Resource {
	return Resource{Kind: KindCloudPool, ID: id, Public: true}
}

// Can reports whether actor may do action on r: nil, or a *domain.Error with code ENotFound
// (may not see it) or EForbidden (may see it, may not do this).
func Can(a domain.Actor, act Action, r Resource) error {
	if a.System {
		return nil // the operator at the command line holds the database itself
	}
	if a.UserID == 0 {
		return &domain.Error{Code: domain.EUnauthorized, Message: "err.unauthorized"}
	}
	if r.ID != 0 && !canSee(a, r) {
		return domain.Hidden() // a NotFound to the actor; the security-event log tells it apart
	}
	if allowed(a, act, r) {
		return nil
	}
	if r.Kind == KindUser && r.Admin {
		plain := r
		plain.Admin = false
		if allowed(a, act, plain) {
			// Refused only because the account is (or would become) an administrator's: say so.
			return domain.Errorf(domain.EForbidden, "err.user.admin_account")
		}
	}
	return domain.Forbidden()
}

// canSee is the read rule per kind; the Scope below is its list-query form.
func canSee(a domain.Actor, r Resource) bool {
	if r.Public {
		return true
	}
	switch r.Kind {
	case KindUser:
		if r.ID == a.UserID {
			return true
		}
		return ReadScope(a, KindUser).Has(r.UnitID)
	case KindAudit:
		return a.Has(domain.RoleAuditAdmin)
	case KindPolicy, KindGovernance, KindRuleSet:
		return true
	case KindGuide, KindComponent, KindAssessment:
		return a.Has(domain.RoleOffice) // drafts; published guides, components and assessments are Public
	case KindExpert:
		return a.Has(domain.RoleOffice) || (r.Account != 0 && r.Account == a.UserID)
	case KindDraw:
		return a.Has(domain.RoleOffice)
	case KindCheckRound, KindSpotCheck:
		return a.Has(domain.RoleOffice) || slices.Contains(r.Inspectors, a.UserID) // published: Public
	case KindProject:
		if a.Has(domain.RoleExpert) && slices.Contains(r.Reviewers, a.UserID) {
			return true
		}
		if supervises(a, r) || slices.Contains(r.Inspectors, a.UserID) {
			return true
		}
	case KindTaskBook:
		if supervises(a, r) || slices.Contains(r.Inspectors, a.UserID) {
			return true
		}
	}
	if r.Bureaus && bureau(a) && (r.Kind == KindProject || r.Kind == KindTaskBook || r.Kind == KindRectification) {
		return true
	}
	if unitRegistry(r.Kind) {
		return ReadScope(a, r.Kind).Has(r.UnitID)
	}
	if twoParty(r.Kind) {
		sc := ReadScope(a, r.Kind)
		return sc.Has(r.UnitID) || sc.Has(r.Party)
	}
	return false
}

func allowed(a domain.Actor, act Action, r Resource) bool {
	has := a.Has
	switch act {
	case UnitRead, UserRead:
		return true // visibility was decided above; collections are scoped by ReadScope
	case UnitCreate, UnitUpdate, UnitMove, UnitDeactivate:
		return has(domain.RoleSysAdmin)
	case UnitUpdateContacts:
		return has(domain.RoleSysAdmin) || a.HasFor(domain.RoleUnitHead, r.UnitID)
	case UnitSeePhones:
		return has(domain.RoleSysAdmin) || has(domain.RoleOffice) || memberOf(a, r.UnitID)
	case UserCreate:
		return has(domain.RoleSysAdmin) && r.ID != a.UserID
	case UserUpdate, UserUnlock, UserDisable, UserResetPassword:
		// 三权分立: the system admin keeps the ordinary accounts. An administrator's account
		// (system, security or audit, another's or their own) is changed only by the operator
		// at the command line (the System actor), where it is audited too: editing it, resetting
		// its password or disabling it would let the system admin log in as, or silence, the
		// security or audit administrator.
		return has(domain.RoleSysAdmin) && r.ID != a.UserID && !r.Admin
	case UserGrantRoles:
		// The security admin grants business roles. Nobody grants roles to themselves, and the
		// roles of an administrator, or roles that would make one, are the command line's: the
		// security admin must not silence the auditor nor make a new one.
		return has(domain.RoleSecAdmin) && r.ID != a.UserID && !r.Admin
	case UserSeePhone:
		return r.ID == a.UserID || has(domain.RoleSysAdmin) || has(domain.RoleOffice)
	case PolicyRead, PolicyUpdate:
		return has(domain.RoleSecAdmin)
	case AuditRead, AuditExport, AuditPrune:
		return has(domain.RoleAuditAdmin)
	case SystemRead, RoomRead, WebsiteRead, MediaRead, CloudRequestRead, CloudPoolRead, GovernanceRead, CatalogRead,
		BaseLibraryRead, SharingRead, FeedbackRead, GuideRead, ComponentRead,
		AnnualPlanRead,
		ProjectRead, TaskBookRead, RectificationRead, RuleRead, FindingRead, WaiverRead,
		AssessmentRead, ScoreRead, ObjectionRead:
		return true // visibility was decided above; collections are scoped by ReadScope
	case SystemCreate, SystemUpdate, SystemTransition,
		RoomCreate, RoomUpdate, RoomTransition,
		WebsiteCreate, WebsiteUpdate, WebsiteTransition,
		MediaCreate, MediaUpdate, MediaTransition,
		CloudRequestCreate, CloudRequestUpdate, CloudRequestTransition,
		CatalogCreate, CatalogUpdate, CatalogTransition:
		// The owning unit keeps its registry entries; the info office keeps the whole registry.
		return has(domain.RoleOffice) || a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case AnnualPlanCreate, AnnualPlanUpdate:
		// A plan is the unit's own: the office accepts it, it does not write it.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case AnnualPlanTransition:
		return has(domain.RoleOffice) || memberOf(a, r.UnitID)
	case ProjectCreate, ProjectUpdate:
		// An application is the unit's own: the office reviews it, it does not write it.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case ProjectTransition:
		// The unit submits, the office reviews and decides (domain.ProjectFlow); the leader in
		// charge reads its units' applications but takes no step.
		return has(domain.RoleOffice) || a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case ProjectReviewManage:
		return has(domain.RoleOffice)
	case ProjectReviewSubmit:
		// The assigned expert submits their own review; the office records one handed in on paper.
		return has(domain.RoleOffice) || (has(domain.RoleExpert) && r.Account != 0 && r.Account == a.UserID &&
			slices.Contains(r.Reviewers, a.UserID))
	case ProjectOpinionRead:
		return has(domain.RoleOffice) || ReadScope(a, KindProject).Has(r.UnitID)
	case SupervisionRead:
		// A list (ID 0) is scoped by construction (store.Supervisions); a project's log is the
		// office's, its supervision unit's and its own unit's (an expert reviewer's: no).
		return r.ID == 0 || has(domain.RoleOffice) || supervises(a, r) || ReadScope(a, KindProject).Has(r.UnitID)
	case SupervisionWrite:
		return has(domain.RoleOffice) || supervises(a, r)
	case SupervisionAssign:
		return has(domain.RoleOffice)
	case RectificationCreate, RectificationVerify, ProjectHalt:
		return has(domain.RoleOffice)
	case RuleWrite, RuleSweep, WaiverDecide:
		return has(domain.RoleOffice)
	case WaiverRequest:
		// The unit asks for itself; the office decides, it does not ask.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case RectificationAnswer:
		// The unit rectifies and answers for itself; the office verifies, it does not answer.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case ObjectionFile:
		// The unit objects for itself; the office answers, it does not object.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case CloudPoolCreate, CloudPoolUpdate, CloudRequestDecide, GovernanceUpdate, BaseLibraryUpdate, GuideWrite, ComponentWrite,
		TaskBookIssue, AssessmentWrite, ObjectionAnswer:
		return has(domain.RoleOffice)
	case TaskBookActuals, ProjectStageSubmit:
		// The unit builds and reports what it spent and reached; the office compares.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	case ExpertRead:
		// The pool is the office's; an expert reads the record of their own login (visibility,
		// decided above) but does not list the pool.
		return has(domain.RoleOffice) || (r.ID != 0 && r.Account == a.UserID)
	case ExpertWrite, DrawRead, DrawCreate:
		return has(domain.RoleOffice)
	case CheckRoundRead:
		return true // visibility was decided above; the list is scoped by construction (store.CheckRounds)
	case CheckRoundWrite:
		return has(domain.RoleOffice)
	case SpotCheckRecord:
		// The drawn inspectors record their check; the office records one handed in on paper.
		return has(domain.RoleOffice) || (r.ID != 0 && slices.Contains(r.Inspectors, a.UserID))
	case SharingCreate, SharingWithdraw, FeedbackCreate, FeedbackClose:
		// The asking unit's 责任人 or 联系人 asks, withdraws, confirms or reopens.
		return a.HasFor(domain.RoleUnitHead, r.Party) || a.HasFor(domain.RoleUnitContact, r.Party)
	case DupCheckRun:
		// Every government user but the three administrators, who manage accounts, not projects
		// (an administrator holds no business role: domain.CheckGrants).
		for _, g := range a.Grants {
			if g.Role.Admin() {
				return false
			}
		}
		return len(a.Grants) > 0 || a.UnitID != 0
	case SharingAnswer, FeedbackRespond:
		// The provider answers for itself; the office follows overdue answers up, it does not
		// answer in the provider's place.
		return a.HasFor(domain.RoleUnitHead, r.UnitID) || a.HasFor(domain.RoleUnitContact, r.UnitID)
	}
	return false
}

// supervises reports whether the actor is of the supervision unit of the project r (FLOW-5).
func supervises(a domain.Actor, r Resource) bool {
	return a.Has(domain.RoleSupervisor) && slices.Contains(r.Supervisors, a.UserID)
}

// bureau reports whether the actor is of the finance or the audit bureau (FLOW-4).
func bureau(a domain.Actor) bool {
	return a.Has(domain.RoleFinance) || a.Has(domain.RoleAuditBureau)
}

// memberOf reports whether the actor works for or leads the unit.
func memberOf(a domain.Actor, unitID int64) bool {
	if unitID == 0 {
		return false
	}
	return a.UnitID == unitID || a.HasFor(domain.RoleLeader, unitID) ||
		a.HasFor(domain.RoleUnitHead, unitID) || a.HasFor(domain.RoleUnitContact, unitID)
}

// Scope is the set of records of one kind an actor may list: all of them, or those of some
// units, plus the actor's own record where that applies.
type Scope struct {
	All     bool
	UnitIDs []int64
	SelfID  int64
	// Bureaus: also the records of the projects a rectification notice for the finance and
	// audit bureaus concerns, and those notices (FLOW-4); the store's condition.
	Bureaus bool
}

// Has reports whether a record of unitID is in scope.
func (s Scope) Has(unitID int64) bool {
	return s.All || (unitID != 0 && slices.Contains(s.UnitIDs, unitID))
}

// ReadScope is the list-query form of canSee for non-public kinds.
func ReadScope(a domain.Actor, k Kind) Scope {
	if a.System {
		return Scope{All: true}
	}
	switch k {
	case KindUnit, KindCloudPool, KindGovernance, KindBaseLibrary, KindRuleSet:
		return Scope{All: true}
	case KindUser:
		// Account and role administrators must see every account; the info office works
		// district-wide; the audit admin needs to know who the actors in the log are.
		for _, r := range []domain.Role{domain.RoleSysAdmin, domain.RoleSecAdmin, domain.RoleAuditAdmin, domain.RoleOffice} {
			if a.Has(r) {
				return Scope{All: true}
			}
		}
		return grantedUnits(a, Scope{SelfID: a.UserID})
	case KindAudit:
		if a.Has(domain.RoleAuditAdmin) {
			return Scope{All: true}
		}
	case KindGuide, KindComponent, KindAssessment:
		if a.Has(domain.RoleOffice) {
			return Scope{All: true} // drafts too; everyone else lists the published ones
		}
	case KindExpert, KindDraw:
		if a.Has(domain.RoleOffice) {
			return Scope{All: true}
		}
	case KindTaskBook, KindProject, KindRectification:
		// A unit registry, but the finance and audit bureaus read the rectification notices sent
		// to them (FLOW-4: a bidding or acceptance failure), and the projects and task books
		// those concern (Scope.Bureaus: the store's condition) — nothing else.
		if a.Has(domain.RoleOffice) {
			return Scope{All: true}
		}
		return grantedUnits(a, Scope{Bureaus: bureau(a)})
	case KindSystem, KindRoom, KindWebsite, KindMedia, KindCloudRequest, KindCatalog, KindSharing, KindFeedback, KindAnnualPlan,
		KindFinding, KindWaiver, KindScore, KindObjection:
		// For two-unit records a record is in scope when either of its units is (canSee).
		// Registry entries are the unit's business data: the info office sees the district's,
		// a unit's people and its leader see that unit's. Administrators manage accounts, not
		// registries.
		if a.Has(domain.RoleOffice) {
			return Scope{All: true}
		}
		return grantedUnits(a, Scope{})
	}
	return Scope{}
}

// grantedUnits adds to s the units the actor leads or works for.
func grantedUnits(a domain.Actor, s Scope) Scope {
	for _, g := range a.Grants {
		if (g.Role == domain.RoleLeader || g.Role == domain.RoleUnitHead || g.Role == domain.RoleUnitContact) &&
			!slices.Contains(s.UnitIDs, g.UnitID) {
			s.UnitIDs = append(s.UnitIDs, g.UnitID)
		}
	}
	return s
}
