// Command archgov is the e-government architecture governance platform: one binary whose
// subcommands serve the web UI and API and let administrators script accounts, tokens,
// audit verification and backups. This file only turns flags and environment into a Config and
// wires the packages together; it holds no logic of its own.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/demo"
	"archgov/internal/demo/city"
	"archgov/internal/gm"
	"archgov/internal/i18n"
	"archgov/internal/officialdoc"
	"archgov/internal/sheet"
	"archgov/internal/store"
	"archgov/internal/web"

	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// Config is everything archgov is told from outside. Every flag has an ARCHGOV_* variable.
type Config struct {
	Addr          string
	MetricsAddr   string // the Prometheus metrics' own listener; empty: not served
	MetricsToken  string // bearer token a scrape must send; from ARCHGOV_METRICS_TOKEN only
	DB            string
	Key           string
	Demo          bool
	District      string
	SecureCookies bool
	TrustProxy    bool
	DocFont       string // the official documents' PDF font: a CJK TrueType file (docs/guide/documents.md)
	LogLevel      string
	sheetLimits   sheet.Limits // Import, checked
	MaxAttachMiB  int          // size limit of one evidence file
	// AddressLockThreshold is how many failed logins from one source address lock it out.
	AddressLockThreshold int
	Import               ImportLimits
	Mail                 MailSettings     // the inbox's e-mail (mail.go)
	now                  func() time.Time // the store's clock; nil: the real time (demo --scale sets its generator's)
}

// ImportLimits bound every workbook import, on the web and on the command line
// (docs/IMPORT.md); sheet.DefaultLimits are the defaults.
type ImportLimits struct {
	FileMiB, PartMiB, TotalMiB int // the .xlsx file; one part inflated; all parts inflated
	Rows, Columns              int // of any sheet
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `archgov — 电子政务架构治理平台

Usage:
  archgov serve [--addr 127.0.0.1:8080] [--metrics-addr 127.0.0.1:9464] [--db ./archgov.db | --db postgres://...] [--demo]
  archgov migrate
  archgov demo [--scale city|small --seed N]   (the demo district; --scale grows it, deterministically, with a progress bar)
  archgov version
  archgov user add --username U --name 姓名 [--unit CODE] [--phone P] --role ROLE[:UNITCODE] ...   (password on stdin)
  archgov user passwd --username U        (new password on stdin; must be changed at next login)
  archgov user roles --username U --role ROLE[:UNITCODE] ...   (replaces the roles; administrator roles only here)
  archgov user unlock --username U
  archgov user disable|enable --username U
  archgov user list
  archgov token create --username U [--ttl 720h] [--name NAME]
  archgov token revoke (--token VALUE | --username U --id N)
  archgov audit verify [--anchor FILE]   (with an anchor: also that the chain still reaches it)
  archgov audit anchor [--out FILE]      (a signed point of the chain to keep outside the database)
  archgov escalate                        (escalate overdue sharing answers now; serve does it hourly)
  archgov draw verify ID                  (recompute a kept expert draw; exit 1 when it does not verify)
  archgov sweep                           (re-check every record against the governance rules now; serve does it daily)
  archgov rules export [--version N] FILE|-   (the rule set in force, or version N, as YAML)
  archgov rules import [--note TEXT] FILE|-   (publish a YAML rule set as the next version; every rule must check)
  archgov rules test FILE|-               (no database: check every rule, run its test cases; exit 1 on any failure)
  archgov mail send                       (send the notifications' due e-mail now; serve does it every minute)
  archgov backup --to FILE
  archgov import systems FILE.xlsx [--dry-run]      (all or nothing; a progress bar on a terminal)
  archgov export systems --out FILE.xlsx

Every command takes --db and --key (or ARCHGOV_DB, ARCHGOV_KEY). Run "archgov COMMAND -h" for its flags.
`

// run is main without os.Exit, so tests can drive the command line.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "archgov: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdin, stdout, stderr)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "archgov:", err)
		return 2
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintln(stderr, "archgov:", err)
	return 1
}

// command is one subcommand: its arguments after the name, and the standard streams.
type command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error

// commands are the subcommands by name.
var commands = map[string]command{
	"serve": cmdServe, "migrate": cmdMigrate, "demo": cmdDemo, "user": cmdUser, "token": cmdToken,
	"audit": cmdAudit, "backup": cmdBackup, "escalate": cmdEscalate, "sweep": cmdSweep, "mail": cmdMail, "import": cmdImport, "export": cmdExport,
	"draw": cmdDraw, "rules": cmdRules,
	"version": func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
		fmt.Fprintln(stdout, versionString())
		return nil
	},
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func versionString() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return "archgov " + v
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envInt reads an integer variable; def when unset or not a number (the flag's check then
// applies to what was given on the command line).
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(name))); err == nil {
		return n
	}
	return def
}

func envBool(name string) bool {
	v := strings.ToLower(os.Getenv(name))
	return v == "1" || v == "true" || v == "yes"
}

// importFlags adds the limits of workbook imports.
func importFlags(fs *flag.FlagSet, c *Config) {
	d := sheet.DefaultLimits()
	fs.IntVar(&c.Import.FileMiB, "import-max-file-mb", envInt("ARCHGOV_IMPORT_MAX_FILE_MB", int(d.Compressed>>20)), "largest workbook to import, in MiB (ARCHGOV_IMPORT_MAX_FILE_MB)")
	fs.IntVar(&c.Import.PartMiB, "import-max-part-mb", envInt("ARCHGOV_IMPORT_MAX_PART_MB", int(d.Part>>20)), "largest part of a workbook once unpacked, in MiB (ARCHGOV_IMPORT_MAX_PART_MB)")
	fs.IntVar(&c.Import.TotalMiB, "import-max-total-mb", envInt("ARCHGOV_IMPORT_MAX_TOTAL_MB", int(d.Total>>20)), "largest workbook once unpacked, all parts together, in MiB (ARCHGOV_IMPORT_MAX_TOTAL_MB)")
	fs.IntVar(&c.Import.Rows, "import-max-rows", envInt("ARCHGOV_IMPORT_MAX_ROWS", d.Rows), "most rows in a sheet, header included (ARCHGOV_IMPORT_MAX_ROWS)")
	fs.IntVar(&c.Import.Columns, "import-max-columns", envInt("ARCHGOV_IMPORT_MAX_COLUMNS", d.Columns), "most columns in a sheet (ARCHGOV_IMPORT_MAX_COLUMNS)")
}

// sheetLimits checks the import limits and returns them for the sheet reader.
func (l ImportLimits) sheetLimits(cmd string) (sheet.Limits, error) {
	switch {
	case l.FileMiB < 1 || l.FileMiB > 1024:
		return sheet.Limits{}, usageError{cmd + ": --import-max-file-mb must be between 1 and 1024"}
	case l.PartMiB < 1 || l.TotalMiB < l.PartMiB || l.TotalMiB > 16384:
		return sheet.Limits{}, usageError{cmd + ": --import-max-part-mb must be at least 1 and at most --import-max-total-mb (at most 16384)"}
	case l.Rows < 2 || l.Rows > 1048576:
		return sheet.Limits{}, usageError{cmd + ": --import-max-rows must be between 2 and 1048576"}
	case l.Columns < 1 || l.Columns > 16384:
		return sheet.Limits{}, usageError{cmd + ": --import-max-columns must be between 1 and 16384"}
	}
	return sheet.Limits{Compressed: int64(l.FileMiB) << 20, Part: int64(l.PartMiB) << 20, Total: int64(l.TotalMiB) << 20,
		Rows: l.Rows, Columns: l.Columns}, nil
}

// flags starts a command's flag set with the flags every command takes.
func flags(name string, c *Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.DB, "db", env("ARCHGOV_DB", "./archgov.db"), "SQLite file or postgres:// URL (ARCHGOV_DB)")
	fs.StringVar(&c.Key, "key", env("ARCHGOV_KEY", ""), "SM4 key for personal data at rest, 32 hex digits (ARCHGOV_KEY); for SQLite, kept in DB.key beside the file when not given")
	fs.StringVar(&c.LogLevel, "log-level", env("ARCHGOV_LOG_LEVEL", "info"), "debug, info, warn or error (ARCHGOV_LOG_LEVEL)")
	return fs
}

func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := flagError(fs.Parse(args)); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

// flagError is a flag parsing error as run reports it: a request for help as it is, anything
// else a usage error.
func flagError(err error) error {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

// sealer loads the SM4 key. A SQLite installation without a configured key gets one generated
// into DB.key (mode 0600) on first use, so that `serve --demo` works on a fresh machine; the
// operations guide (docs/OPERATIONS.md, 密钥) tells operators to move it into configuration and back
// it up apart from the data.
func sealer(c *Config, stderr io.Writer) (*gm.Sealer, error) {
	key := strings.TrimSpace(c.Key)
	if key == "" {
		if store.IsPostgres(c.DB) {
			return nil, errors.New("ARCHGOV_KEY (or --key) is required with PostgreSQL: 32 hex digits, the same on every replica")
		}
		path := c.DB + ".key"
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			key = strings.TrimSpace(string(b))
		case errors.Is(err, os.ErrNotExist):
			key = fmt.Sprintf("%x", gm.SM3([]byte(gm.RandomToken(32))))[:32]
			if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
				return nil, fmt.Errorf("write key file: %w", err)
			}
			fmt.Fprintf(stderr, "archgov: generated a new SM4 key in %s — keep it safe and back it up apart from the database\n", path)
		default:
			return nil, fmt.Errorf("read key file: %w", err)
		}
	}
	k, err := gm.ParseKey(key)
	if err != nil {
		return nil, fmt.Errorf("key: %w", err)
	}
	return gm.NewSealer(k)
}

func logger(c *Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// open opens and, if migrate, migrates the database, and refuses one newer than this binary.
func open(ctx context.Context, c *Config, migrate bool, stderr io.Writer) (*store.DB, *app.Service, error) {
	// Only the commands that create a database may create its file (and its key): a mistyped
	// --db must not leave an empty database behind.
	if !migrate && !store.IsPostgres(c.DB) {
		if _, err := os.Stat(c.DB); err != nil {
			return nil, nil, fmt.Errorf("database %s: %w (create it with `archgov migrate` or `archgov serve`)", c.DB, err)
		}
	}
	db, err := openStore(ctx, c, stderr)
	if err != nil {
		return nil, nil, err
	}
	if migrate {
		if _, err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, nil, err
		}
		for _, n := range db.Notes() {
			logger(c, stderr).Warn(n)
		}
	} else if current, err := db.CheckVersion(ctx); err != nil {
		db.Close()
		return nil, nil, err
	} else if !current {
		db.Close()
		return nil, nil, errors.New("the database schema is not current: run `archgov migrate` first")
	}
	return db, app.New(db, app.Options{KDF: kdf, Logger: logger(c, stderr), MaxAttachment: int64(c.MaxAttachMiB) << 20,
		SheetLimits: c.sheetLimits, AddressLockThreshold: c.AddressLockThreshold, Mail: c.Mail.SMTP, BaseURL: c.Mail.BaseURL}), nil
}

// openStore opens the database with its key, as it is: neither migrated nor checked.
func openStore(ctx context.Context, c *Config, stderr io.Writer) (*store.DB, error) {
	s, err := sealer(c, stderr)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, c.DB, store.Options{Sealer: s, Now: c.now})
}

// kdf is the commands' password hashing; the zero value is gm.DefaultKDF (app.New). Only the
// package's tests set it, to testdb.KDF: the default is slow under -race.
var kdf gm.KDFParams

func cmdServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c Config
	fs := flags("serve", &c)
	fs.StringVar(&c.Addr, "addr", env("ARCHGOV_ADDR", "127.0.0.1:8080"), "listen address (ARCHGOV_ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("ARCHGOV_METRICS_ADDR", ""), "listen address of the Prometheus metrics, never behind the proxy; empty: no metrics (ARCHGOV_METRICS_ADDR; scrapes send the bearer token ARCHGOV_METRICS_TOKEN when it is set)")
	fs.BoolVar(&c.Demo, "demo", envBool("ARCHGOV_DEMO"), "fill an empty database with the demo district (ARCHGOV_DEMO)")
	fs.StringVar(&c.District, "district", env("ARCHGOV_DISTRICT", "相城区"), "district name in the top bar (ARCHGOV_DISTRICT)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("ARCHGOV_SECURE_COOKIES"), "mark cookies Secure: set when TLS ends at a proxy (ARCHGOV_SECURE_COOKIES)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("ARCHGOV_TRUST_PROXY"), "take the client address from X-Forwarded-For (ARCHGOV_TRUST_PROXY)")
	fs.StringVar(&c.DocFont, "doc-font", env("ARCHGOV_DOC_FONT", ""), "CJK TrueType font (.ttf) embedded in the official documents' PDF; empty: the first of "+strings.Join(officialdoc.FontCandidates, ", ")+" that exists (ARCHGOV_DOC_FONT)")
	fs.IntVar(&c.MaxAttachMiB, "max-attachment-mb", envInt("ARCHGOV_MAX_ATTACHMENT_MB", 20), "size limit of one evidence file in MiB (ARCHGOV_MAX_ATTACHMENT_MB)")
	importFlags(fs, &c)
	mailFlags(fs, &c.Mail)
	fs.IntVar(&c.AddressLockThreshold, "address-lock-threshold", envInt("ARCHGOV_ADDRESS_LOCK_THRESHOLD", app.DefaultAddressLockThreshold),
		"failed logins from one source address, on any account names, that lock the address for the policy's lock duration; accounts lock at the policy's own threshold (ARCHGOV_ADDRESS_LOCK_THRESHOLD)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	var err error
	if c.sheetLimits, err = c.Import.sheetLimits("serve"); err != nil {
		return err
	}
	if c.MaxAttachMiB < 1 || c.MaxAttachMiB > 1024 {
		return usageError{"serve: --max-attachment-mb must be between 1 and 1024"}
	}
	if c.AddressLockThreshold < 10 || c.AddressLockThreshold > 100000 {
		return usageError{"serve: --address-lock-threshold must be between 10 and 100000"}
	}
	if err := c.Mail.check("serve"); err != nil {
		return err
	}
	log := logger(&c, stderr)
	// Listen before the database is opened: a busy port must not leave a new, filled database
	// (or a generated key) behind.
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	var mln net.Listener
	if c.MetricsAddr != "" {
		// The metrics listener: separate from the main one so the reverse proxy never reaches it.
		if mln, err = net.Listen("tcp", c.MetricsAddr); err != nil {
			return err
		}
		defer mln.Close()
	}
	db, svc, err := open(ctx, &c, true, stderr)
	if err != nil {
		return err
	}
	defer db.Close()

	if err := firstStart(ctx, &c, svc, stdout); err != nil {
		return err
	}
	srv, err := web.New(svc, web.Config{District: c.District, SecureCookies: c.SecureCookies, TrustProxy: c.TrustProxy, DocFont: c.DocFont, Version: versionString(), Logger: log})
	if err != nil {
		return err
	}
	// Say at start whether the official documents' PDFs can be made; the server runs either way.
	if f, err := officialdoc.LoadFont(c.DocFont); err != nil {
		log.Warn("official documents: no PDF font; the .docx still works (docs/guide/documents.md)", "err", err)
	} else {
		log.Info("official documents: PDF font", "path", f.Path)
	}
	hs := &http.Server{Addr: c.Addr, Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go sweepSessions(ctx, svc, log)
	go escalateEvery(ctx, svc, log, time.Hour) // escalate.go: overdue sharing answers
	go mailEvery(ctx, svc)                     // mail.go: the notifications' e-mail
	go rulesSweepEvery(ctx, svc, log)          // sweep.go: the governance rules' daily sweep, one replica at a time
	errc := make(chan error, 2)
	var ms *http.Server
	if mln != nil {
		c.MetricsToken = os.Getenv("ARCHGOV_METRICS_TOKEN")
		if host, _, _ := net.SplitHostPort(c.MetricsAddr); c.MetricsToken == "" && !isLoopback(host) {
			log.Warn("metrics served without a token on a non-loopback address; set ARCHGOV_METRICS_TOKEN", "addr", c.MetricsAddr)
		}
		ms = &http.Server{Handler: srv.MetricsHandler(c.MetricsToken), ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
		go func() { errc <- ms.Serve(mln) }()
		fmt.Fprintf(stdout, "archgov metrics on http://%s/metrics\n", mln.Addr())
	}
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "archgov %s serving http://%s (database: %s)\n", version, ln.Addr(), redact(c.DB))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if ms != nil {
		ms.Shutdown(sctx)
	}
	return hs.Shutdown(sctx)
}

// isLoopback reports a host name or address that only this machine reaches.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// firstStart fills an empty database: the demo district with --demo, otherwise one system
// administrator with a one-time password printed once.
func firstStart(ctx context.Context, c *Config, svc *app.Service, stdout io.Writer) error {
	n, err := svc.DB().Read().CountUsers(ctx)
	if err != nil {
		return err
	}
	if n == 0 && c.Demo {
		fmt.Fprintln(stdout, "archgov: loading the demo district (相城区)…")
		if err := demo.Load(ctx, svc); err != nil {
			return err
		}
	}
	if svc.IsDemo(ctx) {
		printDemoLogins(stdout)
		return nil
	}
	user, pw, err := svc.Bootstrap(ctx)
	if err != nil {
		return err
	}
	if pw != "" {
		fmt.Fprintf(stdout, "\nFirst start: system administrator created.\n  username: %s\n  one-time password: %s\n(It is shown only now and must be changed at first login. Create the security and audit administrators with `archgov user add`.)\n\n", user, pw)
	}
	return nil
}

func printDemoLogins(w io.Writer) {
	fmt.Fprintf(w, "\nDemo district 相城区 — log in with any of these users; the initial password is %s\n(changed at first login, after which it no longer works):\n", demo.Password)
	for _, u := range demo.Users {
		fmt.Fprintf(w, "  %-14s %-8s %s\n", u.Username, u.Name, web.GrantsText(i18n.ZH, u.Grants()))
	}
	fmt.Fprintln(w)
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 && store.IsPostgres(dsn) {
		if j := strings.Index(dsn, "://"); j > 0 {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}

// sweepSessions removes expired sessions now and then, so the table does not grow forever.
func sweepSessions(ctx context.Context, svc *app.Service, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			pol, _, err := svc.Policy(ctx)
			if err != nil {
				continue
			}
			now := svc.Now()
			if n, err := svc.DB().DeleteExpiredSessions(ctx, now.Add(-pol.IdleTimeout), now.Add(-pol.AbsoluteTimeout)); err != nil {
				log.Warn("sweep sessions", "err", err)
			} else if n > 0 {
				log.Info("swept expired sessions", "count", n)
			}
		}
	}
}

func cmdMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c Config
	fs := flags("migrate", &c)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	db, err := openStore(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	for _, note := range db.Notes() {
		fmt.Fprintln(stderr, "archgov:", note)
	}
	v, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "applied %d migrations; schema version %d\n", n, v)
	return nil
}

func cmdDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c Config
	var scale string
	var seed uint64
	fs := flags("demo", &c)
	fs.StringVar(&scale, "scale", "", `grow the demo district: "city" (500 units, 20,000 systems, 50,000 projects, 200,000 catalog entries …) or "small"; empty: the demo district only`)
	fs.Uint64Var(&seed, "seed", 1, "the generator's seed with --scale: the same seed gives the same data")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	size, ok := city.Sizes[scale]
	if scale != "" && !ok {
		return usageError{fmt.Sprintf("demo: --scale must be city or small, not %q", scale)}
	}
	clock := city.NewClock(time.Time{})
	if scale != "" {
		c.now = clock.Now // the generator dates its records through the store's clock
	}
	db, svc, err := open(ctx, &c, true, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if scale == "" {
		if err := demo.Load(ctx, svc); err != nil {
			return err
		}
		printDemoLogins(stdout)
		return nil
	}
	start := time.Now()
	err = city.Generate(ctx, svc, city.Options{Seed: seed, Size: size, Clock: clock, Progress: demoProgress(stderr, start)})
	if err != nil {
		return err
	}
	counts, hash, err := city.Fingerprint(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo district at %s scale, seed %d, in %s:\n", scale, seed, time.Since(start).Round(time.Second))
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(stdout, "  %-16s %9d\n", k, counts[k])
	}
	fmt.Fprintf(stdout, "  fingerprint      %s\n", hash)
	printDemoLogins(stdout)
	return nil
}

// demoProgress draws the generator's progress: a bar redrawn in place on a terminal, elsewhere
// a line per step when it ends (and every tenth of a long one).
func demoProgress(w io.Writer, start time.Time) func(string, int, int) {
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	last := map[string]int{}
	return func(step string, done, total int) {
		el := time.Since(start).Round(time.Second)
		if tty {
			const width = 30
			n := width
			if total > 0 {
				n = done * width / total
			}
			fmt.Fprintf(w, "\r%-14s [%s%s] %d/%d  %s ", step, strings.Repeat("█", n), strings.Repeat("·", width-n), done, total, el)
			if done == total {
				fmt.Fprintln(w)
			}
			return
		}
		if tenth := done * 10 / max(total, 1); done == total || (total >= 10000 && tenth > last[step]) {
			last[step] = tenth
			fmt.Fprintf(w, "archgov: %s %d/%d (%s)\n", step, done, total, el)
		}
	}
}

// migrated runs a command that takes only the common flags on the migrated database.
func migrated(ctx context.Context, name string, args []string, stderr io.Writer, do func(*app.Service) error) error {
	var c Config
	if err := parse(flags(name, &c), args, stderr); err != nil {
		return err
	}
	db, svc, err := open(ctx, &c, true, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	return do(svc)
}

func cmdBackup(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c Config
	var to string
	fs := flags("backup", &c)
	fs.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if to == "" {
		return usageError{"backup: --to FILE is required"}
	}
	if store.IsPostgres(c.DB) {
		return store.ErrBackupPostgres
	}
	db, _, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (the SM4 key is not in it: back up %s.key or ARCHGOV_KEY separately)\n", to, c.DB)
	return nil
}

func cmdAudit(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "usage: archgov audit verify [--anchor FILE] | archgov audit anchor [--out FILE]"
	if len(args) == 0 || (args[0] != "verify" && args[0] != "anchor") {
		return usageError{use}
	}
	var c Config
	var anchorFile, out string
	fs := flags("audit "+args[0], &c)
	if args[0] == "verify" {
		fs.StringVar(&anchorFile, "anchor", "", "also check that the chain still reaches this anchor (a file written by `archgov audit anchor` or downloaded from the audit page)")
	} else {
		fs.StringVar(&out, "out", "", "write the anchor to this file (must not exist) instead of standard output")
	}
	if err := parse(fs, args[1:], stderr); err != nil {
		return err
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "anchor" {
		return auditAnchor(ctx, svc, out, stdout)
	}
	var an *audit.Anchor
	if anchorFile != "" {
		b, err := os.ReadFile(anchorFile)
		if err != nil {
			return err
		}
		if an, err = audit.ParseAnchor(b, db.AnchorKey()); err != nil {
			return fmt.Errorf("%s: %w", anchorFile, err)
		}
	}
	var n int
	if an != nil {
		n, err = svc.VerifyAnchor(ctx, an)
	} else {
		n, err = svc.VerifyAudit(ctx)
	}
	if err != nil {
		return fmt.Errorf("audit chain broken after %d good records: %w", n, err)
	}
	if an != nil {
		fmt.Fprintf(stdout, "audit chain intact: %d records verified; it still reaches the anchor of %s (record %d)\n", n, an.At.Format(time.RFC3339), an.Seq)
		return nil
	}
	fmt.Fprintf(stdout, "audit chain intact: %d records verified\n", n)
	return nil
}

// auditAnchor takes an anchor as the operator and prints or writes it.
func auditAnchor(ctx context.Context, svc *app.Service, out string, stdout io.Writer) error {
	an, err := svc.AuditAnchor(ctx, app.SystemActor())
	if err != nil {
		return fmt.Errorf("audit anchor: %w", err)
	}
	b, _ := json.MarshalIndent(an, "", "  ")
	b = append(b, '\n')
	if out == "" {
		_, err := stdout.Write(b)
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit anchor written to %s: record %d, hash %s — keep it outside the database and check it with `archgov audit verify --anchor %s`\n", out, an.Seq, an.Hash, out)
	return nil
}
