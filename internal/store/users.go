package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Credentials are the secret parts of an account, loaded only by the login and password use
// cases.
type Credentials struct {
	PasswordHash string
	TOTPSecret   string // plaintext after unsealing; "" when not enrolled
	TOTPLastStep int64
}

// A user is read with their grants; the password and the second factor have statements of
// their own (Credentials, SetPassword, SetTOTP, …).
var users = newTable("user", "users", "u", ` LEFT JOIN units n ON n.id = u.unit_id`, func(u *domain.User) []column {
	return versioned(&u.ID, &u.Version, &u.CreatedAt, &u.UpdatedAt, once("username", &u.Username), c("name", &u.Name),
		c("unit_id", ref(&u.UnitID)), join("COALESCE(n.name, '')", &u.UnitName), c("phone_enc", sealed(&u.Phone, "users.phone")),
		read("password_changed_at", at(&u.PasswordChangedAt)), c("must_change", flag(&u.MustChange)), c("disabled", flag(&u.Disabled)),
		column{name: "totp_enabled", use: sel | upd, p: flag(&u.TOTPEnabled)}, join(grantsAgg, textAs(&u.Grants, parseGrants, nil)))
}).onUnique(func(u *domain.User, _ error) error {
	return domain.Invalid("username", "err.user.username_taken", u.Username)
})

// grantsAgg folds a user's grants into one column (fields joined by \x1f, grants by \x1e), so
// loading a user, or a page of users, is one query instead of one per user.
const grantsAgg = "(SELECT COALESCE(string_agg(g.role || '\x1f' || COALESCE(g.unit_id, 0) || '\x1f' || COALESCE(gn.code, '') || '\x1f' || " +
	"COALESCE(gn.name, ''), '\x1e'), '') FROM user_roles g LEFT JOIN units gn ON gn.id = g.unit_id WHERE g.user_id = u.id)"

// parseGrants reads grantsAgg's column, sorted as the UI lists them.
func parseGrants(s string) []domain.Grant {
	if s == "" {
		return nil
	}
	var out []domain.Grant
	for _, one := range strings.Split(s, "\x1e") {
		f := strings.Split(one, "\x1f")
		if len(f) != 4 {
			continue
		}
		id, _ := strconv.ParseInt(f[1], 10, 64)
		out = append(out, domain.Grant{Role: domain.Role(f[0]), UnitID: id, UnitCode: f[2], UnitName: f[3]})
	}
	slices.SortFunc(out, func(a, b domain.Grant) int {
		return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(a.UnitCode, b.UnitCode))
	})
	return out
}

// User loads one user with their grants.
func (r Reader) User(ctx context.Context, id int64) (*domain.User, error) {
	return users.get(ctx, r, `u.id = ?`, id)
}

// UserByUsername loads one user by login name.
func (r Reader) UserByUsername(ctx context.Context, username string) (*domain.User, error) {
	return users.get(ctx, r, `u.username = ?`, strings.ToLower(strings.TrimSpace(username)))
}

// Grants lists a user's roles with their units.
func (r Reader) Grants(ctx context.Context, userID int64) ([]domain.Grant, error) {
	return queryAll(ctx, r.q, "grants", func(s rowScanner) (domain.Grant, error) {
		var g domain.Grant
		err := s.Scan(text(&g.Role), &g.UnitID, &g.UnitCode, &g.UnitName)
		return g, err
	}, `SELECT g.role, COALESCE(g.unit_id, 0), COALESCE(n.code, ''), COALESCE(n.name, '')
		FROM user_roles g LEFT JOIN units n ON n.id = g.unit_id WHERE g.user_id = ? ORDER BY g.role, n.code`, userID)
}

// UserFilter narrows a user list.
type UserFilter struct {
	Query  string // username or name contains
	UnitID int64
	After  int64
	Limit  int
}

// Users lists the users within scope, in id order. The scope comes from authz.ReadScope, so
// the query itself cannot return a user the actor may not see.
func (r Reader) Users(ctx context.Context, scope authz.Scope, f UserFilter) ([]*domain.User, error) {
	w := r.where(`u.id > ?`, f.After)
	w.visible(scope, "u.unit_id", `u.id = ?`, scope.SelfID)
	w.contains(strings.TrimSpace(f.Query), "u.username", "u.name")
	eq(w, "u.unit_id", f.UnitID)
	return users.list(ctx, r, "users", w, ` ORDER BY u.id`, f.Limit)
}

// Credentials loads the secrets of an account.
func (r Reader) Credentials(ctx context.Context, userID int64) (*Credentials, error) {
	return queryOne(ctx, r.q, "credentials", func(s rowScanner) (*Credentials, error) {
		var c Credentials
		var sealed string
		if err := s.Scan(&c.PasswordHash, &sealed, &c.TOTPLastStep); err != nil {
			return nil, err
		}
		var err error
		c.TOTPSecret, err = r.db.open(sealed, "users.totp_secret")
		return &c, err
	}, `SELECT password_hash, totp_secret_enc, totp_last_step FROM users WHERE id = ?`, userID)
}

// PasswordHistory returns the user's most recent n password hashes, newest first.
func (r Reader) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	return queryAll(ctx, r.q, "password history", scalar[string], `SELECT hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC LIMIT ?`, userID, n)
}

// InsertUser stores a new account with its first password hash.
func (tx *Tx) InsertUser(ctx context.Context, u *domain.User, passwordHash string) error {
	now := tx.Now()
	phone, err := tx.db.sealer.Seal(u.Phone, "users.phone")
	if err != nil {
		return err
	}
	err = tx.row(ctx, `INSERT INTO users (username, name, unit_id, phone_enc, password_hash, password_changed_at, must_change, disabled, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		u.Username, u.Name, nullID(u.UnitID), phone, passwordHash, micros(now), b2i(u.MustChange), b2i(u.Disabled), micros(now), micros(now)).Scan(&u.ID)
	if isUnique(err) {
		return domain.Invalid("username", "err.user.username_taken", u.Username)
	}
	if err != nil {
		return fmt.Errorf("store: insert user: %w", err)
	}
	u.Version, u.CreatedAt, u.UpdatedAt, u.PasswordChangedAt = 1, now.UTC(), now.UTC(), now.UTC()
	_, err = tx.exec(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)`, u.ID, passwordHash, micros(now))
	return err
}

// UpdateUser saves the editable profile fields and flags under optimistic concurrency.
func (tx *Tx) UpdateUser(ctx context.Context, u *domain.User) error {
	return users.update(ctx, tx, u, "")
}

// SetPassword stores a new password hash, remembers it in the history and sets whether it must
// be changed at next login (true after a reset by an administrator).
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, must_change = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		hash, micros(now), b2i(mustChange), micros(now), userID)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)`, userID, hash, micros(now)); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	return nil
}

// RehashPassword replaces a hash with a stronger one of the same password (no history entry).
func (tx *Tx) RehashPassword(ctx context.Context, userID int64, hash string) error {
	_, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	return err
}

// SetTOTP stores (or clears, with secret "") the second-factor secret and whether it is active.
func (tx *Tx) SetTOTP(ctx context.Context, userID int64, secret string, enabled bool) error {
	sealed, err := tx.db.sealer.Seal(secret, "users.totp_secret")
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE users SET totp_secret_enc = ?, totp_enabled = ?, totp_last_step = 0, version = version + 1, updated_at = ? WHERE id = ?`,
		sealed, b2i(enabled), micros(tx.Now()), userID)
	return err
}

// EnableTOTP binds a second factor unless one is already bound, in one conditional statement:
// of two concurrent enrolments exactly one succeeds (PostgreSQL re-checks the condition after
// waiting for the row lock; SQLite's single writer serialises them).
func (tx *Tx) EnableTOTP(ctx context.Context, userID int64, secret string) (bool, error) {
	sealed, err := tx.db.sealer.Seal(secret, "users.totp_secret")
	if err != nil {
		return false, err
	}
	return changedOne(tx.exec(ctx, `UPDATE users SET totp_secret_enc = ?, totp_enabled = 1, totp_last_step = 0, version = version + 1, updated_at = ?
		WHERE id = ? AND totp_enabled = 0`, sealed, micros(tx.Now()), userID))
}

// UseTOTPStep records the time step of an accepted code; a step at or before the last one is
// refused, so an observed code cannot be replayed.
func (tx *Tx) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	return changedOne(tx.exec(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step))
}

// ReplaceGrants sets a user's roles if the account is still at version, bumping it. The
// version check comes first and takes the row lock, so two concurrent grant edits cannot merge.
func (tx *Tx) ReplaceGrants(ctx context.Context, userID, version int64, gs []domain.Grant) error {
	res, err := tx.exec(ctx, `UPDATE users SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, micros(tx.Now()), userID, version)
	if err := checkOne(res, err); err != nil {
		return fmt.Errorf("store: grants: %w", err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store: grants: %w", err)
	}
	for _, g := range gs {
		if _, err := tx.exec(ctx, `INSERT INTO user_roles (user_id, role, unit_id) VALUES (?, ?, ?)`, userID, string(g.Role), nullID(g.UnitID)); err != nil {
			return fmt.Errorf("store: grants: %w", err)
		}
	}
	return nil
}

// CountUsers counts all accounts (to know whether a first administrator must be created).
func (r Reader) CountUsers(ctx context.Context) (int, error) {
	return r.count(ctx, "users", `SELECT count(*) FROM users`)
}

// TokenUser resolves an API token by the hash of its value together with its user, in one
// query: it runs on every API request.
func (r Reader) TokenUser(ctx context.Context, hash string) (*Token, *domain.User, error) {
	var t Token
	row := r.row(ctx, `SELECT t.id, t.user_id, t.name, t.prefix, t.created_at, t.expires_at, t.revoked_at, `+users.cols+
		` FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = u.unit_id WHERE t.hash = ?`, hash)
	u, err := users.scanner(r.db)(scanFunc(func(dest ...any) error {
		return row.Scan(append([]any{&t.ID, &t.UserID, &t.Name, &t.Prefix, at(&t.CreatedAt), at(&t.ExpiresAt), at(&t.RevokedAt)}, dest...)...)
	}))
	if isNoRows(err) {
		return nil, nil, domain.NotFound()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: token: %w", err)
	}
	return &t, u, nil
}

// scanFunc adapts a function to the Scan interface the scanners take.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
