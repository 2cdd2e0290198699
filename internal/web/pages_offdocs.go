package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/officialdoc"
)

// Official documents (公文, GB/T 9704-2012, issue 12): each record that is a document — the task
// book, the governance review opinion, the rectification notice, the spot-check result
// announcement, the guide notice — downloads as .docx and PDF, on its page and in the API. The
// service builds the document for whoever may read the record (a hidden one is a 404); here it
// is only written out. Layout and fonts: internal/officialdoc, docs/guide/documents.md.

// officialDocKind is one kind of document: where it hangs in the UI and the API, and how the
// service builds it from the record of the path's id.
type officialDocKind struct {
	ui, api string // the record's path, {id} its id: "/rectifications/{id}"
	id, sum string // the operationId's noun, the summary's
	tag     string
	doc     string // the API description: who reads it
	build   func(*app.Service, context.Context, domain.Actor, int64) (*app.OfficialDoc, error)
}

var officialDocKinds = []officialDocKind{
	{ui: "/projects/{id}/task-book", api: "/api/v1/projects/{id}/task-book", id: "TaskBookDocument", sum: "a project's task book (项目任务书, FLOW-3)", tag: "projects",
		doc: "Whoever reads the task book (GET /api/v1/projects/{id}/task-book); none issued or hidden: 404.", build: (*app.Service).TaskBookDoc},
	{ui: "/projects/{id}/opinion", api: "/api/v1/projects/{id}/opinion", id: "OpinionDocument", sum: "an application's governance review opinion (治理审核意见, FLOW-2)", tag: "projects",
		doc: "Whoever reads the opinion (the office, the applying unit's people); none written yet or hidden: 404.", build: (*app.Service).OpinionDoc},
	{ui: "/rectifications/{id}", api: "/api/v1/rectifications/{id}", id: "RectificationDocument", sum: "a rectification notice (整改通知书, FLOW-4, FLOW-5)", tag: "rectifications",
		doc: "Whoever reads the notice; a notice the finance and audit bureaus are told of names them in 抄送. Hidden: 404.", build: (*app.Service).RectificationDoc},
	{ui: "/spot-checks/{id}", api: "/api/v1/spot-checks/{id}", id: "CheckRoundDocument", sum: "a spot-check round's result announcement (抽查结果公告, FLOW-4)", tag: "projects",
		doc: "Once the round is published (一公开), every logged-in user; before, there is no announcement: 404.", build: (*app.Service).CheckRoundDoc},
	{ui: "/guides/{id}", api: "/api/v1/guides/{id}", id: "GuideDocument", sum: "a declaration guide's notice (申报指南通知, FLOW-1)", tag: "guides",
		doc: "Whoever reads the guide (a draft: the office, dated today).", build: (*app.Service).GuideDoc},
}

// The two formats of a document.
var officialDocFormats = []struct{ ext, typ, name string }{
	{"docx", officialdoc.DocxType, "Word"},
	{"pdf", "application/pdf", "PDF"},
}

// codeUnavailable is a refusal that is the server's, not the request's: no PDF font (503).
const codeUnavailable domain.Code = "unavailable"

// docFonts holds the PDF font once read: the configured path (-doc-font), or the first known
// path that exists. A missing font is looked for again at the next request, so installing
// fonts-arphic-gbsn00lp needs no restart.
type docFonts struct {
	mu   sync.Mutex
	font *officialdoc.Font
}

func (s *Server) docFont() (*officialdoc.Font, error) {
	s.fonts.mu.Lock()
	defer s.fonts.mu.Unlock()
	if s.fonts.font != nil {
		return s.fonts.font, nil
	}
	f, err := officialdoc.LoadFont(s.cfg.DocFont)
	if err != nil {
		return nil, err
	}
	s.fonts.font = f
	return f, nil
}

// officialDocRoutes serves the pages' downloads: GET <record>/document.docx and .pdf.
func (s *Server) officialDocRoutes() {
	for _, k := range officialDocKinds {
		for _, f := range officialDocFormats {
			s.handle("GET "+k.ui+"/document."+f.ext, s.ui(s.officialDoc(k, f.ext, f.typ)))
		}
	}
}

// officialDocAPI is the same downloads in the API, one row of the route table each.
func (s *Server) officialDocAPI() []apiRoute {
	var routes []apiRoute
	for _, k := range officialDocKinds {
		for _, f := range officialDocFormats {
			disp := obj{"Content-Disposition": obj{"description": "attachment, with the document's number and kind as its UTF-8 file name (filename*).", "schema": obj{"type": "string"}}}
			routes = append(routes, apiRoute{pattern: "GET " + k.api + "/document." + f.ext, status: http.StatusOK, h: s.apiXLSX(s.officialDoc(k, f.ext, f.typ)),
				id: "get" + k.id + upperFirst(f.ext), tag: k.tag,
				sum: "Download " + k.sum + " as " + f.name,
				doc: "The record as an official document (公文) laid out per GB/T 9704-2012 (docs/guide/documents.md): A4, 版心 156 × 225 mm, 22 lines × 28 characters, 仿宋 3号 body, 小标宋 2号 title, red separator line, 发文字号 centred, 成文日期 on the right, 版记. " +
					map[string]string{"docx": "The .docx names the fonts government PCs have (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312).", "pdf": "The PDF embeds the server's CJK TrueType font (-doc-font / ARCHGOV_DOC_FONT); without one: 503 with a message saying so (the .docx still works)."}[f.ext] +
					" " + k.doc,
				out:    files(disp, f.typ),
				okDoc:  "The document.",
				errs:   map[bool][]int{true: {http.StatusServiceUnavailable}}[f.ext == "pdf"],
				errDoc: map[bool]map[int]string{true: {http.StatusServiceUnavailable: "No usable CJK TrueType font on the server: the message names the path tried and how to install one."}}[f.ext == "pdf"],
			})
		}
	}
	return routes
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// officialDoc writes the document of the record in the path as ext.
func (s *Server) officialDoc(k officialDocKind, ext, typ string) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		d, err := k.build(s.svc, r.Context(), rq.auth.Actor, id)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		switch ext {
		case "docx":
			err = officialdoc.WriteDOCX(&b, d.Doc)
		default:
			var f *officialdoc.Font
			if f, err = s.docFont(); err == nil {
				err = officialdoc.WritePDF(&b, d.Doc, officialdoc.Lay(d.Doc), f)
			}
			if fe := (*officialdoc.FontError)(nil); errors.As(err, &fe) {
				s.log.Warn("official document: no PDF font", "err", err)
				return domain.Errorf(codeUnavailable, "err.offdoc.font", fe.Error())
			}
		}
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", typ)
		h.Set("Content-Disposition", `attachment; filename="document.`+ext+`"; filename*=UTF-8''`+pathEscape(d.Name+"."+ext))
		h.Set("X-Content-Type-Options", "nosniff")
		_, err = w.Write(b.Bytes())
		return err
	}
}

// docLinks is what the offdoc_links partial shows: the two downloads of the record at Base.
type docLinks struct {
	ID, Base, Label, Docx, PDF string
}

// DocLinks are the downloads of the document of the record at base ("/rectifications/7").
func (p *helpers) DocLinks(base string) docLinks {
	return docLinks{ID: "offdoc-links", Base: base, Label: p.T("offdoc.download"), Docx: p.T("offdoc.docx"), PDF: p.T("offdoc.pdf")}
}
