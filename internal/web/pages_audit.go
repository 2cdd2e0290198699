package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// Cursors are opaque to clients: base64 of the last id seen.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10)))
}

func decodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, badRequest("cursor", "err.cursor")
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest("cursor", "err.cursor")
	}
	return n, nil
}

// parseDay reads a yyyy-mm-dd date as the start of that day in the display zone.
func parseDay(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, i18n.Zone)
	if err != nil {
		return time.Time{}, domain.Invalid(field, "err.date")
	}
	return t, nil
}

// auditFilter reads the search form; "to" is inclusive of that day.
func auditFilter(r *http.Request) (app.AuditFilter, error) {
	q := r.URL.Query()
	f := app.AuditFilter{Actor: q.Get("actor"), EntityType: strings.TrimSpace(q.Get("entity_type")),
		EntityID: strings.TrimSpace(q.Get("entity_id")), Action: strings.TrimSpace(q.Get("action"))}
	var err error
	f.From, f.To, f.Before, err = logWindow(q)
	return f, err
}

// logWindow reads what the audit log and the security events are searched by alike: from and to
// (days, "to" inclusive) and the page's cursor.
func logWindow(q url.Values) (from, to time.Time, before int64, err error) {
	if from, err = parseDay("from", q.Get("from")); err != nil {
		return
	}
	if to, err = parseDay("to", q.Get("to")); err != nil {
		return
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	before, err = decodeCursor(q.Get("cursor"))
	return
}

type auditView struct {
	Page
	Records  []*audit.Record
	Q        url.Values
	Pager    pager
	Export   template.URL
	Verify   string // result of a verification run
	VerifyOK bool
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := auditView{Page: s.page(r, i18n.T(rq.lang, "nav.audit")), Q: r.URL.Query()}
	v.Crumbs = v.Crumbs[:1]
	f, err := auditFilter(r)
	if err != nil {
		return s.refused(w, r, err, "audit", &v, &v.Page)
	}
	f.Limit = 50
	p, err := s.svc.AuditSearch(r.Context(), rq.auth.Actor, f)
	if err != nil {
		return err
	}
	v.Records = p.Items
	next := ""
	if p.NextCursor != 0 {
		next = encodeCursor(p.NextCursor)
	}
	v.Pager, v.Export = keyPager(r, next), filtersOnly(r)
	s.render(w, r, http.StatusOK, "audit", v)
	return nil
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request, rq *request) error {
	// Verification is offered to the audit admin only, like the log itself.
	if _, err := s.svc.AuditSearch(r.Context(), rq.auth.Actor, app.AuditFilter{Limit: 1}); err != nil {
		return err
	}
	v := auditView{Page: s.page(r, i18n.T(rq.lang, "nav.audit")), Q: url.Values{}}
	n, err := s.svc.VerifyAudit(r.Context())
	if err != nil {
		if _, ok := err.(*audit.Break); !ok {
			return err
		}
		v.Verify = i18n.T(rq.lang, "audit.verify_broken", err.Error())
	} else {
		v.Verify, v.VerifyOK = i18n.T(rq.lang, "audit.verify_ok", n), true
	}
	p, err := s.svc.AuditSearch(r.Context(), rq.auth.Actor, app.AuditFilter{Limit: 50})
	if err != nil {
		return err
	}
	v.Records = p.Items
	s.render(w, r, http.StatusOK, "audit", v)
	return nil
}

// auditAnchor answers the audit admin's anchor (audit.Anchor) as a JSON file to keep outside
// the database. A broken chain is not anchored: the page shows the break instead.
func (s *Server) auditAnchor(w http.ResponseWriter, r *http.Request, rq *request) error {
	an, err := s.svc.AuditAnchor(r.Context(), rq.auth.Actor)
	var br *audit.Break
	if errors.As(err, &br) {
		v := auditView{Page: s.page(r, i18n.T(rq.lang, "nav.audit")), Q: url.Values{}}
		v.Verify = i18n.T(rq.lang, "audit.verify_broken", br.Error())
		s.render(w, r, http.StatusConflict, "audit", v)
		return nil
	}
	if err != nil {
		return err
	}
	writeAnchor(w, an)
	return nil
}

func writeAnchor(w http.ResponseWriter, an *audit.Anchor) {
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-anchor-%d.json"`, an.Seq))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	b, _ := json.MarshalIndent(an, "", "  ")
	w.Write(append(b, '\n'))
}

func (s *Server) auditPrune(w http.ResponseWriter, r *http.Request, rq *request) error {
	before, err := parseDay("before", r.PostFormValue("before"))
	if err == nil && before.IsZero() {
		err = domain.Invalid("before", "err.date")
	}
	if err == nil {
		var n int64
		if n, err = s.svc.AuditPrune(r.Context(), rq.auth.Actor, before); err == nil {
			redirect(w, r, "/audit?pruned="+strconv.FormatInt(n, 10), "flash.pruned")
			return nil
		}
	}
	v := auditView{Page: s.page(r, i18n.T(rq.lang, "nav.audit")), Q: url.Values{}}
	return s.refused(w, r, err, "audit", &v, &v.Page)
}

type auditRecordView struct {
	Page
	Record  *audit.Record
	Changes map[string]audit.Change
	Keys    []string
}

// Label names a changed field as the record's history does, or by its key.
func (v auditRecordView) Label(k string) string {
	if l := v.H().historyLabel(historyFor(v.Record.EntityType), k); l != "" {
		return l
	}
	return k
}

// Value renders a change value as the record's history does: names, not ids.
func (v auditRecordView) Value(k string, x any) string {
	return v.H().changeValue(v.Record.EntityType, historyFor(v.Record.EntityType), k, x)
}

// Actor names who acted, with the account name the log is searched by.
func (v auditRecordView) Actor() string {
	if n := v.H().ActorName(v.Record); n != v.Record.Actor {
		return n + "（" + v.Record.Actor + "）"
	}
	return v.Record.Actor
}

// EntityName names the record the entry is about by the name its changes give it, else by id.
func (v auditRecordView) EntityName() string {
	for _, k := range []string{"name", "username", "host", "code", "title"} {
		if c, ok := v.Changes[k]; ok {
			for _, x := range []any{c.New, c.Old} {
				if s, ok := x.(string); ok && s != "" {
					return s
				}
			}
		}
	}
	return v.Record.EntityID
}

func (s *Server) auditRecordPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.svc.AuditRecord(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("#%d %s", rec.ID, rec.Action)
	v := auditRecordView{Page: s.page(r, title, crumb{"/audit", i18n.T(rq.lang, "nav.audit")}, crumb{"", title}), Record: rec}
	v.Changes, v.Keys = audit.ParseChanges(rec.Changes)
	s.render(w, r, http.StatusOK, "audit_record", v)
	return nil
}

// exportMax bounds one export; narrow the filter for more.
const exportMax = 100_000

func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	rq := reqOf(r)
	f, err := auditFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Before = 0
	recs, err := s.svc.AuditExport(r.Context(), rq.auth.Actor, f, exportMax)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := i18n.T(rq.lang, "nav.audit")
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	head := []any{}
	for _, k := range []string{"audit.id", "audit.at", "audit.actor", "audit.roles", "audit.ip", "audit.action", "audit.entity_type", "audit.entity_id", "audit.outcome", "audit.changes", "audit.hash"} {
		head = append(head, i18n.T(rq.lang, k))
	}
	sw.SetRow("A1", head)
	for i, rec := range recs {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{rec.ID, i18n.DateTime(rq.lang, rec.At) + rec.At.In(i18n.Zone).Format(":05"), rec.Actor, rec.ActorRoles, rec.IP, rec.Action,
			rec.EntityType, rec.EntityID, rec.Outcome, rec.Changes, rec.Hash})
	}
	if err := sw.Flush(); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	name := "audit-" + s.svc.Now().In(i18n.Zone).Format("20060102-150405") + ".xlsx"
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if err := x.Write(w); err != nil {
		s.log.Error("audit export write", "err", err)
	}
}
