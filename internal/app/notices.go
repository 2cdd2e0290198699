package app

import (
	"context"
	"strconv"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Notices (通知公告, ORG-4): the office drafts a notice and publishes it; publishing puts it in
// the inbox of every active unit's 责任人 and 联系人 in the same transaction (and queues its
// e-mail when e-mail is configured), and every login reads it on the notices page. A published
// notice does not change: the office withdraws it, with the reason its readers then see.

// NoticeFilter narrows the notice list.
type NoticeFilter = store.NoticeFilter

func noticeRes(n *domain.Notice) authz.Resource {
	return authz.Notice(n.ID, n.Status != domain.NoticeDraft)
}

var noticeType = recordType[domain.Notice]{entity: "notice", kind: authz.KindNotice, read: authz.NoticeRead, res: noticeRes,
	load: store.Reader.Notice, insert: (*store.Tx).InsertNotice, update: (*store.Tx).UpdateNotice,
	key:     func(n *domain.Notice) (int64, int64) { return n.ID, n.Version },
	creates: authz.NoticeWrite, valid: (*domain.Notice).Validate, noteKey: "withdraw_note",
	fresh: func(n *domain.Notice) {
		n.ID, n.Status, n.PublishedAt, n.WithdrawnAt, n.WithdrawNote = 0, domain.NoticeDraft, time.Time{}, time.Time{}, ""
	}}

// Notices lists the notices the actor may see, newest first: the office's drafts too.
func (s *Service) Notices(ctx context.Context, a domain.Actor, f NoticeFilter) (Page[*domain.Notice], error) {
	return noticeType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Notice, error) { return s.db.Read().Notices(ctx, sc, f) })
}

// CountNotices counts what Notices lists without paging.
func (s *Service) CountNotices(ctx context.Context, a domain.Actor, f NoticeFilter) (int, error) {
	return noticeType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountNotices(ctx, sc, f) })
}

// Notice returns one notice; a draft answers not found to anyone but the office.
func (s *Service) Notice(ctx context.Context, a domain.Actor, id int64) (*domain.Notice, error) {
	return noticeType.get(ctx, s.db.Read(), a, id)
}

// NoticeEdit is a change of a draft's fields. Nil fields stay.
type NoticeEdit struct {
	Version int64              `json:"version"`
	Title   *string            `json:"title"`
	Kind    *domain.NoticeKind `json:"kind"`
	Body    *string            `json:"body"`
}

// Apply copies the set fields onto n.
func (e NoticeEdit) Apply(n *domain.Notice) { patch(n, e) }

// CreateNotice drafts a notice (the office only).
func (s *Service) CreateNotice(ctx context.Context, a domain.Actor, n *domain.Notice) error {
	return noticeType.create(ctx, s.db, a, 0, n, nil)
}

// UpdateNotice saves an edit of a draft; a published or withdrawn notice is refused (409).
func (s *Service) UpdateNotice(ctx context.Context, a domain.Actor, id int64, e NoticeEdit) (*domain.Notice, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Notice, error) {
		return noticeType.change(ctx, tx, a, id, e.Version, noticeType.may(a, authz.NoticeWrite), func(n, _ *domain.Notice) (string, string, error) {
			if n.Status != domain.NoticeDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.notice.frozen")
			}
			e.Apply(n)
			return "update", "", n.Validate()
		})
	})
}

// NoticeSteps lists the steps the actor may take on n now (for buttons).
func (s *Service) NoticeSteps(a domain.Actor, n *domain.Notice) []domain.NoticeAction {
	if authz.Can(a, authz.NoticeWrite, noticeRes(n)) != nil {
		return nil
	}
	return domain.NoticeFlow.Available(n.Status, []domain.NoticeActor{domain.NoticeOffice}, n)
}

// NoticeStep is one step of a notice; withdrawing needs its reason (withdraw_note).
type NoticeStep struct {
	Version      int64               `json:"version"`
	Action       domain.NoticeAction `json:"action"`
	WithdrawNote string              `json:"withdraw_note,omitempty"`
}

// TransitionNotice publishes or withdraws a notice (the office). Publishing notifies every
// active unit's 责任人 and 联系人 in the same transaction (ORG-4): a refused or rolled-back
// publication notifies nobody.
func (s *Service) TransitionNotice(ctx context.Context, a domain.Actor, id int64, st NoticeStep) (*domain.Notice, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Notice, error) {
		return noticeType.change(ctx, tx, a, id, st.Version, noticeType.may(a, authz.NoticeWrite), func(n, _ *domain.Notice) (string, string, error) {
			next, err := domain.NoticeFlow.Next(n.Status, st.Action, []domain.NoticeActor{domain.NoticeOffice}, st.WithdrawNote, n)
			if err != nil {
				return "", "", err
			}
			n.Status = next
			switch st.Action {
			case domain.NoticePublish:
				n.PublishedAt = tx.Now()
				event := "notice_published"
				if n.Kind == domain.NoticeAnnouncement {
					event = "announcement_published"
				}
				if err := s.NotifyUnits(ctx, tx, event, "notice", n.ID, "/notices/"+strconv.FormatInt(n.ID, 10), []string{n.Title}); err != nil {
					return "", "", err
				}
			case domain.NoticeWithdraw:
				n.WithdrawnAt, n.WithdrawNote = tx.Now(), st.WithdrawNote
			}
			return string(st.Action), "", n.Validate()
		})
	})
}

// NoticeHistory is a notice's audit trail, for whoever may see it.
func (s *Service) NoticeHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "notice", id, seen(s.Notice(ctx, a, id)))
}
