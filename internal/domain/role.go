package domain

import (
	"slices"
	"strings"
)

// Role identifies what a user may do. The identifiers are a public contract: administrators
// script `archgov user add --role` against them.
type Role string

const (
	RoleSysAdmin    Role = "sysadmin"     // manages units and accounts (三权分立)
	RoleSecAdmin    Role = "secadmin"     // grants roles, sets security policy
	RoleAuditAdmin  Role = "auditadmin"   // reads and exports the audit log
	RoleOffice      Role = "office"       // 区信息办 reviewer, district-wide
	RoleLeader      Role = "leader"       // 分管领导, for assigned units
	RoleUnitHead    Role = "unit_head"    // 责任人 of a unit (ORG-1)
	RoleUnitContact Role = "unit_contact" // 联系人 of a unit (ORG-1)
	RoleExpert      Role = "expert"
	RoleSupervisor  Role = "supervisor"   // 监理 (FLOW-5)
	RoleFinance     Role = "finance"      // 财政局 observer (FLOW-4)
	RoleAuditBureau Role = "audit_bureau" // 审计局 observer (FLOW-4)
)

// Roles lists every role in display order.
var Roles = []Role{RoleSysAdmin, RoleSecAdmin, RoleAuditAdmin, RoleOffice, RoleLeader,
	RoleUnitHead, RoleUnitContact, RoleExpert, RoleSupervisor, RoleFinance, RoleAuditBureau}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Scoped reports whether the role only makes sense for a unit (and so needs one).
func (r Role) Scoped() bool {
	return r == RoleLeader || r == RoleUnitHead || r == RoleUnitContact
}

// Admin reports whether r is one of the three separated administrator roles (三权分立).
func (r Role) Admin() bool {
	return r == RoleSysAdmin || r == RoleSecAdmin || r == RoleAuditAdmin
}

// Grant is one role a user holds, with the unit it applies to for scoped roles.
type Grant struct {
	Role     Role   `json:"role"`
	UnitID   int64  `json:"unit_id,omitempty"`
	UnitCode string `json:"unit_code,omitempty"`
	UnitName string `json:"unit_name,omitempty"`
}

// String gives the "role" or "role:UNITCODE" form the CLI takes.
func (g Grant) String() string {
	if g.UnitCode != "" {
		return string(g.Role) + ":" + g.UnitCode
	}
	return string(g.Role)
}

// ParseGrant parses "role" or "role:UNITCODE". The unit code is resolved by the caller.
func ParseGrant(s string) (Grant, error) {
	role, code, _ := strings.Cut(strings.TrimSpace(s), ":")
	g := Grant{Role: Role(role), UnitCode: strings.TrimSpace(code)}
	if !g.Role.Valid() {
		return g, Invalid("role", "err.role.unknown", role)
	}
	if g.Role.Scoped() && g.UnitCode == "" {
		return g, Invalid("role", "err.role.needs_unit", role)
	}
	if !g.Role.Scoped() && g.UnitCode != "" {
		return g, Invalid("role", "err.role.no_unit", role)
	}
	return g, nil
}

// CheckGrants enforces the separation of the three administrator roles: an administrator holds
// exactly one administrator role and no business role, so no one can do another's job.
func CheckGrants(gs []Grant) error {
	admins, others := 0, 0
	seen := map[string]bool{}
	for _, g := range gs {
		if seen[g.String()] {
			return Invalid("role", "err.role.duplicate", g.String())
		}
		seen[g.String()] = true
		if g.Role.Admin() {
			admins++
		} else {
			others++
		}
	}
	if admins > 1 || (admins == 1 && others > 0) {
		return Invalid("role", "err.role.separation")
	}
	return nil
}

// Actor is who is acting: a logged-in user, an API token's user, or the command line.
type Actor struct {
	UserID   int64
	Username string
	Name     string
	UnitID   int64 // the user's own unit; 0 for none
	Grants   []Grant
	IP       string
	System   bool // the command line run by the operator with database access
}

// Has reports whether the actor holds role r for any unit.
func (a Actor) Has(r Role) bool {
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// HasFor reports whether the actor holds scoped role r for the given unit.
func (a Actor) HasFor(r Role, unitID int64) bool {
	for _, g := range a.Grants {
		if g.Role == r && g.UnitID == unitID && unitID != 0 {
			return true
		}
	}
	return false
}

// RoleNames lists the actor's grants in "role[:UNIT]" form, as written into the audit log.
func (a Actor) RoleNames() []string {
	out := make([]string, 0, len(a.Grants))
	for _, g := range a.Grants {
		out = append(out, g.String())
	}
	return out
}
