package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The units' annual plans' pages (BLD-R1, BLD-R2, BLD-P1, ORG-2): the list, a plan with its
// items, steps and history, the form of its items, and the district plan with its workbook.

func (s *Server) annualPlanRoutes() {
	s.handle("GET /annual-plans", s.ui(s.annualPlansPage))
	s.handle("POST /annual-plans/new", s.ui(s.annualPlanCreate))
	s.handle("GET /annual-plans/district", s.ui(s.districtPlanPage))
	s.handle("GET /annual-plans/district.xlsx", s.ui(s.districtPlanXLSX))
	s.handle("GET /annual-plans/{id}", s.ui(showPage(s, "annualplan", s.annualPlanView)))
	s.handle("POST /annual-plans/{id}", s.ui(s.annualPlanSave))
	s.handle("POST /annual-plans/{id}/steps/{action}", s.ui(s.annualPlanStep))
}

// APStatus, APAction, APKind and APCategory name the plans' enumerations in the page's language.
func (p *helpers) APStatus(s domain.AnnualPlanStatus) string { return p.T("apstatus." + string(s)) }
func (p *helpers) APAction(a domain.AnnualPlanAction) string { return p.T("apaction." + string(a)) }
func (p *helpers) APKind(k domain.ItemKind) string           { return p.T("apkind." + string(k)) }
func (p *helpers) APCategory(c domain.ItemCategory) string   { return p.T("apcat." + string(c)) }

type annualPlansView struct {
	listBase
	Plans    []*domain.AnnualPlan
	Statuses []domain.AnnualPlanStatus
	Year     int // this year, for the new-plan form
}

func (s *Server) annualPlansPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.annualplans", authz.KindAnnualPlan, nil, "year", "unit_id", "status")
	if err != nil {
		return err
	}
	v := annualPlansView{listBase: base, Statuses: domain.AnnualPlanStatuses, Year: s.svc.Now().In(i18n.Zone).Year() + 1}
	v.Plans, v.Pager, err = listFrom(s, r, annualPlanList, (*app.Service).AnnualPlans, nil) // a district has tens of units: counted by reading them
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "annualplans", v)
	return nil
}

// annualPlanCreate starts the plan of the unit and year of the list page's form, without items.
func (s *Server) annualPlanCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	unit, err := formInt(r, "unit_id")
	if err != nil {
		return err
	}
	year, err := formInt(r, "year")
	if err != nil {
		return err
	}
	p := &domain.AnnualPlan{UnitID: unit, Year: int(year)}
	if err := s.svc.CreateAnnualPlan(r.Context(), rq.auth.Actor, p); err != nil {
		return err
	}
	redirect(w, r, "/annual-plans/"+itoa(p.ID), "flash.saved")
	return nil
}

type annualPlanView struct {
	Page
	Plan       *domain.AnnualPlan
	Steps      []domain.AnnualPlanAction
	History    []*audit.Record
	CanEdit    bool
	Rows       []domain.AnnualItem // the items and blank rows to add, in the form
	Kinds      []domain.ItemKind
	Categories []domain.ItemCategory
	Note       string
}

func (s *Server) annualPlanView(r *http.Request, rq *request, id int64) (annualPlanView, error) {
	a := rq.auth.Actor
	p, err := s.svc.AnnualPlan(r.Context(), a, id)
	if err != nil {
		return annualPlanView{}, err
	}
	title := p.UnitName + " " + strconv.Itoa(p.Year)
	v := annualPlanView{Page: s.page(r, title, crumb{"/annual-plans", i18n.T(rq.lang, "nav.annualplans")}, crumb{"", title}),
		Plan: p, Steps: s.svc.AnnualPlanSteps(a, p), Kinds: domain.ItemKinds, Categories: domain.ItemCategories,
		CanEdit: p.Status == domain.APDraft && authz.Can(a, authz.AnnualPlanUpdate, authz.Registry(authz.KindAnnualPlan, p.ID, p.UnitID)) == nil}
	v.Rows = append(append(v.Rows, p.Items...), make([]domain.AnnualItem, 3)...)
	v.History, err = s.svc.AnnualPlanHistory(r.Context(), a, id)
	return v, err
}

// annualItemsForm reads the item rows of the form: repeated item_* fields, a row without a
// name skipped (the blank rows to add); system ids comma-separated.
func annualItemsForm(r *http.Request) ([]domain.AnnualItem, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	f := r.PostForm
	at := func(k string, i int) string {
		if vs := f[k]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	items := []domain.AnnualItem{}
	for i := range f["item_name"] {
		it := domain.AnnualItem{Name: at("item_name", i), Kind: domain.ItemKind(at("item_kind", i)), Funding: at("item_funding", i),
			Category: domain.ItemCategory(at("item_category", i)), Brief: at("item_brief", i), SystemIDs: []int64{}}
		if it.Name == "" {
			continue
		}
		field := "items." + strconv.Itoa(len(items)) + "."
		var err error
		if b := at("item_budget", i); b != "" {
			if it.Budget, err = strconv.ParseInt(b, 10, 64); err != nil {
				return nil, domain.Invalid(field+"budget", "err.number")
			}
		}
		for _, x := range strings.FieldsFunc(at("item_systems", i), func(c rune) bool { return c == ',' || c == '，' || c == ' ' }) {
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return nil, domain.Invalid(field+"system_ids", "err.number")
			}
			it.SystemIDs = append(it.SystemIDs, n)
		}
		items = append(items, it)
	}
	return items, nil
}

// annualPlanSave saves the items of the form (draft only).
func (s *Server) annualPlanSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	items, err := annualItemsForm(r)
	if err == nil {
		_, err = s.svc.UpdateAnnualPlan(r.Context(), rq.auth.Actor, id, app.AnnualPlanEdit{Version: ver, Items: &items})
	}
	return s.saved(w, r, err, "annualplan", "/annual-plans/"+itoa(id), func() (any, *Page, error) {
		v, verr := s.annualPlanView(r, rq, id)
		if verr == nil {
			v.Rows = append(items, make([]domain.AnnualItem, 3)...)
		}
		return &v, &v.Page, verr
	})
}

func (s *Server) annualPlanStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("note")
	st := app.AnnualPlanStep{Version: ver, Action: domain.AnnualPlanAction(r.PathValue("action")), Note: note}
	_, err = s.svc.TransitionAnnualPlan(r.Context(), rq.auth.Actor, id, st)
	return s.saved(w, r, err, "annualplan", "/annual-plans/"+itoa(id), func() (any, *Page, error) {
		v, verr := s.annualPlanView(r, rq, id)
		v.Note = note
		return &v, &v.Page, verr
	})
}

// districtView is the district plan of a year: the accepted items' totals by unit (rows) and
// category (columns), and by kind.
type districtView struct {
	Page
	Year       int
	Categories []domain.ItemCategory
	Kinds      []domain.ItemKind
	Units      []districtUnit
	ByCategory map[domain.ItemCategory]int64
	ByKind     map[domain.ItemKind]int64
	Total      int64
}

// districtUnit is one unit's row of the district plan.
type districtUnit struct {
	Name       string
	ByCategory map[domain.ItemCategory]int64
	Total      int64
}

// districtYear is the ?year= of the district plan, next year by default.
func (s *Server) districtYear(r *http.Request) (int, error) {
	y, err := formInt(r, "year")
	if y == 0 {
		y = int64(s.svc.Now().In(i18n.Zone).Year() + 1)
	}
	return int(y), err
}

func (s *Server) districtPlanPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	year, err := s.districtYear(r)
	if err != nil {
		return err
	}
	rows, err := s.svc.DistrictPlan(r.Context(), rq.auth.Actor, year)
	if err != nil {
		return err
	}
	title := i18n.T(rq.lang, "annualplans.district")
	v := districtView{Page: s.page(r, title, crumb{"/annual-plans", i18n.T(rq.lang, "nav.annualplans")}, crumb{"", title}),
		Year: year, Categories: domain.ItemCategories, Kinds: domain.ItemKinds,
		ByCategory: map[domain.ItemCategory]int64{}, ByKind: map[domain.ItemKind]int64{}}
	units := map[int64]int{}
	for _, d := range rows {
		i, ok := units[d.UnitID]
		if !ok {
			i = len(v.Units)
			units[d.UnitID] = i
			v.Units = append(v.Units, districtUnit{Name: d.UnitName, ByCategory: map[domain.ItemCategory]int64{}})
		}
		v.Units[i].ByCategory[d.Category] += d.Budget
		v.Units[i].Total += d.Budget
		v.ByCategory[d.Category] += d.Budget
		v.ByKind[d.Kind] += d.Budget
		v.Total += d.Budget
	}
	s.render(w, r, http.StatusOK, "annualplans_district", v)
	return nil
}

func (s *Server) districtPlanXLSX(w http.ResponseWriter, r *http.Request, rq *request) error {
	year, err := s.districtYear(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.svc.WriteDistrictPlan(r.Context(), rq.auth.Actor, rq.lang, year, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="district-plan-`+strconv.Itoa(year)+`.xlsx"`)
	_, err = w.Write(buf.Bytes())
	return err
}
