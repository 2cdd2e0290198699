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
		"gov.calendar":             "工作日历与答复时限",
		"gov.calendar_help":        "共享申请与数据纠错的答复期限按工作日计算（国发〔2016〕51号）：周一至周五，除去法定节假日，加上调休上班的周末。每行一个日期（年-月-日）；每年国务院办公厅公布放假安排后在此补充。",
		"gov.sharing_reply_days":   "共享申请答复时限（工作日）",
		"gov.feedback_reply_days":  "数据纠错答复时限（工作日，SHR-R6）",
		"gov.holidays":             "法定节假日",
		"gov.workdays":             "调休上班日",
		"err.gov.bad_day":          "“%s”不是有效日期（年-月-日）",
		"err.gov.both_days":        "%s 不能既是节假日又是调休上班日",
		"gov.system_code_prefix":   "信息系统编码前缀",
		"gov.system_code_help":     "新登记的信息系统由系统分配编码：前缀加顺序号（如 XC-SYS-0044）。前缀只含字母、数字和连字符，最长20位。",
		"err.gov.code_prefix":      "须为字母、数字或连字符，最长20位（如 XC-SYS-）",
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
		"gov.calendar":             "Working-day calendar and reply periods",
		"gov.calendar_help":        "Sharing requests and data-correction reports are due in working days (State Council 2016 No. 51): Monday to Friday, less public holidays, plus weekend days declared working days. One date per line (yyyy-mm-dd); add each year's holiday notice here.",
		"gov.sharing_reply_days":   "Sharing request reply period (working days)",
		"gov.feedback_reply_days":  "Data-correction reply period (working days, SHR-R6)",
		"gov.holidays":             "Public holidays",
		"gov.workdays":             "Weekend working days",
		"err.gov.bad_day":          "“%s” is not a date (yyyy-mm-dd)",
		"err.gov.both_days":        "%s cannot be both a holiday and a working day",
		"gov.system_code_prefix":   "System code prefix",
		"gov.system_code_help":     "Newly registered information systems get their code from the server: the prefix and a sequence number (e.g. XC-SYS-0044). Letters, digits and hyphens, at most 20.",
		"err.gov.code_prefix":      "letters, digits or hyphens, at most 20 (e.g. XC-SYS-)",
	})
}
