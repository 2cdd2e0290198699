package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// Notice is a notice or announcement the info office publishes to every unit (通知公告, ORG-4):
// training, deadlines, changes of procedure. A draft is the office's; publishing it puts it in
// the inbox of every active unit's 责任人 and 联系人 and on every login's notices page. A
// published notice does not change: a mistake is withdrawn (with the reason, which readers see)
// and published again as a new notice.
type Notice struct {
	ID           int64        `json:"id"`
	Title        string       `json:"title"`
	Kind         NoticeKind   `json:"kind"`
	Body         string       `json:"body"`
	Status       NoticeStatus `json:"status"`
	PublishedAt  time.Time    `json:"published_at,omitzero"`
	WithdrawnAt  time.Time    `json:"withdrawn_at,omitzero"`
	WithdrawNote string       `json:"withdraw_note,omitempty"` // why it was withdrawn
	Version      int64        `json:"version"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// NoticeKind tells a notice (通知: something units must do) from an announcement (公告: for
// their information).
type NoticeKind string

const (
	NoticeNotice       NoticeKind = "notice"       // 通知
	NoticeAnnouncement NoticeKind = "announcement" // 公告
)

// NoticeStatus is a state of a notice.
type NoticeStatus string

const (
	NoticeDraft     NoticeStatus = "draft"
	NoticePublished NoticeStatus = "published"
	NoticeWithdrawn NoticeStatus = "withdrawn"
)

// NoticeAction is a step of a notice.
type NoticeAction string

const (
	NoticePublish  NoticeAction = "publish"
	NoticeWithdraw NoticeAction = "withdraw"
)

// NoticeActor is who acts on notices: only the office.
type NoticeActor string

const NoticeOffice NoticeActor = "office"

// NoticeFlow is the notice's lifecycle (ORG-4).
var NoticeFlow = &Workflow[NoticeStatus, NoticeAction, NoticeActor, *Notice]{
	Name: "notice", Title: "nav.notices", Clauses: []string{"ORG-4"}, States: NoticeStatuses,
	Conflict: "err.notice.transition", StateKey: "noticestatus.", ActionKey: "noticeaction.", NoteMax: 1000,
	Steps: []Transition[NoticeStatus, NoticeAction, NoticeActor, *Notice]{
		{Action: NoticePublish, From: []NoticeStatus{NoticeDraft}, To: NoticePublished, By: []NoticeActor{NoticeOffice},
			Guard: func(n *Notice, _ string) error { return n.ReadyToPublish() },
			Rule:  "a title and a body; publishing notifies every active unit's 责任人 and 联系人"},
		{Action: NoticeWithdraw, From: []NoticeStatus{NoticePublished}, To: NoticeWithdrawn, By: []NoticeActor{NoticeOffice}, Note: "withdraw_note"}, // the reason, which readers see
	},
}

// The enumerations in display order.
var (
	NoticeKinds    = []NoticeKind{NoticeNotice, NoticeAnnouncement}
	NoticeStatuses = []NoticeStatus{NoticeDraft, NoticePublished, NoticeWithdrawn}
	NoticeActions  = NoticeFlow.Actions()
)

// Validate checks a notice's own fields: every problem at once.
func (n *Notice) Validate() error {
	trimSpace(&n.Title, &n.Body, &n.WithdrawNote)
	if n.Kind == "" {
		n.Kind = NoticeNotice
	}
	var errs Problems
	errs.Check(n.Title == "" || utf8.RuneCountInString(n.Title) > 200, "title", "err.required_len", 200)
	errs.Check(!slices.Contains(NoticeKinds, n.Kind), "kind", "err.enum")
	errs.Check(utf8.RuneCountInString(n.Body) > 20000, "body", "err.too_long", 20000)
	return errs.Err()
}

// ReadyToPublish says what a draft still lacks: its body.
func (n *Notice) ReadyToPublish() error {
	var errs Problems
	errs.Check(n.Body == "", "body", "err.required")
	return errs.Err()
}
