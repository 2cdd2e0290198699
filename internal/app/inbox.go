package app

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/mail"
	"archgov/internal/store"
)

// The inbox (ORG-4): every event meant for a person becomes a notification, written in the
// transaction of the event (a rolled-back event notifies nobody), shown in the reader's
// language from the message key inbox.event.<event> and its arguments. When e-mail is
// configured and the person has an address, the same transaction queues an e-mail in the
// outbox; SendMail delivers it after commit and retries it.

// notify notifies each of recipients (each once) of event about the record entity/id, linked at
// link; args fill the message inbox.event.<event> (an argument that is a message key is shown
// in the reader's language).
func (s *Service) notify(ctx context.Context, tx *store.Tx, recipients []int64, event, entity string, id int64, link string, args ...string) error {
	recipients = slices.Compact(slices.Sorted(slices.Values(recipients)))
	var emails map[int64]string
	if s.mail.Enabled() {
		var err error
		if emails, err = tx.UserEmails(ctx, recipients); err != nil {
			return err
		}
	}
	for _, uid := range recipients {
		n := &domain.Notification{UserID: uid, Event: event, EntityType: entity, EntityID: id, Link: link, Args: args}
		var m *domain.OutMail
		if to := emails[uid]; to != "" {
			subject := NotificationText(i18n.ZH, n)
			m = &domain.OutMail{To: to, Subject: subject, Body: i18n.T(i18n.ZH, "inbox.mail.body", subject, s.mailBaseURL+link)}
		}
		if err := tx.AddNotification(ctx, n, m); err != nil {
			return err
		}
	}
	return nil
}

// NotificationText is n's message in lang.
func NotificationText(lang i18n.Lang, n *domain.Notification) string {
	args := make([]any, len(n.Args))
	for i, a := range n.Args {
		args[i] = a
	}
	return i18n.T(lang, "inbox.event."+n.Event, args...)
}

// unitPeople are the accounts the units name as their 责任人 and 联系人 (ORG-1): exactly those
// two per unit, not every account that holds one of the roles.
func unitPeople(ctx context.Context, tx *store.Tx, units ...int64) ([]int64, error) {
	return tx.UnitPeople(ctx, units)
}

// officePeople are the info office's accounts.
func officePeople(ctx context.Context, tx *store.Tx) ([]int64, error) {
	return tx.UsersWithRoles(ctx, nil, domain.RoleOffice)
}

// notifyUnitsAndOffice notifies the units' people, and the office's accounts too when office.
func (s *Service) notifyUnitsAndOffice(ctx context.Context, tx *store.Tx, units []int64, office bool, event, entity string, id int64, link string, args ...string) error {
	to, err := unitPeople(ctx, tx, units...)
	if err == nil && office {
		var more []int64
		more, err = officePeople(ctx, tx)
		to = append(to, more...)
	}
	if err != nil {
		return err
	}
	return s.notify(ctx, tx, to, event, entity, id, link, args...)
}

// NotifyUnits notifies the 责任人 and 联系人 of the given units, or of every active unit when
// units is empty (the annual guide's publication), inside the caller's transaction.
func (s *Service) NotifyUnits(ctx context.Context, tx *store.Tx, event, entity string, id int64, link string, args []string, units ...int64) error {
	if len(units) == 0 {
		var err error
		if units, err = tx.ActiveUnitIDs(ctx); err != nil || len(units) == 0 {
			return err
		}
	}
	return s.notifyUnitsAndOffice(ctx, tx, units, false, event, entity, id, link, args...)
}

// InboxFilter narrows the caller's notifications (the user is always the caller).
type InboxFilter = store.NotificationFilter

// Inbox is one page of a user's notifications, newest first, and the count of all of them.
func (s *Service) Inbox(ctx context.Context, a domain.Actor, f InboxFilter) ([]*domain.Notification, int, error) {
	f.UserID = a.UserID
	r := s.db.Read()
	list, err := r.Notifications(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	total, err := r.CountNotifications(ctx, f)
	return list, total, err
}

// UnreadCount is how many of the actor's notifications are unread (the top bar's badge).
func (s *Service) UnreadCount(ctx context.Context, a domain.Actor) (int, error) {
	if a.UserID == 0 {
		return 0, nil
	}
	return s.db.Read().CountNotifications(ctx, store.NotificationFilter{UserID: a.UserID, Unread: true})
}

// MarkRead marks one of the actor's notifications read and returns it; another user's is not
// found.
func (s *Service) MarkRead(ctx context.Context, a domain.Actor, id int64) (*domain.Notification, error) {
	var n *domain.Notification
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.MarkNotificationRead(ctx, a.UserID, id, tx.Now()); err != nil {
			return err
		}
		var err error
		n, err = tx.Notification(ctx, a.UserID, id)
		return err
	})
	return n, err
}

// MarkAllRead marks every unread notification of the actor read; it returns how many.
func (s *Service) MarkAllRead(ctx context.Context, a domain.Actor) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.MarkAllNotificationsRead(ctx, a.UserID, tx.Now())
		return err
	})
	return n, err
}

// MailEnabled says whether notifications are e-mailed.
func (s *Service) MailEnabled() bool { return s.mail.Enabled() }

// mailLease is how long a sender holds a message it claimed: longer than any SMTP exchange; a
// sender that dies with it leaves the message to be sent again after it.
const mailLease = 5 * time.Minute

// MailSent counts what one SendMail run did.
type MailSent struct {
	Sent, Retried, Failed int
}

// SendMail delivers the outbox's due messages through the SMTP relay: after commit, never
// inside a transaction (a slow relay must not hold the writer). A delivered message is marked
// sent; a refusal worth retrying is tried again after mail.Backoff of its attempts; a
// permanent one is given up with its error. Each message is claimed first (store.ClaimMail),
// so that replicas sending the same outbox at once never send one twice. It does nothing when
// e-mail is not configured.
func (s *Service) SendMail(ctx context.Context) (MailSent, error) {
	var out MailSent
	if !s.mail.Enabled() {
		return out, nil
	}
	due, err := s.db.Read().DueMail(ctx, s.Now(), 200)
	if err != nil {
		return out, err
	}
	var errs []error
	for _, m := range due {
		// Another replica sending the same outbox may have taken it since it was read.
		mine, err := s.db.ClaimMail(ctx, m.ID, m.NextAt, s.Now().Add(mailLease))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !mine {
			continue
		}
		err = s.mail.Send(ctx, mail.Message{To: m.To, Subject: m.Subject, Body: m.Body}, "archgov-"+strconv.FormatInt(m.ID, 10))
		now := s.Now()
		switch {
		case err == nil:
			out.Sent++
			err = s.db.MailSent(ctx, m.ID, now)
		case mail.Permanent(err):
			out.Failed++
			s.log.Warn("mail given up", "id", m.ID, "to", m.To, "err", err)
			err = s.db.MailFailed(ctx, m.ID, now, err.Error())
		default:
			out.Retried++
			err = s.db.MailRetry(ctx, m.ID, now.Add(mail.Backoff(m.Attempts+1)), err.Error())
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("mail %d: %w", m.ID, err))
		}
	}
	return out, errors.Join(errs...)
}

// MailEvery runs SendMail now and then every interval until ctx ends (the server, when e-mail
// is configured).
func (s *Service) MailEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.SendMail(ctx); err != nil {
			s.log.Warn("send mail", "err", err)
		} else if n != (MailSent{}) {
			s.log.Info("sent mail", "sent", n.Sent, "retried", n.Retried, "failed", n.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// UserEmail is where a user's notifications are e-mailed ("" when nowhere): the user's own, or
// one the actor may read.
func (s *Service) UserEmail(ctx context.Context, a domain.Actor, userID int64) (string, error) {
	if a.UserID != userID {
		if _, err := userType.get(ctx, s.db.Read(), a, userID); err != nil {
			return "", err
		}
	}
	return s.db.Read().UserEmail(ctx, userID)
}

// SetUserEmail sets where a user's notifications are e-mailed ("" stops it): the user on their
// own profile, or an administrator who may update the account. The address must be one
// (net/mail) of at most 200 characters.
func (s *Service) SetUserEmail(ctx context.Context, a domain.Actor, userID int64, email string) error {
	email = strings.TrimSpace(email)
	if err := ValidateEmail(email); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := userType.get(ctx, tx.Reader, a, userID)
		if err == nil && a.UserID != userID {
			err = authz.Can(a, authz.UserUpdate, authz.User(u))
		}
		if err != nil {
			return err
		}
		before, err := tx.UserEmail(ctx, userID)
		if err != nil || before == email {
			return err
		}
		if err := tx.SetUserEmail(ctx, userID, email); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "user.update", entityType: "user", entityID: id(userID), changes: audit.Fields("email", before, email)})
	})
}

// ValidateEmail accepts "" (none) or one bare address of at most 200 characters.
func ValidateEmail(email string) error {
	if email == "" {
		return nil
	}
	if len(email) > 200 {
		return domain.Invalid("email", "err.too_long", 200)
	}
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
		return domain.Invalid("email", "err.inbox.email")
	}
	return nil
}
