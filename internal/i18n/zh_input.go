package i18n

// What the web adapter refuses in any input before a handler sees it (internal/web/input.go),
// and what an attachment's name and package may not be (internal/domain/attachment.go).
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
		"err.attach.name_format":   "文件名“%s”含有不可见的格式字符（如改变文字方向的控制符），请改名后上传",
		"err.attach.hollow":        "文件不是完整的%s：文档正文缺失或为空",
	}, map[string]string{
		"err.input.too_long":       "too long: at most %d characters",
		"err.input.too_long_named": "parameter %s is too long: at most %d characters",
		"err.input.control":        "contains control characters (only tab and line breaks are allowed)",
		"err.input.control_named":  "%s contains control characters (only tab and line breaks are allowed)",
		"err.input.utf8":           "is not valid UTF-8 text",
		"err.input.utf8_named":     "%s is not valid UTF-8 text",
		"err.attach.name_format":   "the file name “%s” contains invisible format characters (such as text-direction controls); rename the file and upload it again",
		"err.attach.hollow":        "the file is not a complete %s: its document part is missing or empty",
	})
}
