// Package mail sends the inbox's notifications as e-mail through an SMTP relay, when one is
// configured (ORG-4: an event meant for a person reaches them). It only formats and delivers
// one message; the outbox that queues messages in the transaction of the event, sends them
// after commit and retries them lives with the notifications in internal/app.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// Config is an SMTP relay. An empty Addr means e-mail is off.
type Config struct {
	Addr     string // host:port of the relay
	From     string // the sender address, e.g. "区信息办 <noreply@example.gov.cn>"
	Username string // PLAIN authentication when set (only over TLS, or to localhost)
	Password string
	StartTLS bool          // require STARTTLS before authenticating and sending
	Timeout  time.Duration // for the whole exchange; 0 means 30 s
}

// Enabled says whether e-mail is configured.
func (c Config) Enabled() bool { return c.Addr != "" }

// Validate checks the configuration at start, so that a typo fails the start and not every send.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("smtp address %q: %w", c.Addr, err)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("smtp sender %q: %w", c.From, err)
	}
	return nil
}

// A Message is one notification to one person.
type Message struct {
	To      string // an address, e.g. "zhang@weijian.example.gov.cn"
	Subject string
	Body    string // plain text, UTF-8
}

// ErrBadAddress is returned for a recipient that is no e-mail address: retrying cannot help.
var ErrBadAddress = errors.New("mail: recipient is not an e-mail address")

// Format renders m as an RFC 5322 message: UTF-8 subject as an encoded word, base64 body,
// a Message-ID and a Date, lines ending in CRLF.
func Format(from string, m Message, now time.Time, id string) ([]byte, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, ErrBadAddress
	}
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender: %w", err)
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", sender.String())
	header("To", to.String())
	header("Subject", mime.BEncoding.Encode("UTF-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+id+"@"+domainOf(sender.Address)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="UTF-8"`)
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes(), nil
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "archgov"
}

// Send delivers one message through the relay. The error says whether trying again later may
// help: ErrBadAddress and a permanent SMTP refusal (5xx) do not.
func (c Config) Send(ctx context.Context, m Message, id string) error {
	msg, err := Format(c.From, m, time.Now(), id)
	if err != nil {
		return err
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(c.Addr)
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer cl.Close()
	if c.StartTLS {
		if err := cl.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, host)); err != nil {
			return err
		}
	}
	from, _ := mail.ParseAddress(c.From)
	to, _ := mail.ParseAddress(m.To)
	if err := cl.Mail(from.Address); err != nil {
		return err
	}
	if err := cl.Rcpt(to.Address); err != nil {
		return err
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// Permanent says whether err is a refusal that retrying will not change: a bad address or an
// SMTP 5xx answer (a 4xx answer, a refused connection or a timeout may pass).
func Permanent(err error) bool {
	if errors.Is(err, ErrBadAddress) {
		return true
	}
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500
}

// Backoff is how long the outbox waits before attempt n (1, 2, …) of a message: one minute,
// doubling, at most six hours.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}
