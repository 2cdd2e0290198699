package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is an account. One person, one account (等保 8.1.4.1 a: unique identification).
type User struct {
	ID                int64     `json:"id"`
	Username          string    `json:"username"`
	Name              string    `json:"name"`
	UnitID            int64     `json:"unit_id,omitempty"`
	UnitName          string    `json:"unit_name,omitempty"`
	Phone             string    `json:"phone,omitempty"`
	Grants            []Grant   `json:"roles"`
	Disabled          bool      `json:"disabled"`
	MustChange        bool      `json:"must_change_password"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
	TOTPEnabled       bool      `json:"totp_enabled"`
	Version           int64     `json:"version"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

var usernameRe = regexp.MustCompile(`^[a-z][a-z0-9_.\-]{1,31}$`)

// ValidateUsername checks the login name: lower-case ASCII, so it is typed the same everywhere.
func ValidateUsername(s string) error {
	if !usernameRe.MatchString(s) {
		return Invalid("username", "err.user.username")
	}
	return nil
}

// Validate checks the fields a system administrator edits.
func (u *User) Validate() error {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	trimSpace(&u.Name, &u.Phone)
	var errs Problems
	errs.Add(ValidateUsername(u.Username))
	errs.Check(u.Name == "" || utf8.RuneCountInString(u.Name) > 50, "name", "err.required_len", 50)
	errs.Check(u.Phone != "" && !phoneRe.MatchString(u.Phone), "phone", "err.phone")
	return errs.Err()
}

// PasswordPolicy is set by the security administrator (等保 8.1.4.1 a, b).
type PasswordPolicy struct {
	MinLength       int           `json:"min_length"`
	MinClasses      int           `json:"min_classes"`    // of lower, upper, digit, symbol
	History         int           `json:"history"`        // not one of the last N
	MaxAge          time.Duration `json:"max_age"`        // 0: never expires
	LockThreshold   int           `json:"lock_threshold"` // failures before lockout
	LockDuration    time.Duration `json:"lock_duration"`
	IdleTimeout     time.Duration `json:"idle_timeout"`
	AbsoluteTimeout time.Duration `json:"absolute_timeout"`
	TOTPRoles       []Role        `json:"totp_roles"` // roles that must use a second factor
}

// DefaultPolicy is what a new installation starts with.
var DefaultPolicy = PasswordPolicy{
	MinLength: 10, MinClasses: 3, History: 5, MaxAge: 90 * 24 * time.Hour,
	LockThreshold: 5, LockDuration: 15 * time.Minute,
	IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour,
}

// Validate checks the policy itself; the floors keep a policy from being set below 等保 L3.
func (p PasswordPolicy) Validate() error {
	switch {
	case p.MinLength < 10 || p.MinLength > 64:
		return Invalid("min_length", "err.policy.range", 10, 64)
	case p.MinClasses < 3 || p.MinClasses > 4:
		return Invalid("min_classes", "err.policy.range", 3, 4)
	case p.History < 1 || p.History > 24:
		return Invalid("history", "err.policy.range", 1, 24)
	case p.MaxAge < 24*time.Hour || p.MaxAge > 366*24*time.Hour:
		// 等保 L3 asks for periodic change, so "never expires" is not offered.
		return Invalid("max_age", "err.policy.range", 1, 366)
	case p.LockThreshold < 3 || p.LockThreshold > 10:
		return Invalid("lock_threshold", "err.policy.range", 3, 10)
	case p.LockDuration < time.Minute || p.LockDuration > 24*time.Hour:
		return Invalid("lock_duration", "err.policy.range", 1, 1440)
	case p.IdleTimeout < time.Minute || p.IdleTimeout > 2*time.Hour:
		return Invalid("idle_timeout", "err.policy.range", 1, 120)
	case p.AbsoluteTimeout < p.IdleTimeout || p.AbsoluteTimeout > 24*time.Hour:
		return Invalid("absolute_timeout", "err.policy.range", 1, 24)
	}
	for _, r := range p.TOTPRoles {
		if !r.Valid() {
			return Invalid("totp_roles", "err.role.unknown", string(r))
		}
	}
	return nil
}

// RequiresTOTP reports whether any of the grants obliges the user to use a second factor.
func (p PasswordPolicy) RequiresTOTP(gs []Grant) bool {
	for _, g := range gs {
		for _, r := range p.TOTPRoles {
			if g.Role == r {
				return true
			}
		}
	}
	return false
}

// The shape rules every password meets whatever the policy says: enough different characters
// (so "aaaaaaaaA1!" is refused) and no long run of one character.
const (
	PasswordMinDistinct = 6
	PasswordMaxRun      = 3
)

// CheckPassword applies the complexity rules. History is checked by the caller, which holds the
// old hashes. Spaces are allowed (passphrases) but count neither toward the length nor toward
// the classes: ten spaces and "Aa1!" are four characters.
func (p PasswordPolicy) CheckPassword(username, password string) error {
	if !utf8.ValidString(password) {
		return Invalid("password", "err.password.control")
	}
	for _, r := range password {
		// Control and invisible format characters (NUL, newline, U+202E…) cannot be typed
		// reliably at a login form and hide what the password really is.
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return Invalid("password", "err.password.control")
		}
	}
	if utf8.RuneCountInString(password) > 128 {
		return Invalid("password", "err.too_long", 128)
	}
	var lower, upper, digit, other, length, run, longest int
	distinct := map[rune]bool{}
	var prev rune
	for i, r := range []rune(password) {
		if i > 0 && r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		longest = max(longest, run)
		if unicode.IsSpace(r) {
			continue
		}
		length++
		distinct[r] = true
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if length < p.MinLength {
		return Invalid("password", "err.password.too_short", p.MinLength)
	}
	if lower+upper+digit+other < p.MinClasses {
		return Invalid("password", "err.password.classes", p.MinClasses)
	}
	if len(distinct) < PasswordMinDistinct {
		return Invalid("password", "err.password.distinct", PasswordMinDistinct)
	}
	if longest > PasswordMaxRun {
		return Invalid("password", "err.password.repeated", PasswordMaxRun)
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		return Invalid("password", "err.password.contains_username")
	}
	if CommonPassword(password) {
		return Invalid("password", "err.password.common")
	}
	return nil
}

// Expired reports whether a password set at changedAt has outlived the policy at now.
func (p PasswordPolicy) Expired(changedAt, now time.Time) bool {
	return p.MaxAge > 0 && now.Sub(changedAt) > p.MaxAge
}
