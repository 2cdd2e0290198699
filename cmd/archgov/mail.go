package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/mail"
)

// MailSettings are the inbox's e-mail (ORG-4): the SMTP relay and the platform's address for
// the links in the messages. E-mail is off without --smtp-addr.
type MailSettings struct {
	SMTP         mail.Config
	PasswordFile string
	BaseURL      string
}

// mailFlags adds the e-mail settings (serve and `mail send`).
func mailFlags(fs *flag.FlagSet, m *MailSettings) {
	fs.StringVar(&m.SMTP.Addr, "smtp-addr", env("ARCHGOV_SMTP_ADDR", ""), "SMTP relay host:port for e-mailing notifications; empty: inbox only (ARCHGOV_SMTP_ADDR)")
	fs.StringVar(&m.SMTP.From, "smtp-from", env("ARCHGOV_SMTP_FROM", ""), "sender address of the e-mail, e.g. \"区信息办 <noreply@example.gov.cn>\" (ARCHGOV_SMTP_FROM)")
	fs.StringVar(&m.SMTP.Username, "smtp-user", env("ARCHGOV_SMTP_USER", ""), "user name for the relay's PLAIN authentication (ARCHGOV_SMTP_USER)")
	fs.StringVar(&m.PasswordFile, "smtp-password-file", env("ARCHGOV_SMTP_PASSWORD_FILE", ""), "file holding the relay password (ARCHGOV_SMTP_PASSWORD_FILE; or the password itself in ARCHGOV_SMTP_PASSWORD)")
	fs.BoolVar(&m.SMTP.StartTLS, "smtp-starttls", envBool("ARCHGOV_SMTP_STARTTLS"), "require STARTTLS before authenticating and sending (ARCHGOV_SMTP_STARTTLS)")
	fs.StringVar(&m.BaseURL, "base-url", env("ARCHGOV_BASE_URL", ""), "the platform's address as users reach it, e.g. https://archgov.example.gov.cn, for the links in e-mail (ARCHGOV_BASE_URL)")
}

// check reads the password and validates the settings at start, so a typo fails the start
// and not every message.
func (m *MailSettings) check(cmd string) error {
	if !m.SMTP.Enabled() {
		return nil
	}
	m.SMTP.Password = os.Getenv("ARCHGOV_SMTP_PASSWORD")
	if m.PasswordFile != "" {
		b, err := os.ReadFile(m.PasswordFile)
		if err != nil {
			return usageError{fmt.Sprintf("%s: --smtp-password-file: %v", cmd, err)}
		}
		m.SMTP.Password = strings.TrimSpace(string(b))
	}
	if err := m.SMTP.Validate(); err != nil {
		return usageError{fmt.Sprintf("%s: %v", cmd, err)}
	}
	if m.BaseURL != "" {
		if u, err := url.Parse(m.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{fmt.Sprintf("%s: --base-url %q must be an http(s) address", cmd, m.BaseURL)}
		}
	}
	return nil
}

// cmdMail sends the outbox's due e-mail once (serve does it every minute): for a cron job, or
// to flush the queue after the relay was down.
func cmdMail(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "send" {
		return usageError{"usage: archgov mail send"}
	}
	var c Config
	fs := flags("mail send", &c)
	mailFlags(fs, &c.Mail)
	if err := parse(fs, args[1:], stderr); err != nil {
		return err
	}
	if err := c.Mail.check("mail send"); err != nil {
		return err
	}
	if !c.Mail.SMTP.Enabled() {
		return usageError{"mail send: no SMTP relay configured (--smtp-addr or ARCHGOV_SMTP_ADDR)"}
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := svc.SendMail(ctx)
	fmt.Fprintf(stdout, "sent %d e-mail, %d to retry later, %d given up\n", n.Sent, n.Retried, n.Failed)
	return err
}

// mailEvery sends the due e-mail every minute while serving, when e-mail is configured.
func mailEvery(ctx context.Context, svc *app.Service) {
	if svc.MailEnabled() {
		svc.MailEvery(ctx, time.Minute)
	}
}
