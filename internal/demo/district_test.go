package demo_test

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"archgov/internal/demo"
)

const districtTestRoot = "320507"

var districtTestKinds = map[string]bool{
	"district": true, "bureau": true, "town": true, "street": true,
	"zone": true, "village": true, "community": true,
}

// Roles that are scoped to a unit ("role:UNITCODE") and roles that never are.
var districtTestScopedRoles = map[string]bool{"leader": true, "unit_head": true, "unit_contact": true}
var districtTestGlobalRoles = map[string]bool{
	"sysadmin": true, "secadmin": true, "auditadmin": true, "office": true,
	"expert": true, "supervisor": true, "finance": true, "audit_bureau": true,
}

func districtTestUnits(t *testing.T) map[string]demo.UnitSeed {
	t.Helper()
	m := make(map[string]demo.UnitSeed, len(demo.Units))
	for _, u := range demo.Units {
		if _, dup := m[u.Code]; dup {
			t.Errorf("duplicate unit code %q", u.Code)
		}
		m[u.Code] = u
	}
	return m
}

func TestUnitCodesUnique(t *testing.T) {
	t.Parallel()
	m := districtTestUnits(t)
	if len(m) != len(demo.Units) {
		t.Fatalf("%d units but %d distinct codes", len(demo.Units), len(m))
	}
}

func TestUnitCodeScheme(t *testing.T) {
	t.Parallel()
	firstLevel := regexp.MustCompile(`^320507[123][0-9]{2}$`)
	for _, u := range demo.Units {
		switch u.Kind {
		case "district":
			if u.Code != districtTestRoot {
				t.Errorf("district code %q, want %q", u.Code, districtTestRoot)
			}
		case "bureau", "town", "street", "zone":
			want := map[string]byte{"bureau": '1', "town": '2', "street": '2', "zone": '3'}[u.Kind]
			if !firstLevel.MatchString(u.Code) || u.Code[6] != want {
				t.Errorf("%s %q (%s): code does not follow 320507%cNN", u.Kind, u.Code, u.Name, want)
			}
		case "village", "community":
			if len(u.Code) != len(u.ParentCode)+3 || !strings.HasPrefix(u.Code, u.ParentCode) ||
				!regexp.MustCompile(`^[0-9]{3}$`).MatchString(u.Code[len(u.ParentCode):]) {
				t.Errorf("%s %q (%s): code is not parent %q + 3 digits", u.Kind, u.Code, u.Name, u.ParentCode)
			}
		}
		if strings.TrimSpace(u.Name) == "" {
			t.Errorf("unit %q has no name", u.Code)
		}
	}
}

func TestUnitTreeSingleRootNoCycles(t *testing.T) {
	t.Parallel()
	m := districtTestUnits(t)
	roots := 0
	for _, u := range demo.Units {
		if u.ParentCode == "" {
			roots++
			if u.Code != districtTestRoot || u.Kind != "district" {
				t.Errorf("unexpected root %q (%s, kind %s)", u.Code, u.Name, u.Kind)
			}
			continue
		}
		if u.Kind == "district" {
			t.Errorf("district-kind unit %q has parent %q", u.Code, u.ParentCode)
		}
		if _, ok := m[u.ParentCode]; !ok {
			t.Errorf("unit %q (%s): parent %q does not exist", u.Code, u.Name, u.ParentCode)
		}
	}
	if roots != 1 {
		t.Errorf("%d roots, want exactly 1", roots)
	}
	// Every unit must reach the root in fewer steps than there are units.
	for _, u := range demo.Units {
		cur, steps := u, 0
		for cur.ParentCode != "" {
			next, ok := m[cur.ParentCode]
			if !ok {
				break // reported above
			}
			cur = next
			steps++
			if steps > len(demo.Units) {
				t.Errorf("cycle through unit %q", u.Code)
				break
			}
		}
		if cur.ParentCode == "" && cur.Code != districtTestRoot {
			t.Errorf("unit %q reaches root %q, want %q", u.Code, cur.Code, districtTestRoot)
		}
	}
}

func TestUnitKindsAndCounts(t *testing.T) {
	t.Parallel()
	m := districtTestUnits(t)
	count := map[string]int{}
	for _, u := range demo.Units {
		if !districtTestKinds[u.Kind] {
			t.Errorf("unit %q (%s): unknown kind %q", u.Code, u.Name, u.Kind)
		}
		count[u.Kind]++
		switch u.Kind {
		case "bureau", "town", "street", "zone":
			if u.ParentCode != districtTestRoot {
				t.Errorf("%s %q (%s): parent %q, want the district", u.Kind, u.Code, u.Name, u.ParentCode)
			}
		case "village", "community":
			p := m[u.ParentCode]
			if p.Kind != "town" && p.Kind != "street" {
				t.Errorf("%s %q (%s): parent %q is a %q, want town or street", u.Kind, u.Code, u.Name, u.ParentCode, p.Kind)
			}
		}
	}
	if count["district"] != 1 {
		t.Errorf("%d districts, want 1", count["district"])
	}
	if count["bureau"] < 25 {
		t.Errorf("%d bureaus, want at least 25", count["bureau"])
	}
	if n := count["town"] + count["street"]; n < 11 {
		t.Errorf("%d towns+streets, want at least 11", n)
	}
	if count["zone"] != 4 {
		t.Errorf("%d zones, want 4", count["zone"])
	}
	if n := count["village"] + count["community"]; n < 10 {
		t.Errorf("%d villages+communities, want at least 10", n)
	}
}

func TestUnitNamesUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, u := range demo.Units {
		if prev, dup := seen[u.Name]; dup {
			t.Errorf("unit name %q used by %q and %q", u.Name, prev, u.Code)
		}
		seen[u.Name] = u.Code
	}
}

func TestUnitPeopleAndPhones(t *testing.T) {
	t.Parallel()
	phone := regexp.MustCompile(`^(1390512[0-9]{4}|0512-6[0-9]{7})$`)
	people := map[string]string{}
	phones := map[string]string{}
	for _, u := range demo.Units {
		if u.Code == "320507209003" { // 清水村: the one unit that has not named its people
			if u.HeadName != "" || u.ContactName != "" || u.HeadPhone != "" || u.ContactPhone != "" {
				t.Errorf("清水村 names people: %+v", u)
			}
			continue
		}
		for _, p := range []struct{ role, name, phone string }{
			{"head", u.HeadName, u.HeadPhone},
			{"contact", u.ContactName, u.ContactPhone},
		} {
			where := u.Code + " " + p.role
			if n := len([]rune(p.name)); n < 2 || n > 4 {
				t.Errorf("%s: implausible name %q", where, p.name)
			}
			if prev, dup := people[p.name]; dup {
				t.Errorf("%s: person %q already used at %s", where, p.name, prev)
			}
			people[p.name] = where
			if !phone.MatchString(p.phone) {
				t.Errorf("%s: malformed phone %q", where, p.phone)
			}
			if prev, dup := phones[p.phone]; dup {
				t.Errorf("%s: phone %q already used at %s", where, p.phone, prev)
			}
			phones[p.phone] = where
		}
		if u.HeadName == u.ContactName {
			t.Errorf("unit %q: head and contact are the same person", u.Code)
		}
	}
}

func TestUsers(t *testing.T) {
	t.Parallel()
	m := districtTestUnits(t)
	username := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seen := map[string]bool{}
	perRole := map[string]int{}
	for _, us := range demo.Users {
		if !username.MatchString(us.Username) {
			t.Errorf("username %q is not lower-case ASCII", us.Username)
		}
		if seen[us.Username] {
			t.Errorf("duplicate username %q", us.Username)
		}
		seen[us.Username] = true
		if strings.TrimSpace(us.Name) == "" {
			t.Errorf("user %q has no name", us.Username)
		}
		if us.UnitCode != "" {
			if _, ok := m[us.UnitCode]; !ok {
				t.Errorf("user %q: unit %q does not exist", us.Username, us.UnitCode)
			}
		}
		if len(us.Roles) == 0 {
			t.Errorf("user %q has no roles", us.Username)
		}
		for _, r := range us.Roles {
			role, unit, scoped := strings.Cut(r, ":")
			perRole[role]++
			switch {
			case districtTestScopedRoles[role]:
				if !scoped || unit == "" {
					t.Errorf("user %q: role %q needs a unit code", us.Username, r)
					continue
				}
				u, ok := m[unit]
				if !ok {
					t.Errorf("user %q: role %q names unknown unit %q", us.Username, r, unit)
					continue
				}
				switch role {
				case "unit_head":
					if us.UnitCode != unit || us.Name != u.HeadName {
						t.Errorf("user %q (%s, unit %q): role %q but the unit's 责任人 is %q", us.Username, us.Name, us.UnitCode, r, u.HeadName)
					}
				case "unit_contact":
					if us.UnitCode != unit || us.Name != u.ContactName {
						t.Errorf("user %q (%s, unit %q): role %q but the unit's 联系人 is %q", us.Username, us.Name, us.UnitCode, r, u.ContactName)
					}
				}
			case districtTestGlobalRoles[role]:
				if scoped {
					t.Errorf("user %q: role %q must not carry a unit code", us.Username, r)
				}
			default:
				t.Errorf("user %q: unknown role %q", us.Username, r)
			}
		}
	}
	everyOne(t, slices.Sorted(maps.Keys(districtTestScopedRoles)), perRole, "no demo user has role %q")
	everyOne(t, slices.Sorted(maps.Keys(districtTestGlobalRoles)), perRole, "no demo user has role %q")
}

// The specific demo logins the brief and the walkthroughs rely on.
func TestUsersByName(t *testing.T) {
	t.Parallel()
	codeOf := map[string]string{}
	for _, u := range demo.Units {
		codeOf[u.Name] = u.Code
	}
	users := indexBy(demo.Users, func(us demo.UserSeed) string { return us.Username })
	xinxi, zhengfu := codeOf["区经济和信息化局"], codeOf["区政府办公室"]
	gongan, weijian := codeOf["苏州市公安局相城分局"], codeOf["区卫生健康委员会"]
	jiaoyu, minzheng := codeOf["区教育局"], codeOf["区民政局"]
	yuanhe, caizheng, shenji := codeOf["元和街道"], codeOf["区财政局"], codeOf["区审计局"]
	for name, code := range map[string]string{"经信局": xinxi, "政府办": zhengfu, "公安": gongan, "卫健委": weijian,
		"教育局": jiaoyu, "民政局": minzheng, "元和街道": yuanhe, "财政局": caizheng, "审计局": shenji} {
		if code == "" {
			t.Fatalf("unit %s missing", name)
		}
	}
	want := []struct {
		username, unit string
		roles          []string
	}{
		{"sysadmin", xinxi, []string{"sysadmin"}},
		{"secadmin", "", []string{"secadmin"}},
		{"auditadmin", "", []string{"auditadmin"}},
		{"office", xinxi, []string{"office"}},
		{"leader", zhengfu, []string{"leader:" + gongan, "leader:" + weijian, "leader:" + jiaoyu, "leader:" + minzheng}},
		{"weijian_head", weijian, []string{"unit_head:" + weijian}},
		{"weijian", weijian, []string{"unit_contact:" + weijian}},
		{"jiaoyu", jiaoyu, []string{"unit_contact:" + jiaoyu}},
		{"yuanhe", yuanhe, []string{"unit_contact:" + yuanhe}},
		{"expert", "", []string{"expert"}},
		{"supervisor", "", []string{"supervisor"}},
		{"finance", caizheng, []string{"finance"}},
		{"audit", shenji, []string{"audit_bureau"}},
	}
	for _, w := range want {
		us, ok := users[w.username]
		if !ok {
			t.Errorf("user %q missing", w.username)
			continue
		}
		// secadmin and auditadmin may sit in any unit (or none); the others are fixed.
		if w.unit != "" || w.username == "expert" || w.username == "supervisor" {
			if us.UnitCode != w.unit {
				t.Errorf("user %q: unit %q, want %q", w.username, us.UnitCode, w.unit)
			}
		}
		if strings.Join(us.Roles, ",") != strings.Join(w.roles, ",") {
			t.Errorf("user %q: roles %v, want %v", w.username, us.Roles, w.roles)
		}
	}
}

// Every unit but 清水村 names its 责任人 and 联系人 by account (ORG-1): Accounts holds exactly one
// account of the unit with each role, bearing the seed's name and phone; the logins of Users
// are among them unchanged but for their phones.
func TestAccounts(t *testing.T) {
	t.Parallel()
	accounts := demo.Accounts()
	seen := map[string]bool{}
	holders := map[string][]demo.UserSeed{}
	for _, a := range accounts {
		if seen[a.Username] {
			t.Errorf("duplicate username %q", a.Username)
		}
		seen[a.Username] = true
		for _, r := range a.Roles {
			holders[r] = append(holders[r], a)
		}
	}
	for _, us := range demo.Users {
		if !seen[us.Username] {
			t.Errorf("login %q is no account", us.Username)
		}
	}
	for _, u := range demo.Units {
		for _, p := range []struct{ role, name, phone string }{{"unit_head", u.HeadName, u.HeadPhone}, {"unit_contact", u.ContactName, u.ContactPhone}} {
			hs := holders[p.role+":"+u.Code]
			if p.name == "" {
				if len(hs) != 0 {
					t.Errorf("%s names no %s but has accounts %v", u.Code, p.role, hs)
				}
				continue
			}
			if len(hs) != 1 || hs[0].Name != p.name || hs[0].Phone != p.phone || hs[0].UnitCode != u.Code {
				t.Errorf("%s %s: accounts %+v, want one of the unit named %s with phone %s", u.Code, p.role, hs, p.name, p.phone)
			}
		}
	}
}
