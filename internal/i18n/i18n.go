// Package i18n is archgov's message catalog. Every string a user sees, on a page or in an API
// error, is looked up here by key: zh-CN first (the users are Chinese civil servants), English
// second. A missing key shows itself as the key, and a test checks that every key used in code
// and templates exists in both languages.
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

var catalog = map[Lang]map[string]string{ZH: zh, EN: en}

// add merges a feature's messages into the catalogs; each feature keeps its messages in a file
// of its own (zh_rooms.go ...) and calls add from init. A key defined twice is a programming
// error and stops the program at start, in every test.
func add(zhMsgs, enMsgs map[string]string) {
	for lang, m := range map[Lang]map[string]string{ZH: zhMsgs, EN: enMsgs} {
		for k, v := range m {
			if _, dup := catalog[lang][k]; dup {
				panic("i18n: message key defined twice: " + k)
			}
			catalog[lang][k] = v
		}
	}
}
