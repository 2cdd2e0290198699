package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *Server) apiFeedbackList(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := feedbackFilter(r, rq.auth.Actor, s.svc.Today())
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.Feedbacks(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}

func (s *Server) apiFeedback(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Feedback(r.Context(), rq.auth.Actor, id)
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

func (s *Server) apiFeedbackCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in feedbackCreate
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	f := domain.Feedback{ReporterUnitID: in.ReporterUnitID, EntryID: in.EntryID, Library: in.Library, Kind: in.Kind,
		DataItem: in.DataItem, Description: in.Description, SampleRef: in.SampleRef}
	if err := s.svc.CreateFeedback(r.Context(), rq.auth.Actor, &f); err != nil {
		return nil, err
	}
	return &f, nil
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
