package i18n

// The parts every list shares: the pager, status badges, the skip link and the rules page.
func init() {
	add(map[string]string{
		"list.import":   "导入",
		"list.export":   "导出",
		"pager.label":   "分页",
		"pager.total":   "共%d条",
		"pager.prev":    "上一页",
		"pager.first":   "第一页",
		"pager.next":    "下一页",
		"pager.page":    "第 %d 页",
		"ui.skip":       "跳到主要内容",
		"rules.title":   "治理规则",
		"rules.intro":   "页面中的条款编号（如 ENV-P1、SHR-R8）均指下列规则；悬停条款编号可看到原文，点击可跳到此处。",
		"rules.clause":  "条款",
		"rules.text":    "内容",
		"rules.unknown": "未收录的条款",
	}, map[string]string{
		"list.import":   "Import",
		"list.export":   "Export",
		"pager.label":   "Pages",
		"pager.total":   "%d in total",
		"pager.prev":    "Previous",
		"pager.first":   "First page",
		"pager.next":    "Next",
		"pager.page":    "Page %d",
		"ui.skip":       "Skip to main content",
		"rules.title":   "Governance rules",
		"rules.intro":   "Clause IDs on the pages (such as ENV-P1, SHR-R8) refer to these rules; hover over a clause ID to read it, click it to come here.",
		"rules.clause":  "Clause",
		"rules.text":    "Rule",
		"rules.unknown": "Clause not listed",
	})
}
