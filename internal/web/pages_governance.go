package web

import (
	"net/http"
	"strings"
	"time"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// governanceRoutes registers the pages and API of the governance settings.
func (s *Server) governanceRoutes() {
	s.handle("GET /settings/governance", s.ui(s.governancePage))
	s.handle("POST /settings/governance", s.ui(s.governanceSubmit))
}

type governanceView struct {
	Page
	G       domain.Governance
	Version int64
	Preview domain.DocNumber // the next document number with the settings in force (FLOW-3)
	// Form values as typed, so a refused form shows what the user wrote.
	PolicyDate, Period, WebsiteDeadline           string
	SharingDays, FeedbackDays, Holidays, Workdays string
	DupThreshold                                  string
}

func (s *Server) governanceView(r *http.Request, rq *request, g domain.Governance, ver int64) governanceView {
	v := governanceView{Page: s.page(r, i18n.T(rq.lang, "gov.title")), G: g, Version: ver,
		PolicyDate: ymd(g.RoomPolicyDate), WebsiteDeadline: ymd(g.WebsiteDeadline)}
	v.Period = itoa(int64(g.RoomPeriodMonths))
	v.SharingDays, v.FeedbackDays = itoa(int64(g.SharingReplyDays)), itoa(int64(g.FeedbackReplyDays))
	v.DupThreshold = itoa(int64(g.DupThresholdOrDefault()))
	v.Holidays, v.Workdays = strings.Join(ymds(g.Holidays), "\n"), strings.Join(ymds(g.Workdays), "\n")
	v.Crumbs = v.Crumbs[:1]
	v.Preview, _ = s.svc.DocNumberPreview(r.Context()) // only shown; a failed read shows no number
	return v
}

func (s *Server) governancePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, ver, err := s.svc.Governance(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "governance", s.governanceView(r, rq, g, ver))
	return nil
}

func (s *Server) governanceSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, _, err := s.svc.Governance(r.Context())
	if err != nil {
		return err
	}
	ver, err := formInt(r, "version")
	if err == nil {
		g.RoomPolicyDate, err = govDay("room_policy_date", r.PostFormValue("room_policy_date"))
	}
	if err == nil {
		var n int64
		n, err = formInt(r, "room_period_months")
		g.RoomPeriodMonths = int(n)
	}
	if err == nil {
		g.WebsiteDeadline, err = govDay("website_deadline", r.PostFormValue("website_deadline"))
	}
	if err == nil {
		var n int64
		n, err = formInt(r, "sharing_reply_days")
		g.SharingReplyDays = int(n)
	}
	if err == nil {
		var n int64
		n, err = formInt(r, "feedback_reply_days")
		g.FeedbackReplyDays = int(n)
	}
	if err == nil {
		if _, ok := r.PostForm["dup_threshold"]; ok {
			var n int64
			n, err = formInt(r, "dup_threshold")
			g.DupThreshold = int(n)
		}
	}
	if err == nil {
		g.Holidays, err = govDays("holidays", strings.Fields(strings.NewReplacer(",", " ", "，", " ", "、", " ").Replace(r.PostFormValue("holidays"))))
	}
	if err == nil {
		g.Workdays, err = govDays("workdays", strings.Fields(strings.NewReplacer(",", " ", "，", " ", "、", " ").Replace(r.PostFormValue("workdays"))))
	}
	if err == nil {
		if _, ok := r.PostForm["system_code_prefix"]; ok {
			g.SystemCodePrefix = r.PostFormValue("system_code_prefix")
		}
		if _, ok := r.PostForm["doc_number_prefix"]; ok {
			g.DocNumberPrefix = r.PostFormValue("doc_number_prefix")
		}
		err = s.svc.UpdateGovernance(r.Context(), rq.auth.Actor, g, ver)
	}
	if err != nil {
		v := s.governanceView(r, rq, g, ver)
		v.PolicyDate, v.Period, v.WebsiteDeadline = r.PostFormValue("room_policy_date"), r.PostFormValue("room_period_months"), r.PostFormValue("website_deadline")
		v.SharingDays, v.FeedbackDays = r.PostFormValue("sharing_reply_days"), r.PostFormValue("feedback_reply_days")
		v.Holidays, v.Workdays = r.PostFormValue("holidays"), r.PostFormValue("workdays")
		if _, ok := r.PostForm["dup_threshold"]; ok {
			v.DupThreshold = r.PostFormValue("dup_threshold")
		}
		return s.refused(w, r, err, "governance", &v, &v.Page)
	}
	redirect(w, r, "/settings/governance", "flash.governance_saved")
	return nil
}

// governanceBody is the settings on the wire: dates as yyyy-mm-dd.
type governanceBody struct {
	RoomPolicyDate   string `json:"room_policy_date"`
	RoomPeriodMonths int    `json:"room_period_months"`
	RoomDeadline     string `json:"room_deadline"` // computed: policy date + period (ENV-R3)
	WebsiteDeadline  string `json:"website_deadline"`
	// The working-day calendar (国发〔2016〕51号 reply periods): public holidays and the
	// weekend days declared working days, as yyyy-mm-dd.
	Holidays          []string `json:"holidays"`
	Workdays          []string `json:"workdays"`
	SharingReplyDays  int      `json:"sharing_reply_days"`
	FeedbackReplyDays int      `json:"feedback_reply_days"`
	SystemCodePrefix  string   `json:"system_code_prefix"`
	DocNumberPrefix   string   `json:"doc_number_prefix"`
	// DupThreshold is the score (1–100) from which a match of the duplicate-construction check
	// must be answered before an application is submitted (issue 15).
	DupThreshold int   `json:"dup_threshold"`
	Version      int64 `json:"version"`
}

func toGovernanceBody(g domain.Governance, v int64) governanceBody {
	return governanceBody{RoomPolicyDate: ymd(g.RoomPolicyDate), RoomPeriodMonths: g.RoomPeriodMonths,
		RoomDeadline: ymd(g.RoomDeadline()), WebsiteDeadline: ymd(g.WebsiteDeadline),
		Holidays: ymds(g.Holidays), Workdays: ymds(g.Workdays),
		SharingReplyDays: g.SharingReplyDays, FeedbackReplyDays: g.FeedbackReplyDays, SystemCodePrefix: g.SystemCodePrefix,
		DocNumberPrefix: g.DocNumberPrefix, DupThreshold: g.DupThresholdOrDefault(), Version: v}
}

func (s *Server) apiGovernance(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	g, v, err := s.svc.Governance(r.Context())
	return toGovernanceBody(g, v), err
}

func (s *Server) apiGovernanceUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	cur, v, err := s.svc.Governance(r.Context())
	if err != nil {
		return nil, err
	}
	in := toGovernanceBody(cur, v)
	in.Version = -1 // the client must say which version it edited
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	g := domain.Governance{RoomPeriodMonths: in.RoomPeriodMonths,
		SharingReplyDays: in.SharingReplyDays, FeedbackReplyDays: in.FeedbackReplyDays, SystemCodePrefix: in.SystemCodePrefix,
		DocNumberPrefix: in.DocNumberPrefix, DupThreshold: in.DupThreshold}
	if g.Holidays, err = govDays("holidays", in.Holidays); err != nil {
		return nil, err
	}
	if g.Workdays, err = govDays("workdays", in.Workdays); err != nil {
		return nil, err
	}
	if g.RoomPolicyDate, err = govDay("room_policy_date", in.RoomPolicyDate); err != nil {
		return nil, err
	}
	if g.WebsiteDeadline, err = govDay("website_deadline", in.WebsiteDeadline); err != nil {
		return nil, err
	}
	if err := s.svc.UpdateGovernance(r.Context(), rq.auth.Actor, g, in.Version); err != nil {
		return nil, err
	}
	g, v, err = s.svc.Governance(r.Context())
	return toGovernanceBody(g, v), err
}

// govDay reads a yyyy-mm-dd calendar date as the domain keeps dates: midnight UTC.
func govDay(field, s string) (time.Time, error) {
	t, err := parseDay(field, s)
	if err != nil || t.IsZero() {
		return time.Time{}, err
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// govDays reads a list of yyyy-mm-dd dates; a bad one is named in the message.
func govDays(field string, in []string) ([]time.Time, error) {
	out := make([]time.Time, 0, len(in))
	for _, x := range in {
		d, err := govDay(field, x)
		if err != nil {
			return nil, domain.Invalid(field, "err.gov.bad_day", x)
		}
		if !d.IsZero() {
			out = append(out, d)
		}
	}
	return out, nil
}

// ymds writes dates as yyyy-mm-dd.
func ymds(ds []time.Time) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = ymd(d)
	}
	return out
}

// ymd writes a calendar date as yyyy-mm-dd ("" for none).
func ymd(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// calendarTodos reminds the office, from December on, to enter next year's public holidays
// (domain.Governance.CalendarMissing): the reply deadlines of sharing requests and corrections
// (SHR-R6) count working days by this calendar.
func (s *Server) calendarTodos(r *http.Request) []todo {
	rq := reqOf(r)
	if !rq.auth.Actor.Has(domain.RoleOffice) {
		return nil
	}
	g, _, err := s.svc.Governance(r.Context())
	if err != nil {
		return nil
	}
	if year, ok := g.CalendarMissing(s.svc.Now()); ok {
		return []todo{{Text: i18n.T(rq.lang, "todo.calendar_missing", year), Href: "/settings/governance", Clause: "SHR-R6"}}
	}
	return nil
}
