package web

import (
	"html/template"
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

// roomRoutes registers the pages and API of machine rooms (ENV-P2, ENV-P3, ENV-R3).
func (s *Server) roomRoutes() {
	s.handle("GET /machine-rooms", s.ui(s.roomsPage))
	s.handle("GET /machine-rooms/new", s.ui(s.roomNew))
	s.handle("POST /machine-rooms/new", s.ui(s.roomCreate))
	s.sheetRoutes("/machine-rooms", roomsPages)
	s.handle("GET /machine-rooms/{id}", s.ui(s.roomPage))
	s.handle("GET /machine-rooms/{id}/edit", s.ui(s.roomEdit))
	s.handle("POST /machine-rooms/{id}", s.ui(s.roomUpdate))
	s.handle("POST /machine-rooms/{id}/steps/{action}", s.ui(s.roomStep))
	s.handle("POST /machine-rooms/{id}/milestones", s.ui(s.roomMilestone))
	s.handle("POST /machine-rooms/{id}/milestones/{mid}", s.ui(s.roomMilestone))
	s.handle("POST /machine-rooms/{id}/milestones/{mid}/delete", s.ui(s.roomMilestone))

}

// roomList reads the list filters shared by the page, the export and the API.
func roomList(r *http.Request) (app.RoomList, error) {
	q := r.URL.Query()
	l := app.RoomList{RoomFilter: app.RoomFilter{Query: strings.TrimSpace(q.Get("q"))}}
	var err error
	if l.Status, err = queryEnum(q, "status", domain.RoomStatuses); err != nil {
		return l, err
	}
	if l.Kind, err = queryEnum(q, "kind", domain.RoomKinds); err != nil {
		return l, err
	}
	if l.Overdue, err = queryFlag(q, "overdue"); err != nil {
		return l, err
	}
	if l.UnitID, err = formInt(r, "unit_id"); err != nil {
		return l, err
	}
	if l.Sort, err = listSort(r, app.RoomSorts); err != nil {
		return l, err
	}
	if l.AfterKey, l.After, err = decodeSortCursor(q.Get("cursor"), l.Sort); err != nil {
		return l, err
	}
	return l, nil
}

// roomLabels names the registry's enumerations and fields in the page's language; the views
// embed it next to Page.
type roomLabels struct{ lang i18n.Lang }

func (l roomLabels) RoomKind(k domain.RoomKind) string { return i18n.T(l.lang, "roomkind."+string(k)) }
func (l roomLabels) RoomStatus(s domain.RoomStatus) string {
	return i18n.T(l.lang, "roomstatus."+string(s))
}
func (l roomLabels) RoomAction(a domain.RoomAction) string {
	return i18n.T(l.lang, "roomaction."+string(a))
}
func (l roomLabels) SystemStatus(s domain.SystemStatus) string {
	return i18n.T(l.lang, "status."+string(s))
}

// DateValue renders a date for an <input type=date>.
func (roomLabels) DateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

type roomsView struct {
	Page
	roomLabels
	Rooms     []*domain.MachineRoom
	Systems   map[int64]int // systems in service per room
	Q         map[string]string
	Units     []treeNode
	Statuses  []domain.RoomStatus
	Kinds     []domain.RoomKind
	Deadline  time.Time
	Pager     pager
	Export    template.URL
	Sorts     []sortOption
	SortLink  map[string]template.URL // the filters in another order, for the column headers
	CanCreate bool
}

// scopedUnits lists the units whose rooms the actor may see (for the filter).
func (s *Server) scopedUnits(r *http.Request, a domain.Actor) ([]treeNode, error) {
	units, err := s.svc.Units(r.Context(), a, app.UnitFilter{})
	if err != nil {
		return nil, err
	}
	scope := authz.ReadScope(a, authz.KindRoom)
	var mine []*domain.Unit
	for _, u := range units.Items {
		if scope.Has(u.ID) {
			mine = append(mine, u)
		}
	}
	return flatten(mine), nil
}

func (s *Server) roomsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := roomsView{Page: s.page(r, i18n.T(rq.lang, "nav.rooms")), roomLabels: roomLabels{rq.lang},
		Statuses: domain.RoomStatuses, Kinds: domain.RoomKinds, Q: map[string]string{}}
	v.Crumbs = v.Crumbs[:1]
	for _, k := range []string{"q", "unit_id", "status", "kind", "overdue", "sort"} {
		v.Q[k] = r.URL.Query().Get(k)
	}
	l, err := roomList(r)
	if err != nil {
		return err
	}
	v.Sorts, v.SortLink = sortOptions(v.Page, app.RoomSorts, v.Q["sort"]), sortLinks(r, app.RoomSorts)
	v.Rooms, v.Pager, err = listPage(r, func(limit int) ([]*domain.MachineRoom, error) {
		l.Limit = limit
		p, err := s.svc.MachineRooms(r.Context(), rq.auth.Actor, l)
		return p.Items, err
	}, nil) // a district has tens of rooms: counted by reading them
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
	v.Export = filtersOnly(r, "sort") // the export is in registration order
	if v.Units, err = s.scopedUnits(r, rq.auth.Actor); err != nil {
		return err
	}
	a := rq.auth.Actor
	v.CanCreate = a.Has(domain.RoleOffice) || a.Has(domain.RoleUnitHead) || a.Has(domain.RoleUnitContact)
	s.render(w, r, http.StatusOK, "rooms", v)
	return nil
}

type roomView struct {
	Page
	roomLabels
	Room       *domain.MachineRoom
	Systems    []*domain.System
	Milestones []*domain.RoomMilestone
	Steps      []domain.RoomAction
	History    []*audit.Record
	CanEdit    bool
	EditPlan   bool
	Today      string
	// Evidence: the exemption basis, the on-site justification, the closing certificate.
	Attachments attachmentsView
}

func (s *Server) roomView(r *http.Request, rq *request, id int64) (roomView, error) {
	a := rq.auth.Actor
	m, err := s.svc.MachineRoom(r.Context(), a, id)
	if err != nil {
		return roomView{}, err
	}
	v := roomView{Page: s.page(r, m.Name, crumb{"/machine-rooms", i18n.T(rq.lang, "nav.rooms")}, crumb{"", m.Name}),
		roomLabels: roomLabels{rq.lang}, Room: m, Today: s.svc.Now().In(i18n.Zone).Format("2006-01-02")}
	v.Steps = s.svc.RoomSteps(a, m)
	v.CanEdit = authz.Can(a, authz.RoomUpdate, authz.Registry(authz.KindRoom, m.ID, m.UnitID)) == nil
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
	v.Attachments, err = s.attachments(r, v.Page, "room", id, "/machine-rooms/"+itoa(id))
	return v, err
}

func (s *Server) roomPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.roomView(r, rq, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "room", v)
	return nil
}

// roomPageErr shows the detail page again with a step's or milestone's field error.
func (s *Server) roomPageErr(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error) error {
	if code := domain.ErrorCode(err); code != domain.EInvalid && code != domain.EConflict {
		return err
	}
	v, verr := s.roomView(r, rq, id)
	if verr != nil {
		return verr
	}
	if err := s.formErr(r, &v.Page, err); err != nil {
		return err
	}
	s.render(w, r, errorStatus(err), "room", v)
	return nil
}

type roomFormView struct {
	Page
	roomLabels
	Room  domain.MachineRoom
	New   bool
	Units []treeNode
	Kinds []domain.RoomKind
}

func (s *Server) roomFormView(r *http.Request, rq *request, m domain.MachineRoom, isNew bool) (roomFormView, error) {
	title := i18n.T(rq.lang, "rooms.new")
	if !isNew {
		title = i18n.T(rq.lang, "unit.edit", m.Name)
	}
	v := roomFormView{Page: s.page(r, title, crumb{"/machine-rooms", i18n.T(rq.lang, "nav.rooms")}, crumb{"", title}),
		roomLabels: roomLabels{rq.lang}, Room: m, New: isNew, Kinds: domain.RoomKinds}
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return v, err
	}
	var mine []*domain.Unit
	for _, u := range units.Items {
		if u.Active && authz.Can(rq.auth.Actor, authz.RoomCreate, authz.Resource{Kind: authz.KindRoom, UnitID: u.ID}) == nil {
			mine = append(mine, u)
		}
	}
	v.Units = flatten(mine)
	return v, nil
}

func (s *Server) roomNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.roomFormView(r, rq, domain.MachineRoom{UnitID: rq.auth.Actor.UnitID, Kind: domain.RoomOther}, true)
	if err != nil {
		return err
	}
	if len(v.Units) == 0 {
		return domain.Forbidden()
	}
	s.render(w, r, http.StatusOK, "room_form", v)
	return nil
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

func (s *Server) roomCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	e, err := roomFromForm(r)
	var m domain.MachineRoom
	e.Apply(&m)
	if err == nil {
		err = s.svc.CreateMachineRoom(r.Context(), rq.auth.Actor, &m)
	}
	return s.saved(w, r, err, "room_form", "/machine-rooms/"+itoa(m.ID), func() (any, *Page, error) {
		v, err := s.roomFormView(r, rq, m, true)
		return &v, &v.Page, err
	})
}

func (s *Server) roomEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.svc.MachineRoom(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.RoomUpdate, authz.Registry(authz.KindRoom, m.ID, m.UnitID)); err != nil {
		return err
	}
	v, err := s.roomFormView(r, rq, *m, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "room_form", v)
	return nil
}

func (s *Server) roomUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.MachineRoom(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, err := roomFromForm(r)
	if err == nil {
		_, err = s.svc.UpdateMachineRoom(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "room_form", "/machine-rooms/"+itoa(id), func() (any, *Page, error) {
		form := *cur
		e.Apply(&form)
		form.Version = e.Version
		v, err := s.roomFormView(r, rq, form, false)
		return &v, &v.Page, err
	})
}

func (s *Server) roomStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.RoomStep{Version: ver, Action: domain.RoomAction(r.PathValue("action")), Note: r.PostFormValue("note")}
	if st.ClosedDate, err = parseDay("closed_date", r.PostFormValue("closed_date")); err == nil {
		st.ClosedDate = dayUTC(st.ClosedDate)
		_, err = s.svc.TransitionRoom(r.Context(), rq.auth.Actor, id, st)
	}
	if err != nil {
		return s.roomPageErr(w, r, rq, id, err)
	}
	redirect(w, r, "/machine-rooms/"+itoa(id), "flash.saved")
	return nil
}

func dayUTC(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
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
		return s.roomPageErr(w, r, rq, id, err)
	}
	redirect(w, r, "/machine-rooms/"+itoa(id)+"#plan", "flash.saved")
	return nil
}

// The machine-room registry's spreadsheet pages (pages_import.go).
var roomsPages = &sheetPages{book: app.RoomsBook, nav: "nav.rooms", title: "rooms.import_title", help: "rooms.import_help", key: "field.unit", name: "field.name",
	export: exportOf(roomList, (*app.Service).ExportMachineRooms)}

// roomChoices lists the rooms, not closed, a system of one of units may name (for the
// system form).
func (s *Server) roomChoices(r *http.Request, a domain.Actor, units []*domain.Unit) ([]*domain.MachineRoom, error) {
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return s.svc.RoomChoices(r.Context(), a, ids)
}
