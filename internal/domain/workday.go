package domain

import (
	"slices"
	"time"
)

// Working days (国发〔2016〕51号): a provider answers a conditional-sharing request and a
// data-correction report within a number of working days. A working day is Monday to Friday,
// except the public holidays the State Council announces each year, plus the weekend days it
// declares working days (调休上班). The office keeps both lists in the governance settings.

// Day is the calendar date of t in the zone it carries, as midnight UTC: the form the domain
// keeps dates in.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// IsWorkday reports whether the date d (midnight UTC) is a working day.
func (g Governance) IsWorkday(d time.Time) bool {
	d = Day(d)
	if slices.ContainsFunc(g.Workdays, d.Equal) {
		return true
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !slices.ContainsFunc(g.Holidays, d.Equal)
}

// AddWorkdays gives the date n working days after the date of from: the deadline of something
// received on that date and due within n working days. The day of receipt does not count.
func (g Governance) AddWorkdays(from time.Time, n int) time.Time {
	d := Day(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if g.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts the working days after the date of from up to and including the date
// of to: 0 when answered the day it came, 1 the next working day. Negative spans count 0.
func (g Governance) WorkdaysBetween(from, to time.Time) int {
	n := 0
	for d, end := Day(from).AddDate(0, 0, 1), Day(to); !d.After(end); d = d.AddDate(0, 0, 1) {
		if g.IsWorkday(d) {
			n++
		}
	}
	return n
}

// days builds a list of dates for the default calendar.
func days(year int, md ...[2]int) []time.Time {
	out := make([]time.Time, 0, len(md))
	for _, x := range md {
		out = append(out, time.Date(year, time.Month(x[0]), x[1], 0, 0, 0, 0, time.UTC))
	}
	return out
}

// span lists the dates from month/day a to month/day b of a year, both included.
func span(year int, m1, d1, m2, d2 int) [][2]int {
	var out [][2]int
	for d := time.Date(year, time.Month(m1), d1, 0, 0, 0, 0, time.UTC); !d.After(time.Date(year, time.Month(m2), d2, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		out = append(out, [2]int{int(d.Month()), d.Day()})
	}
	return out
}

// The 2026 public holidays and adjusted working days announced by the General Office of the
// State Council (国办发明电〔2025〕号 notice on the 2026 holiday arrangement). The office adds
// each new year's notice in the governance settings.
var (
	holidays2026 = days(2026, slices.Concat(
		span(2026, 1, 1, 1, 3),   // 元旦
		span(2026, 2, 15, 2, 23), // 春节
		span(2026, 4, 4, 4, 6),   // 清明节
		span(2026, 5, 1, 5, 5),   // 劳动节
		span(2026, 6, 19, 6, 21), // 端午节
		span(2026, 9, 25, 9, 27), // 中秋节
		span(2026, 10, 1, 10, 7), // 国庆节
	)...)
	workdays2026 = days(2026, [2]int{1, 4}, [2]int{2, 14}, [2]int{2, 28}, [2]int{5, 9}, [2]int{9, 20}, [2]int{10, 10})
)

// CalendarMissing reports the year whose public holidays the office still has to enter (issue 9,
// the working-day calendar): from December on, next year's, when not one of its holidays is in
// the calendar yet. Deadlines counted in working days (SHR-R6, the sharing replies) would
// otherwise treat next year's holidays as working days. ok is false when nothing is missing.
func (g Governance) CalendarMissing(now time.Time) (year int, ok bool) {
	if now.Month() != time.December {
		return 0, false
	}
	next := now.Year() + 1
	if slices.ContainsFunc(g.Holidays, func(d time.Time) bool { return d.Year() == next }) {
		return 0, false
	}
	return next, true
}
