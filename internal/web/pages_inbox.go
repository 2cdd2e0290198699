package web

import (
	"net/http"
	"net/url"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The inbox (ORG-4): the caller's own notifications. No authorization kind beyond being signed
// in; another user's notification is as absent as a missing one (404).

func (s *Server) inboxRoutes() {
	s.handle("GET /inbox", s.ui(s.inboxPage))
	s.handle("GET /inbox/{id}/open", s.ui(s.inboxOpen))
	s.handle("POST /inbox/{id}/read", s.ui(s.inboxRead))
	s.handle("POST /inbox/read-all", s.ui(s.inboxReadAll))
	s.handle("POST /profile/email", s.ui(s.emailSubmit))
	s.handle("POST /users/{id}/email", s.ui(s.emailSubmit))
}

type inboxView struct {
	Page
	Items  []*domain.Notification
	Unread bool // only the unread ones
	Pager  pager
	Back   string // this page's address, where the forms come back to
}

// Text is a notification's message in the page's language.
func (v inboxView) Text(n *domain.Notification) string { return app.NotificationText(v.Lang, n) }

func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	title := i18n.T(rq.lang, "inbox.title")
	unread, err := queryFlag(r.URL.Query(), "unread")
	if err != nil {
		return err
	}
	v := inboxView{Page: s.page(r, title, crumb{"", title}), Unread: unread, Back: r.URL.RequestURI()}
	f := app.InboxFilter{Unread: v.Unread}
	v.Items, v.Pager, err = listPage(r, func(limit int) ([]*domain.Notification, error) {
		f.Limit = limit
		items, _, err := s.svc.Inbox(r.Context(), rq.auth.Actor, f)
		return items, err
	}, func() (int, error) {
		_, n, err := s.svc.Inbox(r.Context(), rq.auth.Actor, app.InboxFilter{Unread: v.Unread, Limit: 1})
		return n, err
	})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inbox", v)
	return nil
}

// inboxOpen marks a notification read and goes to its record.
func (s *Server) inboxOpen(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := s.svc.MarkRead(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	to := n.Link
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") {
		to = "/inbox" // only the platform's own pages
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) inboxRead(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.MarkRead(r.Context(), rq.auth.Actor, id); err != nil {
		return err
	}
	redirect(w, r, inboxBack(r), "flash.inbox.read")
	return nil
}

func (s *Server) inboxReadAll(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.MarkAllRead(r.Context(), rq.auth.Actor); err != nil {
		return err
	}
	redirect(w, r, inboxBack(r), "flash.inbox.all_read")
	return nil
}

// inboxBack is the inbox page a form came from (its filter and page), without its old flash.
func inboxBack(r *http.Request) string {
	u, err := url.Parse(r.PostFormValue("back"))
	if err != nil || u.Path != "/inbox" {
		return "/inbox"
	}
	q := u.Query()
	q.Del("flash")
	if len(q) == 0 {
		return "/inbox"
	}
	return "/inbox?" + q.Encode()
}

// emailSubmit sets an account's e-mail address: the caller's own from the profile, or an
// account's from its page (an administrator who may update it).
func (s *Server) emailSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	uid, back := rq.auth.User.ID, "/profile"
	if r.PathValue("id") != "" {
		var err error
		if uid, err = pathID(r); err != nil {
			return err
		}
		back = "/users/" + itoa(uid)
	}
	err := s.svc.SetUserEmail(r.Context(), rq.auth.Actor, uid, r.PostFormValue("email"))
	if err == nil {
		redirect(w, r, back, "flash.saved")
		return nil
	}
	if back != "/profile" || domain.ErrorCode(err) != domain.EInvalid {
		return err
	}
	v, verr := s.profileView(r, rq)
	if verr != nil {
		return verr
	}
	if err := s.formErr(r, &v.Page, err); err != nil {
		return err
	}
	v.Email = r.PostFormValue("email")
	s.render(w, r, errorStatus(err), "profile", v)
	return nil
}

// inboxAPI is the JSON API of the caller's notifications (rows of apiRoutes).
func (s *Server) inboxAPI() []apiRoute {
	return []apiRoute{
		{pattern: "GET /api/v1/inbox", status: http.StatusOK, h: s.apiInbox,
			id: "listInbox", tag: "inbox",
			sum:   "List the caller's notifications",
			doc:   "The caller's own notifications (消息, ORG-4), newest first, keyset-paginated: every event meant for the caller (a sharing request to answer, a data-correction report, an escalation …) with its text in the caller's language, the link to the record and when it was read (absent: unread). `unread=1` lists only the unread ones.",
			query: paged(qFlag("unread", "`1`/`true`: only the unread notifications.")),
			out:   list[*domain.Notification]{},
			okDoc: "A page of notifications.",
		},
		{pattern: "GET /api/v1/inbox/unread-count", status: http.StatusOK, h: s.apiInboxUnread,
			id: "countInboxUnread", tag: "inbox",
			sum:   "Count the caller's unread notifications",
			doc:   "The number the top bar's badge shows.",
			out:   inboxCount{},
			okDoc: "The count.",
		},
		{pattern: "POST /api/v1/inbox/{id}/read", status: http.StatusOK, h: s.apiInboxRead,
			id: "markInboxRead", tag: "inbox",
			sum:   "Mark a notification read",
			doc:   "Marks one of the caller's notifications read (a read one keeps the time it was first read). Another user's notification answers 404, like a missing one. No request body.",
			out:   &domain.Notification{},
			okDoc: "The notification.",
		},
		{pattern: "POST /api/v1/inbox/read-all", status: http.StatusOK, h: s.apiInboxReadAll,
			id: "markInboxAllRead", tag: "inbox",
			sum:   "Mark all the caller's notifications read",
			doc:   "Marks every unread notification of the caller read. No request body.",
			out:   inboxCount{},
			okDoc: "How many were marked read.",
		},
		{pattern: "PUT /api/v1/users/{id}/email", status: http.StatusOK, h: s.apiUserEmail,
			id: "setUserEmail", tag: "users",
			sum:   "Set an account's e-mail address",
			doc:   "Where the account's notifications are e-mailed when the platform has an SMTP relay (ORG-4); empty stops it. The caller's own account, or one an administrator may update (403 otherwise, 404 for one they may not see). A bare address of at most 200 characters, else 422 naming email.",
			in:    emailBody{},
			out:   emailBody{},
			okDoc: "The address now set.",
		},
	}
}

type inboxCount struct {
	Count int `json:"count"`
}

type emailBody struct {
	Email string `json:"email"`
}

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	before, err := decodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		return nil, err
	}
	unread, err := queryFlag(r.URL.Query(), "unread")
	if err != nil {
		return nil, err
	}
	f := app.InboxFilter{Unread: unread, Before: before, Limit: limit + 1}
	items, _, err := s.svc.Inbox(r.Context(), rq.auth.Actor, f)
	if err != nil {
		return nil, err
	}
	p := app.Page[*domain.Notification]{Items: items}
	if len(items) > limit {
		p.Items, p.NextCursor = items[:limit], items[limit-1].ID
	}
	for _, n := range p.Items {
		n.Text = app.NotificationText(rq.lang, n)
	}
	return pageOf(p), nil
}

func (s *Server) apiInboxUnread(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	n, err := s.svc.UnreadCount(r.Context(), rq.auth.Actor)
	return inboxCount{n}, err
}

func (s *Server) apiInboxRead(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	n, err := s.svc.MarkRead(r.Context(), rq.auth.Actor, id)
	if err == nil {
		n.Text = app.NotificationText(rq.lang, n)
	}
	return n, err
}

func (s *Server) apiInboxReadAll(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	n, err := s.svc.MarkAllRead(r.Context(), rq.auth.Actor)
	return inboxCount{n}, err
}

func (s *Server) apiUserEmail(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in emailBody
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if err := s.svc.SetUserEmail(r.Context(), rq.auth.Actor, id, in.Email); err != nil {
		return nil, err
	}
	return emailBody{strings.TrimSpace(in.Email)}, nil
}
