package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"archgov/internal/domain"
)

// Session is a login. Its ID is the SM3 hash of the cookie value, so a copy of the database
// does not hand out working cookies.
type Session struct {
	ID         string
	UserID     int64
	CSRF       string
	Stage      string // "mfa" until the second factor is given, then "ok"
	CreatedAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
}

// Session stages.
const (
	StageMFA = "mfa"
	StageOK  = "ok"
)

// InsertSession stores a new session.
func (tx *Tx) InsertSession(ctx context.Context, s *Session) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (id, user_id, csrf, stage, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.CSRF, s.Stage, micros(s.CreatedAt), micros(s.LastSeenAt), s.IP, s.UserAgent)
	return wrap(err, "insert session")
}

const sessionCols = `id, user_id, csrf, stage, created_at, last_seen_at, ip, user_agent`

var scanSession = scanner(func(x *Session) []any {
	return []any{&x.ID, &x.UserID, &x.CSRF, &x.Stage, at(&x.CreatedAt), at(&x.LastSeenAt), &x.IP, &x.UserAgent}
})

// Session loads a session by its hashed ID.
func (r Reader) Session(ctx context.Context, id string) (*Session, error) {
	return queryOne(ctx, r.q, "session", scanSession, `SELECT `+sessionCols+` FROM sessions WHERE id = ?`, id)
}

// Sessions lists a user's sessions, newest first.
func (r Reader) Sessions(ctx context.Context, userID int64) ([]*Session, error) {
	return queryAll(ctx, r.q, "sessions", scanSession, `SELECT `+sessionCols+` FROM sessions WHERE user_id = ? ORDER BY created_at DESC`, userID)
}

// TouchSession records activity. Callers throttle it: a write per request would make the one
// SQLite writer the bottleneck of every page view.
func (db *DB) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := q{x: db.w, d: db.Dialect, db: db}.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, micros(at), id)
	return err
}

// SetSessionStage moves a session past the second-factor step.
func (tx *Tx) SetSessionStage(ctx context.Context, id, stage string) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET stage = ? WHERE id = ?`, stage, id)
	return err
}

// DeleteSession ends one session.
func (tx *Tx) DeleteSession(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return err
}

// DeleteUserSessions ends all of a user's sessions except keep ("" for all) and returns how many.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64, keep string) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes sessions idle since before idleBefore or created before
// createdBefore.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int64, error) {
	res, err := q{x: db.w, d: db.Dialect, db: db}.exec(ctx, `DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`, micros(idleBefore), micros(createdBefore))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Token is an API token. Only its SM3 hash is stored.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"` // the first characters, so a user can tell tokens apart
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// InsertToken stores a token by hash.
func (tx *Tx) InsertToken(ctx context.Context, t *Token, hash string) error {
	err := tx.row(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		t.UserID, t.Name, hash, t.Prefix, micros(t.CreatedAt), micros(t.ExpiresAt)).Scan(&t.ID)
	return wrap(err, "insert token")
}

const tokenCols = `id, user_id, name, prefix, created_at, expires_at, revoked_at`

var scanToken = scanner(func(t *Token) []any {
	return []any{&t.ID, &t.UserID, &t.Name, &t.Prefix, at(&t.CreatedAt), at(&t.ExpiresAt), at(&t.RevokedAt)}
})

// TokenByHash finds a token by the hash of its value.
func (r Reader) TokenByHash(ctx context.Context, hash string) (*Token, error) {
	return queryOne(ctx, r.q, "token", scanToken, `SELECT `+tokenCols+` FROM api_tokens WHERE hash = ?`, hash)
}

// Tokens lists a user's tokens, newest first.
func (r Reader) Tokens(ctx context.Context, userID int64) ([]*Token, error) {
	return queryAll(ctx, r.q, "tokens", scanToken, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
}

// RevokeToken revokes a token of the user; false when there was no such live token.
func (tx *Tx) RevokeToken(ctx context.Context, userID, id int64) (bool, error) {
	return changedOne(tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at = 0`, micros(tx.Now()), id, userID))
}

// RevokeUserTokens revokes every live token of a user and returns how many.
func (tx *Tx) RevokeUserTokens(ctx context.Context, userID int64) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = 0`, micros(tx.Now()), userID)
	if err != nil {
		return 0, fmt.Errorf("store: revoke tokens: %w", err)
	}
	return res.RowsAffected()
}

// Failure is a login failure counter for one key (an account or a source address).
type Failure struct {
	Key         string
	Failures    int
	FirstAt     time.Time
	LockedUntil time.Time
}

// Failure loads the counter for key; a zero counter when there is none.
func (r Reader) Failure(ctx context.Context, key string) (Failure, error) {
	f := Failure{Key: key}
	err := r.row(ctx, `SELECT failures, first_at, locked_until FROM login_failures WHERE key = ?`, key).Scan(&f.Failures, at(&f.FirstAt), at(&f.LockedUntil))
	if isNoRows(err) {
		return f, nil
	}
	return f, wrap(err, "login failures")
}

// LockFailure loads the counter for key inside the transaction and, on PostgreSQL, locks its
// row until the transaction ends, so concurrent failed logins count one after the other
// instead of overwriting each other's increments (SQLite's single writer already serialises).
func (tx *Tx) LockFailure(ctx context.Context, key string) (Failure, error) {
	if tx.d != Postgres {
		return tx.Failure(ctx, key)
	}
	// One statement that creates the row if it is missing, locks it, and returns it: a
	// separate insert and SELECT ... FOR UPDATE would lose the row to a concurrent clear.
	f := Failure{Key: key}
	err := tx.row(ctx, `INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES (?, 0, 0, 0)
		ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING failures, first_at, locked_until`, key).Scan(&f.Failures, at(&f.FirstAt), at(&f.LockedUntil))
	return f, wrap(err, "login failures")
}

// SaveFailure writes a counter.
func (tx *Tx) SaveFailure(ctx context.Context, f Failure) error {
	_, err := tx.exec(ctx, `INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, locked_until = excluded.locked_until`,
		f.Key, f.Failures, micros(f.FirstAt), micros(f.LockedUntil))
	return err
}

// ClearFailure resets a counter (after a successful login or an unlock).
func (tx *Tx) ClearFailure(ctx context.Context, key string) error {
	_, err := tx.exec(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
	return err
}

// Setting loads a JSON setting into v; found is false when it was never set.
func (r Reader) Setting(ctx context.Context, key string, v any) (version int64, found bool, err error) {
	var s string
	err = r.row(ctx, `SELECT value, version FROM settings WHERE key = ?`, key).Scan(&s, &version)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return 0, false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return version, true, nil
}

// SaveSetting stores a JSON setting if its version is still version (0: not yet stored).
func (tx *Tx) SaveSetting(ctx context.Context, key string, v any, version int64) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if version == 0 {
		_, err = tx.exec(ctx, `INSERT INTO settings (key, value, version) VALUES (?, ?, 1)`, key, string(b))
		if isUnique(err) {
			return domain.Conflict()
		}
		return err
	}
	res, err := tx.exec(ctx, `UPDATE settings SET value = ?, version = version + 1 WHERE key = ? AND version = ?`, string(b), key, version)
	return checkOne(res, err)
}
