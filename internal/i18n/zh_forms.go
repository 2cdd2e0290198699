package i18n

// Forms (internal/web/forms.go): the refusal of a form body over the size limit, which keeps
// what was typed before the limit, and the note on required fields.
func init() {
	add(map[string]string{
		"err.form_too_large": "表单内容超过 %d MiB 上限，未保存：下面保留了上限之前填写的内容，请删减后重新提交",
		"ui.required":        "必填",
		"err.ids":            "请填写以逗号分隔的ID",
		"ui.required_note":   "标 * 的为必填项。",
	}, map[string]string{
		"err.form_too_large": "the form is over the %d MiB limit and was not saved: what was typed before the limit is kept below; shorten it and submit again",
		"ui.required":        "required",
		"err.ids":            "comma-separated IDs, please",
		"ui.required_note":   "Fields marked * are required.",
	})
}
