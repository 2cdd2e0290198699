package web

import (
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *Server) apiRooms(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	l, err := roomList(r)
	if err != nil {
		return nil, err
	}
	l.Limit = limit
	p, err := s.svc.MachineRooms(r.Context(), rq.auth.Actor, l)
	return sortedPageOf(p, l.Sort, app.RoomSortKey), err
}

func (s *Server) apiRoom(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.MachineRoom(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiRoomCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.RoomEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var m domain.MachineRoom
	in.Apply(&m)
	if err := s.svc.CreateMachineRoom(r.Context(), rq.auth.Actor, &m); err != nil {
		return nil, err
	}
	return s.svc.MachineRoom(r.Context(), rq.auth.Actor, m.ID)
}

func (s *Server) apiRoomUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.RoomEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.UpdateMachineRoom(r.Context(), rq.auth.Actor, id, in)
}

func (s *Server) apiRoomTransition(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.RoomStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	in.ClosedDate = dayUTC(in.ClosedDate)
	return s.svc.TransitionRoom(r.Context(), rq.auth.Actor, id, in)
}

func (s *Server) apiRoomSystems(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ss, err := s.svc.RoomSystems(r.Context(), rq.auth.Actor, id)
	return pageOf(app.Page[*domain.System]{Items: ss}), err
}

func (s *Server) apiRoomMilestones(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.RoomMilestones(r.Context(), rq.auth.Actor, id)
}

// milestoneIDs reads the room and milestone IDs from the path.
func milestoneIDs(r *http.Request) (roomID, mid int64, err error) {
	if roomID, err = pathID(r); err != nil {
		return 0, 0, err
	}
	mid, err = strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil || mid <= 0 {
		return 0, 0, domain.NotFound()
	}
	return roomID, mid, nil
}

func (s *Server) apiRoomMilestoneAdd(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.MilestoneEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.EditRoomMilestone(r.Context(), rq.auth.Actor, id, 0, in, false)
}

func (s *Server) apiRoomMilestoneUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, mid, err := milestoneIDs(r)
	if err != nil {
		return nil, err
	}
	var in app.MilestoneEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.EditRoomMilestone(r.Context(), rq.auth.Actor, id, mid, in, false)
}

func (s *Server) apiRoomMilestoneDelete(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, mid, err := milestoneIDs(r)
	if err != nil {
		return nil, err
	}
	ver, err := formInt(r, "version") // the room's, as a query parameter
	if err != nil {
		return nil, err
	}
	return s.svc.EditRoomMilestone(r.Context(), rq.auth.Actor, id, mid, app.MilestoneEdit{Version: ver}, true)
}
