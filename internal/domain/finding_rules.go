package domain

// The rules of the default set (internal/rules/default.yaml) whose findings the registers read
// (issue 11): a list filter, a record's flag or a to-do that used to compute a clause's check
// by itself now asks whether the record has a live finding of one of these rules, so the
// engine is the one place the check is made. app's TestFindingRulesExist keeps them in step
// with the default set.
const (
	RuleOffCloud       = "ENV-P1.off-cloud"             // ENV-P1: in service off the cloud where the rule wants it on (its scope)
	RuleNoMigration    = "ENV-R2.no-migration-plan"     // ENV-R2, ENV-P1: off the cloud without an open migration plan
	RuleRoomOverdue    = "ENV-R3.room-overdue"          // ENV-R3: a room past its closing deadline
	RuleWebsiteOverdue = "PTL-R3.website-overdue"       // PTL-R3: a website past the registration deadline
	RulePeopleMissing  = "ORG-1.people-missing"         // ORG-1: a unit without its 责任人 or 联系人
	RuleNoProvider     = "SHR-R5.no-provider"           // SHR-R5: a base library without its provider
	RuleUndocked       = "SHR-R8.undocked-base-data"    // SHR-R8: base data used undocked, without a docking plan
	RuleMigrationLate  = "ENV-R2.migration-overdue"     // ENV-R2: a system's open migration plan past its date
	RuleDockingLate    = "SHR-R8.docking-overdue"       // SHR-R8: a system's open docking plan past its date
	RuleNoRoomBuild    = "ENV-R1.no-machine-room-build" // ENV-R1: an application building, extending or renovating a machine room
	RuleExchangeOff    = "SHR-P1.exchange-off-platform" // SHR-P1, SHR-R2: an application's exchange off the district platform
)

// ClauseTaskBook is the clause whose rules judge a task book against its control indicators
// (BLD-R4): a task book deviates when its application has a live finding citing it.
const ClauseTaskBook = "BLD-R4"

// Finding subject kinds, as findings and waivers name them (internal/rules' kinds).
const (
	SubjectSystem      = "system"
	SubjectRoom        = "machine_room"
	SubjectWebsite     = "website"
	SubjectMedia       = "media"
	SubjectUnit        = "unit"
	SubjectBaseLibrary = "base_library"
	SubjectApplication = "application"
)

// FindingSubjects lists the subject kinds in display order.
var FindingSubjects = []string{SubjectSystem, SubjectRoom, SubjectWebsite, SubjectMedia, SubjectUnit, SubjectBaseLibrary, SubjectApplication}
