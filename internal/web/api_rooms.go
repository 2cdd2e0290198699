package web

import (
	"context"
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// roomsAPI is the machine-room registry's JSON API.
func (s *Server) roomsAPI() apiRegister {
	return apiRegister{base: "/api/v1/machine-rooms", tag: "machine-rooms", one: "MachineRoom", many: "MachineRooms", the: "room", these: "rooms",
		filters: roomFilters,
		list: pageList(s, byRequest(roomList), func(l *app.RoomList, n int) app.ListSort { l.Limit = n; return l.Sort },
			(*app.Service).MachineRooms, app.RoomSortKey).says("List machine rooms",
			"Scoped by construction: the info office sees the district's, a unit's 责任人/联系人 and its leader see that unit's, others nothing. Keyset-paginated in the order of sort (default: id, registration order). Each room carries its deadline, worked out from the governance settings in force, and its overdue flag, a live finding of the rule ENV-R3.room-overdue."),
		create: createFrom[app.RoomEdit](s, (*app.Service).CreateMachineRoom, func(m *domain.MachineRoom) int64 { return m.ID },
			(*app.Service).MachineRoom).says("Register a machine room",
			"By the owning unit's 责任人/联系人 or the info office. Access and mandated rooms need exemption_basis (ENV-P2), on-site production its justification there (ENV-P3). The room starts in use. Audited as room.create."),
		get: recordAt(s, (*app.Service).MachineRoom).says("Get a machine room", "Another unit's room answers 404."),
		update: withBody(s, (*app.Service).UpdateMachineRoom).says("Edit a machine room",
			"Fields left out keep their values; version (the one read) is required, a stale one answers 409. The status changes only through transitions. Audited as room.update."),
		transition: withBody(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in app.RoomStep) (*domain.MachineRoom, error) {
			in.ClosedDate = dayUTC(in.ClosedDate)
			return svc.TransitionRoom(ctx, a, id, in)
		}).says("Take a closing step",
			"The transition table decides (ENV-R3): start_closing (in use → closing; needs a milestone or a note), close (closing → closed; needs closed_date, not after today, and no system in service left in the room), reopen (closing → in use; the info office only). A step impossible from the current state answers 409, a step the caller may not take 403. Audited as room.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).RoomHistory)}.says("A machine room's history",
			"The audit records of this room (its milestones included), newest first, for whoever may see the room."),
		sheets: roomsPages,
		imports: apiOp{}.says("Import a machine-room workbook (台账)",
			"The body is the .xlsx file (or a multipart form with field `file`), at most 20 MiB. Without `apply=true` it only previews. Rows match by unit and room name (in the report's lines, `code` holds the unit's name); re-importing the same file changes nothing; the status is not imported. All or nothing: with any problem, nothing is written and the answer is 422: the error, with the report beside it."),
		exports: apiOp{}.says("Export the machine rooms (台账)",
			"The rooms the caller may see, filtered like the list, as .xlsx with the import's columns plus 状态, 关停日期, 关停期限, 是否逾期 and 在用系统数. Audited as room.export."),
		templating: apiOp{}.says("The empty machine-room workbook",
			"Chinese headers, drop-downs for the kind and 是/否, and a 填表说明 instructions sheet."),
	}
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

// apiRoomMilestoneAdd adds a milestone to the room's closing plan.
func (s *Server) apiRoomMilestoneAdd() apiFunc {
	return withBody(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in app.MilestoneEdit) (*app.RoomPlan, error) {
		return svc.EditRoomMilestone(ctx, a, id, 0, in, false)
	}).h
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
