package i18n

// What the web adapter refuses in any input before a handler sees it (internal/web/input.go).
// A field with a label (field.*) gets the label in front of the short form; a parameter without
// one (q, cursor ...) is named in the message.
func init() {
	add(map[string]string{
		"err.input.too_long":       "过长：最多 %d 个字符",
		"err.input.too_long_named": "参数 %s 过长：最多 %d 个字符",
		"err.input.control":        "含有控制字符（只允许制表符和换行）",
		"err.input.control_named":  "%s 含有控制字符（只允许制表符和换行）",
		"err.input.utf8":           "不是有效的 UTF-8 文本",
		"err.input.utf8_named":     "%s 不是有效的 UTF-8 文本",
	}, map[string]string{
		"err.input.too_long":       "too long: at most %d characters",
		"err.input.too_long_named": "parameter %s is too long: at most %d characters",
		"err.input.control":        "contains control characters (only tab and line breaks are allowed)",
		"err.input.control_named":  "%s contains control characters (only tab and line breaks are allowed)",
		"err.input.utf8":           "is not valid UTF-8 text",
		"err.input.utf8_named":     "%s is not valid UTF-8 text",
	})
}
