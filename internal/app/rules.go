package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// Governance rules as code (issue 11). The rule set in force is the highest published version
// (store.RuleSetRow); a database without one starts with the default set (rules.Default),
// published as version 1 by the system in the first transaction that needs it. The rules are
// evaluated:
//   - on every save of a record of a kind they read (refresh, in the save's transaction), so a
//     record's findings are never older than the record;
//   - at the application's gates (gate, rules_gates.go): deny refuses the step (422, every
//     violated rule with its clause and message), warn must be acknowledged at approval, audit
//     is recorded; every decision is kept with the rule-set version that made it;
//   - by the sweep (Sweep), daily and on the office's demand, for what changes with the date
//     (deadlines) and after a new rule set is published.
// Findings are the only place a clause's check is computed: pages, to-dos and filters read them.

// compiledSets caches compiled rule sets by database, version and publication time (a version
// of one database is immutable; a process may open several databases — the tests do, on clocks
// that stand still), and by what they compile (byContent: the same version and rules in another
// database, as the demo's default set in every test's copy of the demo, is compiled once per
// process: compiling the 28 default rules was 7% of internal/app's tests under -race), bounded.
var compiledSets = struct {
	sync.Mutex
	m         map[string]*rules.Compiled
	byContent map[string]*rules.Compiled
}{m: map[string]*rules.Compiled{}, byContent: map[string]*rules.Compiled{}}

func setKey(db *store.DB, row *store.RuleSetRow) string {
	return fmt.Sprintf("%p|%d|%d", db, row.Version, row.PublishedAt.UnixMicro())
}

// contentKey names what a stored set compiles to: every field decodeSet reads.
func contentKey(row *store.RuleSetRow) string {
	sum := sha256.Sum256([]byte(row.Body))
	return fmt.Sprintf("%d|%d|%x|%x", row.Version, row.GuideYear, sha256.Sum256([]byte(row.Note)), sum)
}

// forgetOne drops an entry of a full cache map: every entry can be compiled again.
func forgetOne(m map[string]*rules.Compiled) {
	if len(m) < 64 {
		return
	}
	for k := range m {
		delete(m, k)
		return
	}
}

// compiledAt returns the compiled set of the version head names (version and publication time
// only), reading its rules when it is not compiled yet.
func compiledAt(ctx context.Context, r store.Reader, head *store.RuleSetRow) (*rules.Compiled, error) {
	compiledSets.Lock()
	c := compiledSets.m[setKey(r.DB(), head)]
	compiledSets.Unlock()
	if c != nil {
		return c, nil
	}
	row, err := r.RuleSet(ctx, head.Version)
	if err != nil {
		return nil, err
	}
	return compiled(r.DB(), row)
}

// compiled returns the compiled set of a published version of db.
func compiled(db *store.DB, row *store.RuleSetRow) (*rules.Compiled, error) {
	k := setKey(db, row)
	compiledSets.Lock()
	c := compiledSets.m[k]
	compiledSets.Unlock()
	if c != nil {
		return c, nil
	}
	ck := contentKey(row)
	compiledSets.Lock()
	c = compiledSets.byContent[ck]
	compiledSets.Unlock()
	if c == nil {
		set, err := decodeSet(row)
		if err != nil {
			return nil, err
		}
		if c, err = rules.Compile(set); err != nil {
			return nil, fmt.Errorf("rule set %d does not compile: %w", row.Version, err)
		}
	}
	compiledSets.Lock()
	defer compiledSets.Unlock()
	forgetOne(compiledSets.m)
	forgetOne(compiledSets.byContent)
	compiledSets.m[k] = c
	compiledSets.byContent[ck] = c
	return c, nil
}

func decodeSet(row *store.RuleSetRow) (*rules.Set, error) {
	set := &rules.Set{Version: row.Version, GuideYear: row.GuideYear, Note: row.Note}
	if err := json.Unmarshal([]byte(row.Body), &set.Rules); err != nil {
		return nil, fmt.Errorf("rule set %d: %w", row.Version, err)
	}
	return set, nil
}

// rulesInForce is the compiled rule set in force, read inside tx; a database without one gets
// the default set as version 1 (audited as the system's ruleset.publish).
func rulesInForce(ctx context.Context, tx *store.Tx) (*rules.Compiled, error) {
	head, err := tx.LatestRuleSetHead(ctx)
	if domain.ErrorCode(err) == domain.ENotFound {
		row, err := publishSet(ctx, tx, SystemActor(), rules.Default(), 1, "默认规则集 / the default rule set")
		if err != nil {
			return nil, err
		}
		return compiled(tx.DB(), row)
	}
	if err != nil {
		return nil, err
	}
	return compiledAt(ctx, tx.Reader, head)
}

// ruleSetFor is the compiled set in force for a read: the latest published version, or the
// default set (version 0) while none is.
func ruleSetFor(ctx context.Context, r store.Reader) (*rules.Compiled, error) {
	head, err := r.LatestRuleSetHead(ctx)
	if domain.ErrorCode(err) == domain.ENotFound {
		return defaultCompiled()
	}
	if err != nil {
		return nil, err
	}
	return compiledAt(ctx, r, head)
}

var defaultCompiled = sync.OnceValues(func() (*rules.Compiled, error) { return rules.Compile(rules.Default()) })

// publishSet stores set as version v (it must compile) and audits it.
func publishSet(ctx context.Context, tx *store.Tx, a domain.Actor, set *rules.Set, v int64, note string) (*store.RuleSetRow, error) {
	if _, err := rules.Compile(set); err != nil {
		return nil, ruleProblems(err)
	}
	body, err := json.Marshal(set.Rules)
	if err != nil {
		return nil, err
	}
	row := &store.RuleSetRow{Version: v, GuideYear: set.GuideYear, Note: note, Body: string(body), PublishedBy: a.UserID,
		PublishedAt: tx.Now().UTC().Truncate(time.Microsecond)}
	if err := tx.InsertRuleSet(ctx, row); err != nil {
		return nil, err
	}
	ids := make([]string, len(set.Rules))
	for i, r := range set.Rules {
		ids[i] = r.ID
	}
	changes, _ := json.Marshal(map[string]any{"version": v, "guide_year": set.GuideYear, "note": note, "rules": ids})
	return row, record(ctx, tx, a, event{action: "ruleset.publish", entityType: "ruleset", entityID: id(v), changes: string(changes)})
}

// ruleProblems turns the engine's problems into field errors (422), all at once.
func ruleProblems(err error) error {
	var ps rules.Problems
	if !errors.As(err, &ps) {
		return err
	}
	var out domain.Problems
	for _, p := range ps {
		msg := p.Message
		if p.Line > 0 {
			msg = fmt.Sprintf("%d:%d %s", p.Line, p.Column, p.Message)
		}
		if p.Rule != "" {
			msg = p.Rule + " " + msg
		}
		out = append(out, &domain.Error{Code: domain.EInvalid, Field: p.Field, Message: "err.rules.invalid", Args: []any{msg}, Rule: p.Rule})
	}
	return out.Err()
}

// refresh re-evaluates the rules of kind over the records with the ids inside tx and brings
// their findings up to date: called by every save of such a record.
func refresh(ctx context.Context, tx *store.Tx, kind rules.Kind, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	c, err := rulesInForce(ctx, tx)
	if err != nil {
		return err
	}
	d, err := ruleDayOf(ctx, tx)
	if err != nil {
		return err
	}
	var subs []subject // no rule of the kind: its findings resolve
	if c.Has(kind) {
		if subs, err = subjectSources[kind](ctx, tx.Reader, d, ids); err != nil {
			return err
		}
	}
	_, err = syncFindings(ctx, tx, c, kind, d, subs, ids)
	return err
}

// refreshAll re-evaluates every record of kind inside tx (a change that moves them all: the
// governance settings' deadlines).
func refreshAll(ctx context.Context, tx *store.Tx, kind rules.Kind) error {
	_, err := sweepIn(ctx, tx, kind)
	return err
}

// sweepIn re-evaluates every record of kind inside tx.
func sweepIn(ctx context.Context, tx *store.Tx, kind rules.Kind) (SweepCounts, error) {
	c, err := rulesInForce(ctx, tx)
	if err != nil {
		return SweepCounts{}, err
	}
	d, err := ruleDayOf(ctx, tx)
	if err != nil {
		return SweepCounts{}, err
	}
	var subs []subject
	if c.Has(kind) {
		if subs, err = subjectSources[kind](ctx, tx.Reader, d, nil); err != nil {
			return SweepCounts{}, err
		}
	}
	return syncFindings(ctx, tx, c, kind, d, subs, nil)
}

func ruleDayOf(ctx context.Context, tx *store.Tx) (ruleDay, error) {
	g, _, err := governanceTx(ctx, tx)
	return ruleDay{today: today(tx), gov: g}, err
}

// SweepCounts is what a sweep (or a refresh) changed.
type SweepCounts struct {
	Subjects int `json:"subjects"`
	Opened   int `json:"opened"`   // new findings, or resolved ones firing again
	Resolved int `json:"resolved"` // findings whose rule stopped firing
	Changed  int `json:"changed"`  // live findings whose message, severity or waiver changed
	Errors   int `json:"errors"`   // evaluations that failed (logged; the finding is left as it was)
}

func (c *SweepCounts) add(o SweepCounts) {
	c.Subjects, c.Opened, c.Resolved, c.Changed, c.Errors = c.Subjects+o.Subjects, c.Opened+o.Opened, c.Resolved+o.Resolved,
		c.Changed+o.Changed, c.Errors+o.Errors
}

// syncFindings evaluates the subjects and writes the findings that changed: new ones, resolved
// ones, and live ones whose message, severity, clauses or waiver changed. ids are the subjects
// asked for (nil: every subject of the kind, the sweep): a finding of one of them whose subject
// is gone (deleted, or no longer read: an inactive unit) resolves too.
func syncFindings(ctx context.Context, tx *store.Tx, c *rules.Compiled, kind rules.Kind, d ruleDay, subs []subject, ids []int64) (SweepCounts, error) {
	n := SweepCounts{Subjects: len(subs)}
	have, err := tx.FindingsOfSubjects(ctx, string(kind), ids)
	if err != nil {
		return n, err
	}
	waived, err := tx.HoldingWaivers(ctx, string(kind), ids, d.today)
	if err != nil {
		return n, err
	}
	now := tx.Now().UTC()
	seen := map[store.FindingKey]bool{}
	failed := map[store.FindingKey]bool{}
	version := c.Set.Version
	results := evalAll(ctx, c, kind, subs, d.date())
	for i, s := range subs {
		vs, err := results[i].vs, results[i].err
		if err != nil {
			n.Errors++
			slog.Warn("rules: evaluation failed", "kind", kind, "id", s.id, "err", err)
			for _, r := range c.Rules(kind) { // keep whatever the failed rules had found
				failed[store.FindingKey{Kind: string(kind), Subject: s.id, Rule: r.ID}] = true
			}
		}
		for _, v := range vs {
			k := store.FindingKey{Kind: string(kind), Subject: s.id, Rule: v.Rule.ID}
			seen[k] = true
			status := domain.FindingOpen
			if waived[k] != nil {
				status = domain.FindingWaived
			}
			f := have[k]
			want := domain.Finding{SubjectKind: string(kind), SubjectID: s.id, SubjectName: s.name, UnitID: s.unitID, RuleID: v.Rule.ID,
				RuleVersion: version, Clauses: v.Rule.Clauses, Severity: string(v.Rule.Severity), MessageZH: v.Message.ZH,
				MessageEN: v.Message.EN, Status: status, FirstSeen: now, LastSeen: now}
			switch {
			case f == nil:
				if err := tx.InsertFinding(ctx, &want); err != nil {
					return n, err
				}
				n.Opened++
			case !f.Status.Live():
				want.ID = f.ID
				if err := tx.UpdateFinding(ctx, &want); err != nil {
					return n, err
				}
				n.Opened++
			case f.Status != status || f.MessageZH != want.MessageZH || f.MessageEN != want.MessageEN || f.Severity != want.Severity ||
				f.SubjectName != want.SubjectName || f.UnitID != want.UnitID || !slices.Equal(f.Clauses, want.Clauses):
				want.ID, want.FirstSeen = f.ID, f.FirstSeen
				if err := tx.UpdateFinding(ctx, &want); err != nil {
					return n, err
				}
				n.Changed++
			}
		}
	}
	for k, f := range have {
		if f.Status.Live() && !seen[k] && !failed[k] {
			f.Status, f.ResolvedAt, f.LastSeen = domain.FindingResolved, now, now
			if err := tx.UpdateFinding(ctx, f); err != nil {
				return n, err
			}
			n.Resolved++
		}
	}
	if ids == nil {
		return n, tx.TouchFindings(ctx, string(kind), version, now)
	}
	return n, nil
}

// evaluation is what the rules found of one subject.
type evaluation struct {
	vs  []rules.Violation
	err error
}

// evalAll evaluates the subjects' rules, on every core when there are many (a sweep): the
// compiled programs are safe for concurrent use, and the findings are written after, in order.
func evalAll(ctx context.Context, c *rules.Compiled, kind rules.Kind, subs []subject, day string) []evaluation {
	out := make([]evaluation, len(subs))
	workers := min(runtime.GOMAXPROCS(0), len(subs)/500+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// A context of the worker's own: every evaluation hangs a child on it (the interpreter's
			// interrupt), and one shared by all the workers would be a lock they queue for.
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			for i := w; i < len(subs); i += workers {
				out[i].vs, out[i].err = c.Eval(ctx, kind, subs[i].input, day)
			}
		})
	}
	wg.Wait()
	return out
}

// sweepKind re-evaluates every record of one kind in one transaction.
func (s *Service) sweepKind(ctx context.Context, kind rules.Kind) (SweepCounts, error) {
	var n SweepCounts
	err := s.db.InTx(ctx, func(tx *store.Tx) (err error) {
		n, err = sweepIn(ctx, tx, kind)
		return err
	})
	return n, err
}

// Sweep re-evaluates every record of every kind (the office, or the system's daily run), lapses
// the waivers past their expiry first, and audits what it changed (ruleset.sweep).
func (s *Service) Sweep(ctx context.Context, a domain.Actor) (SweepCounts, error) {
	var total SweepCounts
	if err := authz.Can(a, authz.RuleSweep, authz.Resource{Kind: authz.KindRuleSet}); err != nil {
		return total, err
	}
	// The sweep's time bound, which every evaluation in it shares (rules.Compiled.Eval): far
	// above what a district's records take (docs/PERFORMANCE.md), and a hung rule cannot hold
	// the sweep — or its transaction — for ever.
	ctx, cancel := context.WithTimeout(ctx, SweepTimeout)
	defer cancel()
	if err := s.lapseWaivers(ctx); err != nil {
		return total, err
	}
	var serr error
	for _, k := range sweepOrder() {
		n, err := s.sweepKind(ctx, k)
		if err != nil {
			serr = fmt.Errorf("sweep %s: %w", k, err)
			break
		}
		total.add(n)
	}
	return total, errors.Join(serr, s.auditSweep(ctx, a, total, serr))
}

// auditSweep records a re-evaluation done in transactions of its own (sweepKind) as
// ruleset.sweep with its counts, once they are committed — a failed one too (outcome failure):
// the kinds before the failure changed their findings. Every change to the findings is then
// followed by an audit record, whose move of the chain's tip is what the overviews' cache
// sees (dashboard_cache.go). Written even when the sweep's own context ended (its time bound).
func (s *Service) auditSweep(ctx context.Context, a domain.Actor, n SweepCounts, failed error) error {
	ctx = context.WithoutCancel(ctx)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		changes, _ := json.Marshal(n)
		e := event{action: "ruleset.sweep", entityType: "ruleset", entityID: "sweep", changes: string(changes)}
		if failed != nil {
			e.outcome = audit.Failure
		}
		return record(ctx, tx, a, e)
	})
}

// sweepOrder is the kinds in the order a sweep evaluates them: applications last, since their
// input reads what the other kinds' rules found (an application's systems off the cloud are
// those with a live ENV-P1 finding).
func sweepOrder() []rules.Kind {
	ks := slices.DeleteFunc(rules.Kinds(), func(k rules.Kind) bool { return k == rules.KindApplication })
	return append(ks, rules.KindApplication)
}

// SweepTimeout bounds a whole sweep.
const SweepTimeout = 10 * time.Minute

// SweepLease is the lease the daily sweep takes, so that of several replicas on one
// PostgreSQL database only one sweeps.
const SweepLease = "rules.sweep"

// SweepIfDue runs the daily sweep when this replica (holder) gets the lease: at most one sweep
// per lease period across replicas. It reports whether it swept.
func (s *Service) SweepIfDue(ctx context.Context, holder string, period time.Duration) (bool, SweepCounts, error) {
	ok, err := s.db.TryLease(ctx, SweepLease, holder, s.Now(), period)
	if err != nil || !ok {
		return false, SweepCounts{}, err
	}
	n, err := s.Sweep(ctx, SystemActor())
	return true, n, err
}

// lapseWaivers ends the approved waivers past their expiry, each audited with the system as the
// actor; their findings open again at the sweep that follows.
func (s *Service) lapseWaivers(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		ws, err := tx.LapsedWaivers(ctx, today(tx))
		if err != nil {
			return err
		}
		for _, w := range ws {
			before := *w
			w.Status = domain.WaiverLapsed
			if err := tx.UpdateWaiver(ctx, w); err != nil {
				return err
			}
			if err := record(ctx, tx, SystemActor(), event{action: "waiver.lapse", entityType: "waiver", entityID: id(w.ID),
				changes: audit.Diff(&before, w, nil)}); err != nil {
				return err
			}
		}
		return nil
	})
}
