package i18n

// The orders of the registry lists (systems, machine rooms).
func init() {
	add(map[string]string{
		"listsort.label":   "排序",
		"listsort.id":      "按登记顺序",
		"listsort.name":    "按名称",
		"listsort.code":    "按系统编码",
		"listsort.go_live": "按上线日期（新→旧）",
		"listsort.updated": "按最近修改（新→旧）",
	}, map[string]string{
		"listsort.label":   "Sort",
		"listsort.id":      "In order of registration",
		"listsort.name":    "By name",
		"listsort.code":    "By system code",
		"listsort.go_live": "By go-live date (newest first)",
		"listsort.updated": "By last change (newest first)",
	})
}
