package gm

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rfcSecret is the RFC 6238 Appendix B SHA-1 seed, ASCII "12345678901234567890".
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

// RFC 6238 Appendix B, SHA-1 rows. The RFC lists 8-digit codes; authenticator
// apps use 6 digits, which (same HMAC, same truncation, mod 10^6 instead of
// 10^8) are the last six digits of those.
var rfc6238SHA1 = []struct {
	unix  int64
	code8 string
}{
	{59, "94287082"},
	{1111111109, "07081804"},
	{1111111111, "14050471"},
	{1234567890, "89005924"},
	{2000000000, "69279037"},
	{20000000000, "65353130"},
}

func TestTOTPRFC6238(t *testing.T) {
	for _, tc := range rfc6238SHA1 {
		t.Run(fmt.Sprint(tc.unix), func(t *testing.T) {
			// Re-derive the RFC's 8-digit value independently of the package,
			// so the test's own "last six digits" reasoning is checked too.
			var msg [8]byte
			binary.BigEndian.PutUint64(msg[:], uint64(tc.unix/30))
			m := hmac.New(sha1.New, []byte("12345678901234567890"))
			m.Write(msg[:])
			sum := m.Sum(nil)
			off := sum[19] & 0x0f
			v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
			if got := fmt.Sprintf("%08d", v%100_000_000); got != tc.code8 {
				t.Fatalf("independent 8-digit TOTP = %s, RFC says %s", got, tc.code8)
			}

			want := tc.code8[2:]
			got, err := TOTPCode(rfcSecret, time.Unix(tc.unix, 0))
			if err != nil || got != want {
				t.Fatalf("TOTPCode = %q, %v; want %s", got, err, want)
			}
			ok, step := VerifyTOTP(rfcSecret, want, time.Unix(tc.unix, 0))
			if !ok || step != tc.unix/30 {
				t.Errorf("VerifyTOTP(own code) = %v, %d; want true, %d", ok, step, tc.unix/30)
			}
		})
	}
}

// RFC 4226 Appendix D HOTP values for the same seed: TOTP at t = 30·c is HOTP(c).
func TestTOTPMatchesRFC4226(t *testing.T) {
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for c, w := range want {
		got, err := TOTPCode(rfcSecret, time.Unix(int64(c)*30, 0))
		if err != nil || got != w {
			t.Errorf("counter %d: TOTPCode = %q, %v; want %s", c, got, err, w)
		}
	}
}

func TestVerifyTOTPWindow(t *testing.T) {
	now := time.Unix(1111111111, 0)
	cur := now.Unix() / 30
	codeAt := func(step int64) string {
		c, err := TOTPCode(rfcSecret, time.Unix(step*30, 0))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name   string
		offset int64
		ok     bool
	}{
		{"t-2", -2, false},
		{"t-1", -1, true},
		{"t", 0, true},
		{"t+1", 1, true},
		{"t+2", 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, step := VerifyTOTP(rfcSecret, codeAt(cur+tc.offset), now)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && step != cur+tc.offset {
				t.Errorf("step = %d, want %d", step, cur+tc.offset)
			}
			if !ok && step != 0 {
				t.Errorf("refused code returned step %d", step)
			}
		})
	}
	// The step boundary moves the window: 1 s later the t-1 code is t-2.
	if ok, _ := VerifyTOTP(rfcSecret, codeAt(cur-1), time.Unix((cur+1)*30, 0)); ok {
		t.Error("code two steps old accepted after rollover")
	}
}

func TestVerifyTOTPInput(t *testing.T) {
	now := time.Unix(1111111111, 0) // code 050471, step 37037037
	tests := []struct {
		name, secret, code string
		ok                 bool
	}{
		{"plain", rfcSecret, "050471", true},
		{"outer spaces", rfcSecret, "  050471 ", true},
		{"inner space", rfcSecret, "050 471", true},
		{"tabs and newline", rfcSecret, "\t05 04 71\n", true},
		{"full-width space", rfcSecret, "050\u3000471", true},
		{"lower-case grouped secret", strings.ToLower("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"), "050471", true},
		{"padded secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====", "050471", true},
		{"wrong code", rfcSecret, "050472", false},
		{"8-digit RFC code", rfcSecret, "14050471", false},
		{"5 digits", rfcSecret, "50471", false},
		{"7 digits", rfcSecret, "0504710", false},
		{"letters", rfcSecret, "05047a", false},
		{"full-width digits", rfcSecret, "０５０４７１", false},
		{"dash", rfcSecret, "050-471", false},
		{"empty", rfcSecret, "", false},
		{"bad secret", "not base32!", "050471", false},
		{"empty secret", "", "050471", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, step := VerifyTOTP(tc.secret, tc.code, now)
			if ok != tc.ok {
				t.Fatalf("VerifyTOTP(%q, %q) = %v, want %v", tc.secret, tc.code, ok, tc.ok)
			}
			if ok && step != 37037037 {
				t.Errorf("step = %d, want 37037037", step)
			}
		})
	}
}

func TestTOTPCodeErrors(t *testing.T) {
	for _, secret := range []string{"", "!!!!", "A"} {
		if c, err := TOTPCode(secret, time.Unix(59, 0)); err == nil {
			t.Errorf("TOTPCode(%q) = %q, want error", secret, c)
		}
	}
	if c, err := TOTPCode(rfcSecret, time.Unix(-1, 0)); err == nil {
		t.Errorf("TOTPCode before epoch = %q, want error", c)
	}
	// Near the epoch the window must not wrap to a huge step.
	if ok, step := VerifyTOTP(rfcSecret, "755224", time.Unix(5, 0)); !ok || step != 0 {
		t.Errorf("VerifyTOTP at epoch = %v, %d; want true, 0", ok, step)
	}
}

func TestNewTOTPSecret(t *testing.T) {
	a, b := NewTOTPSecret(), NewTOTPSecret()
	if a == b {
		t.Fatal("two secrets are equal")
	}
	for _, s := range []string{a, b} {
		if len(s) != 32 || strings.ToUpper(s) != s || strings.Contains(s, "=") {
			t.Errorf("secret %q: want 32 upper-case base32 chars without padding", s)
		}
		key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
		if err != nil || len(key) != 20 {
			t.Errorf("secret %q decodes to %d bytes, %v; want 20", s, len(key), err)
		}
		if _, err := TOTPCode(s, time.Now()); err != nil {
			t.Errorf("fresh secret unusable: %v", err)
		}
	}
}

func TestTOTPURI(t *testing.T) {
	got := TOTPURI("Archgov", "alice", "JBSWY3DPEHPK3PXP")
	const want = "otpauth://totp/Archgov:alice?secret=JBSWY3DPEHPK3PXP&issuer=Archgov&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("TOTPURI = %q\nwant      %q", got, want)
	}

	tests := []struct{ issuer, account string }{
		{"苏州市档案馆", "张三"},
		{"Archive Office", "alice@example.com"},
		{"A:B & C+D", "x/y?z=1#frag"},
		{"100% 档案", "a b"},
	}
	for _, tc := range tests {
		t.Run(tc.issuer, func(t *testing.T) {
			raw := TOTPURI(tc.issuer, tc.account, "jbsw y3dp ehpk 3pxp")
			for _, r := range raw {
				if r > 0x7e || r <= ' ' {
					t.Fatalf("URI has unescaped %q: %s", r, raw)
				}
			}
			if strings.Contains(raw, "+") {
				t.Errorf("URI uses '+' (apps may show it literally): %s", raw)
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme != "otpauth" || u.Host != "totp" {
				t.Errorf("scheme/host = %s/%s", u.Scheme, u.Host)
			}
			label := strings.TrimPrefix(u.Path, "/")
			// The label separator is the only unescaped ':' in the raw path.
			rawLabel := strings.TrimPrefix(u.EscapedPath(), "/")
			if strings.Count(rawLabel, ":") != 1 {
				t.Errorf("raw label %q: want exactly one ':' separator", rawLabel)
			}
			if label != tc.issuer+":"+tc.account {
				t.Errorf("label = %q, want %q", label, tc.issuer+":"+tc.account)
			}
			q := u.Query()
			for k, v := range map[string]string{
				"secret": "JBSWY3DPEHPK3PXP", "issuer": tc.issuer,
				"algorithm": "SHA1", "digits": "6", "period": "30",
			} {
				if q.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, q.Get(k), v)
				}
			}
		})
	}
}
