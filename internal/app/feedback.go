package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// Data-correction feedback (数据纠错, SHR-R6). A unit reports wrong or missing data against a
// catalog entry or a base library; the case goes to the provider with a deadline of
// Governance.FeedbackReplyDays working days; the transition table in domain/feedback.go says
// who takes which step. Every step is audited in its own transaction; overdue cases are
// escalated once per deadline by EscalateOverdueFeedback (run by the escalation sweep).

func feedbackRes(f *domain.Feedback) authz.Resource {
	return authz.Exchange(authz.KindFeedback, f.ID, f.ProviderUnitID, f.ReporterUnitID)
}

var feedbackType = recordType[domain.Feedback]{entity: "feedback", kind: authz.KindFeedback, read: authz.FeedbackRead, res: feedbackRes,
	load: store.Reader.Feedback, insert: (*store.Tx).InsertFeedback, update: (*store.Tx).UpdateFeedback,
	key: func(f *domain.Feedback) (int64, int64) { return f.ID, f.Version }}

// Feedbacks lists the cases in the actor's scope (as provider or reporter), newest first.
func (s *Service) Feedbacks(ctx context.Context, a domain.Actor, f store.FeedbackFilter) (Page[*domain.Feedback], error) {
	return feedbackType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Feedback, error) { return s.db.Read().Feedbacks(ctx, sc, f) })
}

// CountFeedback counts the cases in the actor's scope that match f (for to-do lists).
func (s *Service) CountFeedback(ctx context.Context, a domain.Actor, f store.FeedbackFilter) (int, error) {
	return feedbackType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountFeedback(ctx, sc, f) })
}

// Feedback returns one case; a case of two other units answers not found.
func (s *Service) Feedback(ctx context.Context, a domain.Actor, fbID int64) (*domain.Feedback, error) {
	return feedbackType.get(ctx, s.db.Read(), a, fbID)
}

// providerOfLibrary is the authoritative provider unit of a base library (SHR-R5): the one place
// a base-library report finds whom it goes to. A library without a provider, or no longer in
// use, refuses the report with a field error on library.
func (s *Service) providerOfLibrary(ctx context.Context, tx *store.Tx, code domain.BaseLibrary) (int64, error) {
	id, err := s.BaseLibraryProvider(ctx, tx, code)
	switch e := domain.AsError(err); {
	case err == nil:
		return id, nil
	case e.Code == domain.ENotFound:
		return 0, domain.Invalid("library", "err.baselib.unknown", string(code))
	case e.Code == domain.EInvalid && e.Message == "err.baselib.no_provider":
		return 0, domain.Invalid("library", "err.feedback.library_no_provider", e.Args...)
	case e.Code == domain.EInvalid:
		e2 := *e
		e2.Field = "library"
		return 0, &e2
	}
	return 0, err
}

// CreateFeedback files a report of the reporting unit (its 责任人 or 联系人). The provider comes
// from the target: the entry's provider unit, or the library's authoritative provider. The
// entry must be published or visible to the reporter; a named data item must be one of its.
func (s *Service) CreateFeedback(ctx context.Context, a domain.Actor, f *domain.Feedback) error {
	f.ID, f.ProviderUnitID, f.Status, f.Resolution, f.ProviderNote, f.ReopenReason, f.Reopens = 0, 0, domain.FbSubmitted, "", "", "", 0
	f.AnsweredAt, f.ClosedAt, f.EscalatedAt, f.EverOverdue = time.Time{}, time.Time{}, time.Time{}, false
	if err := mayOpen(a, authz.KindFeedback, authz.FeedbackCreate, "reporter_unit_id", f.ReporterUnitID); err != nil {
		return err
	}
	if err := f.Validate(nil); err != nil && domain.AsError(err).Field != "data_item" {
		return err // the data item is checked against the entry's list below
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := activeUnit(ctx, tx, "reporter_unit_id", f.ReporterUnitID); err != nil {
			return err
		}
		var items []domain.DataItem
		if f.EntryID != 0 {
			c, err := tx.CatalogEntry(ctx, f.EntryID)
			if err != nil || authz.Can(a, authz.CatalogRead, catalogResource(c)) != nil {
				return domain.Invalid("entry_id", "err.feedback.entry_missing")
			}
			if c.Status == domain.CatWithdrawn {
				return domain.Invalid("entry_id", "err.feedback.entry_withdrawn")
			}
			// Only a published entry is other units' business: a report on a draft would show
			// its name to the whole reporting unit, which may not read it (a user holding grants
			// in two units sees drafts of one).
			if c.Status != domain.CatPublished {
				return domain.Invalid("entry_id", "err.feedback.entry_missing")
			}
			f.ProviderUnitID, f.EntryName, items = c.ProviderUnitID, c.Name, c.Items
		} else {
			pid, err := s.providerOfLibrary(ctx, tx, f.Library)
			if err != nil {
				return err
			}
			f.ProviderUnitID = pid
		}
		if err := f.Validate(items); err != nil {
			return err
		}
		g, _, err := governanceTx(ctx, tx)
		if err != nil {
			return err
		}
		f.ReportedAt = tx.Now()
		f.DueDate = g.AddWorkdays(today(tx), g.FeedbackReplyDays)
		if err := tx.InsertFeedback(ctx, f); err != nil {
			return err
		}
		saved, err := tx.Feedback(ctx, f.ID)
		if err != nil {
			return err
		}
		*f = *saved
		if err := record(ctx, tx, a, event{action: "feedback.create", entityType: "feedback", entityID: id(f.ID), changes: audit.Diff(nil, f, nil)}); err != nil {
			return err
		}
		return s.notifyUnitsAndOffice(ctx, tx, []int64{f.ProviderUnitID}, false, "feedback_reported", "feedback", f.ID, feedbackLink(f.ID),
			f.ReporterName, feedbackSubject(f), f.DueDate.Format("2006-01-02"))
	})
}

// feedbackActors says on which side the actor acts on f (for domain.FeedbackFlow).
func feedbackActors(a domain.Actor, f *domain.Feedback) []domain.FeedbackActor {
	return exchangeSides(a, f.ProviderUnitID, domain.FbByProvider, f.ReporterUnitID, domain.FbByReporter)
}

func feedbackStepAction(act domain.FeedbackAction) authz.Action {
	if act.ByProvider() {
		return authz.FeedbackRespond
	}
	return authz.FeedbackClose
}

// FeedbackSteps lists the steps the actor may take on f now (for the forms).
func (s *Service) FeedbackSteps(a domain.Actor, f *domain.Feedback) []domain.FeedbackAction {
	return permitted(a, feedbackRes(f), domain.FeedbackFlow.Available(f.Status, feedbackActors(a, f), nil), feedbackStepAction)
}

// FeedbackStep is one step with its text: the fix note, or the dispute or reopen reason.
type FeedbackStep struct {
	Version int64                 `json:"version"`
	Action  domain.FeedbackAction `json:"action"`
	Note    string                `json:"note"`
}

// TransitionFeedback takes one step of a case. The provider's fix or dispute is its answer
// (the first one sets the response time); an answer after the deadline marks the case as
// having been overdue. A reopening sends the case back to the provider with a new deadline
// counted from today, and may be escalated again when that one passes too.
func (s *Service) TransitionFeedback(ctx context.Context, a domain.Actor, fbID int64, st FeedbackStep) (*domain.Feedback, error) {
	allow := func(f *domain.Feedback) error {
		if err := authz.Can(a, authz.FeedbackRead, feedbackRes(f)); err != nil {
			return err
		}
		if !slices.Contains(domain.FeedbackActions, st.Action) {
			return domain.Invalid("action", "err.enum")
		}
		return authz.Can(a, feedbackStepAction(st.Action), feedbackRes(f))
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Feedback, error) {
		return feedbackType.change(ctx, tx, a, fbID, st.Version, allow, func(f, _ *domain.Feedback) (string, string, error) {
			next, err := domain.FeedbackFlow.Next(f.Status, st.Action, feedbackActors(a, f), st.Note, nil)
			if err != nil {
				return "", "", err
			}
			note := truncate(strings.TrimSpace(st.Note), 1000)
			now, day := tx.Now(), today(tx)
			if st.Action.ByProvider() && f.Overdue(day) {
				f.EverOverdue = true
			}
			switch st.Action {
			case domain.FbFix, domain.FbDispute:
				f.ProviderNote, f.Resolution = note, next
				if f.AnsweredAt.IsZero() {
					f.AnsweredAt = now
				}
			case domain.FbConfirm:
				f.ClosedAt = now
			case domain.FbReopen:
				g, _, err := governanceTx(ctx, tx)
				if err != nil {
					return "", "", err
				}
				f.ReopenReason, f.Reopens, f.EscalatedAt = note, f.Reopens+1, time.Time{}
				f.DueDate = g.AddWorkdays(day, g.FeedbackReplyDays)
			}
			f.Status = next
			return string(st.Action), "", nil
		})
	})
}

// FeedbackHistory is the case's audit trail, for whoever may see the case.
func (s *Service) FeedbackHistory(ctx context.Context, a domain.Actor, fbID int64) ([]*audit.Record, error) {
	return s.history(ctx, "feedback", fbID, seen(s.Feedback(ctx, a, fbID)))
}

// EscalateOverdueFeedback marks every case whose provider is past its deadline on the date of
// now (in the district's zone) as escalated — to the provider's 责任人 and the office, who see
// it in their to-dos — once per deadline, each with its own audit record by the system. It
// returns how many it escalated. Safe to run any number of times.
func (s *Service) EscalateOverdueFeedback(ctx context.Context, now time.Time) (int, error) {
	return escalateOverdue(ctx, s, now, func(tx *store.Tx, day time.Time) ([]*domain.Feedback, error) {
		return tx.OverdueUnescalatedFeedback(ctx, day)
	}, func(tx *store.Tx, f *domain.Feedback, day time.Time) (bool, error) {
		return tx.EscalateFeedback(ctx, f.ID, day, now)
	}, func(tx *store.Tx, f *domain.Feedback) error {
		before := *f
		f.EscalatedAt, f.EverOverdue = now, true
		if err := record(ctx, tx, SystemActor(), event{action: "feedback.escalate", entityType: "feedback", entityID: id(f.ID), changes: audit.Diff(&before, f, nil)}); err != nil {
			return err
		}
		return s.notifyUnitsAndOffice(ctx, tx, []int64{f.ProviderUnitID}, true, "feedback_escalated", "feedback", f.ID, feedbackLink(f.ID),
			f.ProviderName, f.ReporterName, feedbackSubject(f), f.DueDate.Format("2006-01-02"))
	})
}

// FeedbackStats is one provider's record on data-correction feedback over a period (cases
// reported in it), for the department assessment:
//   - response time: working days from the report to the provider's first answer (fix or
//     dispute), over the answered cases — average and median;
//   - fix rate: closed cases the provider had fixed, over all closed (confirmed) cases;
//   - overdue: cases overdue now, and cases that were overdue at any time (including now).
type FeedbackStats struct {
	ProviderUnitID int64    `json:"provider_unit_id"`
	ProviderName   string   `json:"provider_name"`
	Reported       int      `json:"reported"`
	Open           int      `json:"open"` // the provider owes the next step
	Answered       int      `json:"answered"`
	AvgResponse    *float64 `json:"avg_response_days"`    // nil when nothing was answered
	MedianResponse *float64 `json:"median_response_days"` // nil when nothing was answered
	Closed         int      `json:"closed"`
	FixedClosed    int      `json:"fixed_closed"`
	FixRate        *float64 `json:"fix_rate"` // FixedClosed / Closed, 0..1; nil when nothing was closed
	OverdueNow     int      `json:"overdue_now"`
	EverOverdue    int      `json:"ever_overdue"`
}

// FeedbackPeriod is a span of report dates, both ends included; zero ends are open.
type FeedbackPeriod struct {
	From, To time.Time
}

// ComputeFeedbackStats gives the per-provider numbers of the cases given, as of the date
// today, with the working-day calendar g: in order of provider name.
func ComputeFeedbackStats(cases []*domain.Feedback, g domain.Governance, today time.Time) []FeedbackStats {
	by := map[int64]*FeedbackStats{}
	resp := map[int64][]int{}
	for _, f := range cases {
		st := by[f.ProviderUnitID]
		if st == nil {
			st = &FeedbackStats{ProviderUnitID: f.ProviderUnitID, ProviderName: f.ProviderName}
			by[f.ProviderUnitID] = st
		}
		st.Reported++
		if f.Status.WithProvider() {
			st.Open++
		}
		if !f.AnsweredAt.IsZero() {
			st.Answered++
			resp[f.ProviderUnitID] = append(resp[f.ProviderUnitID],
				g.WorkdaysBetween(domain.Day(f.ReportedAt.In(i18n.Zone)), domain.Day(f.AnsweredAt.In(i18n.Zone))))
		}
		if f.Status == domain.FbConfirmed {
			st.Closed++
			if f.Resolution == domain.FbFixed {
				st.FixedClosed++
			}
		}
		now := f.Overdue(today)
		if now {
			st.OverdueNow++
		}
		if now || f.EverOverdue {
			st.EverOverdue++
		}
	}
	out := make([]FeedbackStats, 0, len(by))
	for pid, st := range by {
		if days := resp[pid]; len(days) > 0 {
			slices.Sort(days)
			sum := 0
			for _, d := range days {
				sum += d
			}
			avg := float64(sum) / float64(len(days))
			med := float64(days[len(days)/2])
			if len(days)%2 == 0 {
				med = float64(days[len(days)/2-1]+days[len(days)/2]) / 2
			}
			st.AvgResponse, st.MedianResponse = &avg, &med
		}
		if st.Closed > 0 {
			r := float64(st.FixedClosed) / float64(st.Closed)
			st.FixRate = &r
		}
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b FeedbackStats) int {
		if c := strings.Compare(a.ProviderName, b.ProviderName); c != 0 {
			return c
		}
		return int(a.ProviderUnitID - b.ProviderUnitID)
	})
	return out
}

// FeedbackStatsFor reports per provider on the cases reported in the period: every provider for
// the office, the actor's own units' lines for a unit's people.
func (s *Service) FeedbackStatsFor(ctx context.Context, a domain.Actor, p FeedbackPeriod) ([]FeedbackStats, error) {
	if err := authz.Can(a, authz.FeedbackRead, authz.Resource{Kind: authz.KindFeedback}); err != nil {
		return nil, err
	}
	scope := authz.ReadScope(a, authz.KindFeedback)
	f := store.FeedbackFilter{}
	if !scope.All {
		f.ProviderUnitIDs = append([]int64{}, scope.UnitIDs...)
	}
	if !p.From.IsZero() {
		f.ReportedFrom = time.Date(p.From.Year(), p.From.Month(), p.From.Day(), 0, 0, 0, 0, i18n.Zone)
	}
	if !p.To.IsZero() {
		f.ReportedTo = time.Date(p.To.Year(), p.To.Month(), p.To.Day()+1, 0, 0, 0, 0, i18n.Zone)
	}
	cases, err := s.db.Read().Feedbacks(ctx, scope, f)
	if err != nil {
		return nil, err
	}
	g, _, err := s.Governance(ctx)
	if err != nil {
		return nil, err
	}
	return ComputeFeedbackStats(cases, g, s.Today()), nil
}

// feedbackLink is a feedback case's page, the link of its notifications.
func feedbackLink(id int64) string { return "/feedback/" + strconv.FormatInt(id, 10) }

// feedbackSubject names what a case is about: the catalog entry, or the base library.
func feedbackSubject(f *domain.Feedback) string {
	if f.EntryName != "" {
		return f.EntryName
	}
	return "baselib." + string(f.Library)
}
