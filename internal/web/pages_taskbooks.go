package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The task book's pages (项目任务书, FLOW-3, BLD-R4): the list of the task books the viewer may
// read, with its filters (year, unit, deviating only) and pager; under its project, the page (the
// document, its indicators against the actuals, the unit's form of its actuals; before it is
// issued the office's form issuing it) and the print page in the layout of an official document
// (GB/T 9704-2012), which prints on A4 from the browser. The deviations from the indicators
// they show are the live findings citing BLD-R4 of the task book's application (the governance
// rules', BLD-R4.*), for whoever reads findings: judged there, never here.

func (s *Server) taskBookRoutes() {
	s.handle("GET /task-books", s.ui(s.taskBooksPage))
	s.handle("GET /projects/{id}/task-book", s.ui(s.taskBookPage))
	s.handle("POST /projects/{id}/task-book", s.ui(s.taskBookIssue))
	s.handle("POST /projects/{id}/task-book/actuals", s.ui(s.taskBookActuals))
	s.handle("GET /projects/{id}/task-book/print", s.ui(s.taskBookPrint))
}

// DocDate is a date as an official document writes it: 2026年12月6日 (GB/T 9704-2012 7.3.5.1).
func (p *helpers) DocDate(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// taskBookList reads the list filters shared by the page and the API: year (the project's),
// unit_id, deviation (1: only the task books whose application has a live BLD-R4 finding) and
// the API's cursor.
func taskBookList(s *Server, r *http.Request, _ domain.Actor) (app.TaskBookFilter, error) {
	q := r.URL.Query()
	var f app.TaskBookFilter
	var err error
	if f.UnitID, err = formInt(r, "unit_id"); err != nil {
		return f, err
	}
	year, err := formInt(r, "year")
	if err != nil {
		return f, err
	}
	f.Year = int(year)
	deviating, err := queryFlag(q, "deviation")
	if err != nil {
		return f, err
	}
	f.Deviating = deviating
	f.After, err = decodeCursor(q.Get("cursor"))
	return f, err
}

type taskBooksView struct {
	listBase
	TaskBooks  []*domain.TaskBook
	CanProject bool // the viewer reads the applications too (the finance and audit bureaus read only the task books)
	// The live BLD-R4 findings of the task books' applications by project (the deviations), and
	// whether the viewer reads findings, so that they link to theirs (the bureaus do not).
	Findings     map[int64][]*domain.Finding
	FindingLinks bool
}

func (s *Server) taskBooksPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.taskbooks", authz.KindTaskBook, nil, "year", "unit_id", "deviation")
	if err != nil {
		return err
	}
	a := rq.auth.Actor
	base.CanCreate = false // a task book is issued from its project's page
	sc := authz.ReadScope(a, authz.KindProject)
	v := taskBooksView{listBase: base, CanProject: sc.All || len(sc.UnitIDs) > 0 || sc.Bureaus}
	f, err := taskBookList(s, r, a)
	if err != nil {
		return err
	}
	v.TaskBooks, v.Pager, err = listPage(r, func(limit int) ([]*domain.TaskBook, error) {
		f.Limit = limit
		p, err := s.svc.TaskBooks(r.Context(), a, f)
		return p.Items, err
	}, func() (int, error) { return s.svc.CountTaskBooks(r.Context(), a, f) })
	if err != nil {
		return err
	}
	fsc := authz.ReadScope(a, authz.KindFinding)
	v.FindingLinks = fsc.All || len(fsc.UnitIDs) > 0
	if v.Findings, err = s.svc.TaskBookFindings(r.Context(), v.TaskBooks...); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "taskbooks", v)
	return nil
}

type taskBookView struct {
	Page
	ProjectID   int64
	ProjectName string
	CanProject  bool             // the viewer may open the application (the finance and audit bureaus read the task book only)
	TaskBook    *domain.TaskBook // nil before it is issued
	CanIssue    bool
	CanActuals  bool
	Categories  []domain.ItemCategory
	// The application's live findings citing BLD-R4: the deviations from the indicators as the
	// governance rules found them, for whoever reads the task book (plain, without the finding's
	// page and waiver, for those who read no findings of the unit: the bureaus, supervisors).
	Findings findingsSection
	// The issue form's defaults (or what a refused issue held).
	Scope      string
	Milestones []domain.Milestone
}

// taskBookView is the task book of project id, or the office's form issuing it; 404 when
// neither is the viewer's.
func (s *Server) taskBookView(r *http.Request, rq *request, id int64) (*taskBookView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	title := i18n.T(rq.lang, "taskbook.title")
	v := &taskBookView{ProjectID: id, Categories: domain.ItemCategories}
	p, perr := s.svc.Project(ctx, a, id)
	if perr != nil && domain.ErrorCode(perr) != domain.ENotFound {
		return nil, perr
	}
	var err error
	v.TaskBook, err = s.svc.ProjectTaskBook(ctx, a, id)
	switch {
	case err == nil:
		v.ProjectName, v.CanActuals = v.TaskBook.ProjectName, s.svc.CanRecordActuals(a, v.TaskBook)
	case domain.ErrorCode(err) == domain.ENotFound && p != nil && s.svc.CanIssueTaskBook(a, p):
		v.CanIssue, v.ProjectName = true, p.Name
		var lines []string
		for _, it := range domain.ScopeFrom(p) {
			lines = append(lines, it.Name)
		}
		v.Scope = strings.Join(lines, "\n")
		today := s.svc.Today()
		for i, name := range domain.DefaultMilestones {
			v.Milestones = append(v.Milestones, domain.Milestone{Name: name, Planned: today.AddDate(0, []int{1, 3, 9, 12}[i], 0)})
		}
	default:
		return nil, err
	}
	v.CanProject = p != nil
	// Under its project for whoever reads the application; the finance and audit bureaus come
	// from the task-book list.
	crumbs := []crumb{{"/task-books", i18n.T(rq.lang, "nav.taskbooks")}}
	if p != nil {
		crumbs = []crumb{{"/projects", i18n.T(rq.lang, "nav.projects")}, {"/projects/" + itoa(id), v.ProjectName}}
	}
	v.Page = s.page(r, title, append(crumbs, crumb{"", title})...)
	if v.TaskBook != nil {
		all, err := s.findingsOf(r, v.Page, domain.SubjectApplication, id, v.TaskBook.UnitID)
		if err != nil {
			return nil, err
		}
		v.Findings = *all.Citing(domain.ClauseTaskBook)
		if !v.Findings.Show { // the viewer reads the task book, not the unit's findings
			fs, err := s.svc.TaskBookFindings(ctx, v.TaskBook)
			if err != nil {
				return nil, err
			}
			v.Findings = findingsSection{Page: v.Page, Show: true, Plain: true}
			for _, f := range fs[id] {
				v.Findings.Items = append(v.Findings.Items, findingRow{Finding: f})
			}
		}
	}
	return v, nil
}

func (s *Server) taskBookPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "taskbook", s.taskBookView)(w, r, rq)
}

// taskBookIssueForm reads the issue form: the scope one item a line, the milestones as rows
// milestone_name_i / milestone_planned_i (a row without a name is left out).
func taskBookIssueForm(r *http.Request) app.TaskBookIssue {
	in := app.TaskBookIssue{Scope: []domain.ScopeItem{}, Milestones: []domain.Milestone{}}
	for _, l := range strings.Split(r.PostFormValue("scope"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			in.Scope = append(in.Scope, domain.ScopeItem{Name: l})
		}
	}
	for i := 0; i < domain.MaxTaskMilestones; i++ {
		name := strings.TrimSpace(r.PostFormValue("milestone_name_" + strconv.Itoa(i)))
		if name == "" {
			continue
		}
		d, _ := time.Parse("2006-01-02", r.PostFormValue("milestone_planned_"+strconv.Itoa(i)))
		in.Milestones = append(in.Milestones, domain.Milestone{Name: name, Planned: d})
	}
	return in
}

func (s *Server) taskBookIssue(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := taskBookIssueForm(r)
	if _, err := s.svc.IssueTaskBook(r.Context(), rq.auth.Actor, id, in); err != nil {
		v, verr := s.taskBookView(r, rq, id)
		if verr != nil {
			return verr
		}
		if ferr := s.formErr(r, &v.Page, err); ferr != nil {
			return ferr
		}
		var lines []string
		for _, it := range in.Scope {
			lines = append(lines, it.Name)
		}
		v.Scope, v.Milestones = strings.Join(lines, "\n"), in.Milestones
		s.render(w, r, errorStatus(err), "taskbook", v)
		return nil
	}
	redirect(w, r, "/projects/"+itoa(id)+"/task-book", "flash.saved")
	return nil
}

func (s *Server) taskBookActuals(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	in := app.TaskBookActuals{Version: ver, Actuals: domain.Actuals{Note: r.PostFormValue("note"), Spent: []domain.BudgetLine{}}}
	var bad error
	for _, c := range domain.ItemCategories {
		v := strings.TrimSpace(r.PostFormValue("spent_" + string(c)))
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad = domain.Invalid("spent_"+string(c), "err.number")
			continue
		}
		in.Spent = append(in.Spent, domain.BudgetLine{Category: c, Amount: n})
	}
	in.Delivered = r.PostForm["delivered"]
	for i := 0; i < domain.MaxTaskMilestones; i++ {
		name := r.PostFormValue("milestone_name_" + strconv.Itoa(i))
		if name == "" {
			continue
		}
		d, _ := time.Parse("2006-01-02", r.PostFormValue("milestone_actual_"+strconv.Itoa(i)))
		in.Milestones = append(in.Milestones, domain.MilestoneActual{Name: name, Actual: d})
	}
	err = bad
	if err == nil {
		_, err = s.svc.RecordTaskBookActuals(r.Context(), rq.auth.Actor, id, in)
	}
	if err != nil {
		v, verr := s.taskBookView(r, rq, id)
		if verr != nil {
			return verr
		}
		if ferr := s.formErr(r, &v.Page, err); ferr != nil {
			return ferr
		}
		s.render(w, r, errorStatus(err), "taskbook", v)
		return nil
	}
	redirect(w, r, "/projects/"+itoa(id)+"/task-book", "flash.saved")
	return nil
}

func (s *Server) taskBookPrint(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.taskBookView(r, rq, id)
	if err != nil {
		return err
	}
	if v.TaskBook == nil {
		return domain.NotFound()
	}
	v.Title = v.TaskBook.DocNumber
	s.render(w, r, http.StatusOK, "taskbook_print", v)
	return nil
}

// taskBookTodos: for the office, the task books whose application has a live BLD-R4 finding.
func (s *Server) taskBookTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	if !a.Has(domain.RoleOffice) {
		return nil
	}
	if n, err := s.svc.CountDeviatingTaskBooks(r.Context(), a); err == nil && n > 0 {
		return []todo{{Text: i18n.T(rq.lang, "todo.taskbooks_deviating", n), Href: "/task-books?deviation=1", Clause: "BLD-R4"}}
	}
	return nil
}
