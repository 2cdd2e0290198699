package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// attachmentRoutes registers the pages and API of evidence files on records.
func (s *Server) attachmentRoutes() {
	s.handle("POST /attachments", s.ui(s.attachmentUpload))
	s.handle("GET /attachments/{id}", s.ui(s.attachmentDownload))
	s.handle("POST /attachments/{id}/delete", s.ui(s.attachmentDelete))
}

// attachmentsView is the attachments section of a record's detail page (partial
// "attachments"): the files, and the upload and delete forms for those who may change them.
type attachmentsView struct {
	Page
	EntityType string
	EntityID   int64
	Items      []*domain.Attachment
	CanChange  bool
	Purposes   []string // what a file may be for (domain.AttachmentPurposes), offered on upload
	MaxMiB     int64
	Back       string // the record's page
	SectionID  string // the section's id when not "attachments" (a page with two: a project's stage files)
	TitleKey   string // the section's heading when not the default (attach.title; stage.files with a SectionID)
}

// attachments builds the section for a record the viewer may read; back is the record's page.
func (s *Server) attachments(r *http.Request, p Page, entityType string, id int64, back string) (attachmentsView, error) {
	rq := reqOf(r)
	items, err := s.svc.Attachments(r.Context(), rq.auth.Actor, entityType, id)
	if err != nil {
		return attachmentsView{}, err
	}
	return attachmentsView{Page: p, EntityType: entityType, EntityID: id, Items: items,
		CanChange: s.svc.CanAttach(r.Context(), rq.auth.Actor, entityType, id), Purposes: domain.AttachmentPurposes(entityType), MaxMiB: s.svc.MaxAttachment() >> 20, Back: back}, nil
}

// Missing lists the purposes other than "other" that no file serves yet: the materials an
// application still lacks (a project's proposal, feasibility study, budget sheet).
func (v attachmentsView) Missing() []string {
	var out []string
	for _, p := range v.Purposes {
		if p != "other" && !slices.ContainsFunc(v.Items, func(a *domain.Attachment) bool { return a.Purpose == p }) {
			out = append(out, p)
		}
	}
	return out
}

// Size shows a file size for people: 12 KB, 3.4 MB.
func (v attachmentsView) Size(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

type attachmentErrorView struct {
	Page
	Message, Name, Back string
}

func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	back := safeNext(r.FormValue("back"))
	id, err := strconv.ParseInt(r.FormValue("entity_id"), 10, 64)
	if err != nil {
		return domain.NotFound()
	}
	var name string
	f, hdr, err := r.FormFile("file")
	if err == nil {
		defer f.Close()
		name = hdr.Filename
		_, err = s.svc.AddAttachmentFor(r.Context(), rq.auth.Actor, r.FormValue("entity_type"), id, r.FormValue("purpose"), name, f)
	} else {
		err = s.uploadError(err)
	}
	if err != nil {
		e := domain.AsError(err)
		if e.Code != domain.EInvalid && e.Code != domain.EUnprocessable {
			return err
		}
		// The record's page cannot be re-rendered from here: say what was wrong and lead back.
		title := i18n.T(rq.lang, "attach.failed")
		v := attachmentErrorView{Page: s.page(r, title), Message: i18n.T(rq.lang, e.Message, e.Args...), Name: name, Back: back}
		s.render(w, r, http.StatusUnprocessableEntity, "attachment_error", v)
		return nil
	}
	redirect(w, r, back, "flash.attachment_added")
	return nil
}

// uploadError explains a missing or oversized file part.
func (s *Server) uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return domain.Invalid("file", "err.attach.too_large", s.svc.MaxAttachment()>>20)
	}
	return domain.Invalid("file", "err.attach.no_file")
}

func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	att, b, err := s.svc.Attachment(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	serveAttachment(w, att, b)
	return nil
}

// serveAttachment sends a file as a download: never rendered inline by the browser, with the
// type decided at upload and the SM3 digest for the recipient to check.
func serveAttachment(w http.ResponseWriter, att *domain.Attachment, b []byte) {
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(att.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Checksum-SM3", att.SM3)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

func (s *Server) attachmentDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.DeleteAttachment(r.Context(), rq.auth.Actor, id); err != nil {
		return err
	}
	redirect(w, r, safeNext(r.FormValue("back")), "flash.attachment_deleted")
	return nil
}

type attachmentList struct {
	Items []*domain.Attachment `json:"items"`
}

func (s *Server) apiAttachments(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	q := r.URL.Query()
	id, err := strconv.ParseInt(q.Get("entity_id"), 10, 64)
	if err != nil {
		return nil, domain.Invalid("entity_id", "err.number")
	}
	items, err := s.svc.Attachments(r.Context(), rq.auth.Actor, q.Get("entity_type"), id)
	if items == nil {
		items = []*domain.Attachment{}
	}
	return attachmentList{Items: items}, err
}

func (s *Server) apiAttachmentUpload(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := strconv.ParseInt(r.FormValue("entity_id"), 10, 64)
	if err != nil {
		return nil, domain.Invalid("entity_id", "err.number")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, s.uploadError(err)
	}
	defer f.Close()
	if err := checkForm(r); err != nil { // the multipart fields, which the api wrapper does not read
		return nil, err
	}
	return s.svc.AddAttachmentFor(r.Context(), rq.auth.Actor, r.FormValue("entity_type"), id, r.FormValue("purpose"), hdr.Filename, f)
}

func (s *Server) apiAttachment(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.AttachmentInfo(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiAttachmentContent(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	att, b, err := s.svc.Attachment(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return nil, err
	}
	serveAttachment(w, att, b)
	return nil, errHandled
}

func (s *Server) apiAttachmentDelete(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.DeleteAttachment(r.Context(), rq.auth.Actor, id)
}
