package web

import (
	"net/http"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *Server) apiSharingRequests(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := s.sharingFilter(r, rq.auth.Actor)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.SharingRequests(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}

func (s *Server) apiSharingRequest(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.SharingRequest(r.Context(), rq.auth.Actor, id)
}

// sharingCreate is the body of a new request: what the requester states.
type sharingCreate struct {
	EntryID         int64      `json:"entry_id"`
	RequesterUnitID int64      `json:"requester_unit_id"`
	Purpose         string     `json:"purpose"`
	Basis           string     `json:"basis"`
	Items           []string   `json:"items"`
	SystemID        int64      `json:"system_id"`
	UseUntil        *time.Time `json:"use_until"`
}

func (s *Server) apiSharingCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in sharingCreate
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	q := domain.SharingRequest{EntryID: in.EntryID, RequesterUnitID: in.RequesterUnitID, Purpose: in.Purpose, Basis: in.Basis,
		Items: in.Items, SystemID: in.SystemID}
	if in.UseUntil != nil {
		q.UseUntil = *in.UseUntil
	}
	if err := s.svc.CreateSharingRequest(r.Context(), rq.auth.Actor, &q); err != nil {
		return nil, err
	}
	return s.svc.SharingRequest(r.Context(), rq.auth.Actor, q.ID)
}

func (s *Server) apiSharingAnswer(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.SharingStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.AnswerSharingRequest(r.Context(), rq.auth.Actor, id, in); err != nil {
		return nil, err
	}
	return s.svc.SharingRequest(r.Context(), rq.auth.Actor, id)
}

// sharingWithdrawBody is the body of a withdrawal: the version the requester saw.
type sharingWithdrawBody struct {
	Version int64 `json:"version"`
}

func (s *Server) apiSharingWithdraw(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in sharingWithdrawBody
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.WithdrawSharingRequest(r.Context(), rq.auth.Actor, id, in.Version); err != nil {
		return nil, err
	}
	return s.svc.SharingRequest(r.Context(), rq.auth.Actor, id)
}
