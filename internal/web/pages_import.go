package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
)

// formMemory is how much of a multipart form is held in memory; the rest of a large upload
// waits in a temporary file.
const formMemory = 20 << 20

// maxUpload bounds an uploaded workbook: the import's limit on the compressed file
// (sheet.Limits.Compressed, --import-max-file-mb), plus room for the form around it so that
// a file just over the limit gets the import's own message.
func (s *Server) maxUpload() int64 { return s.svc.SheetLimits().Compressed + 64<<10 }

func (s *Server) uploadTooBig() error {
	return domain.Invalid("file", "err.import.limit.compressed", max(1, s.svc.SheetLimits().Compressed>>20))
}

// sheetPages are a described register's spreadsheet pages (the import page, its preview and
// its confirmation, the template and the export) and their API twins; one import template
// (import.html) shows them all.
type sheetPages struct {
	book        app.Workbook
	nav         string // the list's title key (the crumb)
	title, help string // the import page's heading and help keys
	key, name   string // the report's key and name column labels
	export      exportFunc
}

type importView struct {
	Page
	reg      *sheetPages
	Base     string // the register's path
	Report   *app.ImportReport
	Problems []sheet.Problem // the first ones; the report says how many there are
	Lines    []app.ImportLine
	Staged   string
	Filename string
}

// HelpKey, KeyLabel and NameLabel are the import page's message keys.
func (v importView) HelpKey() string   { return v.reg.help }
func (v importView) KeyLabel() string  { return v.reg.key }
func (v importView) NameLabel() string { return v.reg.name }

func (s *Server) importView(r *http.Request, rq *request, p *sheetPages) importView {
	title := i18n.T(rq.lang, p.title)
	return importView{Page: s.page(r, title, crumb{"/" + p.book.Kind, i18n.T(rq.lang, p.nav)}, crumb{"", title}), reg: p, Base: "/" + p.book.Kind}
}

// mayImport refuses (403) the import page to a caller who may create no record of the kind in
// any active unit: the upload would be refused the same way, so the page offers nothing (the
// "new" pages answer the same). Issue 13's access matrix found every import page open to all.
func (s *Server) mayImport(r *http.Request, rq *request, kind authz.Kind, create authz.Action) error {
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return err
	}
	for _, u := range units.Items {
		if u.Active && authz.Can(rq.auth.Actor, create, authz.Resource{Kind: kind, UnitID: u.ID}) == nil {
			return nil
		}
	}
	return domain.Forbidden()
}

// importPage is the upload form.
func (s *Server) importPage(p *sheetPages) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if err := s.mayImport(r, rq, p.book.Perm, p.book.Create); err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "import", s.importView(r, rq, p))
		return nil
	}
}

// readUpload reads the "file" field of a multipart form.
func (s *Server) readUpload(r *http.Request) ([]byte, string, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, "", s.uploadTooBig()
		}
		return nil, "", domain.Invalid("file", "err.import.no_file")
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, "", s.uploadTooBig()
	}
	return b, hdr.Filename, nil
}

// importPreview checks an uploaded workbook and, if it changes something and has no problem,
// stages it for the uploader to confirm.
func (s *Server) importPreview(p *sheetPages) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		v := s.importView(r, rq, p)
		content, name, err := s.readUpload(r)
		if err == nil {
			v.Filename = name
			v.Report, err = p.book.Import(s.svc, r.Context(), rq.auth.Actor, bytes.NewReader(content), false, nil)
		}
		if err == nil && len(v.Report.Problems) == 0 && v.Report.Create+v.Report.Update > 0 {
			v.Staged, err = s.svc.StageImport(r.Context(), rq.auth.Actor, p.book.Kind, name, content)
		}
		return s.renderImport(w, r, v, err)
	}
}

// importApply applies a staged workbook.
func (s *Server) importApply(p *sheetPages) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		v := s.importView(r, rq, p)
		var err error
		v.Report, v.Filename, err = s.svc.ApplyStaged(r.Context(), rq.auth.Actor, p.book, r.PathValue("staged"))
		if err == nil && len(v.Report.Problems) == 0 {
			// Applied, or nothing left to change (someone imported the same rows meanwhile).
			v.Flash = i18n.T(rq.lang, "import.applied", v.Report.Create, v.Report.Update)
		}
		return s.renderImport(w, r, v, err)
	}
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, v importView, err error) error {
	status := http.StatusOK
	if err != nil {
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		status = errorStatus(err)
	}
	if v.Report != nil {
		v.Problems = v.Report.Problems[:min(len(v.Report.Problems), 200)]
		v.Lines = v.Report.Lines[:min(len(v.Report.Lines), 200)]
		if len(v.Report.Problems) > 0 {
			status = http.StatusUnprocessableEntity
		}
	}
	s.render(w, r, status, "import", v)
	return nil
}

func xlsxHeaders(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+pathEscape(name))
}

// sheetTemplate serves the register's empty workbook.
func (s *Server) sheetTemplate(p *sheetPages) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		var b bytes.Buffer
		if err := p.book.Template(s.svc, r.Context(), &b); err != nil {
			return err
		}
		xlsxHeaders(w, p.book.Kind+"-template.xlsx")
		w.Write(b.Bytes())
		return nil
	}
}

// sheetExport serves the records of the list's filter as a workbook the import reads back.
func (s *Server) sheetExport(p *sheetPages) pageFunc { return s.xlsxExport(p.book.Kind, p.export) }

// exportFunc writes the records of the request's list filter that the actor may see.
type exportFunc func(s *Server, r *http.Request, a domain.Actor, w io.Writer) error

// exportOf is the export of a list whose filter the request gives.
func exportOf[F any](filter func(*http.Request) (F, error), export func(*app.Service, context.Context, domain.Actor, F, io.Writer) (int, error)) exportFunc {
	return func(s *Server, r *http.Request, a domain.Actor, w io.Writer) error {
		f, err := filter(r)
		if err == nil {
			_, err = export(s.svc, r.Context(), a, f, w)
		}
		return err
	}
}

// xlsxExport serves an export as a workbook named after the list and the time.
func (s *Server) xlsxExport(name string, export exportFunc) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		var b bytes.Buffer
		if err := export(s, r, rq.auth.Actor, &b); err != nil {
			return err
		}
		xlsxHeaders(w, name+"-"+s.svc.Now().In(i18n.Zone).Format("20060102-150405")+".xlsx")
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		w.Write(b.Bytes())
		return nil
	}
}

// apiImport takes the workbook as the request body (or a multipart "file") and answers the
// report: 200 when applied or clean, 422 (with the problems) when nothing was written.
func (s *Server) apiImport(p *sheetPages) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var content []byte
		var err error
		if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/form-data") {
			content, _, err = s.readUpload(r)
		} else if content, err = io.ReadAll(r.Body); err != nil {
			err = s.uploadTooBig()
		}
		if err != nil {
			return nil, err
		}
		apply := r.URL.Query().Get("apply") == "true" || r.URL.Query().Get("apply") == "1"
		rep, err := p.book.Import(s.svc, r.Context(), rq.auth.Actor, bytes.NewReader(content), apply, nil)
		if err != nil {
			return nil, err
		}
		if rep.Problems == nil {
			rep.Problems = []sheet.Problem{}
		}
		if rep.Lines == nil {
			rep.Lines = []app.ImportLine{}
		}
		if len(rep.Problems) > 0 {
			msg := i18n.T(rq.lang, "import.problems", len(rep.Problems))
			writeJSON(w, http.StatusUnprocessableEntity, struct {
				Error  apiErrorDetail    `json:"error"`
				Report *app.ImportReport `json:"report"`
			}{apiErrorDetail{Code: string(domain.EUnprocessable), Message: msg, Field: "file"}, rep})
			return nil, errHandled
		}
		return rep, nil
	}
}

// apiXLSX serves a workbook page handler through the API (errors as JSON).
func (s *Server) apiXLSX(h pageFunc) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		if err := h(w, r, rq); err != nil {
			return nil, err
		}
		return nil, errHandled
	}
}

// The information-system registry's pages.
var systemsPages = &sheetPages{book: app.SystemsBook, nav: "nav.systems", title: "import.title", help: "import.help", key: "field.system_code", name: "field.name",
	export: exportOf(systemFilter, (*app.Service).ExportSystems)}

// sheetRoutes serves the spreadsheet pages of a described register under its base path
// (/machine-rooms): the import page, its preview and apply, the template and the export. The
// API's import, export and template come from the same description, named as the sheets of
// the register's apiRegister (api_register.go).
func (s *Server) sheetRoutes(base string, p *sheetPages) {
	s.handle("GET "+base+"/import", s.ui(s.importPage(p)))
	s.handle("POST "+base+"/import", s.ui(s.importPreview(p)))
	s.handle("POST "+base+"/import/apply/{staged}", s.ui(s.importApply(p)))
	s.handle("GET "+base+"/template.xlsx", s.ui(s.sheetTemplate(p)))
	s.handle("GET "+base+"/export.xlsx", s.ui(s.sheetExport(p)))
}
