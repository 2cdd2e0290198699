package app_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/mail"
	"archgov/internal/mail/mailtest"
	"archgov/internal/store"
)

// notified lists who has a notification of event about entity/id (usernames, sorted).
func (e *env) notified(event, entity string, id int64) []string {
	e.t.Helper()
	var out []string
	for _, name := range []string{"office", "weijian_head", "weijian", "jiaoyu", "sysadmin", "secadmin"} {
		u, err := e.db.Read().UserByUsername(e.ctx, name)
		if err != nil {
			continue
		}
		ns, err := e.db.Read().Notifications(e.ctx, store.NotificationFilter{UserID: u.ID})
		if err != nil {
			e.t.Fatal(err)
		}
		for _, n := range ns {
			if n.Event == event && n.EntityType == entity && n.EntityID == id {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}

// notification is the user's newest notification of event.
func (e *env) notification(username, event string) *domain.Notification {
	e.t.Helper()
	ns, _, err := e.svc.Inbox(e.ctx, e.actor(username), store.NotificationFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, n := range ns {
		if n.Event == event {
			return n
		}
	}
	e.t.Fatalf("%s has no %s notification", username, event)
	return nil
}

// TestInboxNotifiesThePeopleOfTheEvent: a data-correction report reaches the provider's 责任人
// and 联系人; its escalation reaches them and the office, and no one else; mark read is the
// owner's only, mark all read empties the badge.
func TestInboxNotifiesThePeopleOfTheEvent(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		e.clock.Set(fbAt(2026, 4, 2))
		f := e.fbReport(c.ID, "")
		if got, want := e.notified("feedback_reported", "feedback", f.ID), []string{"weijian", "weijian_head"}; !slices.Equal(got, want) {
			t.Errorf("report notified %v, want %v", got, want)
		}
		e.clock.Set(fbAt(2026, 4, 13))
		if _, err := e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 13)); err != nil {
			t.Fatal(err)
		}
		if got, want := e.notified("feedback_escalated", "feedback", f.ID), []string{"office", "weijian", "weijian_head"}; !slices.Equal(got, want) {
			t.Errorf("escalation notified %v, want %v", got, want)
		}
		n := e.notification("weijian", "feedback_escalated")
		if n.Link != "/feedback/"+strconv.FormatInt(f.ID, 10) || !n.Unread() {
			t.Errorf("notification %+v", n)
		}
		if text := app.NotificationText("zh-CN", n); !strings.Contains(text, "逾期督办") || !strings.Contains(text, c.Name) {
			t.Errorf("text %q", text)
		}

		// Another user's notification is as absent as a missing one.
		_, err := e.svc.MarkRead(e.ctx, e.actor("jiaoyu"), n.ID)
		wantCode(t, err, domain.ENotFound, "")
		if got, err := e.svc.MarkRead(e.ctx, e.actor("weijian"), n.ID); err != nil || got.Unread() {
			t.Fatalf("mark read: %+v, %v", got, err)
		}
		if k, err := e.svc.UnreadCount(e.ctx, e.actor("weijian")); err != nil || k == 0 {
			t.Fatalf("unread after one read: %d, %v (want the report's still unread)", k, err)
		}
		if k, err := e.svc.MarkAllRead(e.ctx, e.actor("weijian")); err != nil || k == 0 {
			t.Fatalf("mark all read: %d, %v", k, err)
		}
		if k, _ := e.svc.UnreadCount(e.ctx, e.actor("weijian")); k != 0 {
			t.Errorf("unread after mark all: %d", k)
		}
		if k, _ := e.svc.UnreadCount(e.ctx, e.actor("weijian_head")); k == 0 {
			t.Error("marking weijian's read marked weijian_head's too")
		}
		unread, total, err := e.svc.Inbox(e.ctx, e.actor("weijian_head"), store.NotificationFilter{Unread: true, Limit: 1})
		if err != nil || len(unread) != 1 || total < 2 {
			t.Errorf("unread page: %d of %d, %v", len(unread), total, err)
		}
	})
}

// TestInboxRolledBackEventNotifiesNobody: a notification is written in the event's transaction.
func TestInboxRolledBackEventNotifiesNobody(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		before, _ := e.svc.UnreadCount(e.ctx, e.actor("weijian"))
		boom := errors.New("boom")
		err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
			if err := e.svc.NotifyUnits(e.ctx, tx, "sharing_received", "sharing", 1, "/sharing/1", []string{"a", "b", "c"}, e.unit("320507119").ID); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if after, _ := e.svc.UnreadCount(e.ctx, e.actor("weijian")); after != before {
			t.Errorf("unread %d → %d after a rolled-back event", before, after)
		}
		// Every active unit's people, when no unit is named (the annual guide).
		err = e.db.InTx(e.ctx, func(tx *store.Tx) error {
			return e.svc.NotifyUnits(e.ctx, tx, "sharing_received", "sharing", 1, "/sharing/1", []string{"a", "b", "c"})
		})
		if got := e.notified("sharing_received", "sharing", 1); err != nil || !slices.Contains(got, "jiaoyu") || !slices.Contains(got, "weijian") || slices.Contains(got, "office") {
			t.Errorf("every unit: %v, %v", got, err)
		}
	})
}

// TestInboxMail: with a relay configured, a notification of a person with an address is
// e-mailed after commit — not while the event's transaction is open; a 451 is retried a minute
// later, a 550 given up; a person without an address gets no e-mail.
func TestInboxMail(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		relay := mailtest.Start(t)
		e.svc = app.New(e.db, app.Options{KDF: testKDF, BaseURL: "https://archgov.example.gov.cn/",
			Mail: mail.Config{Addr: relay.Addr, From: "区信息办 <noreply@xc.example.gov.cn>", Timeout: 5 * time.Second}})
		weijian := e.user("weijian")
		err := e.svc.SetUserEmail(e.ctx, e.actor("weijian"), weijian.ID, "not an address")
		wantCode(t, err, domain.EInvalid, "email")
		err = e.svc.SetUserEmail(e.ctx, e.actor("jiaoyu"), weijian.ID, "chu@weijian.example.gov.cn")
		if domain.ErrorCode(err) != domain.ENotFound && domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("another unit's contact sets weijian's address: %v", err)
		}
		if err := e.svc.SetUserEmail(e.ctx, e.actor("weijian"), weijian.ID, "chu@weijian.example.gov.cn"); err != nil {
			t.Fatal(err)
		}
		if got, err := e.svc.UserEmail(e.ctx, e.actor("sysadmin"), weijian.ID); err != nil || got != "chu@weijian.example.gov.cn" {
			t.Fatalf("admin reads %q, %v", got, err)
		}
		unit := e.unit("320507119").ID

		// Nothing leaves while the event's transaction is open.
		err = e.db.InTx(e.ctx, func(tx *store.Tx) error {
			if err := e.svc.NotifyUnits(e.ctx, tx, "sharing_received", "sharing", 7, "/sharing/7", []string{"区教育局", "学籍信息", "2026-03-16"}, unit); err != nil {
				return err
			}
			if n, err := e.svc.SendMail(e.ctx); err != nil || n.Sent != 0 {
				t.Errorf("sent inside the transaction: %+v, %v", n, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.SendMail(e.ctx); err != nil || n != (app.MailSent{Sent: 1}) {
			t.Fatalf("after commit: %+v, %v (want one: weijian_head has no address)", n, err)
		}
		got := relay.Received()
		if len(got) != 1 || got[0].To != "<chu@weijian.example.gov.cn>" {
			t.Fatalf("relay got %+v", got)
		}
		_, subject, body, ok := got[0].Parts()
		if want := "区教育局 申请共享“学籍信息”，请在2026-03-16前答复"; !ok || subject != want || !strings.Contains(body, "https://archgov.example.gov.cn/sharing/7") {
			t.Errorf("subject %q body %q", subject, body)
		}
		if n, _ := e.svc.SendMail(e.ctx); n.Sent != 0 {
			t.Error("sent twice")
		}

		// A 451 is retried a minute later; a 550 is given up.
		relay.Refuse("451 mailbox busy")
		notifyOnce := func(id int64) *domain.OutMail {
			t.Helper()
			err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
				return e.svc.NotifyUnits(e.ctx, tx, "sharing_received", "sharing", id, "/sharing/x", []string{"a", "b", "c"}, unit)
			})
			if err != nil {
				t.Fatal(err)
			}
			n := e.notification("weijian", "sharing_received")
			ms, err := e.db.Read().OutMailOf(e.ctx, n.ID)
			if err != nil || len(ms) != 1 {
				t.Fatalf("outbox of %d: %v, %v", n.ID, ms, err)
			}
			return ms[0]
		}
		m := notifyOnce(8)
		if n, err := e.svc.SendMail(e.ctx); err != nil || n != (app.MailSent{Retried: 1}) {
			t.Fatalf("451: %+v, %v", n, err)
		}
		ms, _ := e.db.Read().OutMailOf(e.ctx, m.NotificationID)
		if r := ms[0]; r.Attempts != 1 || !r.NextAt.Equal(e.clock.Now().Add(time.Minute)) || !r.SentAt.IsZero() || !strings.Contains(r.LastError, "451") {
			t.Errorf("after a 451: %+v", r)
		}
		if n, _ := e.svc.SendMail(e.ctx); n != (app.MailSent{}) {
			t.Errorf("retried before its time: %+v", n)
		}
		relay.Refuse("550 no such user")
		e.clock.Advance(time.Minute)
		if n, err := e.svc.SendMail(e.ctx); err != nil || n != (app.MailSent{Failed: 1}) {
			t.Fatalf("550: %+v, %v", n, err)
		}
		ms, _ = e.db.Read().OutMailOf(e.ctx, m.NotificationID)
		if r := ms[0]; r.Attempts != 2 || r.FailedAt.IsZero() {
			t.Errorf("after a 550: %+v", r)
		}
		if n, _ := e.svc.SendMail(e.ctx); n != (app.MailSent{}) {
			t.Errorf("a given-up message was tried again: %+v", n)
		}
		if len(relay.Received()) != 1 {
			t.Errorf("relay got %d messages", len(relay.Received()))
		}
	})
}

// TestInboxMailReplicas: several replicas send the same outbox at once (PostgreSQL with more than
// one server); each message reaches the relay exactly once.
func TestInboxMailReplicas(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		relay := mailtest.Start(t)
		replica := func() *app.Service {
			return app.New(e.db, app.Options{KDF: testKDF, BaseURL: "https://archgov.example.gov.cn/",
				Mail: mail.Config{Addr: relay.Addr, From: "区信息办 <noreply@xc.example.gov.cn>", Timeout: 5 * time.Second}})
		}
		replicas := []*app.Service{replica(), replica(), replica()}
		weijian := e.user("weijian")
		if err := replicas[0].SetUserEmail(e.ctx, e.actor("weijian"), weijian.ID, "chu@weijian.example.gov.cn"); err != nil {
			t.Fatal(err)
		}
		unit := e.unit("320507119").ID
		const n = 12
		for i := range n {
			err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
				return replicas[0].NotifyUnits(e.ctx, tx, "sharing_received", "sharing", int64(100+i), "/sharing/x", []string{"a", "b", "c"}, unit)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		sent := make([]app.MailSent, len(replicas))
		var wg sync.WaitGroup
		for i, r := range replicas {
			wg.Go(func() {
				var err error
				if sent[i], err = r.SendMail(e.ctx); err != nil {
					t.Errorf("replica %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		total := 0
		for _, s := range sent {
			total += s.Sent
		}
		if got := len(relay.Received()); got != n || total != n {
			t.Errorf("the relay got %d messages, the replicas counted %v; want %d each once", got, sent, n)
		}
		for _, r := range replicas {
			if s, err := r.SendMail(e.ctx); err != nil || s != (app.MailSent{}) {
				t.Errorf("a second round sent %+v, %v", s, err)
			}
		}
	})
}
