// Package i18n is archgov's message catalog. Every string a user sees, on a page or in an API
// error, is looked up here by key: zh-CN first (the users are Chinese civil servants), English
// second. A missing key shows itself as the key, and a test checks that every key used in code
// and templates exists in both languages.
//
// The messages are data files embedded in the program, one per area and language:
// messages/<lang>/<area>.txt (messages/zh-CN/rooms.txt, messages/en/rooms.txt), the same areas
// and the same keys in every language. A file is UTF-8 text, one message a line:
//
//	# Messages of the machine-room registry (ENV-P2, ENV-P3, ENV-R3).
//
//	rooms.new = 登记机房
//	rooms.overdue_notice = 该机房应于%s前关停，现已逾期：请制定关停计划并尽快完成关停。
//
// A line is blank, a comment (its first character other than a space is #), or key = text. A key
// is letters, digits and _ . -; the text is everything after the first =, without the spaces
// around it, and holds fmt verbs (%s, %d) for T's arguments. Four escapes write what a line cannot
// hold: \n a newline, \t a tab, \s a space (needed only at either end of a text, where plain
// spaces are dropped: "ui.list_sep = ,\s") and \\ a backslash. A line of another form, an unknown
// escape, a control character or a key defined twice in one language stops the program at
// start with the file and line, in every test.
package i18n

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zoneinfo database
)

// Lang is a supported language.
type Lang string

const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{ZH, EN}

// Parse picks a language from a cookie value or an Accept-Language header; zh-CN by default.
func Parse(s string) Lang {
	for _, part := range strings.Split(s, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return ZH
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return ZH
}

// Zone is the time zone dates are shown in.
var Zone = mustZone()

func mustZone() *time.Location {
	z, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return z
}

// T returns the message for key in lang with args filled in (fmt verbs in the message).
// Times among args are shown as date and time in lang.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalog[lang][key]
	if !ok {
		if m, ok = catalog[ZH][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return m
	}
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = DateTime(lang, v)
		case interface{ InLang(string) string }: // a text the domain keeps in both languages (a rule's message)
			args[i] = v.InLang(string(lang))
		case string:
			// An argument that is itself a message key (a status, an action) is shown in the
			// language too, so the domain can name things without knowing any language.
			if m, ok := catalog[lang][v]; ok {
				args[i] = m
			}
		}
	}
	return fmt.Sprintf(m, args...)
}

// Has reports whether key exists in lang.
func Has(lang Lang, key string) bool {
	_, ok := catalog[lang][key]
	return ok
}

// Keys lists every key of lang (for the completeness test).
func Keys(lang Lang) []string {
	out := make([]string, 0, len(catalog[lang]))
	for k := range catalog[lang] {
		out = append(out, k)
	}
	return out
}

// Date shows a date: 2026年11月26日 in Chinese, 26 Nov 2026 in English.
func Date(lang Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(Zone)
	if lang == EN {
		return t.Format("2 Jan 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// DateTime shows a date and time to the minute.
func DateTime(lang Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return Date(lang, t) + " " + t.In(Zone).Format("15:04")
}
