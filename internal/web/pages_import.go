package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
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

type importView struct {
	Page
	Report   *app.ImportReport
	Problems []sheet.Problem // the first ones; the report says how many there are
	Lines    []app.ImportLine
	Staged   string
	Filename string
}

// mayImport refuses (403) the import page to a caller who may create no record of the kind in
// any active unit: the upload would be refused the same way, so the page offers nothing (the
// "new" pages answer the same). Issue 13's access matrix found every import page open to all.
func (s *Server) mayImport(r *http.Request, rq *request, kind authz.Kind, create authz.Action) error {
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, store.UnitFilter{})
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

func (s *Server) systemsImportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.mayImport(r, rq, authz.KindSystem, authz.SystemCreate); err != nil {
		return err
	}
	title := i18n.T(rq.lang, "import.title")
	v := importView{Page: s.page(r, title, crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"", title})}
	s.render(w, r, http.StatusOK, "systems_import", v)
	return nil
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

func (s *Server) systemsImportPreview(w http.ResponseWriter, r *http.Request, rq *request) error {
	title := i18n.T(rq.lang, "import.title")
	v := importView{Page: s.page(r, title, crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"", title})}
	content, name, err := s.readUpload(r)
	if err == nil {
		v.Filename = name
		v.Report, err = s.svc.ImportSystems(r.Context(), rq.auth.Actor, bytes.NewReader(content), false, nil)
	}
	if err == nil && len(v.Report.Problems) == 0 && v.Report.Create+v.Report.Update > 0 {
		v.Staged, err = s.svc.StageImport(r.Context(), rq.auth.Actor, "systems", name, content)
	}
	return s.renderImport(w, r, v, err)
}

func (s *Server) systemsImportApply(w http.ResponseWriter, r *http.Request, rq *request) error {
	title := i18n.T(rq.lang, "import.title")
	v := importView{Page: s.page(r, title, crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"", title})}
	var err error
	v.Report, v.Filename, err = s.svc.ApplyStagedSystems(r.Context(), rq.auth.Actor, r.PathValue("staged"))
	if err == nil && len(v.Report.Problems) == 0 {
		// Applied, or nothing left to change (someone imported the same rows meanwhile).
		v.Flash = i18n.T(rq.lang, "import.applied", v.Report.Create, v.Report.Update)
	}
	return s.renderImport(w, r, v, err)
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
	s.render(w, r, status, "systems_import", v)
	return nil
}

func xlsxHeaders(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+pathEscape(name))
}

func (s *Server) systemsTemplate(w http.ResponseWriter, r *http.Request, rq *request) error {
	var b bytes.Buffer
	if err := s.svc.SystemsTemplate(r.Context(), &b); err != nil {
		return err
	}
	xlsxHeaders(w, "systems-template.xlsx")
	w.Write(b.Bytes())
	return nil
}

func (s *Server) systemsExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	f, err := systemFilter(r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if _, err := s.svc.ExportSystems(r.Context(), rq.auth.Actor, f, &b); err != nil {
		return err
	}
	xlsxHeaders(w, "systems-"+s.svc.Now().In(i18n.Zone).Format("20060102-150405")+".xlsx")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
	return nil
}

// apiSystemsImport takes the workbook as the request body (or a multipart "file") and answers
// the report: 200 when applied or clean, 422 (with the problems) when nothing was written.
func (s *Server) apiSystemsImport(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var content []byte
	var err error
	if ct := r.Header.Get("Content-Type"); len(ct) >= 19 && ct[:19] == "multipart/form-data" {
		content, _, err = s.readUpload(r)
	} else {
		content, err = io.ReadAll(r.Body)
		if err != nil {
			err = s.uploadTooBig()
		}
	}
	if err != nil {
		return nil, err
	}
	apply := r.URL.Query().Get("apply") == "true" || r.URL.Query().Get("apply") == "1"
	rep, err := s.svc.ImportSystems(r.Context(), rq.auth.Actor, bytes.NewReader(content), apply, nil)
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
		msg := i18n.T(reqOf(r).lang, "import.problems", len(rep.Problems))
		writeJSON(w, http.StatusUnprocessableEntity, struct {
			Error  apiErrorDetail    `json:"error"`
			Report *app.ImportReport `json:"report"`
		}{apiErrorDetail{Code: string(domain.EUnprocessable), Message: msg, Field: "file"}, rep})
		return nil, errHandled
	}
	return rep, nil
}

func (s *Server) apiSystemsExport(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	if err := s.systemsExport(w, r, rq); err != nil {
		return nil, err
	}
	return nil, errHandled
}

func (s *Server) apiSystemsTemplate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	if err := s.systemsTemplate(w, r, rq); err != nil {
		return nil, err
	}
	return nil, errHandled
}
