package i18n

func init() {
	add(map[string]string{
		"err.range": "须在%d至%d之间",

		"nav.rooms": "机房", "nav.websites": "网站", "nav.newmedia": "新媒体", "nav.cloud": "政务云",
		"nav.governance": "治理参数",

		"gov.title":                "治理参数",
		"gov.intro":                "架构治理规则据以计算期限的日期与周期，由区信息办维护；修改记入审计日志。",
		"gov.room_policy_date":     "机房整合起算日（ENV-R3）",
		"gov.room_period_months":   "机房关停期限（月）",
		"gov.room_deadline":        "“其他”类机房关停截止日",
		"gov.website_deadline":     "网站登记备案截止日（PTL-R3）",
		"action.governance.update": "修改治理参数",
	}, map[string]string{
		"err.range": "must be between %d and %d",

		"nav.rooms": "Machine rooms", "nav.websites": "Websites", "nav.newmedia": "New media", "nav.cloud": "Gov cloud",
		"nav.governance": "Governance settings",

		"gov.title":                "Governance settings",
		"gov.intro":                "The dates and periods the governance rules count deadlines from. Kept by the info office; every change is audited.",
		"gov.room_policy_date":     "Machine-room policy date (ENV-R3)",
		"gov.room_period_months":   "Machine-room closing period (months)",
		"gov.room_deadline":        "Closing deadline for rooms of kind “other”",
		"gov.website_deadline":     "Website registration deadline (PTL-R3)",
		"action.governance.update": "Update governance settings",
	})
}
