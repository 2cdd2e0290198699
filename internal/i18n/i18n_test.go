package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	zhKeys, enKeys := Keys(ZH), Keys(EN)
	for _, k := range zhKeys {
		if !Has(EN, k) {
			t.Errorf("key %q has no English text", k)
		}
	}
	for _, k := range enKeys {
		if !Has(ZH, k) {
			t.Errorf("key %q has no Chinese text", k)
		}
	}
}

// Every message key used in Go code or a template exists, so no user ever sees a raw key.
//
// Each feature extends these from an init in its own test file (rooms_test.go ...):
//   - keyPrefixes: the prefixes of message keys written as literals in code and templates;
//   - dynamic: keys built at run time from a prefix and an enumeration value;
//   - notKeyNames: literal strings that look like keys but are not messages.
//
// Authorization action names (room.read ...) use singular kind names, which are not message
// prefixes; a feature's messages use the plural (rooms.title) or its own enum prefixes.
var (
	keyPrefixes = []string{"err", "flash", "todo", "field", "nav", "login", "totp", "password", "home", "unit", "units",
		"user", "users", "audit", "profile", "security", "app", "demo", "role", "kind", "level", "entity", "outcome",
		"attach", "gov"}
	dynamic = map[string][]string{
		"entity.": {"unit", "user", "policy", "audit", "setting", "system", "room", "website", "media", "cloudpool",
			"cloudrequest", "governance", "attachment", "migration_plan", "docking_plan"},
	}
	notKeyNames []string
)

func TestEveryUsedKeyExists(t *testing.T) {
	root := filepath.Join("..", "..")
	literal := regexp.MustCompile(`"((?:` + strings.Join(keyPrefixes, "|") + `)\.[a-z_.0-9]+)"`)
	for prefix, vals := range map[string][]string{ // keys built at run time from a prefix and a value
		"role.":          {"sysadmin", "secadmin", "auditadmin", "office", "leader", "unit_head", "unit_contact", "expert", "supervisor", "finance", "audit_bureau"},
		"kind.":          {"district", "bureau", "town", "street", "zone", "village", "community"},
		"outcome.":       {"ok", "failure", "denied"},
		"status.":        {"running", "idle", "unmaintained", "superseded", "cleanup_filed", "cleanup_accepted", "offline"},
		"hosting.":       {"gov_cloud", "unit_room", "other_hosting", "onsite"},
		"category.":      {"business", "portal", "platform", "base_library", "other"},
		"class.":         {"classified", "unclassified"},
		"network.":       {"extranet", "internet", "private"},
		"ulevel.":        {"district", "town", "village"},
		"sysaction.":     {"mark_idle", "mark_unmaintained", "mark_superseded", "resume", "file_cleanup", "accept_cleanup", "return_cleanup", "take_offline"},
		"action.system.": {"create", "update", "import", "export", "mark_idle", "mark_unmaintained", "mark_superseded", "resume", "file_cleanup", "accept_cleanup", "return_cleanup", "take_offline"},
		"level.":         {"1", "2", "3"},
	} {
		dynamic[prefix] = vals
	}
	// Names that look like keys but are not messages (authz actions, audit actions as data).
	// Names that look like keys but are not messages: authz and audit actions (shown through
	// "action."+name, checked below) and SM4 associated-data labels.
	notKeys := regexp.MustCompile(`^((unit|user|policy|audit|system)\.(read|transition|create|update|update_contacts|move|deactivate|activate|see_phones|see_phone|disable|enable|reset_password|unlock|grant_roles|export|prune|password_change|password_reset|totp_enable|totp_disable|id)|demo\.(load|scale)|catalog\.publish|login\.totp|password\.confirm|units\.(head|contact)_phone|users\.(phone|totp_secret))$`)
	auditAction := regexp.MustCompile(`action(?::| :=| =) "([a-z_.]+)"`)
	var missing []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(p, "_test.go") || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".html")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range auditAction.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time; the dynamic table below covers it
			}
			if !Has(ZH, "action."+m[1]) || !Has(EN, "action."+m[1]) {
				missing = append(missing, p+": audit action without display text: action."+m[1])
			}
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			k := m[1]
			if notKeys.MatchString(k) || slices.Contains(notKeyNames, k) || strings.HasSuffix(k, ".") {
				continue
			}
			if !Has(ZH, k) {
				missing = append(missing, p+": "+k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for prefix, vals := range dynamic {
		for _, v := range vals {
			if !Has(ZH, prefix+v) || !Has(EN, prefix+v) {
				missing = append(missing, prefix+v)
			}
		}
	}
	slices.Sort(missing)
	for _, m := range slices.Compact(missing) {
		t.Errorf("message key not in the catalog: %s", m)
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2026, 11, 26, 1, 5, 0, 0, time.UTC) // 09:05 in Beijing
	if got := Date(ZH, at); got != "2026年11月26日" {
		t.Errorf("Date(zh) = %q", got)
	}
	if got := DateTime(ZH, at); got != "2026年11月26日 09:05" {
		t.Errorf("DateTime(zh) = %q", got)
	}
	if got := Date(EN, at); got != "26 Nov 2026" {
		t.Errorf("Date(en) = %q", got)
	}
	if got := Date(ZH, time.Time{}); got != "—" {
		t.Errorf("zero date = %q", got)
	}
	// 23:30 UTC is already the next day in China.
	if got := Date(ZH, time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC)); got != "2026年11月26日" {
		t.Errorf("Date across midnight = %q", got)
	}
}

func TestTranslateFillsArgsAndFallsBack(t *testing.T) {
	if got := T(ZH, "err.password.too_short", 10); got != "至少需要10个字符（空格不计）" {
		t.Errorf("T = %q", got)
	}
	if got := T(EN, "err.password.too_short", 10); got != "needs at least 10 characters (spaces not counted)" {
		t.Errorf("T(en) = %q", got)
	}
	if got := T(ZH, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	locked := T(ZH, "err.login.locked", time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC))
	if !strings.Contains(locked, "2026年11月26日 10:00") {
		t.Errorf("time argument not formatted: %q", locked)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"": ZH, "en-US,en;q=0.9": EN, "zh-CN,zh;q=0.9": ZH, "fr": ZH, "zh-TW": ZH, "en": EN} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}
