// Package mailtest is a minimal SMTP relay for tests: it speaks enough of RFC 5321 for
// net/smtp's client, keeps what it receives, and can refuse recipients with a code.
package mailtest

import (
	"encoding/base64"
	"mime"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Relay is a running test relay; Addr is its host:port.
type Relay struct {
	Addr   string
	ln     net.Listener
	mu     sync.Mutex
	got    []Received
	refuse string
}

// Received is one message the relay accepted: the envelope and the raw data.
type Received struct {
	From, To string
	Data     string
}

// Start runs a relay until the test ends.
func Start(t testing.TB) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{Addr: ln.Addr().String(), ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c)
		}
	}()
	return r
}

// Close stops accepting connections (a relay that is down).
func (r *Relay) Close() { r.ln.Close() }

func (r *Relay) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 relay ready")
	var cur Received
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			tp.PrintfLine("250 relay")
		case "MAIL":
			cur = Received{From: strings.TrimPrefix(line, "MAIL FROM:")}
			tp.PrintfLine("250 ok")
		case "RCPT":
			r.mu.Lock()
			refuse := r.refuse
			r.mu.Unlock()
			if refuse != "" {
				tp.PrintfLine("%s", refuse)
				continue
			}
			cur.To = strings.TrimPrefix(line, "RCPT TO:")
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			r.mu.Lock()
			r.got = append(r.got, cur)
			r.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			// RFC 5321 §4.2.4: a command this relay does not take (the client then falls back, as from
			// EHLO to HELO, or fails the send, which the tests would see).
			tp.PrintfLine("502 5.5.1 Unrecognized command")
		}
	}
}

// Refuse makes the relay answer every recipient with answer ("550 no such user", "451 try
// later"); "" accepts again.
func (r *Relay) Refuse(answer string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refuse = answer
}

// Received lists the messages accepted so far.
func (r *Relay) Received() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.got...)
}

// Parts splits a received message into its header, its decoded Subject and its decoded
// base64 body (the layout mail.Format writes).
func (m Received) Parts() (head, subject, body string, ok bool) {
	head, b64, ok := strings.Cut(m.Data, "\n\n")
	if !ok {
		return "", "", "", false
	}
	for _, l := range strings.Split(head, "\n") {
		if v, found := strings.CutPrefix(l, "Subject: "); found {
			subject, _ = new(mime.WordDecoder).DecodeHeader(v)
		}
	}
	text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(b64, "\n", ""))
	return head, subject, string(text), err == nil
}
