// Package app holds archgov's use cases: one method per command, each shaped as authorize →
// load → decide → save → audit inside one transaction, so a change and its audit record are
// written together or not at all. The web UI, the JSON API and the command line all call these
// methods; none of them decides on its own. That shape is written once, in record.go
// (recordType: list, count, get, create, change); a register's file holds its description and
// its own rules.
package app

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/i18n"
	"archgov/internal/mail"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// Service runs the use cases against one database.
type Service struct {
	db  *store.DB
	kdf gm.KDFParams
	// kdfSlots bounds concurrent password hashing: a burst of logins queues here instead of
	// taking every core from the requests already being served.
	kdfSlots chan struct{}
	log      *slog.Logger

	maxAttachment int64
	sheetLimits   sheet.Limits
	sec           *secLimiter // security events (security_events.go)

	// addressLockThreshold is how many failed logins from one source address lock it out
	// (within the policy's lock window): far above the per-account threshold, because one
	// address can be a whole office behind NAT.
	addressLockThreshold int

	mu         sync.Mutex
	policy     domain.PasswordPolicy
	policyVer  int64
	policyRead time.Time

	mail        mail.Config // the SMTP relay of the inbox's e-mail (inbox.go); off when empty
	mailBaseURL string      // prefixed to a notification's link in its e-mail

	dupStats dupStats // the duplicate-construction check's term statistics (dupcheck.go)

	dash *dashCache // the overviews computed, by scope, query and stamp (dashboard_cache.go)

	// LoginFailed is called once per failed login (for /metrics); optional.
	LoginFailed func()
}

// Options configure a Service.
type Options struct {
	KDF      gm.KDFParams // password hashing strength; gm.DefaultKDF when zero
	KDFSlots int          // concurrent password hashes; 1 when zero
	Logger   *slog.Logger
	// MaxAttachment bounds one evidence file in bytes; domain.DefaultMaxAttachment when zero.
	MaxAttachment int64
	// SheetLimits bound every workbook import; a zero field takes sheet.DefaultLimits.
	SheetLimits sheet.Limits
	// SecurityEvents bounds the security-event log; DefaultSecurityEventLimits where zero.
	SecurityEvents SecurityEventLimits
	// AddressLockThreshold is how many failed logins from one source address, on any account
	// names, lock that address out; DefaultAddressLockThreshold when zero.
	AddressLockThreshold int
	// Mail is the SMTP relay notifications are e-mailed through; e-mail is off when empty.
	Mail mail.Config
	// BaseURL is the platform's address as users reach it (https://…), for the links in e-mail.
	BaseURL string
	// DashboardCache is how many computed overviews are kept (dashboard_cache.go);
	// DefaultDashboardCache when zero, none when negative (every request computes its own).
	DashboardCache int
}

// DefaultAddressLockThreshold locks an address after 50 failures in the lock window: an office
// behind one NAT address is not locked out by a few colleagues' typos, while a guesser
// spraying many account names from one address still is (each account locks at the policy's
// per-account threshold anyway).
const DefaultAddressLockThreshold = 50

// New returns a Service.
func New(db *store.DB, o Options) *Service {
	if o.KDF.Iterations == 0 {
		o.KDF = gm.DefaultKDF
	}
	if o.KDFSlots == 0 {
		o.KDFSlots = 1
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxAttachment <= 0 {
		o.MaxAttachment = domain.DefaultMaxAttachment
	}
	if o.AddressLockThreshold <= 0 {
		o.AddressLockThreshold = DefaultAddressLockThreshold
	}
	if o.DashboardCache == 0 {
		o.DashboardCache = DefaultDashboardCache
	}
	return &Service{db: db, kdf: o.KDF, kdfSlots: make(chan struct{}, o.KDFSlots), log: o.Logger, maxAttachment: o.MaxAttachment,
		sheetLimits: o.SheetLimits.WithDefaults(), sec: newSecLimiter(o.SecurityEvents), addressLockThreshold: o.AddressLockThreshold,
		mail: o.Mail, mailBaseURL: strings.TrimSuffix(o.BaseURL, "/"), dash: newDashCache(o.DashboardCache)}
}

// MaxAttachment is the size limit of one evidence file, in bytes.
func (s *Service) MaxAttachment() int64 { return s.maxAttachment }

// DB exposes the store for the adapters' read-only needs (health checks, metrics).
func (s *Service) DB() *store.DB { return s.db }

// Now is the service's clock (the store's, so tests control both).
func (s *Service) Now() time.Time { return s.db.Now() }

// Today is the date in the district's time zone, as the domain keeps dates (midnight UTC): the
// day deadlines and overdue marks are counted against.
func (s *Service) Today() time.Time { return domain.Day(s.db.Now().In(i18n.Zone)) }

// hash and verify run the KDF inside a slot.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-s.kdfSlots }()
	return gm.HashPassword(password, s.kdf)
}

func (s *Service) verify(ctx context.Context, password, encoded string) (ok, rehash bool, err error) {
	if err := s.acquire(ctx); err != nil {
		return false, false, err
	}
	defer func() { <-s.kdfSlots }()
	return gm.VerifyPassword(password, encoded, s.kdf)
}

func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.kdfSlots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Policy returns the security policy in force. It is cached for a few seconds: every request
// needs the session timeouts, and a change by the security admin reaching other replicas a
// few seconds later is acceptable.
func (s *Service) Policy(ctx context.Context) (domain.PasswordPolicy, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.policyRead.IsZero() && time.Since(s.policyRead) < 5*time.Second {
		return s.policy, s.policyVer, nil
	}
	p := domain.DefaultPolicy
	v, _, err := s.db.Read().Setting(ctx, settingPolicy, &p)
	if err != nil {
		return p, 0, err
	}
	s.policy, s.policyVer, s.policyRead = p, v, time.Now()
	return p, v, nil
}

func (s *Service) forgetPolicy() {
	s.mu.Lock()
	s.policyRead = time.Time{}
	s.mu.Unlock()
}

const (
	settingPolicy = "security_policy"
	settingDemo   = "demo"
)

// IsDemo reports whether the database holds the demo district (the UI marks it).
func (s *Service) IsDemo(ctx context.Context) bool {
	var demo bool
	_, _, err := s.db.Read().Setting(ctx, settingDemo, &demo)
	return err == nil && demo
}

// event is one audit record about to be written.
type event struct {
	action, entityType, entityID, outcome, changes string
}

// actorRecord is an audit record with the actor's part filled in.
func actorRecord(a domain.Actor) *audit.Record {
	r := &audit.Record{ActorID: a.UserID, Actor: a.Username, ActorRoles: strings.Join(a.RoleNames(), ","), IP: a.IP}
	if a.System && r.Actor == "" {
		r.Actor = "system"
	}
	return r
}

// record appends the audit record of an event inside tx.
func record(ctx context.Context, tx *store.Tx, a domain.Actor, e event) error {
	r := actorRecord(a)
	r.Action, r.EntityType, r.EntityID, r.Outcome, r.Changes = e.action, e.entityType, e.entityID, e.outcome, e.changes
	if r.Outcome == "" {
		r.Outcome = audit.OK
	}
	return tx.AppendAudit(ctx, r)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// SystemActor is the operator at the command line.
func SystemActor() domain.Actor {
	return domain.Actor{System: true, Username: "system", IP: "cli"}
}

// Page is one page of a keyset-paginated list.
type Page[T any] struct {
	Items      []T
	NextCursor int64 // 0: no more
}

// paginate turns rows fetched with limit+1 (so that one more tells whether there is a next
// page) into a page; limit 0 means everything was asked for.
func paginate[T any](rows []T, limit int, id func(T) int64) Page[T] {
	var p Page[T]
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
		p.NextCursor = id(rows[limit-1])
	}
	p.Items = rows
	return p
}

// plusOne asks the store for one row more than the page holds (see paginate).
func plusOne(limit int) int {
	if limit > 0 {
		return limit + 1
	}
	return 0
}

// ClampLimit bounds a requested page size.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 200:
		return 200
	}
	return n
}

// MarkDemo flags the database as the demo district.
func (s *Service) MarkDemo(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveSetting(ctx, settingDemo, true, 0); err != nil {
			return err
		}
		return record(ctx, tx, SystemActor(), event{action: "demo.load", entityType: "setting", entityID: settingDemo})
	})
}

// Bootstrap creates the first system administrator of an empty installation and returns the
// one-time password to print, or "" when the database already has accounts.
func (s *Service) Bootstrap(ctx context.Context) (username, password string, err error) {
	n, err := s.db.Read().CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", err
	}
	_, pw, err := s.CreateUser(ctx, SystemActor(), NewUser{Username: "admin", Name: "系统管理员",
		Grants: []domain.Grant{{Role: domain.RoleSysAdmin}}})
	return "admin", pw, err
}
