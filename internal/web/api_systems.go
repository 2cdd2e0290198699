package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *Server) apiSystems(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := systemFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.Systems(r.Context(), rq.auth.Actor, f)
	return sortedPageOf(p, f.Sort, app.SystemSortKey), err
}

func (s *Server) apiSystem(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.System(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiSystemCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.SystemEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var sys domain.System
	in.Apply(&sys)
	if err := s.svc.CreateSystem(r.Context(), rq.auth.Actor, &sys); err != nil {
		return nil, err
	}
	return s.svc.System(r.Context(), rq.auth.Actor, sys.ID)
}

func (s *Server) apiSystemUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.SystemEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.UpdateSystem(r.Context(), rq.auth.Actor, id, in); err != nil {
		return nil, err
	}
	return s.svc.System(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiSystemTransition(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.SystemStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.TransitionSystem(r.Context(), rq.auth.Actor, id, in)
}
