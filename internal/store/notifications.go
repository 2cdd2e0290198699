package store

import (
	"context"
	"encoding/json"
	"time"

	"archgov/internal/domain"
)

// AddNotification writes n for its user inside the event's transaction, and the e-mail m of it
// when m is not nil (sent after commit by the mail sender), so that a rolled-back event
// notifies nobody.
func (tx *Tx) AddNotification(ctx context.Context, n *domain.Notification, m *domain.OutMail) error {
	if n.Args == nil {
		n.Args = []string{}
	}
	args, err := json.Marshal(n.Args)
	if err != nil {
		return err
	}
	n.CreatedAt = tx.Now()
	err = tx.row(ctx, `INSERT INTO notifications (user_id, event, entity_type, entity_id, link, args, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.UserID, n.Event, n.EntityType, n.EntityID, n.Link, string(args), micros(n.CreatedAt)).Scan(&n.ID)
	if err != nil || m == nil {
		return wrap(err, "add notification")
	}
	m.NotificationID, m.NextAt = n.ID, n.CreatedAt
	err = tx.row(ctx, `INSERT INTO mail_outbox (notification_id, to_addr, subject, body, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		m.NotificationID, m.To, m.Subject, m.Body, micros(m.NextAt), micros(n.CreatedAt)).Scan(&m.ID)
	return wrap(err, "add mail")
}

func scanNotification(s rowScanner) (*domain.Notification, error) {
	var n domain.Notification
	var args string
	err := s.Scan(&n.ID, &n.UserID, &n.Event, &n.EntityType, &n.EntityID, &n.Link, &args, at(&n.CreatedAt), at(&n.ReadAt))
	if err == nil {
		n.Args = []string{}
		_ = json.Unmarshal([]byte(args), &n.Args)
	}
	return &n, err
}

const notificationCols = `SELECT id, user_id, event, entity_type, entity_id, link, args, created_at, read_at FROM notifications`

// NotificationFilter narrows one user's notifications.
type NotificationFilter struct {
	UserID int64
	Unread bool  // only the unread ones
	Before int64 // keyset cursor: newest first
	Limit  int
}

func (r Reader) notificationsWhere(f NotificationFilter) *filter {
	w := r.where(`user_id = ?`, f.UserID)
	w.addIf(f.Unread, `read_at = 0`)
	return w
}

// Notifications lists a user's notifications, newest first, from before the cursor.
func (r Reader) Notifications(ctx context.Context, f NotificationFilter) ([]*domain.Notification, error) {
	w := r.notificationsWhere(f)
	w.addIf(f.Before > 0, `id < ?`, f.Before)
	return list(ctx, r.q, "notifications", scanNotification, notificationCols, w, ` ORDER BY id DESC`, f.Limit)
}

// CountNotifications counts a user's notifications (the unread ones with f.Unread): one probe
// of the index notifications_user, cheap enough for every page's top bar.
func (r Reader) CountNotifications(ctx context.Context, f NotificationFilter) (int, error) {
	return r.countWhere(ctx, "notifications", `notifications`, r.notificationsWhere(f))
}

// Notification loads one of user's notifications; another user's is not found.
func (r Reader) Notification(ctx context.Context, userID, id int64) (*domain.Notification, error) {
	return queryOne(ctx, r.q, "notification", scanNotification, notificationCols+` WHERE id = ? AND user_id = ?`, id, userID)
}

// MarkNotificationRead marks one of user's notifications read at now (a read one keeps its
// time); another user's is not found.
func (tx *Tx) MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) error {
	if _, err := tx.Notification(ctx, userID, id); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at = 0`, micros(now), id, userID)
	return wrap(err, "mark notification read")
}

// MarkAllNotificationsRead marks every unread notification of user read at now; it returns how many.
func (tx *Tx) MarkAllNotificationsRead(ctx context.Context, userID int64, now time.Time) (int, error) {
	res, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0`, micros(now), userID)
	if err != nil {
		return 0, wrap(err, "mark notifications read")
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// UsersWithRoles lists the ids of the enabled accounts holding one of roles in one of units (in
// any unit, or none, when units is nil), each once, in id order.
func (r Reader) UsersWithRoles(ctx context.Context, units []int64, roles ...domain.Role) ([]int64, error) {
	w := r.where(`u.disabled = 0`)
	w.add(`g.role IN (`+bindVars(len(roles))+`)`, strArgs(roles)...)
	w.in("g.unit_id", units)
	return list(ctx, r.q, "users with roles", scalar[int64], `SELECT DISTINCT u.id FROM users u JOIN user_roles g ON g.user_id = u.id`, w, ` ORDER BY u.id`, 0)
}

// ActiveUnitIDs lists the ids of the active units.
func (r Reader) ActiveUnitIDs(ctx context.Context) ([]int64, error) {
	return queryAll(ctx, r.q, "active units", scalar[int64], `SELECT id FROM units WHERE active = 1 ORDER BY id`)
}

// UserEmails maps the given users to their e-mail addresses (those that have one).
func (r Reader) UserEmails(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList("id", ids, nil)
	return out, r.eachRow(ctx, "user emails", func(s rowScanner) error {
		var id int64
		var e string
		err := s.Scan(&id, &e)
		out[id] = e
		return err
	}, `SELECT id, email FROM users WHERE email <> '' AND `+in, args...)
}

// UserEmail is a user's e-mail address ("" when none).
func (r Reader) UserEmail(ctx context.Context, id int64) (string, error) {
	m, err := r.UserEmails(ctx, []int64{id})
	return m[id], err
}

// SetUserEmail sets a user's e-mail address ("" removes it).
func (tx *Tx) SetUserEmail(ctx context.Context, id int64, email string) error {
	return checkOne(tx.exec(ctx, `UPDATE users SET email = ? WHERE id = ?`, email, id))
}

func scanMail(s rowScanner) (*domain.OutMail, error) {
	var m domain.OutMail
	err := s.Scan(&m.ID, &m.NotificationID, &m.To, &m.Subject, &m.Body, &m.Attempts, at(&m.NextAt), at(&m.SentAt), at(&m.FailedAt), &m.LastError)
	return &m, err
}

const mailCols = `SELECT id, notification_id, to_addr, subject, body, attempts, next_at, sent_at, failed_at, last_error FROM mail_outbox`

// DueMail lists the outbox's messages to send at now (not sent, not given up, next_at ≤ now),
// oldest first, at most limit.
func (r Reader) DueMail(ctx context.Context, now time.Time, limit int) ([]*domain.OutMail, error) {
	return list(ctx, r.q, "due mail", scanMail, mailCols, r.where(`sent_at = 0 AND failed_at = 0 AND next_at <= ?`, micros(now)), ` ORDER BY id`, limit)
}

// OutMailOf lists the outbox rows of a notification (tests and support).
func (r Reader) OutMailOf(ctx context.Context, notificationID int64) ([]*domain.OutMail, error) {
	return list(ctx, r.q, "mail", scanMail, mailCols, r.where(`notification_id = ?`, notificationID), ` ORDER BY id`, 0)
}

// ClaimMail takes outbox message id for one sender until until, when it is still due as seen
// (its next_at is seen): it moves next_at to until in one compare-and-set, so of several
// replicas sending the same outbox at once exactly one gets each message; the others see false.
// A sender that dies with a claim leaves the message due again at until.
func (db *DB) ClaimMail(ctx context.Context, id int64, seen, until time.Time) (bool, error) {
	r := db.Read()
	res, err := db.w.ExecContext(ctx, r.rebind(`UPDATE mail_outbox SET next_at = ? WHERE id = ? AND next_at = ? AND sent_at = 0 AND failed_at = 0`),
		micros(until), id, micros(seen))
	if err != nil {
		return false, wrap(err, "claim mail %d", id)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap(err, "claim mail %d", id)
}

// MailSent marks an outbox message sent at now.
func (db *DB) MailSent(ctx context.Context, id int64, now time.Time) error {
	return db.mailUpdate(ctx, `sent_at = ?, attempts = attempts + 1, last_error = ''`, id, micros(now))
}

// MailFailed gives an outbox message up at now with the error that refused it.
func (db *DB) MailFailed(ctx context.Context, id int64, now time.Time, cause string) error {
	return db.mailUpdate(ctx, `failed_at = ?, attempts = attempts + 1, last_error = ?`, id, micros(now), cause)
}

// MailRetry counts a failed attempt of an outbox message and sets when to try again.
func (db *DB) MailRetry(ctx context.Context, id int64, next time.Time, cause string) error {
	return db.mailUpdate(ctx, `next_at = ?, attempts = attempts + 1, last_error = ?`, id, micros(next), cause)
}

// mailUpdate runs one outbox update on its own (the sender works after commit, outside any
// use case's transaction).
func (db *DB) mailUpdate(ctx context.Context, set string, id int64, args ...any) error {
	r := db.Read()
	_, err := db.w.ExecContext(ctx, r.rebind(`UPDATE mail_outbox SET `+set+` WHERE id = ?`), append(args, id)...)
	return wrap(err, "update mail %d", id)
}
