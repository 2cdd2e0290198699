package main

import (
	"strings"
	"testing"

	"archgov/internal/mail/mailtest"
)

// TestMailSend: `archgov mail send` refuses to run without a relay or with a bad sender, and
// delivers the outbox's due messages once.
func TestMailSend(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		if code, _, errs := c.run("", "mail", "send"); code != 2 || !strings.Contains(errs, "no SMTP relay") {
			t.Fatalf("without a relay: exit %d, %q", code, errs)
		}
		relay := mailtest.Start(t)
		if code, _, errs := c.run("", "mail", "send", "--smtp-addr", relay.Addr, "--smtp-from", "not an address"); code != 2 || !strings.Contains(errs, "sender") {
			t.Fatalf("bad sender: exit %d, %q", code, errs)
		}
		_, err := c.sql().Exec(`INSERT INTO mail_outbox (notification_id, to_addr, subject, body, next_at, created_at)
			SELECT id, 'chu@weijian.example.gov.cn', '共享申请已逾期督办', '请登录平台查看。', 0, 0 FROM notifications ORDER BY id LIMIT 1`)
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"mail", "send", "--smtp-addr", relay.Addr, "--smtp-from", "区信息办 <noreply@xc.example.gov.cn>"}
		if out := c.ok("", args...); out != "sent 1 e-mail, 0 to retry later, 0 given up\n" {
			t.Fatalf("first run: %q", out)
		}
		if out := c.ok("", args...); out != "sent 0 e-mail, 0 to retry later, 0 given up\n" {
			t.Fatalf("second run: %q", out)
		}
		if got := relay.Received(); len(got) != 1 || got[0].To != "<chu@weijian.example.gov.cn>" {
			t.Fatalf("relay got %+v", got)
		}
	})
}
