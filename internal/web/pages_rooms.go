package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// roomRoutes registers the pages of machine rooms (ENV-P2, ENV-P3, ENV-R3).
func (s *Server) roomRoutes() {
	s.handle("GET /machine-rooms", s.ui(s.roomsPage))
	s.sheetRoutes("/machine-rooms", roomsPages)
	roomPages.routes(s)
	s.handle("POST /machine-rooms/{id}/milestones", s.ui(s.roomMilestone))
	s.handle("POST /machine-rooms/{id}/milestones/{mid}", s.ui(s.roomMilestone))
	s.handle("POST /machine-rooms/{id}/milestones/{mid}/delete", s.ui(s.roomMilestone))
}

// roomPages describes the machine-room pages.
var roomPages = &recordPages[domain.MachineRoom, app.RoomEdit, *roomView, *roomFormView]{
	base: "/machine-rooms", nav: "nav.rooms", detail: "room", form: "room_form",
	newTitle: "rooms.new", editTitle: "unit.edit", name: func(m *domain.MachineRoom) string { return m.Name },
	kind: authz.KindRoom, createIn: authz.RoomCreate,
	get:     (*app.Service).MachineRoom,
	mayEdit: roomMayEdit,
	blank: func(a domain.Actor) domain.MachineRoom {
		return domain.MachineRoom{UnitID: a.UnitID, Kind: domain.RoomOther}
	},
	read:   roomFromForm,
	create: (*app.Service).CreateMachineRoom, update: (*app.Service).UpdateMachineRoom,
	view: (*Server).roomView, formView: (*Server).roomFormView, step: (*Server).roomStep,
}

// roomList reads the list filters shared by the page, the export and the API.
func roomList(r *http.Request) (app.RoomList, error) {
	q := filtersOf(r)
	l := app.RoomList{RoomFilter: app.RoomFilter{Query: q.text("q"), Status: oneOf(q, "status", domain.RoomStatuses),
		Kind: oneOf(q, "kind", domain.RoomKinds), Overdue: q.flag("overdue"),
		ClosedMonth: q.month("closed_month")}}
	l.UnitID, l.Sort = q.num("unit_id"), q.sort(app.RoomSorts)
	l.AfterKey, l.After = q.sortCursor(l.Sort)
	return l, q.err
}

// RoomKind, RoomStatus, RoomAction and SystemStatus name the registry's enumerations in the
// page's language.
func (p *helpers) RoomKind(k domain.RoomKind) string         { return p.T("roomkind." + string(k)) }
func (p *helpers) RoomStatus(s domain.RoomStatus) string     { return p.T("roomstatus." + string(s)) }
func (p *helpers) RoomAction(a domain.RoomAction) string     { return p.T("roomaction." + string(a)) }
func (p *helpers) SystemStatus(s domain.SystemStatus) string { return p.T("status." + string(s)) }

type roomsView struct {
	listBase
	Rooms    []*domain.MachineRoom
	Systems  map[int64]int // systems in service per room
	Statuses []domain.RoomStatus
	Kinds    []domain.RoomKind
	Deadline time.Time
}

func (s *Server) roomsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.rooms", authz.KindRoom, app.RoomSorts, "q", "unit_id", "status", "kind", "overdue", "sort")
	if err != nil {
		return err
	}
	v := roomsView{listBase: base, Statuses: domain.RoomStatuses, Kinds: domain.RoomKinds}
	v.Rooms, v.Pager, err = listFrom(s, r, roomList, (*app.Service).MachineRooms, nil) // a district has tens of rooms: counted by reading them
	if err != nil {
		return err
	}
	if v.Systems, err = s.svc.RoomSystemCounts(r.Context(), v.Rooms); err != nil {
		return err
	}
	g, _, err := s.svc.Governance(r.Context())
	if err != nil {
		return err
	}
	v.Deadline = g.RoomDeadline()
	s.render(w, r, http.StatusOK, "rooms", v)
	return nil
}

type roomView struct {
	Page
	Room       *domain.MachineRoom
	Systems    []*domain.System
	Milestones []*domain.RoomMilestone
	Steps      []domain.RoomAction
	History    []*audit.Record
	CanEdit    bool
	EditPlan   bool
	Today      string
	Findings   findingsSection // what the governance rules found (ENV-R3; pages_findings.go)
	// Evidence: the exemption basis, the on-site justification, the closing certificate.
	Attachments attachmentsView
}

func roomMayEdit(a domain.Actor, m *domain.MachineRoom) error {
	return authz.Can(a, authz.RoomUpdate, authz.Registry(authz.KindRoom, m.ID, m.UnitID))
}

func (s *Server) roomView(r *http.Request, rq *request, m *domain.MachineRoom, pg Page) (*roomView, error) {
	a, id := rq.auth.Actor, m.ID
	v := &roomView{Page: pg, Room: m, Today: s.svc.Now().In(i18n.Zone).Format("2006-01-02")}
	v.Steps = s.svc.RoomSteps(a, m)
	v.CanEdit = roomMayEdit(a, m) == nil
	var err error
	v.EditPlan = v.CanEdit && m.Status != domain.RoomClosed
	if v.Systems, err = s.svc.RoomSystems(r.Context(), a, id); err != nil {
		return v, err
	}
	plan, err := s.svc.RoomMilestones(r.Context(), a, id)
	if err != nil {
		return v, err
	}
	v.Milestones = plan.Milestones
	if v.History, err = s.svc.RoomHistory(r.Context(), a, id); err != nil {
		return v, err
	}
	if v.Findings, err = s.findingsOf(r, v.Page, domain.SubjectRoom, id, m.UnitID); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "room", id, "/machine-rooms/"+itoa(id))
	return v, err
}

type roomFormView struct {
	formBase
	Room  domain.MachineRoom
	Kinds []domain.RoomKind
}

func (s *Server) roomFormView(r *http.Request, rq *request, f formBase, m domain.MachineRoom) (*roomFormView, error) {
	return &roomFormView{formBase: f, Room: m, Kinds: domain.RoomKinds}, nil
}

// roomFromForm reads the form into an edit.
func roomFromForm(r *http.Request) (app.RoomEdit, error) {
	var e app.RoomEdit
	err := bindForm(r, &e)
	if e.Racks != nil && (*e.Racks < -1 || *e.Racks > 1<<20) {
		*e.Racks = -1 // out of range: Validate names the field
	}
	return e, err
}

func (s *Server) roomStep(r *http.Request, rq *request, id, ver int64) error {
	st := app.RoomStep{Version: ver, Action: domain.RoomAction(r.PathValue("action")), Note: r.PostFormValue("note")}
	var err error
	if st.ClosedDate, err = parseDay("closed_date", r.PostFormValue("closed_date")); err != nil {
		return err
	}
	st.ClosedDate = dayUTC(st.ClosedDate)
	_, err = s.svc.TransitionRoom(r.Context(), rq.auth.Actor, id, st)
	return err
}

// roomMilestone adds (no mid), changes (mid) or deletes (…/delete) a milestone of the plan.
func (s *Server) roomMilestone(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	var mid int64
	if v := r.PathValue("mid"); v != "" {
		if mid, err = strconv.ParseInt(v, 10, 64); err != nil || mid <= 0 {
			return domain.NotFound()
		}
	}
	remove := strings.HasSuffix(r.URL.Path, "/delete")
	e := app.MilestoneEdit{Version: ver, Title: r.PostFormValue("title")}
	if e.Due, err = parseDay("due", r.PostFormValue("due")); err == nil {
		if e.Done, err = parseDay("done", r.PostFormValue("done")); err == nil {
			e.Due, e.Done = dayUTC(e.Due), dayUTC(e.Done)
			_, err = s.svc.EditRoomMilestone(r.Context(), rq.auth.Actor, id, mid, e, remove)
		}
	}
	if err != nil {
		return roomPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/machine-rooms/"+itoa(id)+"#plan", "flash.saved")
	return nil
}

// The machine-room registry's spreadsheet pages (pages_import.go).
var roomsPages = &sheetPages{book: app.RoomsBook, nav: "nav.rooms", title: "rooms.import_title", help: "rooms.import_help", key: "field.unit", name: "field.name",
	export: exportOf(roomList, (*app.Service).ExportMachineRooms)}

// roomChoices lists the rooms, not closed, a system of one of units may name (for the
// system form).
func (s *Server) roomChoices(r *http.Request, a domain.Actor, units []treeNode) ([]*domain.MachineRoom, error) {
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return s.svc.RoomChoices(r.Context(), a, ids)
}
