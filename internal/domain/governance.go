package domain

import "time"

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
}

// DefaultGovernance is in force until the office changes it.
var DefaultGovernance = Governance{
	RoomPolicyDate:   time.Date(2018, 8, 22, 0, 0, 0, 0, time.UTC),
	RoomPeriodMonths: 24,
	WebsiteDeadline:  time.Date(2019, 8, 22, 0, 0, 0, 0, time.UTC),
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
	}
	return nil
}
