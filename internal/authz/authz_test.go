package authz_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// allActions lists every Action constant of authz.go; TestEveryActionIsInTheMatrix keeps it
// complete, so a new action cannot slip past the matrix.
var allActions = []authz.Action{
	authz.UnitRead, authz.UnitCreate, authz.UnitUpdate, authz.UnitUpdateContacts, authz.UnitMove,
	authz.UnitDeactivate, authz.UnitSeePhones,
	authz.UserRead, authz.UserCreate, authz.UserUpdate, authz.UserDisable, authz.UserResetPassword,
	authz.UserUnlock, authz.UserGrantRoles, authz.UserSeePhone,
	authz.PolicyRead, authz.PolicyUpdate,
	authz.AuditRead, authz.AuditExport, authz.AuditPrune,
	authz.SystemRead, authz.SystemCreate, authz.SystemUpdate, authz.SystemTransition,
	authz.RoomRead, authz.RoomCreate, authz.RoomUpdate, authz.RoomTransition,
	authz.WebsiteRead, authz.WebsiteCreate, authz.WebsiteUpdate, authz.WebsiteTransition,
	authz.MediaRead, authz.MediaCreate, authz.MediaUpdate, authz.MediaTransition,
	authz.CloudPoolRead, authz.CloudPoolCreate, authz.CloudPoolUpdate,
	authz.CloudRequestRead, authz.CloudRequestCreate, authz.CloudRequestUpdate, authz.CloudRequestTransition,
	authz.CloudRequestDecide,
	authz.GovernanceRead, authz.GovernanceUpdate,
	authz.CatalogRead, authz.CatalogCreate, authz.CatalogUpdate, authz.CatalogTransition,
	authz.BaseLibraryRead, authz.BaseLibraryUpdate,
	authz.SharingRead, authz.SharingCreate, authz.SharingAnswer, authz.SharingWithdraw,
	authz.FeedbackRead, authz.FeedbackCreate, authz.FeedbackRespond, authz.FeedbackClose,
	authz.GuideRead, authz.GuideWrite, authz.ComponentRead, authz.ComponentWrite,
	authz.AnnualPlanRead, authz.AnnualPlanCreate, authz.AnnualPlanUpdate, authz.AnnualPlanTransition,
	authz.ExpertRead, authz.ExpertWrite, authz.DrawRead, authz.DrawCreate,
	authz.ProjectRead, authz.ProjectCreate, authz.ProjectUpdate, authz.ProjectTransition,
	authz.TaskBookRead, authz.TaskBookIssue, authz.TaskBookActuals, authz.ProjectStageSubmit,
	authz.ProjectReviewManage, authz.ProjectReviewSubmit, authz.ProjectOpinionRead,
	authz.SupervisionRead, authz.SupervisionWrite, authz.SupervisionAssign,
	authz.CheckRoundRead, authz.CheckRoundWrite, authz.SpotCheckRecord,
	authz.RectificationRead, authz.RectificationCreate, authz.RectificationAnswer, authz.RectificationVerify, authz.ProjectHalt,
	authz.RuleRead, authz.RuleWrite, authz.RuleSweep, authz.FindingRead, authz.WaiverRead, authz.WaiverRequest, authz.WaiverDecide,
	authz.DupCheckRun,
	authz.AssessmentRead, authz.AssessmentWrite, authz.ScoreRead, authz.ObjectionRead, authz.ObjectionFile, authz.ObjectionAnswer,
}

// scope is where a record lies relative to the actor.
type scope string

const (
	sSelf       scope = "self"       // the actor's own account
	sOwnUnit    scope = "own_unit"   // the actor's own unit, or a colleague's account in it
	sOtherUnit  scope = "other_unit" // a unit the actor has nothing to do with, or an account in it
	sLedUnit    scope = "led_unit"   // a unit the leader leads (for every other role: one more foreign unit)
	sCollection scope = "collection" // ID 0: a list or a create
	sRecord     scope = "record"     // one audit record (belongs to no unit)
	// Two-unit records (sharing requests, feedback): which side the actor's unit is on. For
	// these kinds sOtherUnit is a record between two foreign units and sLedUnit one whose
	// provider the leader leads.
	sAsked  scope = "asked"  // the actor's unit asked (requester, reporter); another unit provides
	sAnswer scope = "answer" // the actor's unit provides and must answer; another unit asked
	// sReviewing is a project application of a third unit that the actor's login is assigned to
	// review (BLD-R3), with the actor's own review.
	sReviewing scope = "reviewing"
	// sSupervising is a key project of a third unit (or its task book) whose supervision unit
	// the actor's login is of (FLOW-5).
	sSupervising scope = "supervising"
	// sInspecting is a record whose drawn spot-check inspectors include the actor's login
	// (FLOW-4): a project of a third unit or its task book, a round, a check — unpublished.
	sInspecting scope = "inspecting"
	// sPublished is a published spot-check round or check (一公开); sRecord one not published
	// that the actor does not inspect.
	sPublished scope = "published"
	// sBureau is a project of a third unit, its task book or its rectification notice, that a
	// notice for the finance and audit bureaus concerns (FLOW-4: Resource.Bureaus).
	sBureau scope = "bureau"
)

// The fixture: the actor (user 100) works for the public security bureau; the leader leads 元和街道.
const (
	unitOwn   int64 = 10 // 区公安分局
	unitOther int64 = 20 // 区卫健委
	unitLed   int64 = 30 // 元和街道
	unitThird int64 = 40 // 区民政局, a third unit for two-unit records
	actorID   int64 = 100
)

// kindOf is the resource kind an action is about, from its "kind.verb" name.
func kindOf(act authz.Action) authz.Kind {
	k, _, _ := strings.Cut(string(act), ".")
	return authz.Kind(k)
}

// scopesOf lists the scopes that exist for records of kind k.
func scopesOf(k authz.Kind) []scope {
	switch k {
	case authz.KindUnit:
		return []scope{sOwnUnit, sOtherUnit, sLedUnit, sCollection}
	case authz.KindUser:
		return []scope{sSelf, sOwnUnit, sOtherUnit, sLedUnit, sCollection}
	case authz.KindSharing, authz.KindFeedback:
		return []scope{sAsked, sAnswer, sOtherUnit, sLedUnit, sCollection}
	case authz.KindBaseLibrary:
		return []scope{sRecord, sCollection}
	case authz.KindGuide, authz.KindComponent, authz.KindAssessment:
		return []scope{sRecord, sCollection} // a draft guide, component or assessment; published ones are public
	case authz.KindPolicy, authz.KindGovernance, authz.KindRuleSet, authz.KindDupCheck:
		return []scope{sCollection} // the policy is a singleton, addressed as the collection; the rule set too
	case authz.KindFinding, authz.KindWaiver, authz.KindScore, authz.KindObjection:
		return []scope{sOwnUnit, sOtherUnit, sLedUnit, sCollection}
	case authz.KindExpert:
		return []scope{sSelf, sRecord, sCollection} // the expert record of the actor's login, another's
	case authz.KindDraw:
		return []scope{sRecord, sCollection}
	case authz.KindCloudPool:
		return []scope{sRecord, sCollection} // a pool belongs to no unit
	case authz.KindAudit:
		return []scope{sRecord, sCollection}
	case authz.KindProject:
		return []scope{sOwnUnit, sOtherUnit, sLedUnit, sReviewing, sSupervising, sInspecting, sBureau, sCollection}
	case authz.KindTaskBook:
		return []scope{sOwnUnit, sOtherUnit, sLedUnit, sSupervising, sInspecting, sBureau, sCollection}
	case authz.KindCheckRound, authz.KindSpotCheck:
		return []scope{sRecord, sInspecting, sPublished, sCollection}
	case authz.KindRectification:
		return []scope{sOwnUnit, sOtherUnit, sLedUnit, sBureau, sCollection}
	case authz.KindSystem, authz.KindRoom, authz.KindWebsite, authz.KindMedia, authz.KindCloudRequest, authz.KindCatalog, authz.KindAnnualPlan:
		return []scope{sOwnUnit, sOtherUnit, sLedUnit, sCollection}
	}
	return nil
}

// resource builds the resource the way the use cases do (authz.Unit, authz.User, or a bare
// collection).
func resource(k authz.Kind, s scope) authz.Resource {
	if s == sCollection {
		return authz.Resource{Kind: k}
	}
	unitOf := map[scope]int64{sSelf: unitOwn, sOwnUnit: unitOwn, sOtherUnit: unitOther, sLedUnit: unitLed}
	if s == sReviewing {
		r := authz.Registry(authz.KindProject, 404, unitThird)
		r.Reviewers, r.Account = []int64{7, actorID}, actorID
		return r
	}
	if s == sBureau {
		r := authz.Registry(k, 406, unitThird)
		r.Bureaus = true
		return r
	}
	if s == sSupervising {
		r := authz.Registry(k, 405, unitThird)
		r.Supervisors = []int64{7, actorID}
		return r
	}
	if k == authz.KindCheckRound || k == authz.KindSpotCheck {
		r := authz.Resource{Kind: k, ID: 801, UnitID: unitThird, Public: s == sPublished}
		if s == sInspecting {
			r.Inspectors = []int64{7, actorID}
		}
		return r
	}
	if s == sInspecting {
		r := authz.Registry(k, 406, unitThird)
		r.Inspectors = []int64{7, actorID}
		return r
	}
	switch k {
	case authz.KindUnit:
		return authz.Unit(&domain.Unit{ID: unitOf[s], Code: "U", Name: "单位", Kind: domain.KindBureau, Active: true})
	case authz.KindUser:
		id := map[scope]int64{sSelf: actorID, sOwnUnit: 201, sOtherUnit: 202, sLedUnit: 203}[s]
		return authz.User(&domain.User{ID: id, Username: fmt.Sprintf("u%d", id), UnitID: unitOf[s]})
	case authz.KindAudit:
		return authz.Resource{Kind: authz.KindAudit, ID: 7}
	case authz.KindSystem:
		id := map[scope]int64{sOwnUnit: 301, sOtherUnit: 302, sLedUnit: 303}[s]
		return authz.System(&domain.System{ID: id, Code: "S", Name: "系统", UnitID: unitOf[s]})
	case authz.KindRoom, authz.KindWebsite, authz.KindMedia, authz.KindCloudRequest, authz.KindAnnualPlan, authz.KindProject, authz.KindTaskBook,
		authz.KindRectification, authz.KindFinding, authz.KindWaiver, authz.KindScore, authz.KindObjection:
		id := map[scope]int64{sOwnUnit: 401, sOtherUnit: 402, sLedUnit: 403}[s]
		return authz.Registry(k, id, unitOf[s])
	case authz.KindCloudPool:
		return authz.CloudPool(9)
	case authz.KindBaseLibrary:
		return authz.BaseLibrary(3)
	case authz.KindGuide:
		return authz.Guide(5, false)
	case authz.KindAssessment:
		return authz.Assessment(11, false) // a draft; a published one is public
	case authz.KindComponent:
		return authz.Component(6, unitOf[sOwnUnit], true) // a draft, of a unit: still the office's
	case authz.KindExpert:
		if s == sSelf {
			return authz.Expert(701, actorID)
		}
		return authz.Expert(702, 202) // linked to another login
	case authz.KindDraw:
		return authz.Draw(8)
	case authz.KindSharing, authz.KindFeedback:
		switch s {
		case sAsked:
			return authz.Exchange(k, 601, unitOther, unitOwn)
		case sAnswer:
			return authz.Exchange(k, 602, unitOwn, unitOther)
		case sOtherUnit:
			return authz.Exchange(k, 603, unitOther, unitThird)
		case sLedUnit:
			return authz.Exchange(k, 604, unitLed, unitThird)
		}
	case authz.KindCatalog:
		// A draft entry; published entries are public (TestPublishedCatalogEntriesArePublic).
		id := map[scope]int64{sOwnUnit: 501, sOtherUnit: 502, sLedUnit: 503}[s]
		return authz.CatalogEntry(id, unitOf[s], false)
	}
	panic(fmt.Sprintf("no resource for %s/%s", k, s))
}

// actorFor is a user of unitOwn holding one role: unit roles for unitOwn, the leader for unitLed.
func actorFor(r domain.Role) domain.Actor {
	g := domain.Grant{Role: r}
	switch r {
	case domain.RoleUnitHead, domain.RoleUnitContact:
		g.UnitID, g.UnitCode = unitOwn, "GA"
	case domain.RoleLeader:
		g.UnitID, g.UnitCode = unitLed, "YH"
	}
	return domain.Actor{UserID: actorID, Username: "actor", Name: "测试", UnitID: unitOwn,
		Grants: []domain.Grant{g}, IP: "10.0.0.1"}
}

// allow is one line of the rules: role may do act on records in these scopes.
type allow struct {
	role   domain.Role
	act    authz.Action
	scopes []scope
}

var (
	unitAll   = []scope{sOwnUnit, sOtherUnit, sLedUnit, sCollection}
	userAll   = []scope{sSelf, sOwnUnit, sOtherUnit, sLedUnit, sCollection}
	userNotMe = []scope{sOwnUnit, sOtherUnit, sLedUnit, sCollection}
)

// unitRegistry is the rule of a unit's registry, written out once for the registries that
// share it: the info office keeps all of it; a unit's 责任人 and 联系人 keep their unit's
// entries; the leader reads the units led. Everyone may ask for the list, which ReadScope
// narrows (to nothing for the administrators and observers).
func unitRegistry(read, create, update, transition authz.Action) []allow {
	rows := []allow{{domain.RoleLeader, read, []scope{sLedUnit, sCollection}}}
	for _, act := range []authz.Action{read, create, update, transition} {
		rows = append(rows, allow{domain.RoleOffice, act, unitAll})
	}
	for _, r := range []domain.Role{domain.RoleUnitHead, domain.RoleUnitContact} {
		rows = append(rows, allow{r, read, []scope{sOwnUnit, sCollection}})
		for _, act := range []authz.Action{create, update, transition} {
			rows = append(rows, allow{r, act, []scope{sOwnUnit}})
		}
	}
	for _, r := range []domain.Role{domain.RoleSysAdmin, domain.RoleSecAdmin, domain.RoleAuditAdmin, domain.RoleExpert,
		domain.RoleSupervisor, domain.RoleFinance, domain.RoleAuditBureau} {
		rows = append(rows, allow{r, read, []scope{sCollection}})
	}
	return rows
}

// allowed is the authorization matrix written out: every (role, action, scope) not listed here
// must be refused. Keep it explicit (unitRegistry only writes the rows a unit registry shares);
// do not compute it from the rules it checks.
var allowed = slices.Concat([]allow{
	// Units are public: everyone reads them and lists them.
	{domain.RoleSysAdmin, authz.UnitRead, unitAll},
	{domain.RoleSecAdmin, authz.UnitRead, unitAll},
	{domain.RoleAuditAdmin, authz.UnitRead, unitAll},
	{domain.RoleOffice, authz.UnitRead, unitAll},
	{domain.RoleLeader, authz.UnitRead, unitAll},
	{domain.RoleUnitHead, authz.UnitRead, unitAll},
	{domain.RoleUnitContact, authz.UnitRead, unitAll},
	{domain.RoleExpert, authz.UnitRead, unitAll},
	{domain.RoleSupervisor, authz.UnitRead, unitAll},
	{domain.RoleFinance, authz.UnitRead, unitAll},
	{domain.RoleAuditBureau, authz.UnitRead, unitAll},

	// The system admin manages the unit tree.
	{domain.RoleSysAdmin, authz.UnitCreate, unitAll},
	{domain.RoleSysAdmin, authz.UnitUpdate, unitAll},
	{domain.RoleSysAdmin, authz.UnitMove, unitAll},
	{domain.RoleSysAdmin, authz.UnitDeactivate, unitAll},
	{domain.RoleSysAdmin, authz.UnitUpdateContacts, unitAll},
	// ORG-1: a unit's 责任人 names its own 责任人/联系人, and only for their own unit.
	{domain.RoleUnitHead, authz.UnitUpdateContacts, []scope{sOwnUnit}},

	// Contact phones: the system admin and the info office everywhere; members of a unit (any
	// role, by the account's own unit) and the leader of a unit for that unit.
	{domain.RoleSysAdmin, authz.UnitSeePhones, unitAll},
	{domain.RoleOffice, authz.UnitSeePhones, unitAll},
	{domain.RoleSecAdmin, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleAuditAdmin, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleLeader, authz.UnitSeePhones, []scope{sOwnUnit, sLedUnit}},
	{domain.RoleUnitHead, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleUnitContact, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleExpert, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleSupervisor, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleFinance, authz.UnitSeePhones, []scope{sOwnUnit}},
	{domain.RoleAuditBureau, authz.UnitSeePhones, []scope{sOwnUnit}},

	// Accounts: the three administrators and the office see all; unit roles see their unit;
	// everyone sees themselves. Listing is allowed to all (the list is scoped by ReadScope).
	{domain.RoleSysAdmin, authz.UserRead, userAll},
	{domain.RoleSecAdmin, authz.UserRead, userAll},
	{domain.RoleAuditAdmin, authz.UserRead, userAll},
	{domain.RoleOffice, authz.UserRead, userAll},
	{domain.RoleLeader, authz.UserRead, []scope{sSelf, sLedUnit, sCollection}},
	{domain.RoleUnitHead, authz.UserRead, []scope{sSelf, sOwnUnit, sCollection}},
	{domain.RoleUnitContact, authz.UserRead, []scope{sSelf, sOwnUnit, sCollection}},
	{domain.RoleExpert, authz.UserRead, []scope{sSelf, sCollection}},
	{domain.RoleSupervisor, authz.UserRead, []scope{sSelf, sCollection}},
	{domain.RoleFinance, authz.UserRead, []scope{sSelf, sCollection}},
	{domain.RoleAuditBureau, authz.UserRead, []scope{sSelf, sCollection}},

	// 三权分立: the system admin manages accounts (never their own), the security admin grants
	// roles (never to themselves).
	{domain.RoleSysAdmin, authz.UserCreate, userNotMe},
	{domain.RoleSysAdmin, authz.UserUpdate, userNotMe},
	{domain.RoleSysAdmin, authz.UserDisable, userNotMe},
	{domain.RoleSysAdmin, authz.UserResetPassword, userNotMe},
	{domain.RoleSysAdmin, authz.UserUnlock, userNotMe},
	{domain.RoleSecAdmin, authz.UserGrantRoles, userNotMe},

	// An account's phone: its owner, the system admin and the office.
	{domain.RoleSysAdmin, authz.UserSeePhone, userAll},
	{domain.RoleOffice, authz.UserSeePhone, userAll},
	{domain.RoleSecAdmin, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleAuditAdmin, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleLeader, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleUnitHead, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleUnitContact, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleExpert, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleSupervisor, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleFinance, authz.UserSeePhone, []scope{sSelf}},
	{domain.RoleAuditBureau, authz.UserSeePhone, []scope{sSelf}},

	// The security policy is the security admin's.
	{domain.RoleSecAdmin, authz.PolicyRead, []scope{sCollection}},
	{domain.RoleSecAdmin, authz.PolicyUpdate, []scope{sCollection}},

	// The audit log is the audit admin's alone.
	{domain.RoleAuditAdmin, authz.AuditRead, []scope{sRecord, sCollection}},
	{domain.RoleAuditAdmin, authz.AuditExport, []scope{sRecord, sCollection}},
	{domain.RoleAuditAdmin, authz.AuditPrune, []scope{sRecord, sCollection}},
}, // The information-system registry, the machine rooms, websites, new media and cloud requests.
	unitRegistry(authz.SystemRead, authz.SystemCreate, authz.SystemUpdate, authz.SystemTransition),
	unitRegistry(authz.RoomRead, authz.RoomCreate, authz.RoomUpdate, authz.RoomTransition),
	unitRegistry(authz.WebsiteRead, authz.WebsiteCreate, authz.WebsiteUpdate, authz.WebsiteTransition),
	unitRegistry(authz.MediaRead, authz.MediaCreate, authz.MediaUpdate, authz.MediaTransition),
	unitRegistry(authz.CloudRequestRead, authz.CloudRequestCreate, authz.CloudRequestUpdate, authz.CloudRequestTransition),
	[]allow{
		// Only the office decides cloud requests (ENV-R1).
		{domain.RoleOffice, authz.CloudRequestDecide, unitAll},
		// Cloud pools and the governance settings: everyone reads, the office keeps them.
		{domain.RoleSysAdmin, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleSysAdmin, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleSecAdmin, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleAuditAdmin, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleOffice, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleLeader, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleLeader, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleUnitHead, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleUnitHead, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleUnitContact, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleUnitContact, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleExpert, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleExpert, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleSupervisor, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleFinance, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleFinance, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.CloudPoolRead, []scope{sRecord, sCollection}},
		{domain.RoleAuditBureau, authz.GovernanceRead, []scope{sCollection}},
		{domain.RoleOffice, authz.CloudPoolCreate, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.CloudPoolUpdate, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.GovernanceUpdate, []scope{sCollection}},
	}, // Catalog drafts.
	unitRegistry(authz.CatalogRead, authz.CatalogCreate, authz.CatalogUpdate, authz.CatalogTransition),
	[]allow{
		// Base libraries: everyone reads, the office keeps them.
		{domain.RoleSysAdmin, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleSecAdmin, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleAuditAdmin, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleLeader, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleUnitHead, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleUnitContact, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleExpert, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleSupervisor, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleFinance, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleAuditBureau, authz.BaseLibraryRead, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.BaseLibraryUpdate, []scope{sRecord, sCollection}},
		// Annual guides (FLOW-1): the office writes them and reads its drafts; everyone lists
		// the published ones (a draft is hidden: 404).
		{domain.RoleOffice, authz.GuideRead, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.GuideWrite, []scope{sRecord, sCollection}},
		{domain.RoleSysAdmin, authz.GuideRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.GuideRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.GuideRead, []scope{sCollection}},
		{domain.RoleLeader, authz.GuideRead, []scope{sCollection}},
		{domain.RoleUnitHead, authz.GuideRead, []scope{sCollection}},
		{domain.RoleUnitContact, authz.GuideRead, []scope{sCollection}},
		{domain.RoleExpert, authz.GuideRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.GuideRead, []scope{sCollection}},
		{domain.RoleFinance, authz.GuideRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.GuideRead, []scope{sCollection}},
		// The component catalog (issue 15): the office keeps it and reads its drafts; everyone
		// lists the published ones (a draft is hidden: 404, even to its providing unit).
		{domain.RoleOffice, authz.ComponentRead, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.ComponentWrite, []scope{sRecord, sCollection}},
		{domain.RoleSysAdmin, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleLeader, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleUnitHead, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleUnitContact, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleExpert, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleFinance, authz.ComponentRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.ComponentRead, []scope{sCollection}},
		// Sharing requests and feedback: both units and the office read; the asking unit asks,
		// withdraws, confirms or reopens; the provider answers. The office follows up, it does not
		// answer for anyone.
		{domain.RoleOffice, authz.SharingRead, []scope{sAsked, sAnswer, sOtherUnit, sLedUnit, sCollection}},
		{domain.RoleOffice, authz.FeedbackRead, []scope{sAsked, sAnswer, sOtherUnit, sLedUnit, sCollection}},
		{domain.RoleLeader, authz.SharingRead, []scope{sLedUnit, sCollection}},
		{domain.RoleLeader, authz.FeedbackRead, []scope{sLedUnit, sCollection}},
		{domain.RoleUnitHead, authz.SharingRead, []scope{sAsked, sAnswer, sCollection}},
		{domain.RoleUnitHead, authz.SharingCreate, []scope{sAsked}},
		{domain.RoleUnitHead, authz.SharingWithdraw, []scope{sAsked}},
		{domain.RoleUnitHead, authz.SharingAnswer, []scope{sAnswer}},
		{domain.RoleUnitHead, authz.FeedbackRead, []scope{sAsked, sAnswer, sCollection}},
		{domain.RoleUnitHead, authz.FeedbackCreate, []scope{sAsked}},
		{domain.RoleUnitHead, authz.FeedbackClose, []scope{sAsked}},
		{domain.RoleUnitHead, authz.FeedbackRespond, []scope{sAnswer}},
		{domain.RoleUnitContact, authz.SharingRead, []scope{sAsked, sAnswer, sCollection}},
		{domain.RoleUnitContact, authz.SharingCreate, []scope{sAsked}},
		{domain.RoleUnitContact, authz.SharingWithdraw, []scope{sAsked}},
		{domain.RoleUnitContact, authz.SharingAnswer, []scope{sAnswer}},
		{domain.RoleUnitContact, authz.FeedbackRead, []scope{sAsked, sAnswer, sCollection}},
		{domain.RoleUnitContact, authz.FeedbackCreate, []scope{sAsked}},
		{domain.RoleUnitContact, authz.FeedbackClose, []scope{sAsked}},
		{domain.RoleUnitContact, authz.FeedbackRespond, []scope{sAnswer}},
		{domain.RoleSysAdmin, authz.SharingRead, []scope{sCollection}},
		{domain.RoleSysAdmin, authz.FeedbackRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.SharingRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.FeedbackRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.SharingRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.FeedbackRead, []scope{sCollection}},
		{domain.RoleExpert, authz.SharingRead, []scope{sCollection}},
		{domain.RoleExpert, authz.FeedbackRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.SharingRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.FeedbackRead, []scope{sCollection}},
		{domain.RoleFinance, authz.SharingRead, []scope{sCollection}},
		{domain.RoleFinance, authz.FeedbackRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.SharingRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.FeedbackRead, []scope{sCollection}},
	},
	// Annual plans (BLD-R1, BLD-R2): read like a registry; the unit writes its own; the steps are
	// the unit's, its leader's in charge and the office's (which one whose: the workflow table).
	unitRegistry(authz.AnnualPlanRead, authz.AnnualPlanCreate, authz.AnnualPlanUpdate, authz.AnnualPlanTransition)[:1],
	[]allow{
		{domain.RoleOffice, authz.AnnualPlanRead, unitAll},
		{domain.RoleOffice, authz.AnnualPlanTransition, unitAll},
		{domain.RoleLeader, authz.AnnualPlanTransition, []scope{sLedUnit}},
		{domain.RoleUnitHead, authz.AnnualPlanRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitHead, authz.AnnualPlanCreate, []scope{sOwnUnit}},
		{domain.RoleUnitHead, authz.AnnualPlanUpdate, []scope{sOwnUnit}},
		{domain.RoleUnitHead, authz.AnnualPlanTransition, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.AnnualPlanRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitContact, authz.AnnualPlanCreate, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.AnnualPlanUpdate, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.AnnualPlanTransition, []scope{sOwnUnit}},
		{domain.RoleSysAdmin, authz.AnnualPlanRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.AnnualPlanRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.AnnualPlanRead, []scope{sCollection}},
		{domain.RoleExpert, authz.AnnualPlanRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.AnnualPlanRead, []scope{sCollection}},
		{domain.RoleFinance, authz.AnnualPlanRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.AnnualPlanRead, []scope{sCollection}},
	},
	// The expert pool and its draws (BLD-R3) are the office's; whoever an expert record is linked
	// to reads that record (it is about them), whatever their roles, and nothing else of the pool.
	[]allow{
		{domain.RoleOffice, authz.ExpertRead, []scope{sSelf, sRecord, sCollection}},
		{domain.RoleOffice, authz.ExpertWrite, []scope{sSelf, sRecord, sCollection}},
		{domain.RoleOffice, authz.DrawRead, []scope{sRecord, sCollection}},
		{domain.RoleOffice, authz.DrawCreate, []scope{sRecord, sCollection}},
	},
	func() []allow {
		var rows []allow
		for _, r := range domain.Roles {
			if r != domain.RoleOffice {
				rows = append(rows, allow{r, authz.ExpertRead, []scope{sSelf}})
			}
		}
		return rows
	}(),
	// Project applications (FLOW-2): read like a registry (the leader in charge reads its units');
	// the unit writes and submits its own, the office reviews and decides (the workflow table says
	// which step is whose); the office does not write them.
	[]allow{
		{domain.RoleLeader, authz.ProjectRead, []scope{sLedUnit, sCollection}},
		{domain.RoleOffice, authz.ProjectRead, unitAll},
		{domain.RoleOffice, authz.ProjectTransition, unitAll},
		{domain.RoleUnitHead, authz.ProjectRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitHead, authz.ProjectCreate, []scope{sOwnUnit}},
		{domain.RoleUnitHead, authz.ProjectUpdate, []scope{sOwnUnit}},
		{domain.RoleUnitHead, authz.ProjectTransition, []scope{sOwnUnit}},
		{domain.RoleUnitHead, authz.ProjectStageSubmit, []scope{sOwnUnit}}, // FLOW-4: the stage materials
		{domain.RoleUnitContact, authz.ProjectRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitContact, authz.ProjectCreate, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.ProjectUpdate, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.ProjectTransition, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.ProjectStageSubmit, []scope{sOwnUnit}},
		{domain.RoleSysAdmin, authz.ProjectRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.ProjectRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.ProjectRead, []scope{sCollection}},
		{domain.RoleExpert, authz.ProjectRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.ProjectRead, []scope{sCollection}},
		{domain.RoleFinance, authz.ProjectRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.ProjectRead, []scope{sCollection}},
		// The review (BLD-R3, FLOW-2): the office assigns, reads every review, records a paper
		// one and writes the opinion; an assigned expert reads the application and submits their
		// review; the opinion is for the office and the applying unit.
		{domain.RoleOffice, authz.ProjectRead, []scope{sReviewing}},
		{domain.RoleOffice, authz.ProjectTransition, []scope{sReviewing}},
		{domain.RoleOffice, authz.ProjectReviewManage, append([]scope{sReviewing}, unitAll...)},
		{domain.RoleOffice, authz.ProjectReviewSubmit, append([]scope{sReviewing}, unitAll...)},
		{domain.RoleOffice, authz.ProjectOpinionRead, append([]scope{sReviewing}, unitAll...)},
		{domain.RoleExpert, authz.ProjectRead, []scope{sReviewing}},
		{domain.RoleExpert, authz.ProjectReviewSubmit, []scope{sReviewing}},
		{domain.RoleLeader, authz.ProjectOpinionRead, []scope{sLedUnit}},
		{domain.RoleUnitHead, authz.ProjectOpinionRead, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.ProjectOpinionRead, []scope{sOwnUnit}},
	},
	// Task books (FLOW-3, BLD-R4): the office issues them; the unit records its actuals; the unit's
	// people and its leader read their own, the finance and audit bureaus those of the projects
	// a notice sent to them concerns (FLOW-4, below); the administrators, experts and
	// supervisors none.
	[]allow{
		{domain.RoleOffice, authz.TaskBookRead, unitAll},
		{domain.RoleOffice, authz.TaskBookIssue, unitAll},
		{domain.RoleFinance, authz.TaskBookRead, []scope{sCollection}},
		{domain.RoleAuditBureau, authz.TaskBookRead, []scope{sCollection}},
		{domain.RoleLeader, authz.TaskBookRead, []scope{sLedUnit, sCollection}},
		{domain.RoleUnitHead, authz.TaskBookRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitHead, authz.TaskBookActuals, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.TaskBookRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitContact, authz.TaskBookActuals, []scope{sOwnUnit}},
		{domain.RoleSysAdmin, authz.TaskBookRead, []scope{sCollection}},
		{domain.RoleSecAdmin, authz.TaskBookRead, []scope{sCollection}},
		{domain.RoleAuditAdmin, authz.TaskBookRead, []scope{sCollection}},
		{domain.RoleExpert, authz.TaskBookRead, []scope{sCollection}},
		{domain.RoleSupervisor, authz.TaskBookRead, []scope{sCollection}},
	},
	// Key-project supervision (FLOW-5): the supervision unit reads its project and the project's
	// task book and keeps its log; the office keeps every log and assigns the supervision units;
	// the project's unit and its leader read the log; the finance and audit bureaus read the
	// task book as every other.
	func() []allow {
		rows := []allow{
			{domain.RoleSupervisor, authz.ProjectRead, []scope{sSupervising}},
			{domain.RoleSupervisor, authz.TaskBookRead, []scope{sSupervising}},
			{domain.RoleSupervisor, authz.SupervisionRead, []scope{sSupervising, sCollection}},
			{domain.RoleSupervisor, authz.SupervisionWrite, []scope{sSupervising}},
			{domain.RoleLeader, authz.SupervisionRead, []scope{sLedUnit, sCollection}},
			{domain.RoleUnitHead, authz.SupervisionRead, []scope{sOwnUnit, sCollection}},
			{domain.RoleUnitContact, authz.SupervisionRead, []scope{sOwnUnit, sCollection}},
		}
		for _, act := range []authz.Action{authz.ProjectRead, authz.ProjectTransition, authz.ProjectReviewManage, authz.ProjectReviewSubmit,
			authz.ProjectOpinionRead, authz.TaskBookRead, authz.TaskBookIssue} {
			rows = append(rows, allow{domain.RoleOffice, act, []scope{sSupervising}})
		}
		for _, act := range []authz.Action{authz.SupervisionRead, authz.SupervisionWrite, authz.SupervisionAssign} {
			rows = append(rows, allow{domain.RoleOffice, act, append([]scope{sReviewing, sSupervising}, unitAll...)})
		}
		for _, r := range []domain.Role{domain.RoleSysAdmin, domain.RoleSecAdmin, domain.RoleAuditAdmin, domain.RoleExpert,
			domain.RoleFinance, domain.RoleAuditBureau} {
			rows = append(rows, allow{r, authz.SupervisionRead, []scope{sCollection}})
		}
		return rows
	}(),
	// Random spot checks (FLOW-4): the office keeps the rounds and records for any check; a
	// check's drawn inspectors read its project and task book and record it; every login reads a
	// published round (一公开), an inspector the round they inspect before.
	func() []allow {
		rows := []allow{
			{domain.RoleOffice, authz.CheckRoundRead, []scope{sRecord, sInspecting, sPublished, sCollection}},
			{domain.RoleOffice, authz.CheckRoundWrite, []scope{sRecord, sInspecting, sPublished, sCollection}},
			{domain.RoleOffice, authz.SpotCheckRecord, []scope{sRecord, sInspecting, sPublished, sCollection}},
		}
		for _, act := range []authz.Action{authz.ProjectTransition, authz.ProjectReviewManage, authz.ProjectReviewSubmit,
			authz.ProjectOpinionRead, authz.TaskBookIssue, authz.SupervisionRead, authz.SupervisionWrite, authz.SupervisionAssign,
			authz.ProjectHalt} {
			rows = append(rows, allow{domain.RoleOffice, act, []scope{sInspecting}})
		}
		for _, r := range domain.Roles {
			rows = append(rows, allow{r, authz.ProjectRead, []scope{sInspecting}}, allow{r, authz.TaskBookRead, []scope{sInspecting}})
			if r != domain.RoleOffice {
				rows = append(rows, allow{r, authz.CheckRoundRead, []scope{sInspecting, sPublished, sCollection}},
					allow{r, authz.SpotCheckRecord, []scope{sInspecting}})
			}
		}
		return rows
	}())

// Rectification notices (FLOW-4, FLOW-5): the office issues and verifies them, halts and resumes
// projects; the unit's 责任人 and 联系人 answer their own; its people and its leader read them;
// the finance and audit bureaus read the notices sent to them and the projects and task books
// those concern — nothing else. Everyone may ask for the list (ReadScope narrows it).
var allowedRect = func() []allow {
	rows := []allow{
		{domain.RoleLeader, authz.RectificationRead, []scope{sLedUnit, sCollection}},
		{domain.RoleUnitHead, authz.RectificationRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitHead, authz.RectificationAnswer, []scope{sOwnUnit}},
		{domain.RoleUnitContact, authz.RectificationRead, []scope{sOwnUnit, sCollection}},
		{domain.RoleUnitContact, authz.RectificationAnswer, []scope{sOwnUnit}},
	}
	for _, act := range []authz.Action{authz.RectificationRead, authz.RectificationCreate, authz.RectificationVerify} {
		rows = append(rows, allow{domain.RoleOffice, act, unitAll})
	}
	rows = append(rows, allow{domain.RoleOffice, authz.ProjectHalt, append([]scope{sReviewing, sSupervising}, unitAll...)})
	for _, r := range []domain.Role{domain.RoleSysAdmin, domain.RoleSecAdmin, domain.RoleAuditAdmin, domain.RoleExpert, domain.RoleSupervisor} {
		rows = append(rows, allow{r, authz.RectificationRead, []scope{sCollection}})
	}
	for _, r := range []domain.Role{domain.RoleFinance, domain.RoleAuditBureau} {
		for _, act := range []authz.Action{authz.RectificationRead, authz.ProjectRead, authz.TaskBookRead} {
			rows = append(rows, allow{r, act, []scope{sBureau, sCollection}})
		}
	}
	return rows
}()

// Governance rules (issue 11): every login reads the rule set; the office publishes and sweeps.
// Findings and waivers are their record's unit's: its people and its leader read them, the
// unit's 责任人 and 联系人 ask for a waiver, the office reads all and decides.
var allowedRules = func() []allow {
	var rows []allow
	for _, r := range domain.Roles {
		rows = append(rows, allow{r, authz.RuleRead, []scope{sCollection}},
			allow{r, authz.FindingRead, []scope{sCollection}}, allow{r, authz.WaiverRead, []scope{sCollection}})
	}
	rows = append(rows,
		allow{domain.RoleOffice, authz.RuleWrite, []scope{sCollection}},
		allow{domain.RoleOffice, authz.RuleSweep, []scope{sCollection}},
		allow{domain.RoleOffice, authz.FindingRead, unitAll},
		allow{domain.RoleOffice, authz.WaiverRead, unitAll},
		allow{domain.RoleOffice, authz.WaiverDecide, unitAll},
		allow{domain.RoleLeader, authz.FindingRead, []scope{sLedUnit}},
		allow{domain.RoleLeader, authz.WaiverRead, []scope{sLedUnit}},
	)
	for _, r := range domain.Roles { // the duplicate-construction check: every business role
		if !r.Admin() {
			rows = append(rows, allow{r, authz.DupCheckRun, []scope{sCollection}})
		}
	}
	for _, r := range []domain.Role{domain.RoleUnitHead, domain.RoleUnitContact} {
		rows = append(rows, allow{r, authz.FindingRead, []scope{sOwnUnit}}, allow{r, authz.WaiverRead, []scope{sOwnUnit}},
			allow{r, authz.WaiverRequest, []scope{sOwnUnit}})
	}
	return rows
}()

// Department assessment (ORG-3): every login lists the published assessments (a draft is the
// office's: 404); the office configures and publishes, and answers objections; a unit's scores
// and objections are its own — its people and its leader read them, its 责任人 and 联系人 object.
var allowedAssessment = func() []allow {
	var rows []allow
	for _, r := range domain.Roles {
		rows = append(rows, allow{r, authz.AssessmentRead, []scope{sCollection}},
			allow{r, authz.ScoreRead, []scope{sCollection}}, allow{r, authz.ObjectionRead, []scope{sCollection}})
	}
	rows = append(rows,
		allow{domain.RoleOffice, authz.AssessmentRead, []scope{sRecord}},
		allow{domain.RoleOffice, authz.AssessmentWrite, []scope{sRecord, sCollection}},
		allow{domain.RoleOffice, authz.ScoreRead, unitAll},
		allow{domain.RoleOffice, authz.ObjectionRead, unitAll},
		allow{domain.RoleOffice, authz.ObjectionAnswer, unitAll},
		allow{domain.RoleLeader, authz.ScoreRead, []scope{sLedUnit}},
		allow{domain.RoleLeader, authz.ObjectionRead, []scope{sLedUnit}},
	)
	for _, r := range []domain.Role{domain.RoleUnitHead, domain.RoleUnitContact} {
		rows = append(rows, allow{r, authz.ScoreRead, []scope{sOwnUnit}}, allow{r, authz.ObjectionRead, []scope{sOwnUnit}},
			allow{r, authz.ObjectionFile, []scope{sOwnUnit}})
	}
	return rows
}()

// seesExchanges lists the two-unit records each role may see at all (others answer 404).
var seesExchanges = map[domain.Role][]scope{
	domain.RoleOffice:      {sAsked, sAnswer, sOtherUnit, sLedUnit},
	domain.RoleLeader:      {sLedUnit},
	domain.RoleUnitHead:    {sAsked, sAnswer},
	domain.RoleUnitContact: {sAsked, sAnswer},
}

// seesSystems lists the registry records each role may see at all (others answer 404).
var seesSystems = map[domain.Role][]scope{
	domain.RoleOffice:      {sOwnUnit, sOtherUnit, sLedUnit},
	domain.RoleLeader:      {sLedUnit},
	domain.RoleUnitHead:    {sOwnUnit},
	domain.RoleUnitContact: {sOwnUnit},
}

// seesUsers lists the account records each role may see at all; a refused action on any other
// account answers 404, not 403, so its existence is not leaked.
var seesUsers = map[domain.Role][]scope{
	domain.RoleSysAdmin:    {sSelf, sOwnUnit, sOtherUnit, sLedUnit},
	domain.RoleSecAdmin:    {sSelf, sOwnUnit, sOtherUnit, sLedUnit},
	domain.RoleAuditAdmin:  {sSelf, sOwnUnit, sOtherUnit, sLedUnit},
	domain.RoleOffice:      {sSelf, sOwnUnit, sOtherUnit, sLedUnit},
	domain.RoleLeader:      {sSelf, sLedUnit},
	domain.RoleUnitHead:    {sSelf, sOwnUnit},
	domain.RoleUnitContact: {sSelf, sOwnUnit},
	domain.RoleExpert:      {sSelf},
	domain.RoleSupervisor:  {sSelf},
	domain.RoleFinance:     {sSelf},
	domain.RoleAuditBureau: {sSelf},
}

// visible reports whether role may see a record of kind k in scope s. Collections, units and
// the policy are never secret; audit records are the audit admin's.
func visible(r domain.Role, k authz.Kind, s scope) bool {
	switch {
	case s == sCollection, k == authz.KindUnit, k == authz.KindPolicy, k == authz.KindGovernance, k == authz.KindCloudPool,
		k == authz.KindBaseLibrary, k == authz.KindRuleSet:
		return true
	case k == authz.KindSharing, k == authz.KindFeedback:
		return slices.Contains(seesExchanges[r], s)
	case k == authz.KindUser:
		return slices.Contains(seesUsers[r], s)
	case k == authz.KindAudit:
		return r == domain.RoleAuditAdmin
	case k == authz.KindExpert:
		return r == domain.RoleOffice || s == sSelf
	case k == authz.KindDraw:
		return r == domain.RoleOffice
	case s == sBureau:
		return r == domain.RoleFinance || r == domain.RoleAuditBureau || r == domain.RoleOffice
	case k == authz.KindProject && s == sReviewing:
		return r == domain.RoleOffice || r == domain.RoleExpert
	case k == authz.KindCheckRound, k == authz.KindSpotCheck:
		return s != sRecord || r == domain.RoleOffice
	case (k == authz.KindProject || k == authz.KindTaskBook) && s == sInspecting:
		return true
	case (k == authz.KindProject || k == authz.KindTaskBook) && s == sSupervising:
		return r == domain.RoleOffice || r == domain.RoleSupervisor
	case k == authz.KindSystem, k == authz.KindRoom, k == authz.KindWebsite, k == authz.KindMedia, k == authz.KindCloudRequest, k == authz.KindCatalog,
		k == authz.KindAnnualPlan, k == authz.KindProject, k == authz.KindTaskBook, k == authz.KindRectification,
		k == authz.KindFinding, k == authz.KindWaiver, k == authz.KindScore, k == authz.KindObjection:
		return slices.Contains(seesSystems[r], s)
	}
	return false
}

// want is the expected answer: "" (allowed), EForbidden or ENotFound.
func want(r domain.Role, act authz.Action, s scope) domain.Code {
	if s == sBureau && r == domain.RoleOffice {
		s = sOtherUnit // a record of another unit like any other for the office
	}
	for _, a := range slices.Concat(allowed, allowedRect, allowedRules, allowedAssessment) {
		if a.role == r && a.act == act && slices.Contains(a.scopes, s) {
			return ""
		}
	}
	if visible(r, kindOf(act), s) {
		return domain.EForbidden
	}
	return domain.ENotFound
}

func TestMatrix(t *testing.T) {
	for _, role := range domain.Roles {
		a := actorFor(role)
		for _, act := range allActions {
			k := kindOf(act)
			for _, s := range scopesOf(k) {
				t.Run(fmt.Sprintf("%s/%s/%s", role, act, s), func(t *testing.T) {
					err := authz.Can(a, act, resource(k, s))
					if got, w := domain.ErrorCode(err), want(role, act, s); got != w {
						t.Errorf("Can(%s, %s, %s) = %v, want %q", role, act, s, err, w)
					}
				})
			}
		}
	}
}

// The table itself must not hold rows that silently match nothing.
func TestMatrixTableIsWellFormed(t *testing.T) {
	for _, a := range allowed {
		if !a.role.Valid() {
			t.Errorf("allowed row %v: unknown role", a)
		}
		if !slices.Contains(allActions, a.act) {
			t.Errorf("allowed row %v: unknown action", a)
		}
		for _, s := range a.scopes {
			if !slices.Contains(scopesOf(kindOf(a.act)), s) {
				t.Errorf("allowed row %v: scope %s does not exist for %s", a, s, kindOf(a.act))
			}
		}
	}
	for _, r := range domain.Roles {
		if _, ok := seesUsers[r]; !ok {
			t.Errorf("seesUsers has no row for %s", r)
		}
	}
}

// TestEveryActionIsInTheMatrix reads authz.go so that an Action added there and forgotten
// here fails.
func TestEveryActionIsInTheMatrix(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "authz.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []authz.Action
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Action" {
				continue
			}
			for _, v := range vs.Values {
				lit := v.(*ast.BasicLit)
				declared = append(declared, authz.Action(strings.Trim(lit.Value, `"`)))
			}
		}
	}
	if len(declared) == 0 {
		t.Fatal("found no Action constants in authz.go")
	}
	for _, act := range declared {
		if !slices.Contains(allActions, act) {
			t.Errorf("action %s is declared in authz.go but missing from the matrix", act)
		}
		if scopesOf(kindOf(act)) == nil {
			t.Errorf("action %s is about an unknown kind %q", act, kindOf(act))
		}
	}
	if len(declared) != len(allActions) {
		t.Errorf("authz.go declares %d actions, the matrix has %d", len(declared), len(allActions))
	}
}

func TestNoUserIsUnauthorized(t *testing.T) {
	// A request without a logged-in user gets 401 for everything, even if grants were somehow
	// attached to it.
	for _, a := range []domain.Actor{{}, {Grants: []domain.Grant{{Role: domain.RoleSysAdmin}}, UnitID: unitOwn}} {
		for _, act := range allActions {
			for _, s := range scopesOf(kindOf(act)) {
				err := authz.Can(a, act, resource(kindOf(act), s))
				if domain.ErrorCode(err) != domain.EUnauthorized {
					t.Errorf("anonymous %+v: Can(%s, %s) = %v, want unauthorized", a.Grants, act, s, err)
				}
			}
		}
	}
}

func TestSystemActorMayDoEverything(t *testing.T) {
	sys := domain.Actor{System: true, Username: "system"}
	for _, act := range allActions {
		for _, s := range scopesOf(kindOf(act)) {
			if err := authz.Can(sys, act, resource(kindOf(act), s)); err != nil {
				t.Errorf("system: Can(%s, %s) = %v, want allowed", act, s, err)
			}
		}
	}
	for _, k := range []authz.Kind{authz.KindUnit, authz.KindUser, authz.KindAudit, authz.KindPolicy} {
		if !authz.ReadScope(sys, k).All {
			t.Errorf("system: ReadScope(%s) is not everything", k)
		}
	}
}

func TestUnitContactCannotSeeAnotherBureausUsers(t *testing.T) {
	contact := domain.Actor{UserID: 5, Username: "ga_lxr", UnitID: unitOwn,
		Grants: []domain.Grant{{Role: domain.RoleUnitContact, UnitID: unitOwn, UnitCode: "GA"}}}
	foreign := authz.User(&domain.User{ID: 6, Username: "wj_lxr", UnitID: unitOther})
	colleague := authz.User(&domain.User{ID: 7, Username: "ga_zrr", UnitID: unitOwn})
	for _, act := range allActions {
		if kindOf(act) != authz.KindUser {
			continue
		}
		if err := authz.Can(contact, act, foreign); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("contact of bureau A: Can(%s, user of bureau B) = %v, want not_found", act, err)
		}
	}
	if err := authz.Can(contact, authz.UserRead, colleague); err != nil {
		t.Errorf("contact may not read a colleague of the same bureau: %v", err)
	}
	if sc := authz.ReadScope(contact, authz.KindUser); sc.All || sc.Has(unitOther) || !sc.Has(unitOwn) {
		t.Errorf("contact's user list scope = %+v, want only unit %d", sc, unitOwn)
	}
}

func TestSysadminCannotGrantRoles(t *testing.T) {
	a := actorFor(domain.RoleSysAdmin)
	for _, s := range userAll {
		if err := authz.Can(a, authz.UserGrantRoles, resource(authz.KindUser, s)); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("sysadmin grants roles to %s: %v, want forbidden", s, err)
		}
	}
}

func TestSecadminLimits(t *testing.T) {
	a := actorFor(domain.RoleSecAdmin)
	if err := authz.Can(a, authz.UserGrantRoles, resource(authz.KindUser, sOtherUnit)); err != nil {
		t.Errorf("secadmin may not grant roles to another user: %v", err)
	}
	if err := authz.Can(a, authz.UserGrantRoles, resource(authz.KindUser, sSelf)); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("secadmin grants roles to itself: %v, want forbidden", err)
	}
	if err := authz.Can(a, authz.UserCreate, resource(authz.KindUser, sCollection)); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("secadmin creates a user: %v, want forbidden", err)
	}
	for _, act := range []authz.Action{authz.UserDisable, authz.UserResetPassword, authz.UserUpdate} {
		if err := authz.Can(a, act, resource(authz.KindUser, sOtherUnit)); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("secadmin %s another user: %v, want forbidden", act, err)
		}
	}
}

func TestOnlyAuditadminReadsTheAuditLog(t *testing.T) {
	for _, r := range domain.Roles {
		a := actorFor(r)
		for _, act := range []authz.Action{authz.AuditRead, authz.AuditExport, authz.AuditPrune} {
			errList := authz.Can(a, act, resource(authz.KindAudit, sCollection))
			errRec := authz.Can(a, act, resource(authz.KindAudit, sRecord))
			if r == domain.RoleAuditAdmin {
				if errList != nil || errRec != nil {
					t.Errorf("auditadmin %s: %v / %v, want allowed", act, errList, errRec)
				}
				continue
			}
			if domain.ErrorCode(errList) != domain.EForbidden {
				t.Errorf("%s %s the log: %v, want forbidden", r, act, errList)
			}
			if domain.ErrorCode(errRec) != domain.ENotFound {
				t.Errorf("%s %s a record: %v, want not_found", r, act, errRec)
			}
		}
		if sc := authz.ReadScope(a, authz.KindAudit); sc.All != (r == domain.RoleAuditAdmin) || len(sc.UnitIDs) != 0 {
			t.Errorf("%s: audit ReadScope = %+v", r, sc)
		}
	}
}

func TestNobodyDisablesOrResetsThemselves(t *testing.T) {
	// Every single role, and an actor holding every role at once (which CheckGrants forbids,
	// but Can must not rely on that).
	actors := map[string]domain.Actor{}
	everything := domain.Actor{UserID: actorID, UnitID: unitOwn}
	for _, r := range domain.Roles {
		actors[string(r)] = actorFor(r)
		everything.Grants = append(everything.Grants, actorFor(r).Grants...)
	}
	actors["every role"] = everything
	self := resource(authz.KindUser, sSelf)
	for name, a := range actors {
		for _, act := range []authz.Action{authz.UserDisable, authz.UserResetPassword, authz.UserUnlock, authz.UserGrantRoles} {
			if err := authz.Can(a, act, self); domain.ErrorCode(err) != domain.EForbidden {
				t.Errorf("%s: %s on itself = %v, want forbidden", name, act, err)
			}
		}
	}
}

func TestUnitHeadUpdatesOwnUnitsContactsOnly(t *testing.T) {
	head := actorFor(domain.RoleUnitHead)
	if err := authz.Can(head, authz.UnitUpdateContacts, resource(authz.KindUnit, sOwnUnit)); err != nil {
		t.Errorf("unit_head may not update own unit's contacts: %v", err)
	}
	// Units are public, so another unit is visible: 403, not 404.
	if err := authz.Can(head, authz.UnitUpdateContacts, resource(authz.KindUnit, sOtherUnit)); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("unit_head updates another unit's contacts: %v, want forbidden", err)
	}
	// Nor the full edit of its own unit (code, kind, parent): that is the system admin's.
	for _, act := range []authz.Action{authz.UnitUpdate, authz.UnitMove, authz.UnitDeactivate} {
		if err := authz.Can(head, act, resource(authz.KindUnit, sOwnUnit)); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("unit_head %s own unit: %v, want forbidden", act, err)
		}
	}
	// unit_contact names nobody.
	contact := actorFor(domain.RoleUnitContact)
	if err := authz.Can(contact, authz.UnitUpdateContacts, resource(authz.KindUnit, sOwnUnit)); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("unit_contact updates its unit's contacts: %v, want forbidden", err)
	}
}

func TestRefusalsAreDomainErrors(t *testing.T) {
	// The web adapter maps the code and shows the message key; both must be set.
	err := authz.Can(actorFor(domain.RoleExpert), authz.UserUpdate, resource(authz.KindUser, sOtherUnit))
	e := domain.AsError(err)
	if e.Code != domain.ENotFound || e.Message != "err.not_found" {
		t.Errorf("hidden record: %#v", e)
	}
	err = authz.Can(actorFor(domain.RoleExpert), authz.UnitUpdate, resource(authz.KindUnit, sOtherUnit))
	e = domain.AsError(err)
	if e.Code != domain.EForbidden || e.Message != "err.forbidden" {
		t.Errorf("forbidden action: %#v", e)
	}
	e = domain.AsError(authz.Can(domain.Actor{}, authz.UnitRead, resource(authz.KindUnit, sCollection)))
	if e.Code != domain.EUnauthorized || e.Message == "" {
		t.Errorf("anonymous: %#v", e)
	}
}

// population generates accounts with random units and random (not necessarily CheckGrants-valid)
// grant sets, plus one plain account per role, deterministically.
func population() []*domain.User {
	rng := rand.New(rand.NewPCG(2018, 822))
	units := []int64{0, 1, 2, 3, 4}
	var us []*domain.User
	add := func(unitID int64, gs []domain.Grant) {
		id := int64(len(us) + 1)
		us = append(us, &domain.User{ID: id, Username: fmt.Sprintf("u%d", id), UnitID: unitID, Grants: gs})
	}
	for _, r := range domain.Roles {
		g := domain.Grant{Role: r}
		if r.Scoped() {
			g.UnitID = 2
		}
		add(2, []domain.Grant{g})
	}
	for range 200 {
		var gs []domain.Grant
		for range rng.IntN(4) {
			g := domain.Grant{Role: domain.Roles[rng.IntN(len(domain.Roles))]}
			if g.Role.Scoped() {
				g.UnitID = units[1+rng.IntN(len(units)-1)]
			}
			gs = append(gs, g)
		}
		add(units[rng.IntN(len(units))], gs)
	}
	return us
}

// TestReadScopeMatchesCan: a list query filtered by ReadScope shows exactly the accounts Can
// lets the actor open, for every (actor, account) pair in the population.
func TestReadScopeMatchesCan(t *testing.T) {
	us := population()
	for _, actorUser := range us {
		a := domain.Actor{UserID: actorUser.ID, Username: actorUser.Username, UnitID: actorUser.UnitID, Grants: actorUser.Grants}
		sc := authz.ReadScope(a, authz.KindUser)
		if !sc.All && sc.SelfID != a.UserID {
			t.Errorf("actor %d %v: scope SelfID %d", a.UserID, a.RoleNames(), sc.SelfID)
		}
		for _, u := range us {
			canRead := authz.Can(a, authz.UserRead, authz.User(u)) == nil
			listed := sc.Has(u.UnitID) || u.ID == a.UserID
			if canRead != listed {
				t.Errorf("actor %d (unit %d, %v) and user %d (unit %d): Can(UserRead)=%v but ReadScope lists it=%v (scope %+v)",
					a.UserID, a.UnitID, a.RoleNames(), u.ID, u.UnitID, canRead, listed, sc)
			}
		}
		unitsAll := authz.ReadScope(a, authz.KindUnit).All
		if !unitsAll {
			t.Errorf("actor %d: unit ReadScope is not everything, but units are public", a.UserID)
		}
		auditAll := authz.ReadScope(a, authz.KindAudit).All
		canAudit := authz.Can(a, authz.AuditRead, authz.Resource{Kind: authz.KindAudit, ID: 1}) == nil
		if auditAll != canAudit {
			t.Errorf("actor %d %v: audit ReadScope.All=%v, Can(AuditRead record)=%v", a.UserID, a.RoleNames(), auditAll, canAudit)
		}
	}
}

func TestScopeHas(t *testing.T) {
	s := authz.Scope{UnitIDs: []int64{3, 5}, SelfID: 9}
	for unit, want := range map[int64]bool{3: true, 5: true, 4: false, 0: false} {
		if got := s.Has(unit); got != want {
			t.Errorf("Scope%v.Has(%d) = %v, want %v", s.UnitIDs, unit, got, want)
		}
	}
	if !(authz.Scope{All: true}).Has(0) {
		t.Error("Scope{All}.Has(0) = false: an account without a unit must be listed for administrators")
	}
	if (authz.Scope{}).Has(0) {
		t.Error("empty scope has unit 0")
	}
}

// 三权分立 (issue 13, low 6): who may change which account. The system admin keeps the ordinary
// accounts, the security admin their business roles; an administrator's account — record,
// password, lockout, enabled state, roles — is changed only at the command line, and so is any
// grant that would make an administrator. Nobody acts on their own account here.
//
// ok: allowed; adm: 403 err.user.admin_account (refused because the account is an
// administrator's); no: 403 err.forbidden (not this role's job, or the actor's own account).
func TestAdministratorAccountsMatrix(t *testing.T) {
	const ok, adm, no = "ok", "adm", "no"
	targets := []string{"ordinary", "sysadmin", "secadmin", "auditadmin", "self"}
	rows := []struct {
		actor domain.Role
		act   authz.Action
		want  [5]string // per target, in the order above
	}{
		{domain.RoleSysAdmin, authz.UserUpdate, [5]string{ok, adm, adm, adm, no}},
		{domain.RoleSysAdmin, authz.UserUnlock, [5]string{ok, adm, adm, adm, no}},
		{domain.RoleSysAdmin, authz.UserDisable, [5]string{ok, adm, adm, adm, no}},
		{domain.RoleSysAdmin, authz.UserResetPassword, [5]string{ok, adm, adm, adm, no}},
		{domain.RoleSysAdmin, authz.UserGrantRoles, [5]string{no, no, no, no, no}},
		{domain.RoleSecAdmin, authz.UserUpdate, [5]string{no, no, no, no, no}},
		{domain.RoleSecAdmin, authz.UserUnlock, [5]string{no, no, no, no, no}},
		{domain.RoleSecAdmin, authz.UserDisable, [5]string{no, no, no, no, no}},
		{domain.RoleSecAdmin, authz.UserResetPassword, [5]string{no, no, no, no, no}},
		{domain.RoleSecAdmin, authz.UserGrantRoles, [5]string{ok, adm, adm, adm, no}},
		{domain.RoleAuditAdmin, authz.UserUpdate, [5]string{no, no, no, no, no}},
		{domain.RoleAuditAdmin, authz.UserUnlock, [5]string{no, no, no, no, no}},
		{domain.RoleAuditAdmin, authz.UserDisable, [5]string{no, no, no, no, no}},
		{domain.RoleAuditAdmin, authz.UserResetPassword, [5]string{no, no, no, no, no}},
		{domain.RoleAuditAdmin, authz.UserGrantRoles, [5]string{no, no, no, no, no}},
		{domain.RoleOffice, authz.UserGrantRoles, [5]string{no, no, no, no, no}},
		{domain.RoleOffice, authz.UserUpdate, [5]string{no, no, no, no, no}},
	}
	account := func(a domain.Actor, target string) *domain.User {
		switch target {
		case "self":
			return &domain.User{ID: a.UserID, Grants: a.Grants}
		case "ordinary":
			return &domain.User{ID: 201, UnitID: unitOther, Grants: []domain.Grant{{Role: domain.RoleUnitContact, UnitID: unitOther}}}
		}
		return &domain.User{ID: 202, Grants: []domain.Grant{{Role: domain.Role(target)}}}
	}
	for _, row := range rows {
		a := actorFor(row.actor)
		for i, target := range targets {
			err := authz.Can(a, row.act, authz.User(account(a, target)))
			got := ok
			switch e := domain.AsError(err); {
			case err == nil:
			case e.Code == domain.EForbidden && e.Message == "err.user.admin_account":
				got = adm
			case e.Code == domain.EForbidden && e.Message == "err.forbidden":
				got = no
			default:
				got = err.Error()
			}
			if got != row.want[i] {
				t.Errorf("%s %s on %s: %s, want %s", row.actor, row.act, target, got, row.want[i])
			}
		}
	}
	// The operator at the command line does all of it, on every account.
	for _, act := range []authz.Action{authz.UserUpdate, authz.UserUnlock, authz.UserDisable, authz.UserResetPassword, authz.UserGrantRoles} {
		for _, target := range targets[:4] {
			if err := authz.Can(domain.Actor{System: true}, act, authz.User(account(domain.Actor{}, target))); err != nil {
				t.Errorf("the command line %s on %s: %v", act, target, err)
			}
		}
	}
	// A grant that would make an ordinary account an administrator's is judged on the account as
	// it would be, so the security admin cannot make a new auditor either.
	sec := actorFor(domain.RoleSecAdmin)
	for _, role := range []domain.Role{domain.RoleSysAdmin, domain.RoleSecAdmin, domain.RoleAuditAdmin} {
		after := &domain.User{ID: 201, UnitID: unitOther, Grants: []domain.Grant{{Role: role}}}
		if err := authz.Can(sec, authz.UserGrantRoles, authz.User(after)); domain.AsError(err).Message != "err.user.admin_account" {
			t.Errorf("secadmin making an account %s: %v, want err.user.admin_account", role, err)
		}
	}
}

// A published catalog entry is readable by every government user (SHR-P3), while changing it
// stays its provider's and the office's.
func TestPublishedCatalogEntriesArePublic(t *testing.T) {
	pub := authz.CatalogEntry(601, unitOther, true)
	for _, role := range domain.Roles {
		a := actorFor(role)
		if err := authz.Can(a, authz.CatalogRead, pub); err != nil {
			t.Errorf("%s reading a published entry of another unit: %v", role, err)
		}
		want := domain.EForbidden
		if role == domain.RoleOffice {
			want = ""
		}
		if got := domain.ErrorCode(authz.Can(a, authz.CatalogUpdate, pub)); got != want {
			t.Errorf("%s updating a published entry of another unit: %q, want %q", role, got, want)
		}
	}
}
