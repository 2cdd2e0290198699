package domain

import (
	"testing"
	"time"
)

func TestNormalizeHost(t *testing.T) {
	for in, want := range map[string]string{
		"jyj.szxc.gov.cn":                        "jyj.szxc.gov.cn",
		"  JYJ.SZXC.GOV.CN  ":                    "jyj.szxc.gov.cn",
		"http://jyj.szxc.gov.cn":                 "jyj.szxc.gov.cn",
		"https://jyj.szxc.gov.cn/a/b.html?x=1#y": "jyj.szxc.gov.cn",
		"http://jyj.szxc.gov.cn:8080/":           "jyj.szxc.gov.cn",
		"jyj.szxc.gov.cn.":                       "jyj.szxc.gov.cn",
		"ｊｙｊ．ｓｚｘｃ．ｇｏｖ．ｃｎ":                        "jyj.szxc.gov.cn",
		"www.szxc.gov.cn/":                       "www.szxc.gov.cn",
		"xn--fiqs8s.xn--zfr164b":                 "xn--fiqs8s.xn--zfr164b",
	} {
		if got, ok := NormalizeHost(in); !ok || got != want {
			t.Errorf("NormalizeHost(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "localhost", "ftp://jyj.szxc.gov.cn", "http://user@jyj.szxc.gov.cn", "jyj szxc.gov.cn",
		"-jyj.szxc.gov.cn", "jyj.szxc.gov.c0m", "相城.政务", "http://", "jyj..szxc.gov.cn", "jyj.szxc.gov.cn:abc", "192.168.1.1"} {
		if got, ok := NormalizeHost(in); ok {
			t.Errorf("NormalizeHost(%q) = %q, accepted", in, got)
		}
	}
}

func TestWebsiteValidate(t *testing.T) {
	ok := func() Website {
		return Website{Name: "相城区教育局网站", Host: "jyj.szxc.gov.cn", UnitID: 1, Hosting: HostingCloud, Status: WebUnregistered}
	}
	for _, c := range []struct {
		name  string
		edit  func(*Website)
		field string
	}{
		{"fine", func(*Website) {}, ""},
		{"icp", func(w *Website) { w.ICP = "苏ICP备12345678号" }, ""},
		{"icp with site number", func(w *Website) { w.ICP = "苏ICP备12345678号-1" }, ""},
		{"icp full-width and spaced", func(w *Website) { w.ICP = " 苏ICP备 １２３４５６７８号－２ " }, ""},
		{"icp lower case", func(w *Website) { w.ICP = "苏icp备12345678号" }, ""},
		{"icp unknown province", func(w *Website) { w.ICP = "港ICP备12345678号" }, "icp"},
		{"icp no 号", func(w *Website) { w.ICP = "苏ICP备12345678" }, "icp"},
		{"icp public security filing", func(w *Website) { w.ICP = "苏公网安备32050702010001号" }, "icp"},
		{"site code", func(w *Website) { w.SiteCode = "3205070001" }, ""},
		{"site code lower case", func(w *Website) { w.SiteCode = "32050700ab" }, ""},
		{"site code 9", func(w *Website) { w.SiteCode = "320507000" }, "site_code"},
		{"site code 11", func(w *Website) { w.SiteCode = "32050700011" }, "site_code"},
		{"site code punctuation", func(w *Website) { w.SiteCode = "3205-07000" }, "site_code"},
		{"no name", func(w *Website) { w.Name = " " }, "name"},
		{"no host", func(w *Website) { w.Host = "" }, "host"},
		{"bad host", func(w *Website) { w.Host = "mailto:a@b.cn" }, "host"},
		{"no unit", func(w *Website) { w.UnitID = 0 }, "unit_id"},
		{"no hosting", func(w *Website) { w.Hosting = "" }, "hosting"},
		{"bad hosting", func(w *Website) { w.Hosting = "cloud" }, "hosting"},
		{"bad status", func(w *Website) { w.Status = "live" }, "status"},
		{"merge into itself", func(w *Website) { w.ID, w.MergeInto = 7, 7 }, "merge_into_id"},
	} {
		w := ok()
		c.edit(&w)
		err := w.Validate()
		if c.field == "" && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.field != "" {
			if e := AsError(err); err == nil || e.Code != EInvalid || e.Field != c.field {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
	}
}

var (
	webDeadline = time.Date(2019, 8, 22, 0, 0, 0, 0, time.UTC)
	webDayOn    = time.Date(2019, 8, 22, 0, 0, 0, 0, time.UTC)
	webDayAfter = time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC)
)

// TestWebSteps is the registration table (PTL-R3) as a matrix: every state × action × actor.
func TestWebSteps(t *testing.T) {
	unit, office := []SystemActor{ByUnit}, []SystemActor{ByOffice}
	type want struct {
		to   WebStatus
		code Code
	}
	legal := map[WebStatus]map[WebAction]WebStatus{
		WebUnregistered: {WebSubmit: WebSubmitted, WebIssueNotice: WebNoticed, WebClose: WebClosed, WebMerge: WebMerged},
		WebSubmitted:    {WebAccept: WebRegistered, WebReturn: WebUnregistered, WebMerge: WebMerged},
		WebRegistered:   {WebClose: WebClosed, WebMerge: WebMerged},
		WebNoticed:      {WebClose: WebClosed, WebMerge: WebMerged},
		WebClosed:       {},
		WebMerged:       {},
	}
	officeOnly := map[WebAction]bool{WebAccept: true, WebReturn: true, WebIssueNotice: true}
	for _, st := range WebStatuses {
		for _, act := range WebActions {
			for _, who := range [][]SystemActor{unit, office} {
				w := &Website{Status: st, MergeInto: 9}
				got, err := WebFlow.Next(w.Status, act, who, "通知", WebCheck{w, webDayAfter, webDeadline})
				to, ok := legal[st][act]
				var exp want
				switch {
				case !ok:
					exp = want{"", EConflict}
				case officeOnly[act] && who[0] == ByUnit:
					exp = want{"", EForbidden}
				default:
					exp = want{to, ""}
				}
				if got != exp.to || ErrorCode(err) != exp.code {
					t.Errorf("%s --%s by %v--> %q, %v; want %q, %q", st, act, who, got, err, exp.to, exp.code)
				}
			}
		}
	}
	// A shutdown notice only after the webDeadline day (PTL-R3).
	w := &Website{Status: WebUnregistered}
	if _, err := WebFlow.Next(w.Status, WebIssueNotice, []SystemActor{ByOffice}, "", WebCheck{w, webDayOn, webDeadline}); ErrorCode(err) != EUnprocessable {
		t.Errorf("notice on the webDeadline day: %v, want unprocessable", err)
	}
	// A notice needs its text.
	if _, err := WebFlow.Next(w.Status, WebIssueNotice, []SystemActor{ByOffice}, " ", WebCheck{w, webDayAfter, webDeadline}); ErrorCode(err) != EInvalid || AsError(err).Message != "err.website.notice_text" {
		t.Errorf("notice without its text: %v", err)
	}
	// A merge needs a target.
	if _, err := WebFlow.Next(w.Status, WebMerge, []SystemActor{ByUnit}, "", WebCheck{w, webDayAfter, webDeadline}); ErrorCode(err) != EInvalid {
		t.Errorf("merge without a target: %v", err)
	}
	if _, err := WebFlow.Next(w.Status, "explode", []SystemActor{ByOffice}, "", WebCheck{w, webDayAfter, webDeadline}); ErrorCode(err) != EInvalid {
		t.Errorf("unknown action: %v", err)
	}
	// Buttons: the unit sees submit, close and merge (the target is asked for).
	steps := WebFlow.Available(w.Status, []SystemActor{ByUnit}, WebCheck{w, webDayAfter, webDeadline})
	if len(steps) != 3 || steps[0] != WebSubmit || steps[1] != WebClose || steps[2] != WebMerge {
		t.Errorf("unit's steps: %v", steps)
	}
}

func TestMergeCycle(t *testing.T) {
	next := map[int64]int64{1: 2, 2: 3, 5: 5}
	f := func(id int64) int64 { return next[id] }
	if MergeCycle(4, 1, f) {
		t.Error("4 → 1 → 2 → 3 is no cycle")
	}
	if !MergeCycle(3, 1, f) {
		t.Error("3 → 1 → 2 → 3 is a cycle")
	}
	if !MergeCycle(1, 1, f) {
		t.Error("itself is a cycle")
	}
	if !MergeCycle(9, 5, f) {
		t.Error("a chain that loops elsewhere counts as a cycle")
	}
}

func TestMediaValidate(t *testing.T) {
	ok := func() MediaAccount {
		return MediaAccount{Kind: MediaWechatService, Name: "相城发布", AccountID: "gh_3a5c7e9b1d2f", UnitID: 1, Status: MediaUndecided}
	}
	for _, c := range []struct {
		name  string
		edit  func(*MediaAccount)
		field string
	}{
		{"fine", func(*MediaAccount) {}, ""},
		{"app package", func(m *MediaAccount) { m.Kind, m.AccountID = MediaApp, "cn.gov.szxc.app" }, ""},
		{"full-width id", func(m *MediaAccount) { m.AccountID = "ｇｈ_１２３" }, ""},
		{"no kind", func(m *MediaAccount) { m.Kind = "" }, "kind"},
		{"bad kind", func(m *MediaAccount) { m.Kind = "kuaishou" }, "kind"},
		{"chinese id", func(m *MediaAccount) { m.AccountID = "相城发布" }, "account_id"},
		{"one char id", func(m *MediaAccount) { m.AccountID = "a" }, "account_id"},
		{"no name", func(m *MediaAccount) { m.Name = "" }, "name"},
		{"topic too long", func(m *MediaAccount) { m.Topic = string(make([]rune, 51)) }, "topic"},
		{"undecided with decision", func(m *MediaAccount) { m.Decision = DecideKeep }, "decision"},
		{"decided without decision", func(m *MediaAccount) { m.Status = MediaDecided }, "decision"},
		{"bad decision", func(m *MediaAccount) { m.Status, m.Decision = MediaDecided, "archive" }, "decision"},
		{"merge without target", func(m *MediaAccount) { m.Status, m.Decision = MediaDecided, DecideMerge }, "merge_into_id"},
		{"keep with target", func(m *MediaAccount) { m.Status, m.Decision, m.MergeInto = MediaDecided, DecideKeep, 3 }, "merge_into_id"},
		{"merge into itself", func(m *MediaAccount) { m.ID, m.Status, m.Decision, m.MergeInto = 3, MediaDecided, DecideMerge, 3 }, "merge_into_id"},
	} {
		m := ok()
		c.edit(&m)
		err := m.Validate()
		if c.field == "" && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.field != "" {
			if e := AsError(err); err == nil || e.Code != EInvalid || e.Field != c.field {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
	}
	if !MediaWechatSubscription.CanMergeInto(MediaWechatService) || MediaDouyin.CanMergeInto(MediaWechatService) ||
		!MediaOther.CanMergeInto(MediaApp) || MediaApp.CanMergeInto(MediaMiniProgram) {
		t.Error("merge families wrong")
	}
}

// TestMediaSteps is the consolidation table (PTL-R4): the unit proposes, the office decides.
func TestMediaSteps(t *testing.T) {
	legal := map[MediaStatus]map[MediaAction]MediaStatus{
		MediaUndecided: {MediaPropose: MediaProposed, MediaDecide: MediaDecided},
		MediaProposed:  {MediaPropose: MediaProposed, MediaDecide: MediaDecided, MediaReject: MediaUndecided},
		MediaDecided:   {MediaReopen: MediaUndecided, MediaComplete: MediaDone},
		MediaDone:      {},
	}
	by := map[MediaAction][]SystemActor{MediaPropose: {ByUnit}, MediaDecide: {ByOffice}, MediaReject: {ByOffice}, MediaReopen: {ByOffice},
		MediaComplete: {ByUnit, ByOffice}}
	for _, st := range MediaStatuses {
		for _, act := range MediaActions {
			for _, who := range []SystemActor{ByUnit, ByOffice} {
				got, err := MediaFlow.Next(st, act, []SystemActor{who}, "", DecideKeep)
				to, ok := legal[st][act]
				allowed := false
				for _, x := range by[act] {
					allowed = allowed || x == who
				}
				switch {
				case !ok:
					if ErrorCode(err) != EConflict {
						t.Errorf("%s --%s by %v: %v, want conflict", st, act, who, err)
					}
				case !allowed:
					if ErrorCode(err) != EForbidden {
						t.Errorf("%s --%s by %v: %v, want forbidden", st, act, who, err)
					}
				case err != nil || got != to:
					t.Errorf("%s --%s by %v: %q %v, want %q", st, act, who, got, err, to)
				}
			}
		}
	}
}
