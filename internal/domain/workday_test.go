package domain_test

import (
	"errors"
	"testing"
	"time"

	"archgov/internal/domain"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func fieldOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

func TestWorkingDays(t *testing.T) {
	g := domain.DefaultGovernance()
	for _, c := range []struct {
		day  string
		want bool
	}{
		{"2026-11-26", true},  // Thursday
		{"2026-11-28", false}, // Saturday
		{"2026-10-01", false}, // 国庆节, a Thursday
		{"2026-10-10", true},  // Saturday declared a working day
		{"2026-02-16", false}, // 春节
		{"2026-02-14", true},  // Saturday before 春节, declared a working day
	} {
		if got := g.IsWorkday(date(c.day)); got != c.want {
			t.Errorf("IsWorkday(%s) = %v", c.day, got)
		}
	}
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-26", 1, "2026-11-27"},
		{"2026-11-26", 2, "2026-11-30"},  // over the weekend
		{"2026-11-26", 10, "2026-12-10"}, // 国发〔2016〕51号: ten working days
		{"2026-09-28", 4, "2026-10-09"},  // over 国庆节 (Oct 1–7 off), Oct 8 and Oct 9 work
		{"2026-09-30", 2, "2026-10-09"},
		{"2026-09-30", 3, "2026-10-10"}, // the Saturday that is a working day
		{"2026-12-31", 1, "2027-01-01"}, // 2027 not yet entered: Friday counts
	} {
		if got := g.AddWorkdays(date(c.from), c.n); !got.Equal(date(c.want)) {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", c.from, c.n, got.Format("2006-01-02"), c.want)
		}
		if got := g.WorkdaysBetween(date(c.from), date(c.want)); got != c.n {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", c.from, c.want, got, c.n)
		}
	}
	// The day a thing is received does not count, and a time of day is ignored.
	if got := g.WorkdaysBetween(time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC), date("2026-11-26")); got != 0 {
		t.Errorf("same day = %d", got)
	}
	// The office's own calendar: a holiday on a Friday moves the deadline.
	g.Holidays = append(g.Holidays, date("2026-11-27"))
	if got := g.AddWorkdays(date("2026-11-26"), 1); !got.Equal(date("2026-11-30")) {
		t.Errorf("with an extra holiday: %s", got.Format("2006-01-02"))
	}
}

func TestGovernanceCalendarValidation(t *testing.T) {
	g := domain.DefaultGovernance()
	g.Workdays = append(g.Workdays, date("2026-10-01"))
	if err := g.Validate(); fieldOf(err) != "workdays" {
		t.Errorf("a day both holiday and working day: %v", err)
	}
	// The same calendar day written in two zones is still one day.
	g = domain.DefaultGovernance()
	g.Holidays = []time.Time{time.Date(2026, 10, 8, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	g.Workdays = []time.Time{date("2026-10-08")}
	if err := g.Validate(); fieldOf(err) != "workdays" {
		t.Errorf("one day in two zones as both: %v", err)
	}
	g = domain.DefaultGovernance()
	g.SharingReplyDays = 0
	if err := g.Validate(); fieldOf(err) != "sharing_reply_days" {
		t.Errorf("zero reply days: %v", err)
	}
	g = domain.DefaultGovernance()
	g.FeedbackReplyDays = 61
	if err := g.Validate(); fieldOf(err) != "feedback_reply_days" {
		t.Errorf("61 reply days: %v", err)
	}
	// Duplicates and unsorted input are tidied, not refused.
	g = domain.DefaultGovernance()
	g.Holidays = []time.Time{date("2027-01-01"), date("2026-12-25"), date("2027-01-01")}
	if err := g.Validate(); err != nil || len(g.Holidays) != 2 || !g.Holidays[0].Equal(date("2026-12-25")) {
		t.Errorf("tidy: %v %v", err, g.Holidays)
	}
}

// From December on, the office is reminded to enter next year's holidays until one is entered.
func TestCalendarMissing(t *testing.T) {
	g := domain.DefaultGovernance()
	if y, ok := g.CalendarMissing(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)); ok {
		t.Errorf("30 November: missing %d, want nothing yet", y)
	}
	if y, ok := g.CalendarMissing(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); !ok || y != 2027 {
		t.Errorf("1 December without 2027 holidays = %d, %v; want 2027, true", y, ok)
	}
	g.Holidays = append(g.Holidays, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if y, ok := g.CalendarMissing(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)); ok {
		t.Errorf("with 2027-01-01 entered: missing %d, want nothing", y)
	}
}
