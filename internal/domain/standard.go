package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Standard is one version of a technical standard the info office publishes (技术标准, ORG-5):
// an interface standard of a base library or the exchange platform (接口标准), or a platform
// access procedure (接入规程). The versions of one standard share its Code; at most one of them
// is in force (published). Publishing a new version supersedes the one in force in the same
// transaction; a superseded version stays readable, marked so, because docking plans and
// components name the version they follow (SHR-R7, SHR-R8).
type Standard struct {
	ID            int64          `json:"id"`
	Code          string         `json:"code"` // the standard's number, shared by its versions: XC-JK-001
	Name          string         `json:"name"`
	Kind          StandardKind   `json:"kind"`
	Library       BaseLibrary    `json:"library,omitempty"` // the base library an interface standard is for; "" for none
	Edition       string         `json:"edition"`           // the version's label (版本号): V2.1
	EffectiveDate time.Time      `json:"effective_date,omitzero"`
	Summary       string         `json:"summary"` // the body, or a summary of it with the link
	URL           string         `json:"url"`     // where the full text is published, "" for none (the attachments)
	Status        StandardStatus `json:"status"`
	PublishedAt   time.Time      `json:"published_at,omitzero"`
	Version       int64          `json:"version"` // the record's version (optimistic concurrency), not the edition
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// StandardKind is what a standard governs.
type StandardKind string

const (
	StdInterface StandardKind = "interface" // 接口标准
	StdAccess    StandardKind = "access"    // 接入规程
)

// StandardStatus is a state of a standard's version.
type StandardStatus string

const (
	StdDraft      StandardStatus = "draft"
	StdPublished  StandardStatus = "published"
	StdSuperseded StandardStatus = "superseded" // a later version of the standard was published
)

// StandardAction is a step of a standard's version.
type StandardAction string

const (
	StdPublish StandardAction = "publish"
	StdRevise  StandardAction = "revise"    // starts the next version as a draft copy
	StdReplace StandardAction = "supersede" // taken by the system when the next version is published
)

// StandardActor is who acts on standards: the office, and the system superseding a version.
type StandardActor string

const (
	StdOffice StandardActor = "office"
	StdSystem StandardActor = "system"
)

// StandardFlow is a standard version's lifecycle (ORG-5).
var StandardFlow = &Workflow[StandardStatus, StandardAction, StandardActor, *Standard]{
	Name: "standard", Title: "nav.standards", Clauses: []string{"ORG-5"}, States: StandardStatuses,
	Conflict: "err.standard.transition", StateKey: "stdstatus.", ActionKey: "stdaction.",
	Steps: []Transition[StandardStatus, StandardAction, StandardActor, *Standard]{
		{Action: StdPublish, From: []StandardStatus{StdDraft}, To: StdPublished, By: []StandardActor{StdOffice},
			Guard: func(s *Standard, _ string) error { return s.ReadyToPublish() },
			Rule:  "an effective date and a summary; supersedes the version in force and notifies every active unit"},
		// Revising leaves the version in force and makes a draft copy for the next edition.
		{Action: StdRevise, From: []StandardStatus{StdPublished}, To: StdPublished, By: []StandardActor{StdOffice}},
		// Taken in the transaction that publishes the standard's next version.
		{Action: StdReplace, From: []StandardStatus{StdPublished}, To: StdSuperseded, By: []StandardActor{StdSystem}},
	},
}

// The enumerations in display order.
var (
	StandardKinds    = []StandardKind{StdInterface, StdAccess}
	StandardStatuses = []StandardStatus{StdDraft, StdPublished, StdSuperseded}
	StandardActions  = StandardFlow.Actions()
)

var stdCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9./-]{1,39}$`)

// Validate checks a version's own fields: every problem at once.
func (s *Standard) Validate() error {
	trimSpace(&s.Code, &s.Name, &s.Edition, &s.Summary, &s.URL)
	s.Code = strings.ToUpper(s.Code)
	var errs Problems
	errs.Check(!stdCodeRe.MatchString(s.Code), "code", "err.standard.code")
	errs.Check(s.Name == "" || utf8.RuneCountInString(s.Name) > 200, "name", "err.required_len", 200)
	errs.Check(!slices.Contains(StandardKinds, s.Kind), "kind", "err.enum")
	errs.Check(s.Library != "" && !s.Library.Valid(), "library", "err.enum")
	errs.Check(s.Edition == "" || utf8.RuneCountInString(s.Edition) > 30, "edition", "err.required_len", 30)
	errs.Check(utf8.RuneCountInString(s.Summary) > 20000, "summary", "err.too_long", 20000)
	errs.Check(s.URL != "" && !webURL(s.URL), "url", "err.standard.url")
	return errs.Err()
}

// ReadyToPublish says what a draft still lacks before it is in force: when it takes effect and
// what it says.
func (s *Standard) ReadyToPublish() error {
	var errs Problems
	errs.Check(s.EffectiveDate.IsZero(), "effective_date", "err.required")
	errs.Check(s.Summary == "", "summary", "err.required")
	return errs.Err()
}

// Title is how a page names the version: its name and edition.
func (s *Standard) Title() string { return s.Name + " " + s.Edition }
