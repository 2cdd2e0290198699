package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// Expert is one member of the office's expert pool (专家库, BLD-R3): the people a project's
// expert review is drawn from. An expert affiliated with a district unit (UnitID) is never
// drawn to review that unit's projects; an inactive one is not drawn at all. UserID links the
// expert's login (role expert), through which they will score the projects they review.
type Expert struct {
	ID           int64       `json:"id"`
	Name         string      `json:"name"`
	Organization string      `json:"organization"` // 工作单位, as the expert states it
	Title        string      `json:"title"`        // 职称, e.g. 高级工程师
	UnitID       int64       `json:"unit_id,omitempty"`
	UnitName     string      `json:"unit_name,omitempty"` // read with the expert
	Specialties  []Specialty `json:"specialties"`
	Phone        string      `json:"phone"` // personal data: sealed at rest, masked in the audit log
	UserID       int64       `json:"user_id,omitempty"`
	Username     string      `json:"username,omitempty"` // read with the expert
	Active       bool        `json:"active"`
	Version      int64       `json:"version"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// Specialty is a field an expert reviews in; a draw may ask for one.
type Specialty string

const (
	SpecSecurity       Specialty = "security"           // 网络安全
	SpecData           Specialty = "data_governance"    // 数据治理
	SpecCloud          Specialty = "cloud"              // 云计算
	SpecSoftware       Specialty = "software"           // 软件工程
	SpecProjects       Specialty = "project_management" // 项目管理
	SpecBudget         Specialty = "budget"             // 投资评审（预算合理性）
	SpecEgov           Specialty = "egov"               // 电子政务业务
	SpecInfrastructure Specialty = "infrastructure"     // 网络与机房基础设施
)

// Specialties lists them in display order.
var Specialties = []Specialty{SpecSecurity, SpecData, SpecCloud, SpecSoftware, SpecProjects, SpecBudget, SpecEgov, SpecInfrastructure}

// Has reports whether the expert reviews in sp.
func (e *Expert) Has(sp Specialty) bool { return slices.Contains(e.Specialties, sp) }

// Validate checks an expert's own fields, every problem at once; the links (unit, account)
// are the service's to check.
func (e *Expert) Validate() error {
	trimSpace(&e.Name, &e.Organization, &e.Title, &e.Phone)
	var errs Problems
	errs.Check(e.Name == "" || utf8.RuneCountInString(e.Name) > 50, "name", "err.required_len", 50)
	errs.Check(e.Organization == "" || utf8.RuneCountInString(e.Organization) > 100, "organization", "err.required_len", 100)
	errs.Check(utf8.RuneCountInString(e.Title) > 50, "title", "err.too_long", 50)
	errs.Check(e.Phone == "", "phone", "err.required")
	errs.Check(!phoneRe.MatchString(e.Phone), "phone", "err.phone")
	errs.Check(e.UnitID < 0, "unit_id", "err.unit.missing")
	errs.Check(e.UserID < 0, "user_id", "err.expert.account")
	if !errs.Check(len(e.Specialties) == 0, "specialties", "err.expert.no_specialty") {
		seen := map[Specialty]bool{}
		for _, sp := range e.Specialties {
			if errs.Check(!slices.Contains(Specialties, sp) || seen[sp], "specialties", "err.expert.specialty", string(sp)) {
				break
			}
			seen[sp] = true
		}
	}
	if len(e.Specialties) > 0 {
		slices.SortFunc(e.Specialties, func(a, b Specialty) int { return slices.Index(Specialties, a) - slices.Index(Specialties, b) })
	}
	return errs.Err()
}
