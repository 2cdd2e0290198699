package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// feedbackAPI is the data-correction reports' JSON API (SHR-R6); their steps are rows of
// api_routes.go, one per action (apiFeedbackStep).
func (s *Server) feedbackAPI() apiRegister {
	return apiRegister{base: "/api/v1/feedback", tag: "feedback", one: "Feedback", many: "Feedback", the: "report", these: "reports",
		filters: []param{
			qEnum("box", "reported: reported by the caller's units; todo: waiting for the caller's units as provider (submitted or acknowledged); confirm: answered (fixed or disputed), waiting for the caller's units as reporter to confirm or reopen; provided: every report on the data of the caller's units, in any state; all (default).", feedbackBoxes...),
			qOf[domain.FeedbackStatus]("status", "Only this status."),
			qInt("provider_unit_id", "Only reports to this provider."),
			qInt("entry_id", "Only reports on this catalog entry."),
			qOf[domain.BaseLibrary]("library", "Only reports on this base library."),
			qFlag("overdue", "1: only reports whose provider is past its deadline today."),
			qDate("answered_from", "Only reports first answered (fixed or disputed) on or after this day (yyyy-mm-dd, China time)."),
			qDate("answered_to", "Only reports first answered on or before this day (yyyy-mm-dd, China time)."),
		},
		list: pageList(s, func(s *Server, r *http.Request, a domain.Actor) (app.FeedbackFilter, error) {
			return feedbackFilter(r, a, s.svc.Today())
		},
			byID,
			(*app.Service).Feedbacks, nil).says("List data-correction reports",
			"The reports in the caller's scope (its units as provider or as reporter; every report for the info office), newest first, keyset-paginated."),
		create: createFrom[feedbackCreate, domain.Feedback, *domain.Feedback](s, (*app.Service).CreateFeedback, nil, nil).answers("The report.").says("Report a data correction",
			"A unit's 责任人 or 联系人 reports missing, inconsistent or outdated data of a catalog entry (published, or visible to the caller) or of a base library (SHR-R6). The provider is the entry's provider unit or the library's authoritative provider; the deadline is Governance.feedback_reply_days working days from today. A data item, when given, must be one of the entry's (422 on data_item); description is required (422). sample_ref locates a sample record (a key), never the personal data itself. A unit cannot report on its own data. Audited as feedback.create."),
		get:     recordAt(s, (*app.Service).Feedback).says("One report", "A report of two other units answers 404."),
		history: apiOp{h: s.apiHistory((*app.Service).FeedbackHistory)}.says("A report's history", "The audit records of this report, newest first."),
	}
}

// feedbackCreate is the body of a new report: the reporting unit, one target (entry_id or
// library) and what is wrong.
type feedbackCreate struct {
	ReporterUnitID int64               `json:"reporter_unit_id"`
	EntryID        int64               `json:"entry_id"`
	Library        domain.BaseLibrary  `json:"library"`
	Kind           domain.FeedbackKind `json:"kind"`
	DataItem       string              `json:"data_item"`
	Description    string              `json:"description"`
	SampleRef      string              `json:"sample_ref"`
}

// Apply fills in a new report.
func (in feedbackCreate) Apply(f *domain.Feedback) {
	*f = domain.Feedback{ReporterUnitID: in.ReporterUnitID, EntryID: in.EntryID, Library: in.Library, Kind: in.Kind,
		DataItem: in.DataItem, Description: in.Description, SampleRef: in.SampleRef}
}

// feedbackStepBody is the body of a step: the version read, and the fix note (note) or the
// dispute or reopen reason (reason).
type feedbackStepBody struct {
	Version int64  `json:"version"`
	Note    string `json:"note"`
	Reason  string `json:"reason"`
}

// apiFeedbackStep takes one step (one route per action).
func (s *Server) apiFeedbackStep(act domain.FeedbackAction) func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	return func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		var in feedbackStepBody
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		note := in.Note
		if domain.FeedbackNoteField(act) == "reason" {
			note = in.Reason
		}
		return s.svc.TransitionFeedback(r.Context(), rq.auth.Actor, id, app.FeedbackStep{Version: in.Version, Action: act, Note: note})
	}
}

// apiFeedbackStats answers the per-provider statistics for reports between from and to.
func (s *Server) apiFeedbackStats(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	p, err := feedbackPeriod(r)
	if err != nil {
		return nil, err
	}
	rows, err := s.svc.FeedbackStatsFor(r.Context(), rq.auth.Actor, p)
	if rows == nil {
		rows = []app.FeedbackStats{}
	}
	return feedbackStatsList{rows}, err
}

type feedbackStatsList struct {
	Items []app.FeedbackStats `json:"items"`
}
