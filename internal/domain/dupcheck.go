package domain

import (
	"strings"
	"unicode/utf8"
)

// The duplicate-construction check (应用查重, issue 15; BLD-P3, SHR-R1, PTL-R1): before a project
// is built, what it proposes is ranked against what the district already has — its registered
// systems (all units, non-classified, in service or under construction), its published catalog
// entries and its shared components (组件目录) — so that a unit reuses or integrates instead of
// building the same thing twice. The ranking lives in internal/dupcheck; the service's
// CheckDuplicates (internal/app/dupcheck.go) reads the candidates and the threshold.

// DupKind is the kind of an existing thing a proposal is checked against.
type DupKind string

const (
	DupSystem    DupKind = "system"    // a registered information system
	DupCatalog   DupKind = "catalog"   // a published catalog entry (data resource)
	DupComponent DupKind = "component" // a shared component of the component catalog
)

// DupKinds lists the kinds in display order.
var DupKinds = []DupKind{DupSystem, DupComponent, DupCatalog}

// Proposal is what the check ranks against: a proposed project's name, its construction content
// (建设内容) and its function points (short phrases of what it will do).
type Proposal struct {
	Name      string   `json:"name"`
	Content   string   `json:"content"`
	Functions []string `json:"functions"`
	// ExcludeSystemIDs are systems left out of the ranking: those the project itself changes
	// (Project.SystemIDs), which an upgrade names on purpose.
	ExcludeSystemIDs []int64 `json:"exclude_system_ids,omitempty"`
}

// DupMatch is one existing thing ranked against a proposal, with why it ranked.
type DupMatch struct {
	Kind     DupKind `json:"kind"`
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	UnitID   int64   `json:"unit_id"`
	UnitName string  `json:"unit_name"`
	// Score is the similarity, 0–100, that the threshold is compared with.
	Score int `json:"score"`
	// Above is Score ≥ the threshold: the unit must answer this match before submitting.
	Above bool `json:"above"`
	// Terms are the overlapping terms (words or character pairs) of the proposal and the match,
	// for highlighting: those in the match's name first, then the rest, most telling first.
	Terms []string `json:"terms"`
	// Functions says which of the proposal's function points matched what of the match.
	Functions []DupFunction `json:"functions"`
	// NameScore is the similarity of the names alone (0–100), shown beside the function points.
	NameScore int `json:"name_score"`
}

// DupFunction is one function point of the proposal and the text of the match it overlaps: a
// function point of a component or the sentence of a system's or entry's description.
type DupFunction struct {
	Function string   `json:"function"`
	Matched  string   `json:"matched"`
	Terms    []string `json:"terms"`
	Score    int      `json:"score"` // 0–100
}

// DupResult is the ranking of one check: the best matches first (at most the limit asked), and
// the threshold in force.
type DupResult struct {
	Threshold int        `json:"threshold"`
	Matches   []DupMatch `json:"matches"`
}

// DefaultDupThreshold is the threshold (score 0–100) before the office sets one
// (Governance.DupThreshold).
const DefaultDupThreshold = 60

// Bounds of a proposal to check (the API and the page; an application's own fields are bounded
// where they are kept).
const (
	MaxDupNameLen     = 200
	MaxDupContentLen  = 5000
	MaxDupFunctions   = 50
	MaxDupFunctionLen = 60
	MaxDupLimit       = 50
	DefaultDupLimit   = 10
)

// Normalize trims the proposal and drops empty function points.
func (p *Proposal) Normalize() {
	trimSpace(&p.Name, &p.Content)
	fs := p.Functions[:0:0]
	for _, f := range p.Functions {
		if f = strings.TrimSpace(f); f != "" {
			fs = append(fs, f)
		}
	}
	p.Functions = fs
}

// Validate checks a proposal to be checked: a name, bounded content and function points; every
// problem at once.
func (p *Proposal) Validate() error {
	p.Normalize()
	var errs Problems
	errs.Check(p.Name == "", "name", "err.required")
	errs.Check(utf8.RuneCountInString(p.Name) > MaxDupNameLen, "name", "err.too_long", MaxDupNameLen)
	errs.Check(utf8.RuneCountInString(p.Content) > MaxDupContentLen, "content", "err.too_long", MaxDupContentLen)
	errs.Check(len(p.Functions) > MaxDupFunctions, "functions", "err.dup.too_many_functions", MaxDupFunctions)
	for _, f := range p.Functions {
		if errs.Check(utf8.RuneCountInString(f) > MaxDupFunctionLen, "functions", "err.dup.function_too_long", MaxDupFunctionLen) {
			break
		}
	}
	errs.Check(len(p.ExcludeSystemIDs) > 1000, "exclude_system_ids", "err.dup.too_many_excluded", 1000)
	return errs.Err()
}
