package domain

import (
	_ "embed"
	"strings"
	"unicode"
)

//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is the embedded list as a set, built once at start-up (read-only after).
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for line := range strings.SplitSeq(commonPasswordList, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// leet undoes the substitutions people make to dress up a common word ("P@ssw0rd").
var leet = strings.NewReplacer("@", "a", "4", "a", "0", "o", "1", "i", "!", "i", "3", "e", "$", "s", "5", "s", "7", "t")

// CommonPassword reports whether password is on the list of common passwords, compared without
// regard to case or spaces, as it is, with common letter substitutions undone, and with the
// digits and symbols people add at either end cut off ("Admin@12345" is "admin", "Summer2026!"
// is "summer"). A cut-off word must keep at least four letters, so that a strong password that
// merely ends in a short word is not refused.
func CommonPassword(password string) bool {
	p := strings.ToLower(strings.Join(strings.Fields(password), ""))
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	cut := strings.TrimFunc(p, notLetter)
	for _, c := range []string{p, leet.Replace(p)} {
		if commonPasswords[c] {
			return true
		}
	}
	if len([]rune(cut)) >= 4 && cut != p {
		for _, c := range []string{cut, leet.Replace(cut)} {
			if commonPasswords[c] {
				return true
			}
		}
	}
	return false
}
