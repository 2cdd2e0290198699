// Package gm holds the Chinese commercial cryptography (国密, GB/T 39786-2021) primitives archgov uses: SM3 hashing and a PBKDF2-HMAC-SM3 password KDF, SM4-GCM encryption of personal data at rest, plus RFC 6238 TOTP for the optional second factor.
package gm

import (
	"bytes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// SM3 returns the SM3 digest of data.
func SM3(data []byte) [32]byte { return sm3.Sum(data) }

// SM3Hex returns the lower-case hex SM3 digest of the concatenation of parts.
// Streaming the parts avoids building the concatenation just to hash it.
func SM3Hex(parts ...[]byte) string {
	h := sm3.New()
	for _, p := range parts {
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// KDFParams are the PBKDF2-HMAC-SM3 cost parameters. They are stored inside
// every encoded hash, so raising them later only affects new hashes and
// VerifyPassword can tell which stored hashes are due for an upgrade.
type KDFParams struct{ Iterations, SaltLen, KeyLen int }

// DefaultKDF is the cost for new password hashes.
//
// Iterations is sized for roughly 100 ms per hash on one modern core, the
// middle of the 50–150 ms band that keeps offline guessing expensive while a
// 2-core server still handles ~20 logins a second. Measured with
// BenchmarkHashPassword on an AMD EPYC (go1.26.8, gmsm v0.15.5 SM3 assembly; v0.44.1 timed the same as v0.15.5 side by side):
// 100k iterations ≈ 44 ms, 200k ≈ 91 ms per hash (91 ms/op).
var DefaultKDF = KDFParams{Iterations: 200_000, SaltLen: 16, KeyLen: 32}

const (
	kdfScheme = "pbkdf2-sm3"

	// Lower bounds keep a misconfigured KDFParams from producing hashes that
	// are trivially weak; 64-bit salts are the RFC 8018 §4.1 minimum and a
	// 128-bit key leaves no room for truncation-based forgery.
	minSaltLen = 8
	minKeyLen  = 16
	maxKeyLen  = 64

	// maxIterations bounds the CPU a corrupted or hostile stored hash can make
	// one login burn (~20 s at the measured speed).
	maxIterations = 50_000_000
)

// b64 is strict so every stored hash has exactly one accepted spelling;
// otherwise "different" encodings of the same bytes would verify.
var b64 = base64.RawStdEncoding.Strict()

func (p KDFParams) validate() error {
	switch {
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("gm: KDF iterations %d out of range [1, %d]", p.Iterations, maxIterations)
	case p.SaltLen < minSaltLen:
		return fmt.Errorf("gm: KDF salt length %d below minimum %d", p.SaltLen, minSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("gm: KDF key length %d out of range [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// HashPassword derives a PBKDF2-HMAC-SM3 hash of password with a fresh random
// salt and returns it in the self-describing form
// "pbkdf2-sm3$<iterations>$<salt>$<key>" (base64, standard alphabet, no padding).
func HashPassword(password string, p KDFParams) (string, error) {
	if err := p.validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails since Go 1.24: it crashes the program instead.
	key := pbkdf2SM3(password, salt, p.Iterations, p.KeyLen)
	return kdfScheme + "$" + strconv.Itoa(p.Iterations) + "$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(key), nil
}

// ErrMalformedHash is returned (wrapped) by VerifyPassword for stored strings
// that are not a valid "pbkdf2-sm3$..." encoding.
var ErrMalformedHash = errors.New("gm: malformed password hash")

// VerifyPassword reports whether password matches encoded (constant-time
// compare) and whether the stored parameters are weaker than want, so the
// caller can rehash after a successful login. rehash is only ever true when ok
// is true: a caller that rehashes on rehash alone can then never overwrite a
// stored hash with an attacker-supplied password. Malformed encoded strings
// return an error, never ok.
func VerifyPassword(password, encoded string, want KDFParams) (ok, rehash bool, err error) {
	iter, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := pbkdf2SM3(password, salt, iter, len(key))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	weaker := iter < want.Iterations || len(salt) < want.SaltLen || len(key) < want.KeyLen
	return true, weaker, nil
}

func parseHash(encoded string) (iter int, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 || parts[0] != kdfScheme {
		return 0, nil, nil, fmt.Errorf("%w: want %s$<iterations>$<salt>$<key>", ErrMalformedHash, kdfScheme)
	}
	// Atoi alone would accept "+100" and "0100"; demand the canonical form.
	iter, err = strconv.Atoi(parts[1])
	if err != nil || strconv.Itoa(iter) != parts[1] || iter < 1 || iter > maxIterations {
		return 0, nil, nil, fmt.Errorf("%w: bad iteration count", ErrMalformedHash)
	}
	salt, err = b64.DecodeString(parts[2])
	if err != nil || len(salt) < minSaltLen {
		return 0, nil, nil, fmt.Errorf("%w: bad salt", ErrMalformedHash)
	}
	key, err = b64.DecodeString(parts[3])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return 0, nil, nil, fmt.Errorf("%w: bad key", ErrMalformedHash)
	}
	return iter, salt, key, nil
}

// sealedPrefix versions the field format so a future cipher or layout change
// can be told apart from today's values in the same column.
const sealedPrefix = "sm4gcm1:"

const gcmNonceSize = 12

// Sealer encrypts and decrypts personal-data fields with SM4-GCM. It is safe
// for concurrent use.
type Sealer struct {
	aead cipher.AEAD
	key  []byte // the SM4 key, kept only to derive MAC keys from (Derive)
}

// ParseKey decodes a field-encryption key given as 32 hex characters (16
// bytes). Surrounding whitespace is ignored because keys usually arrive from
// environment variables or files with a trailing newline. The key itself never
// appears in an error.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) != 2*sm4.BlockSize {
		return nil, fmt.Errorf("gm: SM4 key must be %d hex characters (%d bytes), got %d characters", 2*sm4.BlockSize, sm4.BlockSize, len(s))
	}
	key, err := hex.DecodeString(s)
	if err != nil {
		return nil, errors.New("gm: SM4 key is not valid hex")
	}
	return key, nil
}

// NewSealer returns a Sealer for a 16-byte SM4 key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != sm4.BlockSize {
		return nil, fmt.Errorf("gm: SM4 key must be %d bytes, got %d", sm4.BlockSize, len(key))
	}
	block, err := sm4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead, key: bytes.Clone(key)}, nil
}

// Derive returns a MAC key for one purpose, derived from the SM4 key as HMAC-SM3(key, label).
// Different labels give independent keys, and a derived key reveals nothing about the SM4 key
// (nor the SM4 key's encryptions about it), so the one secret the operator keeps outside the
// database can also authenticate what the database says (e.g. the audit chain's tip).
func (s *Sealer) Derive(label string) *MACKey {
	m := hmac.New(sm3.New, s.key)
	m.Write([]byte("archgov derived key\x00"))
	m.Write([]byte(label))
	return &MACKey{k: m.Sum(nil)}
}

// MACKey computes HMAC-SM3 tags. It is safe for concurrent use.
type MACKey struct{ k []byte }

// Sum returns the lower-case hex HMAC-SM3 of parts, each prefixed by its length so that no
// two different lists of parts have the same input ("ab","c" and "a","bc" differ).
func (k *MACKey) Sum(parts ...[]byte) string {
	m := hmac.New(sm3.New, k.k)
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		m.Write(n[:])
		m.Write(p)
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Verify reports, in constant time, whether tag is Sum(parts...).
func (k *MACKey) Verify(tag string, parts ...[]byte) bool {
	return subtle.ConstantTimeCompare([]byte(tag), []byte(k.Sum(parts...))) == 1
}

// ErrOpen is returned by Open for anything that does not decrypt: tampering,
// wrong key, wrong aad, or a value that was never sealed. One error for all of
// them, because telling them apart helps an attacker more than an operator.
var ErrOpen = errors.New("gm: sealed value cannot be opened")

// Seal encrypts plaintext bound to aad (the value's place, e.g.
// "units.head_phone") and returns "sm4gcm1:" + base64(nonce || ciphertext || tag).
// The empty string seals to "" so optional fields stay visibly empty.
//
// Random 96-bit nonces are safe here: the collision bound (about 2^32
// messages per key) is far beyond the number of fields archgov will seal.
func (s *Sealer) Seal(plaintext, aad string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	buf := make([]byte, gcmNonceSize, gcmNonceSize+len(plaintext)+s.aead.Overhead())
	rand.Read(buf)
	buf = s.aead.Seal(buf, buf[:gcmNonceSize], []byte(plaintext), []byte(aad))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(buf), nil
}

// Open reverses Seal. "" opens to "". Any value that fails authentication
// under this key and aad yields ErrOpen.
func (s *Sealer) Open(sealed, aad string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	rest, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", ErrOpen
	}
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil || len(raw) < gcmNonceSize+s.aead.Overhead() {
		return "", ErrOpen
	}
	pt, err := s.aead.Open(nil, raw[:gcmNonceSize], raw[gcmNonceSize:], []byte(aad))
	if err != nil {
		return "", ErrOpen
	}
	return string(pt), nil
}

// RandomToken returns nbytes of crypto/rand output, base64 raw-URL encoded so
// it can go into URLs and cookies unescaped. It panics if nbytes < 1: an
// empty "random" token would be a silent security bug, better caught in tests.
func RandomToken(nbytes int) string {
	if nbytes < 1 {
		panic("gm: RandomToken needs nbytes >= 1")
	}
	b := make([]byte, nbytes)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// MaskPhone hides the middle of a phone number for display and logs.
//
//	"13812345678"   → "138****5678"   (mobile: first 3 and last 4 digits)
//	"0512-65251234" → "0512-****1234" (landline: area code and last 4 digits)
//	"12345"         → "***45"         (shorter than 7: all but last 2)
//
// Only digits are masked; separators stay so the shape remains recognisable.
// Anything else keeps its first 3 digits and last 4, but always hides at
// least 3 digits so a short number is never shown whole.
func MaskPhone(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	var digits []byte
	for _, c := range r {
		if c >= '0' && c <= '9' {
			digits = append(digits, byte(c))
		}
	}
	nd := len(digits)
	if len(r) < 7 || nd < 7 {
		return maskAllButLast(r, 2)
	}

	head := phoneHead(r, string(digits))
	// Short numbers would otherwise show almost every digit: if fewer than 3
	// would stay hidden, give up the head and hide 4 (all but the tail for a
	// 7-digit number).
	if nd-head-4 < 3 {
		head = max(0, nd-8)
	}
	out := make([]rune, len(r))
	i := 0
	for k, c := range r {
		out[k] = c
		if c >= '0' && c <= '9' {
			if i >= head && i < nd-4 {
				out[k] = '*'
			}
			i++
		}
	}
	return string(out)
}

// phoneHead returns how many leading digits of a phone number may be shown.
func phoneHead(r []rune, digits string) int {
	switch {
	case len(digits) == 11 && digits[0] == '1': // mainland mobile
		return 3
	case len(digits) == 13 && strings.HasPrefix(digits, "861"): // +86 mobile
		return 5
	}
	// Landline written with a separator: the first digit group is the area code.
	first := 0
	for _, c := range r {
		if c >= '0' && c <= '9' {
			first++
		} else if first > 0 {
			break
		}
	}
	if first < len(digits) && (first == 3 || first == 4) && digits[0] == '0' {
		return first
	}
	// Unseparated mainland landline: 010 and 02x are 3-digit area codes, the
	// rest are 4 digits.
	if digits[0] == '0' && len(digits) >= 10 && len(digits) <= 12 {
		if digits[1] == '1' || digits[1] == '2' {
			return 3
		}
		return 4
	}
	return 3
}

func maskAllButLast(r []rune, keep int) string {
	if len(r) <= keep {
		return string(r)
	}
	return strings.Repeat("*", len(r)-keep) + string(r[len(r)-keep:])
}

// yieldEvery is how many PBKDF2 iterations run between yields of the processor (~0.5 ms).
const yieldEvery = 1024

// pbkdf2SM3 is PBKDF2 (RFC 8018 §5.2) with HMAC-SM3. It is written out rather than taken from
// crypto/pbkdf2 for one reason: a ~90 ms hash would otherwise hold a core for whole scheduler
// time slices, and on a 2-core server every request queued behind it would wait. Yielding every
// yieldEvery iterations lets request goroutines run between chunks, so a login in progress does
// not slow the pages being served (docs/PERFORMANCE.md). The published GmSSL vectors in
// gm_test.go check it against an independent implementation.
func pbkdf2SM3(password string, salt []byte, iter, keyLen int) []byte {
	prf := hmac.New(sm3.New, []byte(password))
	hLen := prf.Size()
	out := make([]byte, 0, (keyLen+hLen-1)/hLen*hLen)
	u := make([]byte, hLen)
	t := make([]byte, hLen)
	var block [4]byte
	for i := uint32(1); len(out) < keyLen; i++ {
		binary.BigEndian.PutUint32(block[:], i)
		prf.Reset()
		prf.Write(salt)
		prf.Write(block[:])
		u = prf.Sum(u[:0])
		copy(t, u)
		for n := 2; n <= iter; n++ {
			if n%yieldEvery == 0 {
				runtime.Gosched()
			}
			prf.Reset()
			prf.Write(u)
			u = prf.Sum(u[:0])
			subtle.XORBytes(t, t, u)
		}
		out = append(out, t...)
	}
	return out[:keyLen]
}
