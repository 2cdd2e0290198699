package gm

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"strings"
	"time"
	"unicode"
)

// TOTP follows RFC 6238 with HMAC-SHA1, 6 digits and a 30 s step rather than
// an SM3 variant, because those are the only parameters every authenticator
// app (Google/Microsoft Authenticator, FreeOTP, 阿里云/腾讯身份宝 …) supports.
const (
	totpDigits = 6
	totpPeriod = 30
	totpMod    = 1_000_000 // 10^totpDigits
)

// b32 is the alphabet authenticator apps expect in otpauth URIs: RFC 4648
// base32 without padding.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a fresh 160-bit secret (the HMAC-SHA1 block-size
// recommendation of RFC 4226 §4) as unpadded upper-case base32.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	rand.Read(b)
	return b32.EncodeToString(b)
}

// normalizeSecret accepts secrets the way people copy them: lower case,
// grouped with spaces or dashes, with or without '=' padding.
func normalizeSecret(secret string) string {
	return strings.Map(func(r rune) rune {
		if r == '=' || r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, secret)
}

func decodeSecret(secret string) ([]byte, error) {
	key, err := b32.DecodeString(normalizeSecret(secret))
	if err != nil || len(key) == 0 {
		return nil, errors.New("gm: TOTP secret is not valid base32")
	}
	return key, nil
}

// totpStep is the RFC 6238 time step T = floor((unix - T0) / X) with T0 = 0.
func totpStep(t time.Time) int64 {
	u := t.Unix()
	s := u / totpPeriod
	if u%totpPeriod < 0 { // floor, not truncation, before the epoch
		s--
	}
	return s
}

// hotp is RFC 4226 §5.3: HMAC-SHA1 over the big-endian counter, dynamic
// truncation, then reduction to the digit count.
func hotp(key []byte, counter uint64) uint32 {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return bin % totpMod
}

func formatCode(v uint32) string {
	var b [totpDigits]byte
	for i := totpDigits - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:])
}

// TOTPCode returns the 6-digit code for secret at time t.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	step := totpStep(t)
	if step < 0 {
		return "", errors.New("gm: TOTP time before the Unix epoch")
	}
	return formatCode(hotp(key, uint64(step))), nil
}

// VerifyTOTP accepts codes from steps t-1, t, t+1 and returns the matched time
// step so the caller can refuse re-use of a step (replay). Leading/trailing
// spaces and inner spaces in code are ignored.
//
// The ±1 window absorbs phone clock drift and a code typed just as it rolls
// over. When a code matches more than one step (a 1-in-10^6 collision) the
// earliest is returned, so a replay check against the last used step errs
// towards refusing.
func VerifyTOTP(secret, code string, t time.Time) (ok bool, step int64) {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
	if len(code) != totpDigits {
		return false, 0
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false, 0
		}
	}
	key, err := decodeSecret(secret)
	if err != nil {
		return false, 0
	}
	now := totpStep(t)
	for s := now - 1; s <= now+1; s++ {
		if s < 0 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(formatCode(hotp(key, uint64(s)))), []byte(code)) == 1 {
			return true, s
		}
	}
	return false, 0
}

// TOTPURI returns the otpauth:// key URI (Google Authenticator "Key Uri
// Format") that enrolment QR codes carry:
//
//	otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
//
// Issuer and account are percent-encoded as UTF-8, so Chinese names survive.
// Spaces become %20, never '+', because several apps show a literal '+'; ':'
// is escaped inside each part because the label uses it as the separator.
func TOTPURI(issuer, account, secret string) string {
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(escapeUnreserved(issuer))
	b.WriteString(":")
	b.WriteString(escapeUnreserved(account))
	b.WriteString("?secret=")
	b.WriteString(escapeUnreserved(normalizeSecret(secret)))
	b.WriteString("&issuer=")
	b.WriteString(escapeUnreserved(issuer))
	b.WriteString("&algorithm=SHA1&digits=6&period=30")
	return b.String()
}

// escapeUnreserved percent-encodes everything outside the RFC 3986 unreserved
// set. That is stricter than url.PathEscape/QueryEscape (which leave ':' or
// turn spaces into '+'), and stricter is always valid while sidestepping each
// app's own parsing quirks.
func escapeUnreserved(s string) string {
	const hexdig = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdig[c>>4])
		b.WriteByte(hexdig[c&0x0f])
	}
	return b.String()
}
