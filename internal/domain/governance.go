package domain

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// codePrefixRe: a system code's start, letters and digits in groups joined by single hyphens,
// perhaps ending in one (XC-SYS-, SYS).
var codePrefixRe = regexp.MustCompile(`^[0-9A-Z]+(-[0-9A-Z]+)*-?$`)

// Governance holds the dates and periods the rules count from. The office keeps them; the
// defaults are those of the district's rules (ENV-R3: rooms other than access rooms and rooms
// a higher level orders kept close within two years of 2018-08-22).
type Governance struct {
	// RoomPolicyDate and RoomPeriodMonths give the decommission deadline of a machine room of
	// kind 其他 (ENV-R3): policy date + period.
	RoomPolicyDate   time.Time `json:"room_policy_date"`
	RoomPeriodMonths int       `json:"room_period_months"`
	// WebsiteDeadline is the day by which every independent website must be registered with
	// the info office (PTL-R3); an unregistered site after it is due a shutdown notice. The
	// rules name no date: the default is one year after the rules' date, and the office sets it.
	WebsiteDeadline time.Time `json:"website_deadline"`

	// Holidays are the public holidays that fall on weekdays or weekends (dates, midnight UTC);
	// Workdays the weekend days declared working days (调休上班). Together with Monday to Friday
	// they make the working-day calendar (workday.go).
	Holidays []time.Time `json:"holidays"`
	Workdays []time.Time `json:"workdays"`
	// SharingReplyDays is the number of working days a provider has to answer a conditional
	// sharing request (国发〔2016〕51号: 10); FeedbackReplyDays the number it has to answer a
	// data-correction report (SHR-R6; local rules use 5–10).
	SharingReplyDays  int `json:"sharing_reply_days"`
	FeedbackReplyDays int `json:"feedback_reply_days"`

	// SystemCodePrefix starts the code the server gives a newly registered system (信息系统编码):
	// the prefix, then the next number after the highest among the codes with that prefix, four
	// digits or more (SYS-0001). Unit users never choose a code: a refusal of a taken code would
	// tell them that code exists in another unit (docs/SECURITY.md).
	SystemCodePrefix string `json:"system_code_prefix"`

	// DocNumberPrefix is the issuing office's 机关代字, the start of the numbers of the documents
	// it issues (task books, FLOW-3): 相信办〔2026〕12号. One to ten Chinese characters.
	DocNumberPrefix string `json:"doc_number_prefix"`

	// DupThreshold is the score (1–100) from which a match of the duplicate-construction check
	// must be answered by the applying unit (issue 15, docs/DUPCHECK.md); DefaultDupThreshold
	// when zero (settings saved before it existed).
	DupThreshold int `json:"dup_threshold"`
}

// DefaultGovernance gives the settings in force until the office changes them: a fresh value
// each call, so no caller shares the calendar's lists.
func DefaultGovernance() Governance {
	return Governance{
		RoomPolicyDate:   time.Date(2018, 8, 22, 0, 0, 0, 0, time.UTC),
		RoomPeriodMonths: 24,
		WebsiteDeadline:  time.Date(2019, 8, 22, 0, 0, 0, 0, time.UTC),

		Holidays:          slices.Clone(holidays2026),
		Workdays:          slices.Clone(workdays2026),
		SharingReplyDays:  10,
		FeedbackReplyDays: 5,
		SystemCodePrefix:  "SYS-",
		DocNumberPrefix:   "信息办",
		DupThreshold:      DefaultDupThreshold,
	}
}

// DupThresholdOrDefault is the threshold in force: DupThreshold, or DefaultDupThreshold when unset.
func (g Governance) DupThresholdOrDefault() int {
	if g.DupThreshold <= 0 {
		return DefaultDupThreshold
	}
	return g.DupThreshold
}

// RoomDeadline is the day by which a machine room of kind 其他 must be closed (ENV-R3).
func (g Governance) RoomDeadline() time.Time {
	return g.RoomPolicyDate.AddDate(0, g.RoomPeriodMonths, 0)
}

// Validate checks the settings: dates set, a period between one month and ten years.
func (g *Governance) Validate() error {
	switch {
	case g.RoomPolicyDate.IsZero():
		return Invalid("room_policy_date", "err.required")
	case g.RoomPeriodMonths < 1 || g.RoomPeriodMonths > 120:
		return Invalid("room_period_months", "err.range", 1, 120)
	case g.WebsiteDeadline.IsZero():
		return Invalid("website_deadline", "err.required")
	case g.SharingReplyDays < 1 || g.SharingReplyDays > 60:
		return Invalid("sharing_reply_days", "err.range", 1, 60)
	case g.FeedbackReplyDays < 1 || g.FeedbackReplyDays > 60:
		return Invalid("feedback_reply_days", "err.range", 1, 60)
	case g.DupThreshold < 0 || g.DupThreshold > 100:
		return Invalid("dup_threshold", "err.range", 1, 100)
	}
	if g.DupThreshold == 0 {
		g.DupThreshold = DefaultDupThreshold
	}
	g.SystemCodePrefix = strings.ToUpper(strings.TrimSpace(g.SystemCodePrefix))
	if !codePrefixRe.MatchString(g.SystemCodePrefix) || len(g.SystemCodePrefix) > 20 {
		return Invalid("system_code_prefix", "err.gov.code_prefix")
	}
	g.DocNumberPrefix = strings.TrimSpace(g.DocNumberPrefix)
	if !ValidDocNumberPrefix(g.DocNumberPrefix) {
		return Invalid("doc_number_prefix", "err.gov.doc_prefix")
	}
	for i := range g.Holidays {
		g.Holidays[i] = Day(g.Holidays[i])
	}
	for i := range g.Workdays {
		g.Workdays[i] = Day(g.Workdays[i])
	}
	slices.SortFunc(g.Holidays, time.Time.Compare)
	g.Holidays = slices.CompactFunc(g.Holidays, time.Time.Equal)
	slices.SortFunc(g.Workdays, time.Time.Compare)
	g.Workdays = slices.CompactFunc(g.Workdays, time.Time.Equal)
	for _, d := range g.Workdays {
		if slices.ContainsFunc(g.Holidays, d.Equal) {
			return Invalid("workdays", "err.gov.both_days", d.Format("2006-01-02"))
		}
	}
	return nil
}

// NextSystemCode gives the code after the highest numbered of codes that start with prefix and
// continue in digits only: the prefix and that number plus one, zero-padded to four digits (more
// when needed). Codes with other endings are not numbered and do not count.
func NextSystemCode(prefix string, codes []string) string {
	var top uint64
	for _, c := range codes {
		rest, ok := strings.CutPrefix(c, prefix)
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
			continue
		}
		if n, err := strconv.ParseUint(rest, 10, 64); err == nil && n > top {
			top = n
		}
	}
	return fmt.Sprintf("%s%04d", prefix, top+1)
}

// ValidDocNumberPrefix reports whether p may be a 机关代字: one to ten Chinese characters.
func ValidDocNumberPrefix(p string) bool {
	n := 0
	for _, r := range p {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 10
}

// DocNumber is the number of a document the office issues (发文字号, FLOW-3 task books): the
// 机关代字, the year and the sequence number of that year, written as GB/T 9704-2012 7.2.4
// asks — the full year in 六角括号, the number without leading zeros or 第, then 号:
// 相信办〔2026〕12号. Numbers are allocated by store.Tx.NextDocNumber.
type DocNumber struct {
	Prefix string `json:"prefix"`
	Year   int    `json:"year"`
	Seq    int64  `json:"seq"`
}

// String is the number as printed on the document.
func (d DocNumber) String() string {
	return fmt.Sprintf("%s〔%d〕%d号", d.Prefix, d.Year, d.Seq)
}
