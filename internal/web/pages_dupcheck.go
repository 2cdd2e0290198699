package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/dupcheck"
	"archgov/internal/i18n"
)

// The duplicate-construction check (应用查重, issue 15) as a page and an API call: anyone who
// may run it (authz.DupCheckRun) types a proposed project's name, construction content and
// function points and sees the district's most similar systems, catalog entries and components,
// the overlapping terms highlighted and which function point matched what.

func (s *Server) dupCheckRoutes() {
	s.handle("GET /duplicate-check", s.ui(s.dupCheckPage))
	s.handle("POST /duplicate-check", s.ui(s.dupCheckSubmit))
}

type dupCheckView struct {
	Page
	Name, Content, Functions string // as typed
	Result                   *domain.DupResult
}

// Mark is text with every occurrence of the terms in <mark>, the rest escaped (dupcheck.Highlight).
func (Page) Mark(text string, terms []string) template.HTML { return dupcheck.Highlight(text, terms) }

// DupHref is the page of a match of the check.
func (Page) DupHref(k domain.DupKind, id int64) string {
	return map[domain.DupKind]string{domain.DupSystem: "/systems/", domain.DupCatalog: "/catalog/", domain.DupComponent: "/components/"}[k] +
		strconv.FormatInt(id, 10)
}

func (s *Server) dupCheckView(r *http.Request, rq *request) dupCheckView {
	v := dupCheckView{Page: s.page(r, i18n.T(rq.lang, "dup.title"))}
	v.Crumbs = v.Crumbs[:1]
	return v
}

func (s *Server) dupCheckPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := authz.Can(rq.auth.Actor, authz.DupCheckRun, authz.Resource{Kind: authz.KindDupCheck}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dupcheck", s.dupCheckView(r, rq))
	return nil
}

// splitFunctions reads the function points of the form: one a line (、；; separate too).
func splitFunctions(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '；' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *Server) dupCheckSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := s.dupCheckView(r, rq)
	v.Name, v.Content, v.Functions = r.PostFormValue("name"), r.PostFormValue("content"), r.PostFormValue("functions")
	p := domain.Proposal{Name: v.Name, Content: v.Content, Functions: splitFunctions(v.Functions)}
	res, err := s.svc.CheckDuplicates(r.Context(), rq.auth.Actor, p, domain.DefaultDupLimit)
	if err != nil {
		return s.refused(w, r, err, "dupcheck", &v, &v.Page)
	}
	v.Result = res
	s.render(w, r, http.StatusOK, "dupcheck", v)
	return nil
}

// dupCheckBody is the request of POST /api/v1/duplicate-check.
type dupCheckBody struct {
	Name             string   `json:"name"`
	Content          string   `json:"content"`
	Functions        []string `json:"functions"`
	ExcludeSystemIDs []int64  `json:"exclude_system_ids"`
	Limit            int      `json:"limit"`
}

func (s *Server) apiDupCheck(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in dupCheckBody
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.CheckDuplicates(r.Context(), rq.auth.Actor, domain.Proposal{Name: in.Name, Content: in.Content, Functions: in.Functions,
		ExcludeSystemIDs: in.ExcludeSystemIDs}, in.Limit)
}
