package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *Server) apiCloudUtilisation(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	return s.svc.CloudUtilisation(r.Context(), rq.auth.Actor)
}

func (s *Server) apiCloudPools(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	ps, err := s.svc.CloudPools(r.Context(), rq.auth.Actor)
	return pageOf(app.Page[*domain.CloudPool]{Items: ps}), err
}

func (s *Server) apiCloudPool(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.CloudPool(r.Context(), rq.auth.Actor, id)
}

// apiCloudPoolUse answers one pool's utilisation (capacity, allocated, free, percentages).
func (s *Server) apiCloudPoolUse(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.CloudPool(r.Context(), rq.auth.Actor, id); err != nil {
		return nil, err
	}
	u, err := s.svc.CloudUtilisation(r.Context(), rq.auth.Actor)
	if err != nil {
		return nil, err
	}
	for _, p := range u.Pools {
		if p.Pool.ID == id {
			return p, nil
		}
	}
	return nil, domain.NotFound()
}

func (s *Server) apiCloudPoolCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.CloudPoolEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var p domain.CloudPool
	in.Apply(&p)
	if err := s.svc.CreateCloudPool(r.Context(), rq.auth.Actor, &p); err != nil {
		return nil, err
	}
	return s.svc.CloudPool(r.Context(), rq.auth.Actor, p.ID)
}

func (s *Server) apiCloudPoolUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.CloudPoolEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.UpdateCloudPool(r.Context(), rq.auth.Actor, id, in)
}

func (s *Server) apiCloudRequests(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := cloudRequestFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.CloudRequests(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}

func (s *Server) apiCloudRequest(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.CloudRequest(r.Context(), rq.auth.Actor, id)
}

// cloudRequestCreate is the body of a new request: the unit and the editable fields.
type cloudRequestCreate struct {
	UnitID int64 `json:"unit_id"`
	app.CloudRequestEdit
}

func (s *Server) apiCloudRequestCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in cloudRequestCreate
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	req := domain.CloudRequest{UnitID: in.UnitID}
	in.Apply(&req)
	if err := s.svc.CreateCloudRequest(r.Context(), rq.auth.Actor, &req); err != nil {
		return nil, err
	}
	return s.svc.CloudRequest(r.Context(), rq.auth.Actor, req.ID)
}

func (s *Server) apiCloudRequestUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.CloudRequestEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.UpdateCloudRequest(r.Context(), rq.auth.Actor, id, in)
}

func (s *Server) apiCloudRequestTransition(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.CloudStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.TransitionCloudRequest(r.Context(), rq.auth.Actor, id, in); err != nil {
		return nil, err
	}
	return s.svc.CloudRequest(r.Context(), rq.auth.Actor, id)
}
