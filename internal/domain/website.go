package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Website is one independent website of a unit in the district's registry (PTL-P1, PTL-R1,
// PTL-R3). Independent websites must be registered (备案) with the info office; one still
// unregistered after the office's deadline is given a shutdown notice and closed. When sites
// are consolidated, a website is merged into another — the unit's or the district's portal.
type Website struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Host      string    `json:"host"` // the normalized host name (jyj.szxc.gov.cn); unique
	UnitID    int64     `json:"unit_id"`
	UnitName  string    `json:"unit_name,omitempty"`
	ICP       string    `json:"icp"`       // ICP 备案号, e.g. 苏ICP备12345678号-1
	SiteCode  string    `json:"site_code"` // 政府网站标识码: ten digits or capital letters
	Hosting   Hosting   `json:"hosting"`
	SystemID  int64     `json:"system_id,omitempty"`     // the information system it belongs to (same unit)
	MergeInto int64     `json:"merge_into_id,omitempty"` // the website it is (to be) merged into when consolidating
	Status    WebStatus `json:"status"`
	// RegisteredDate, NoticeDate and ClosedDate are days in the district's calendar.
	RegisteredDate time.Time `json:"registered_date,omitzero"`
	NoticeDate     time.Time `json:"notice_date,omitzero"` // the shutdown notice (PTL-R3)
	NoticeText     string    `json:"notice_text"`
	ClosedDate     time.Time `json:"closed_date,omitzero"` // closed, or merged
	Overdue        bool      `json:"overdue"`              // read: a live PTL-R3 finding (past the registration deadline, not registered, closed or merged)
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// WebStatus is a state of a website's registration (PTL-R3).
type WebStatus string

const (
	WebUnregistered WebStatus = "unregistered"  // 未备案
	WebSubmitted    WebStatus = "submitted"     // 已提交备案
	WebRegistered   WebStatus = "registered"    // 已登记
	WebNoticed      WebStatus = "notice_issued" // 已下发关停通知
	WebClosed       WebStatus = "closed"        // 已关停
	WebMerged       WebStatus = "merged"        // 已并入其他网站
)

// WebStatuses in display order.
var WebStatuses = []WebStatus{WebUnregistered, WebSubmitted, WebRegistered, WebNoticed, WebClosed, WebMerged}

// PastWebDeadline reports whether today (a day in the district's calendar) is after the
// registration deadline: the deadline day itself is still in time.
func PastWebDeadline(today, deadline time.Time) bool {
	return !deadline.IsZero() && webDayOf(today).After(webDayOf(deadline))
}

func webDayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

var (
	hostLabelRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	tldRe       = regexp.MustCompile(`^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$`)
	// icpRe: 苏ICP备12345678号, optionally -N for the site under the filing. The province is
	// one of the 31 short names; the number has 4 to 10 digits (old filings are short).
	icpRe      = regexp.MustCompile(`^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备[0-9]{4,10}号(-[0-9]{1,3})?$`)
	siteCodeRe = regexp.MustCompile(`^[0-9A-Z]{10}$`)
)

// NormalizeHost turns what people write for a website — a host name or an http(s) URL, in any
// case, with a path, port or trailing dot — into its host name. ok is false when it is not a
// host name or an http(s) URL (another scheme, a user name, spaces, non-ASCII letters).
func NormalizeHost(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(siteHalfWidth(s)))
	if scheme, rest, found := strings.Cut(s, "://"); found {
		if scheme != "http" && scheme != "https" {
			return "", false
		}
		s = rest
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if strings.Contains(s, "@") {
		return "", false
	}
	if h, port, found := strings.Cut(s, ":"); found {
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return "", false
		}
		s = h
	}
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || len(s) > 253 {
		return "", false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 || !tldRe.MatchString(labels[len(labels)-1]) {
		return "", false
	}
	for _, l := range labels {
		if !hostLabelRe.MatchString(l) {
			return "", false
		}
	}
	return s, true
}

// siteHalfWidth makes full-width ASCII (ｗｗｗ．ｓｚｘｃ) and the ideographic full stop plain.
func siteHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == '。':
			return '.'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// normalizeICP writes a filing number one way: no spaces, ASCII digits and hyphen.
func normalizeICP(s string) string {
	s = siteHalfWidth(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\t':
			return -1
		case r == '—' || r == '–' || r == '－':
			return '-'
		}
		return r
	}, s)
	return strings.ReplaceAll(s, "icp", "ICP")
}

// Normalize trims what people paste into forms and spreadsheets. Host keeps what was written
// when it is not a host name, so that Validate can name it.
func (w *Website) Normalize() {
	trimSpace(&w.Name, &w.Host, &w.ICP, &w.SiteCode, &w.NoticeText)
	if h, ok := NormalizeHost(w.Host); ok {
		w.Host = h
	}
	w.ICP = normalizeICP(w.ICP)
	w.SiteCode = strings.ToUpper(strings.ReplaceAll(siteHalfWidth(w.SiteCode), " ", ""))
}

// Validate checks a website's own fields; the links (unit, system, merge target) are checked
// by the use case, which can load them.
func (w *Website) Validate() error {
	w.Normalize()
	var errs Problems
	errs.Check(w.Name == "" || utf8.RuneCountInString(w.Name) > 100, "name", "err.required_len", 100)
	errs.Check(w.Host == "", "host", "err.required")
	_, ok := NormalizeHost(w.Host)
	errs.Check(!ok, "host", "err.website.host")
	errs.Check(w.UnitID == 0, "unit_id", "err.required")
	errs.Check(w.ICP != "" && !icpRe.MatchString(w.ICP), "icp", "err.website.icp")
	errs.Check(w.SiteCode != "" && !siteCodeRe.MatchString(w.SiteCode), "site_code", "err.website.site_code")
	errs.Check(w.Hosting == "", "hosting", "err.required")
	errs.Check(!slices.Contains(Hostings, w.Hosting), "hosting", "err.enum")
	errs.Check(!slices.Contains(WebStatuses, w.Status), "status", "err.enum")
	errs.Check(w.MergeInto != 0 && w.MergeInto == w.ID, "merge_into_id", "err.website.merge_self")
	errs.Check(utf8.RuneCountInString(w.NoticeText) > 1000, "notice_text", "err.too_long", 1000)
	return errs.Err()
}

// Gone reports whether the website no longer runs on its own (closed or merged).
func (w *Website) Gone() bool { return w.Status == WebClosed || w.Status == WebMerged }

// MergeCycle reports whether merging w into target would make a cycle: following the merge
// targets from target (next gives a website's target, 0 for none) comes back to w. A chain
// longer than the registry is a cycle too.
func MergeCycle(wID, target int64, next func(int64) int64) bool {
	seen := map[int64]bool{}
	for id := target; id != 0; id = next(id) {
		if id == wID || seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

// WebAction is a step of a website's registration (PTL-R3).
type WebAction string

const (
	WebSubmit      WebAction = "submit"       // the unit submits the registration (备案) to the info office
	WebAccept      WebAction = "accept"       // the office registers it (登记)
	WebReturn      WebAction = "return"       // ... or returns it: unregistered again
	WebIssueNotice WebAction = "issue_notice" // the office issues a shutdown notice: unregistered after the deadline
	WebClose       WebAction = "close"        // the site is shut down (关停)
	WebMerge       WebAction = "merge"        // the site is merged into its merge target (整合)
)

// WebActions in display order.
var WebActions = WebFlow.Actions()

// WebCheck is what the registration steps read besides the state: the site, today and the
// deadline in force.
type WebCheck struct {
	Site            *Website
	Today, Deadline time.Time
}

// WebFlow is the registration lifecycle (PTL-R3). The unit submits and the office decides; only
// the office issues shutdown notices, with their text and only after the deadline (only a site
// unregistered after it is shut down); a site may be closed or merged (into a target) by its unit
// or the office at any point before it is gone, but a site under a shutdown notice cannot be
// registered any more — it closes or merges.
var WebFlow = &Workflow[WebStatus, WebAction, SystemActor, WebCheck]{
	Name: "website", Title: "nav.websites", Clauses: []string{"PTL-R3"}, States: WebStatuses,
	Conflict: "err.website.transition", StateKey: "wstatus.", ActionKey: "wsaction.", NoteKey: "err.website.notice_text",
	Steps: []Transition[WebStatus, WebAction, SystemActor, WebCheck]{
		{Action: WebSubmit, From: []WebStatus{WebUnregistered}, To: WebSubmitted, By: unitOrOffice},
		{Action: WebAccept, From: []WebStatus{WebSubmitted}, To: WebRegistered, By: officeOnly},
		{Action: WebReturn, From: []WebStatus{WebSubmitted}, To: WebUnregistered, By: officeOnly},
		{Action: WebIssueNotice, From: []WebStatus{WebUnregistered}, To: WebNoticed, By: officeOnly, Note: "note",
			Rule: "only after the registration deadline",
			Guard: func(c WebCheck, _ string) error {
				if !PastWebDeadline(c.Today, c.Deadline) {
					return Errorf(EUnprocessable, "err.website.before_deadline", c.Deadline.Format("2006-01-02"))
				}
				return nil
			}},
		{Action: WebClose, From: []WebStatus{WebUnregistered, WebRegistered, WebNoticed}, To: WebClosed, By: unitOrOffice},
		{Action: WebMerge, From: []WebStatus{WebUnregistered, WebSubmitted, WebRegistered, WebNoticed}, To: WebMerged, By: unitOrOffice,
			Rule: "a site to merge into",
			Guard: func(c WebCheck, _ string) error {
				if c.Site.MergeInto == 0 {
					return Invalid("merge_into_id", "err.website.merge_target")
				}
				return nil
			}},
	},
}
