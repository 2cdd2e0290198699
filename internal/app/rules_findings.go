package app

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// Findings and waivers (issue 11): what the rules found, read in the actor's scope (a finding is
// its record's unit's), and the waivers (豁免) a unit asks for and the office decides.

// FindingFilter narrows a list of findings (store.FindingFilter).
type FindingFilter = store.FindingFilter

// Findings lists the findings in the actor's scope, newest first, one page.
func (s *Service) Findings(ctx context.Context, a domain.Actor, f FindingFilter) (Page[*domain.Finding], error) {
	n := f.Limit
	f.Limit = plusOne(n)
	xs, err := inScope(a, authz.FindingRead, authz.KindFinding, func(sc authz.Scope) ([]*domain.Finding, error) {
		return s.db.Read().Findings(ctx, sc, f)
	})
	if err != nil {
		return Page[*domain.Finding]{}, err
	}
	return paginate(xs, n, func(x *domain.Finding) int64 { return x.ID }), nil
}

// CountFindings counts the findings in the actor's scope that pass f (for to-do lists).
func (s *Service) CountFindings(ctx context.Context, a domain.Actor, f FindingFilter) (int, error) {
	return inScope(a, authz.FindingRead, authz.KindFinding, func(sc authz.Scope) (int, error) {
		return s.db.Read().CountFindings(ctx, sc, f)
	})
}

// Finding reads one finding the actor may see (404 otherwise).
func (s *Service) Finding(ctx context.Context, a domain.Actor, findingID int64) (*domain.Finding, error) {
	f, err := s.db.Read().Finding(ctx, findingID)
	if err == nil {
		err = authz.Can(a, authz.FindingRead, findingRes(f))
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// findingRes is a finding as a resource: its record's unit's; the district's own (base
// libraries, unit 0) the office's.
func findingRes(f *domain.Finding) authz.Resource {
	return authz.Registry(authz.KindFinding, f.ID, f.UnitID)
}

// FindingsOf lists the live findings (open and waived) of one record the caller has already
// read as the actor (its page): the record's visibility is the caller's check.
func (s *Service) FindingsOf(ctx context.Context, kind rules.Kind, subjectID int64) ([]*domain.Finding, error) {
	return s.db.Read().Findings(ctx, authz.Scope{All: true}, store.FindingFilter{Kind: string(kind), SubjectID: subjectID})
}

// FindingCount is a count of live findings under one key (a clause, a unit, a severity, a rule).
type FindingCount struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"` // the unit's name, for units
	N     int    `json:"count"`
}

// FindingCounts are the live findings in the actor's scope counted by clause, unit, severity,
// rule and kind (a finding citing two clauses counts under each), for the dashboards.
type FindingCounts struct {
	Total      int            `json:"total"`
	ByClause   []FindingCount `json:"by_clause"`
	ByUnit     []FindingCount `json:"by_unit"`
	BySeverity []FindingCount `json:"by_severity"`
	ByRule     []FindingCount `json:"by_rule"`
	ByKind     []FindingCount `json:"by_kind"`
}

// CountFindingsBy counts the findings in the actor's scope that pass f by clause, unit,
// severity, rule and kind.
func (s *Service) CountFindingsBy(ctx context.Context, a domain.Actor, f FindingFilter) (FindingCounts, error) {
	var out FindingCounts
	gs, err := inScope(a, authz.FindingRead, authz.KindFinding, func(sc authz.Scope) ([]store.FindingGroup, error) {
		return s.db.Read().FindingGroups(ctx, sc, f)
	})
	if err != nil {
		return out, err
	}
	clause, unit, sev, rule, kind := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	names := map[string]string{}
	for _, g := range gs {
		out.Total += g.N
		for _, c := range g.Clauses {
			clause[c] += g.N
		}
		u := id(g.UnitID)
		unit[u] += g.N
		names[u] = g.UnitName
		sev[g.Severity] += g.N
		rule[g.RuleID] += g.N
		kind[g.Kind] += g.N
	}
	counts := func(m map[string]int, label map[string]string) []FindingCount {
		xs := make([]FindingCount, 0, len(m))
		for k, n := range m {
			xs = append(xs, FindingCount{Key: k, Label: label[k], N: n})
		}
		sort.Slice(xs, func(i, j int) bool { return xs[i].N > xs[j].N || xs[i].N == xs[j].N && xs[i].Key < xs[j].Key })
		return xs
	}
	out.ByClause, out.ByUnit, out.BySeverity, out.ByRule, out.ByKind = counts(clause, nil), counts(unit, names), counts(sev, nil),
		counts(rule, nil), counts(kind, nil)
	return out, nil
}

// Waivers.

// WaiverRequest asks to waive a record's finding of a rule until ExpiresOn, for Reason.
type WaiverRequest struct {
	FindingID int64     `json:"finding_id"`
	Reason    string    `json:"reason"`
	ExpiresOn time.Time `json:"expires_on"`
}

// RequestWaiver files a unit's waiver request for one of its live findings (its 责任人 or
// 联系人): a reason and an expiry within a year; one request or waiver in force per finding.
// The office is told. Audited as waiver.create.
func (s *Service) RequestWaiver(ctx context.Context, a domain.Actor, rq WaiverRequest) (*domain.Waiver, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Waiver, error) {
		f, err := tx.Finding(ctx, rq.FindingID)
		if err == nil {
			err = authz.Can(a, authz.FindingRead, findingRes(f))
		}
		if err != nil {
			return nil, err
		}
		if err := authz.Can(a, authz.WaiverRequest, authz.Registry(authz.KindWaiver, 0, f.UnitID)); err != nil {
			return nil, err
		}
		if !f.Status.Live() {
			return nil, domain.Errorf(domain.EConflict, "err.waiver.no_finding")
		}
		w := &domain.Waiver{SubjectKind: f.SubjectKind, SubjectID: f.SubjectID, UnitID: f.UnitID, RuleID: f.RuleID,
			Reason: rq.Reason, ExpiresOn: domain.Day(rq.ExpiresOn), Status: domain.WaiverRequested, RequestedBy: a.UserID}
		if err := w.Validate(today(tx)); err != nil {
			return nil, err
		}
		ws, err := tx.Waivers(ctx, authz.Scope{All: true}, store.WaiverFilter{Kind: f.SubjectKind, SubjectID: f.SubjectID, RuleID: f.RuleID})
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(ws, (*domain.Waiver).Blocks) {
			return nil, domain.Errorf(domain.EConflict, "err.waiver.pending")
		}
		if err := tx.InsertWaiver(ctx, w); err != nil {
			return nil, err
		}
		w.SubjectName, w.UnitName = f.SubjectName, f.UnitName
		office, err := officePeople(ctx, tx)
		if err == nil {
			err = s.notify(ctx, tx, office, "waiver_requested", "waiver", w.ID, "/waivers/"+id(w.ID), f.UnitName, f.SubjectName, f.RuleID)
		}
		if err != nil {
			return nil, err
		}
		return w, record(ctx, tx, a, event{action: "waiver.create", entityType: "waiver", entityID: id(w.ID), changes: audit.Diff(nil, w, nil)})
	})
}

var waiverType = recordType[domain.Waiver]{entity: "waiver", kind: authz.KindWaiver, read: authz.WaiverRead,
	res:  func(w *domain.Waiver) authz.Resource { return authz.Registry(authz.KindWaiver, w.ID, w.UnitID) },
	load: store.Reader.Waiver, update: (*store.Tx).UpdateWaiver,
	key: func(w *domain.Waiver) (int64, int64) { return w.ID, w.Version }, noteKey: "comment"}

// Waiver reads one waiver the actor may see (404 otherwise).
func (s *Service) Waiver(ctx context.Context, a domain.Actor, waiverID int64) (*domain.Waiver, error) {
	return waiverType.get(ctx, s.db.Read(), a, waiverID)
}

// WaiverFilter narrows a list of waivers.
type WaiverFilter = store.WaiverFilter

// Waivers lists the waivers in the actor's scope, newest first, one page.
func (s *Service) Waivers(ctx context.Context, a domain.Actor, f WaiverFilter) (Page[*domain.Waiver], error) {
	return waiverType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Waiver, error) { return s.db.Read().Waivers(ctx, sc, f) })
}

// CountWaivers counts the waivers in the actor's scope that pass f (the office's to-do).
func (s *Service) CountWaivers(ctx context.Context, a domain.Actor, f WaiverFilter) (int, error) {
	return waiverType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountWaivers(ctx, sc, f) })
}

// WaiverStep is one step of a waiver's course (domain.WaiverFlow).
type WaiverStep struct {
	Version int64               `json:"version"`
	Action  domain.WaiverAction `json:"action"`
	Comment string              `json:"comment"`
}

// TransitionWaiver takes one step of a waiver: the office approves, refuses (with a comment) or
// revokes (with a comment); the unit withdraws its request. The finding follows in the same
// transaction (waived while an approved waiver holds), and the unit is told of the decision.
func (s *Service) TransitionWaiver(ctx context.Context, a domain.Actor, waiverID int64, st WaiverStep) (*domain.Waiver, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Waiver, error) {
		act := authz.WaiverDecide
		if st.Action == domain.WaiverWithdraw {
			act = authz.WaiverRequest
		}
		// The step's right is checked with the record's visibility, before its version: the
		// wrong party gets 403 whatever version it sent, as on every register.
		return waiverType.changeThen(ctx, tx, a, waiverID, st.Version, waiverType.may(a, authz.WaiverRead, act), func(w, _ *domain.Waiver) (string, string, error) {
			next, err := domain.WaiverFlow.Next(w.Status, st.Action, unitActors(a, w.UnitID), st.Comment, domain.WaiverCheck{Today: today(tx)})
			if err != nil {
				return "", "", err
			}
			w.Status, w.Comment = next, strings.TrimSpace(st.Comment)
			if st.Action != domain.WaiverWithdraw {
				w.DecidedBy, w.DecidedAt = a.UserID, tx.Now()
				if err := s.NotifyUnits(ctx, tx, "waiver_"+string(next), "waiver", w.ID, "/waivers/"+id(w.ID),
					[]string{w.RuleID, w.SubjectName}, w.UnitID); err != nil {
					return "", "", err
				}
			}
			return string(st.Action), "", nil
		}, func(w, _ *domain.Waiver) error {
			return refresh(ctx, tx, rules.Kind(w.SubjectKind), w.SubjectID) // waived, or open again
		})
	})
}

// WaiverSteps lists the steps the actor may take on w now (for buttons).
func (s *Service) WaiverSteps(a domain.Actor, w *domain.Waiver) []domain.WaiverAction {
	var out []domain.WaiverAction
	for _, act := range domain.WaiverFlow.Available(w.Status, unitActors(a, w.UnitID), domain.WaiverCheck{}) {
		need := authz.WaiverDecide
		if act == domain.WaiverWithdraw {
			need = authz.WaiverRequest
		}
		if authz.Can(a, need, authz.Registry(authz.KindWaiver, w.ID, w.UnitID)) == nil {
			out = append(out, act)
		}
	}
	return out
}

// WaiverHistory is a waiver's audit trail, for whoever may see it.
func (s *Service) WaiverHistory(ctx context.Context, a domain.Actor, waiverID int64) ([]*audit.Record, error) {
	return s.history(ctx, "waiver", waiverID, seen(s.Waiver(ctx, a, waiverID)))
}
