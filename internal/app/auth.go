package app

import (
	"context"
	"strings"
	"sync"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
)

// Auth is an authenticated request's identity and what it still has to do before it may use
// the application.
type Auth struct {
	Actor      domain.Actor
	User       *domain.User
	Session    *store.Session // nil for API tokens
	NeedTOTP   bool           // logged in with the password, second factor pending
	MustChange bool           // initial, reset or expired password: change it first
	MustEnroll bool           // a role requires a second factor the user has not set up
}

// Ready reports whether the identity may use the application beyond the login steps.
func (a *Auth) Ready() bool { return !a.NeedTOTP && !a.MustChange && !a.MustEnroll }

// LoginResult is a successful password login.
type LoginResult struct {
	Cookie string // the session cookie value; only its hash is stored
	Auth   *Auth
}

var dummyOnce sync.Once
var dummyHash string

// Login checks a password and opens a session. Failures are counted per account name and per
// source address (等保 8.1.4.1 b); the same message is given whether or not the account exists.
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent string) (*LoginResult, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	// Cannot be an account (usernames are at most 32): keep counters and audit records small.
	username = truncate(username, 64)
	pol, _, err := s.Policy(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	keys := []string{"u:" + username, "ip:" + ip}
	anon := domain.Actor{Username: username, IP: ip}
	if until, err := s.lockedUntil(ctx, keys, now); err != nil {
		return nil, err
	} else if !until.IsZero() {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			return record(ctx, tx, anon, event{action: "login", entityType: "user", outcome: audit.Denied, changes: audit.Fields("reason", nil, "locked")})
		})
		if err != nil {
			return nil, err
		}
		return nil, domain.Errorf(domain.ELocked, "err.login.locked", until)
	}

	user, err := s.db.Read().UserByUsername(ctx, username)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return nil, err
	}
	var ok, rehash bool
	if user != nil {
		creds, err := s.db.Read().Credentials(ctx, user.ID)
		if err != nil {
			return nil, err
		}
		if ok, rehash, err = s.verify(ctx, password, creds.PasswordHash); err != nil {
			return nil, err
		}
		ok = ok && !user.Disabled
	} else {
		// Spend the same time as a real check, so timing does not tell which accounts exist.
		dummyOnce.Do(func() { dummyHash, _ = gm.HashPassword("archgov-dummy-password", s.kdf) })
		_, _, _ = s.verify(ctx, password, dummyHash)
	}
	if !ok {
		if s.LoginFailed != nil {
			s.LoginFailed()
		}
		var until time.Time
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			for _, k := range keys {
				u, err := countFailure(ctx, tx, k, s.lockThreshold(k, pol), pol.LockDuration, now)
				if err != nil {
					return err
				}
				if u.After(until) {
					until = u
				}
			}
			a := anon
			if user != nil {
				a.UserID = user.ID
			}
			return record(ctx, tx, a, event{action: "login", entityType: "user", entityID: idOf(user), outcome: audit.Failure})
		})
		if err != nil {
			return nil, err
		}
		if !until.IsZero() {
			return nil, domain.Errorf(domain.ELocked, "err.login.locked", until)
		}
		return nil, domain.Errorf(domain.EUnauthorized, "err.login.failed")
	}

	var newHash string
	if rehash {
		if newHash, err = s.hash(ctx, password); err != nil {
			return nil, err
		}
	}
	cookie := gm.RandomToken(32)
	sess := &store.Session{
		ID: gm.SM3Hex([]byte(cookie)), UserID: user.ID, CSRF: gm.RandomToken(24), Stage: store.StageOK,
		CreatedAt: now, LastSeenAt: now, IP: ip, UserAgent: truncate(userAgent, 200),
	}
	if user.TOTPEnabled {
		sess.Stage = store.StageMFA
	}
	actor := actorOf(user, ip)
	var lockedNow time.Time
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Decide again under the write lock: requests of a concurrent burst all passed the first
		// check before any of their failures was saved, and a right guess among them must not
		// get in once the account or address is locked.
		var lerr error
		if lockedNow, lerr = txLockedUntil(ctx, tx, keys, now); lerr != nil {
			return lerr
		}
		if !lockedNow.IsZero() {
			return record(ctx, tx, anon, event{action: "login", entityType: "user", entityID: id(user.ID), outcome: audit.Denied,
				changes: audit.Fields("reason", nil, "locked")})
		}
		if err := tx.ClearFailure(ctx, keys[0]); err != nil {
			return err
		}
		if newHash != "" {
			if err := tx.RehashPassword(ctx, user.ID, newHash); err != nil {
				return err
			}
		}
		if err := tx.InsertSession(ctx, sess); err != nil {
			return err
		}
		return record(ctx, tx, actor, event{action: "login", entityType: "user", entityID: id(user.ID),
			changes: audit.Fields("second_factor", nil, user.TOTPEnabled)})
	})
	if err != nil {
		return nil, err
	}
	if !lockedNow.IsZero() {
		return nil, domain.Errorf(domain.ELocked, "err.login.locked", lockedNow)
	}
	return &LoginResult{Cookie: cookie, Auth: s.authOf(user, sess, pol, now, ip)}, nil
}

func idOf(u *domain.User) string {
	if u == nil {
		return ""
	}
	return id(u.ID)
}

// truncate cuts s to at most n bytes without splitting a character (PostgreSQL refuses
// invalid UTF-8, and a broken character would end up in the audit log).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// lockedUntil returns the latest lock in force on any of keys.
func (s *Service) lockedUntil(ctx context.Context, keys []string, now time.Time) (time.Time, error) {
	var until time.Time
	for _, k := range keys {
		f, err := s.db.Read().Failure(ctx, k)
		if err != nil {
			return until, err
		}
		if f.LockedUntil.After(now) && f.LockedUntil.After(until) {
			until = f.LockedUntil
		}
	}
	return until, nil
}

// txLockedUntil is lockedUntil inside a write transaction, with the counters' rows locked.
func txLockedUntil(ctx context.Context, tx *store.Tx, keys []string, now time.Time) (time.Time, error) {
	var until time.Time
	for _, k := range keys {
		f, err := tx.LockFailure(ctx, k)
		if err != nil {
			return until, err
		}
		if f.LockedUntil.After(now) && f.LockedUntil.After(until) {
			until = f.LockedUntil
		}
	}
	return until, nil
}

// lockThreshold is how many failures lock key: the policy's per-account threshold for an
// account name ("u:…"), the service's much higher one for a source address ("ip:…"), so that
// an office behind one NAT address is not locked out by five typos of different people.
func (s *Service) lockThreshold(key string, pol domain.PasswordPolicy) int {
	if strings.HasPrefix(key, "ip:") {
		return s.addressLockThreshold
	}
	return pol.LockThreshold
}

// countFailure adds one failure to key and locks it for window when threshold failures are
// reached within window. It returns the lock's end, or zero.
func countFailure(ctx context.Context, tx *store.Tx, key string, threshold int, window time.Duration, now time.Time) (time.Time, error) {
	f, err := tx.LockFailure(ctx, key)
	if err != nil {
		return time.Time{}, err
	}
	if f.LockedUntil.After(now) {
		return f.LockedUntil, nil // already locked: a failure in the same burst adds nothing
	}
	if f.FirstAt.IsZero() || now.Sub(f.FirstAt) > window || !f.LockedUntil.IsZero() && !f.LockedUntil.After(now) {
		f = store.Failure{Key: key, FirstAt: now}
	}
	f.Failures++
	if f.Failures >= threshold {
		f.LockedUntil = now.Add(window)
	}
	if err := tx.SaveFailure(ctx, f); err != nil {
		return time.Time{}, err
	}
	if f.LockedUntil.After(now) {
		return f.LockedUntil, nil
	}
	return time.Time{}, nil
}

func actorOf(u *domain.User, ip string) domain.Actor {
	return domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, UnitID: u.UnitID, Grants: u.Grants, IP: ip}
}

func (s *Service) authOf(u *domain.User, sess *store.Session, pol domain.PasswordPolicy, now time.Time, ip string) *Auth {
	a := &Auth{Actor: actorOf(u, ip), User: u, Session: sess}
	if sess != nil {
		a.NeedTOTP = sess.Stage == store.StageMFA
		a.MustChange = u.MustChange || pol.Expired(u.PasswordChangedAt, now)
		a.MustEnroll = !u.TOTPEnabled && pol.RequiresTOTP(u.Grants)
	}
	return a
}

// SessionAuth resolves a session cookie. Expired sessions (idle or absolute timeout) are
// removed and answer unauthorized.
func (s *Service) SessionAuth(ctx context.Context, cookie, ip string) (*Auth, error) {
	unauth := domain.Errorf(domain.EUnauthorized, "err.unauthorized")
	if cookie == "" {
		return nil, unauth
	}
	sess, err := s.db.Read().Session(ctx, gm.SM3Hex([]byte(cookie)))
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, unauth
	}
	if err != nil {
		return nil, err
	}
	pol, _, err := s.Policy(ctx)
	if err != nil {
		return nil, err
	}
	user, err := s.db.Read().User(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if now.Sub(sess.LastSeenAt) > pol.IdleTimeout || now.Sub(sess.CreatedAt) > pol.AbsoluteTimeout {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteSession(ctx, sess.ID); err != nil {
				return err
			}
			return record(ctx, tx, actorOf(user, ip), event{action: "session.expire", entityType: "user", entityID: id(sess.UserID)})
		})
		if err != nil {
			return nil, err
		}
		return nil, domain.Errorf(domain.EUnauthorized, "err.session.expired")
	}
	if user.Disabled {
		return nil, unauth
	}
	// One write a minute per session keeps the idle timer right without a write per request.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.db.TouchSession(ctx, sess.ID, now); err != nil {
			s.log.Warn("touch session", "err", err)
		}
	}
	return s.authOf(user, sess, pol, now, ip), nil
}

// TokenAuth resolves an API bearer token.
func (s *Service) TokenAuth(ctx context.Context, token, ip string) (*Auth, error) {
	unauth := domain.Errorf(domain.EUnauthorized, "err.token.invalid")
	t, user, err := s.db.Read().TokenUser(ctx, gm.SM3Hex([]byte(token)))
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, unauth
	}
	if err != nil {
		return nil, err
	}
	if !t.RevokedAt.IsZero() || !s.Now().Before(t.ExpiresAt) || user.Disabled {
		return nil, unauth
	}
	return &Auth{Actor: actorOf(user, ip), User: user}, nil
}

// VerifyTOTP completes a login that is waiting for its second factor.
func (s *Service) VerifyTOTP(ctx context.Context, a *Auth, code string) error {
	if a.Session == nil || !a.NeedTOTP {
		return domain.Errorf(domain.EConflict, "err.totp.not_pending")
	}
	pol, key, now, creds, err := s.recheck(ctx, a)
	if err != nil {
		return err
	}
	ok, step := gm.VerifyTOTP(creds.TOTPSecret, code, now)
	var until time.Time
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if locked, err := txLockedUntil(ctx, tx, []string{key}, now); err != nil {
			return err
		} else if !locked.IsZero() {
			until, ok = locked, false // a burst passed the first check; refuse under the lock
			return record(ctx, tx, a.Actor, event{action: "login.totp", entityType: "user", entityID: id(a.User.ID), outcome: audit.Denied})
		}
		if ok {
			fresh, err := tx.UseTOTPStep(ctx, a.User.ID, step)
			if err != nil {
				return err
			}
			ok = fresh
		}
		if !ok {
			if until, err = countFailure(ctx, tx, key, pol.LockThreshold, pol.LockDuration, now); err != nil {
				return err
			}
			return record(ctx, tx, a.Actor, event{action: "login.totp", entityType: "user", entityID: id(a.User.ID), outcome: audit.Failure})
		}
		if err := tx.ClearFailure(ctx, key); err != nil {
			return err
		}
		if err := tx.SetSessionStage(ctx, a.Session.ID, store.StageOK); err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "login.totp", entityType: "user", entityID: id(a.User.ID)})
	})
	if err != nil {
		return err
	}
	if !ok {
		return s.failed(until, "totp_code", "err.totp.wrong")
	}
	a.NeedTOTP = false
	return nil
}

// ChangePassword changes the actor's own password after checking the current one, applies the
// policy and history, and ends the user's other sessions.
func (s *Service) ChangePassword(ctx context.Context, a *Auth, current, next string) error {
	pol, _, err := s.Policy(ctx)
	if err != nil {
		return err
	}
	if err := s.ConfirmPassword(ctx, a, current, "current"); err != nil {
		return err
	}
	if err := pol.CheckPassword(a.User.Username, next); err != nil {
		return err
	}
	if err := s.checkHistory(ctx, a.User.ID, next, pol); err != nil {
		return err
	}
	h, err := s.hash(ctx, next)
	if err != nil {
		return err
	}
	keep := ""
	if a.Session != nil {
		keep = a.Session.ID
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, a.User.ID, h, false); err != nil {
			return err
		}
		n, err := tx.DeleteUserSessions(ctx, a.User.ID, keep)
		if err != nil {
			return err
		}
		// A password changed because it may be known to someone else must not leave that
		// someone an API token made with it.
		t, err := tx.RevokeUserTokens(ctx, a.User.ID)
		if err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "user.password_change", entityType: "user", entityID: id(a.User.ID),
			changes: audit.Fields("other_sessions_ended", nil, n, "tokens_revoked", nil, t)})
	})
	if err != nil {
		return err
	}
	a.MustChange = false
	return nil
}

// ConfirmPassword re-checks the actor's password before a sensitive step taken from a logged-in
// session (creating an API token, binding a second factor): a borrowed session alone is not
// enough. A wrong password counts toward the account's lockout and is audited.
func (s *Service) ConfirmPassword(ctx context.Context, a *Auth, password, field string) error {
	pol, key, now, creds, err := s.recheck(ctx, a)
	if err != nil {
		return err
	}
	ok, _, err := s.verify(ctx, password, creds.PasswordHash)
	if err != nil || ok {
		return err
	}
	var until time.Time
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if until, err = countFailure(ctx, tx, key, pol.LockThreshold, pol.LockDuration, now); err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "password.confirm", entityType: "user", entityID: id(a.User.ID), outcome: audit.Failure})
	})
	if err != nil {
		return err
	}
	return s.failed(until, field, "err.password.current_wrong")
}

// recheck reads what a second check of who the actor is needs (a second factor, the password
// again): the policy, the account's lockout key, the time and its credentials; refused while
// the account is locked.
func (s *Service) recheck(ctx context.Context, a *Auth) (pol domain.PasswordPolicy, key string, now time.Time, creds *store.Credentials, err error) {
	if pol, _, err = s.Policy(ctx); err != nil {
		return pol, "", now, nil, err
	}
	now, key = s.Now(), "u:"+a.User.Username
	if until, err := s.lockedUntil(ctx, []string{key}, now); err != nil {
		return pol, key, now, nil, err
	} else if !until.IsZero() {
		return pol, key, now, nil, domain.Errorf(domain.ELocked, "err.login.locked", until)
	}
	creds, err = s.db.Read().Credentials(ctx, a.User.ID)
	return pol, key, now, creds, err
}

// failed answers a failed second check (counted for /metrics): locked out when this failure
// locked the account, else msg on field.
func (s *Service) failed(until time.Time, field, msg string) error {
	if s.LoginFailed != nil {
		s.LoginFailed()
	}
	if !until.IsZero() {
		return domain.Errorf(domain.ELocked, "err.login.locked", until)
	}
	return domain.Invalid(field, msg)
}

// checkHistory refuses a password equal to one of the last pol.History ones.
func (s *Service) checkHistory(ctx context.Context, userID int64, password string, pol domain.PasswordPolicy) error {
	if pol.History == 0 {
		return nil
	}
	old, err := s.db.Read().PasswordHistory(ctx, userID, pol.History)
	if err != nil {
		return err
	}
	for _, h := range old {
		if ok, _, err := s.verify(ctx, password, h); err == nil && ok {
			return domain.Invalid("password", "err.password.reused", pol.History)
		}
	}
	return nil
}

// TOTPEnrollment is a new second-factor secret shown to the user before confirmation. Sealed
// is the secret encrypted for this user, carried by the form back to ConfirmTOTP, so the
// secret is the server's, never one the client chose.
type TOTPEnrollment struct {
	Secret, URI, Sealed string
}

func totpAAD(userID int64) string { return "totp.enroll:" + id(userID) }

// BeginTOTP makes a new secret for the actor to add to an authenticator app. Nothing is stored
// until ConfirmTOTP sees a correct code, so an abandoned enrollment changes nothing.
func (s *Service) BeginTOTP(a *Auth, issuer string) (TOTPEnrollment, error) {
	sec := gm.NewTOTPSecret()
	sealed, err := s.db.Sealer().Seal(sec, totpAAD(a.User.ID))
	return TOTPEnrollment{Secret: sec, URI: gm.TOTPURI(issuer, a.User.Username, sec), Sealed: sealed}, err
}

// OpenTOTPEnrollment recovers an enrollment from its sealed form (to show the form again).
func (s *Service) OpenTOTPEnrollment(a *Auth, issuer, sealed string) (TOTPEnrollment, error) {
	sec, err := s.db.Sealer().Open(sealed, totpAAD(a.User.ID))
	if err != nil {
		return TOTPEnrollment{}, domain.Errorf(domain.EInvalid, "err.totp.enrollment")
	}
	return TOTPEnrollment{Secret: sec, URI: gm.TOTPURI(issuer, a.User.Username, sec), Sealed: sealed}, nil
}

// ConfirmTOTP turns the second factor on once the user proves, with their password and a code,
// that the authenticator app has the secret BeginTOTP made. A second factor already in use is
// not replaced here: it is turned off first, which also asks for the password.
func (s *Service) ConfirmTOTP(ctx context.Context, a *Auth, sealed, password, code string) error {
	if a.User.TOTPEnabled {
		return domain.Errorf(domain.EConflict, "err.totp.already")
	}
	secret, err := s.db.Sealer().Open(sealed, totpAAD(a.User.ID))
	if err != nil || secret == "" {
		return domain.Errorf(domain.EInvalid, "err.totp.enrollment")
	}
	if err := s.ConfirmPassword(ctx, a, password, "password"); err != nil {
		return err
	}
	ok, step := gm.VerifyTOTP(secret, code, s.Now())
	if !ok {
		return domain.Invalid("totp_code", "err.totp.wrong")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Another session may have bound a second factor since this one loaded the user.
		if ok, err := tx.EnableTOTP(ctx, a.User.ID, secret); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.EConflict, "err.totp.already")
		}
		if _, err := tx.UseTOTPStep(ctx, a.User.ID, step); err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "user.totp_enable", entityType: "user", entityID: id(a.User.ID)})
	})
	if err != nil {
		return err
	}
	a.User.TOTPEnabled, a.MustEnroll = true, false
	return nil
}

// DisableTOTP turns the second factor off, unless a role of the user requires it.
func (s *Service) DisableTOTP(ctx context.Context, a *Auth, password string) error {
	pol, _, err := s.Policy(ctx)
	if err != nil {
		return err
	}
	if pol.RequiresTOTP(a.User.Grants) {
		return domain.Errorf(domain.EUnprocessable, "err.totp.required")
	}
	if err := s.ConfirmPassword(ctx, a, password, "password"); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetTOTP(ctx, a.User.ID, "", false); err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "user.totp_disable", entityType: "user", entityID: id(a.User.ID)})
	})
}

// Logout ends the current session.
func (s *Service) Logout(ctx context.Context, a *Auth) error {
	if a.Session == nil {
		return nil
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, a.Session.ID); err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "logout", entityType: "user", entityID: id(a.User.ID)})
	})
}

// LogoutEverywhere ends every session of the actor, this one included.
func (s *Service) LogoutEverywhere(ctx context.Context, a *Auth) (int64, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if n, err = tx.DeleteUserSessions(ctx, a.User.ID, ""); err != nil {
			return err
		}
		t, err := tx.RevokeUserTokens(ctx, a.User.ID)
		if err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "logout.everywhere", entityType: "user", entityID: id(a.User.ID),
			changes: audit.Fields("sessions_ended", nil, n, "tokens_revoked", nil, t)})
	})
	return n, err
}

// EndSession ends one of the actor's own other sessions (from the profile page).
func (s *Service) EndSession(ctx context.Context, a *Auth, sessionID string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		sess, err := tx.Session(ctx, sessionID)
		if err != nil {
			return err
		}
		if sess.UserID != a.User.ID {
			return domain.NotFound()
		}
		if err := tx.DeleteSession(ctx, sessionID); err != nil {
			return err
		}
		return record(ctx, tx, a.Actor, event{action: "session.end", entityType: "user", entityID: id(a.User.ID)})
	})
}

// Sessions lists the actor's own sessions.
func (s *Service) Sessions(ctx context.Context, a *Auth) ([]*store.Session, error) {
	return s.db.Read().Sessions(ctx, a.User.ID)
}

// CreateToken issues an API token for a user and returns its value, shown once. The command
// line may issue one for anyone; a user only for themselves.
func (s *Service) CreateToken(ctx context.Context, a domain.Actor, username, name string, ttl time.Duration) (string, *store.Token, error) {
	if ttl <= 0 || ttl > 366*24*time.Hour {
		return "", nil, domain.Invalid("ttl", "err.token.ttl")
	}
	user, err := s.db.Read().UserByUsername(ctx, username)
	if err != nil {
		return "", nil, err
	}
	if !a.System && a.UserID != user.ID {
		if err := authz.Can(a, authz.UserRead, authz.User(user)); err != nil {
			return "", nil, err // may not even see the account: 404
		}
		return "", nil, domain.Forbidden() // tokens for others come from the command line only
	}
	if user.Disabled {
		return "", nil, domain.Invalid("username", "err.user.disabled")
	}
	value := "agv_" + gm.RandomToken(32)
	now := s.Now()
	t := &store.Token{UserID: user.ID, Name: truncate(strings.TrimSpace(name), 100), Prefix: value[:10], CreatedAt: now, ExpiresAt: now.Add(ttl)}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertToken(ctx, t, gm.SM3Hex([]byte(value))); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "token.create", entityType: "user", entityID: id(user.ID),
			changes: audit.Fields("token", nil, t.Prefix, "expires_at", nil, t.ExpiresAt)})
	})
	if err != nil {
		return "", nil, err
	}
	return value, t, nil
}

// RevokeToken revokes a token by its value or by (username, id).
func (s *Service) RevokeToken(ctx context.Context, a domain.Actor, username string, tokenID int64, value string) error {
	var userID int64
	if value != "" {
		t, err := s.db.Read().TokenByHash(ctx, gm.SM3Hex([]byte(value)))
		if err != nil {
			return err
		}
		userID, tokenID = t.UserID, t.ID
	} else {
		user, err := s.db.Read().UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		userID = user.ID
	}
	if !a.System && a.UserID != userID {
		return domain.NotFound()
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		ok, err := tx.RevokeToken(ctx, userID, tokenID)
		if err != nil {
			return err
		}
		if !ok {
			return domain.NotFound()
		}
		return record(ctx, tx, a, event{action: "token.revoke", entityType: "user", entityID: id(userID),
			changes: audit.Fields("token_id", nil, tokenID)})
	})
}

// Tokens lists the actor's own tokens.
func (s *Service) Tokens(ctx context.Context, a *Auth) ([]*store.Token, error) {
	return s.db.Read().Tokens(ctx, a.User.ID)
}
