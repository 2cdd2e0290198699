package mail

import (
	"archgov/internal/mail/mailtest"
	"context"
	"encoding/base64"
	"errors"
	"mime"
	"strings"
	"testing"
	"time"
)

func TestSendDeliversAChineseNotification(t *testing.T) {
	r := mailtest.Start(t)
	c := Config{Addr: r.Addr, From: "区信息办 <noreply@xc.example.gov.cn>", Timeout: 5 * time.Second}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	m := Message{To: "weijian@xc.example.gov.cn", Subject: "待审批：区卫健委2027年度信息化项目计划",
		Body: "请登录平台审批。\n链接：http://127.0.0.1:8080/annual-plans/3"}
	if err := c.Send(context.Background(), m, "n-42"); err != nil {
		t.Fatal(err)
	}
	got := r.Received()
	if len(got) != 1 {
		t.Fatalf("relay received %d messages, want 1", len(got))
	}
	if got[0].From != "<noreply@xc.example.gov.cn>" || got[0].To != "<weijian@xc.example.gov.cn>" {
		t.Errorf("envelope %q → %q", got[0].From, got[0].To)
	}
	head, body, ok := strings.Cut(got[0].Data, "\n\n")
	if !ok {
		t.Fatalf("no header/body split in %q", got[0].Data)
	}
	var subject string
	for _, l := range strings.Split(head, "\n") {
		if v, ok := strings.CutPrefix(l, "Subject: "); ok {
			subject, _ = new(mime.WordDecoder).DecodeHeader(v)
		}
	}
	if subject != m.Subject {
		t.Errorf("subject %q, want %q", subject, m.Subject)
	}
	if !strings.Contains(head, "Message-ID: <n-42@xc.example.gov.cn>") {
		t.Errorf("no Message-ID in %q", head)
	}
	text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.ReplaceAll(m.Body, "\n", "\r\n"); string(text) != want {
		t.Errorf("body %q, want %q", text, want)
	}
}

func TestSendSaysWhetherToRetry(t *testing.T) {
	r := mailtest.Start(t)
	c := Config{Addr: r.Addr, From: "noreply@xc.example.gov.cn", Timeout: 5 * time.Second}
	ctx := context.Background()

	r.Refuse("550 no such user")
	err := c.Send(ctx, Message{To: "nobody@xc.example.gov.cn", Subject: "s", Body: "b"}, "1")
	if err == nil || !Permanent(err) {
		t.Errorf("550: err %v, permanent %v; want a permanent refusal", err, Permanent(err))
	}
	r.Refuse("451 mailbox busy")
	err = c.Send(ctx, Message{To: "busy@xc.example.gov.cn", Subject: "s", Body: "b"}, "2")
	if err == nil || Permanent(err) {
		t.Errorf("451: err %v, permanent %v; want a refusal to retry", err, Permanent(err))
	}
	err = c.Send(ctx, Message{To: "not an address", Subject: "s", Body: "b"}, "3")
	if !errors.Is(err, ErrBadAddress) || !Permanent(err) {
		t.Errorf("bad address: %v", err)
	}
	if n := len(r.Received()); n != 0 {
		t.Errorf("%d messages delivered despite the refusals", n)
	}

	// A relay that is down: the connection is refused, and that is worth retrying.
	addr := r.Addr
	r.Close()
	err = Config{Addr: addr, From: c.From, Timeout: time.Second}.Send(ctx, Message{To: "a@b.cn", Subject: "s", Body: "b"}, "4")
	if err == nil || Permanent(err) {
		t.Errorf("relay down: err %v, permanent %v", err, Permanent(err))
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []Config{
		{Addr: "smtp.example.gov.cn", From: "a@b.cn"}, // no port
		{Addr: "smtp.example.gov.cn:25", From: "not an address"},
	} {
		if c.Validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if (Config{}).Validate() != nil || (Config{}).Enabled() {
		t.Error("an empty configuration must mean e-mail off, without error")
	}
}

func TestBackoffDoublesToSixHours(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := Backoff(50); got != 6*time.Hour {
		t.Errorf("Backoff(50) = %v", got)
	}

}
