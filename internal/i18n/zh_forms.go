package i18n

// Forms (internal/web/forms.go): the refusal of a form body over the size limit, which keeps
// what was typed before the limit, the note on required fields, the replacing system's search
// box and the demo logins on the login page.
func init() {
	add(map[string]string{
		"err.form_too_large":             "表单内容超过 %d MiB 上限，未保存：下面保留了上限之前填写的内容，请删减后重新提交",
		"ui.required":                    "必填",
		"err.ids":                        "请填写以逗号分隔的ID",
		"ui.required_note":               "标 * 的为必填项。",
		"login.demo_title":               "演示账号",
		"login.demo_help":                "演示区县的每个角色各有一个账号，初始密码均为 %s，首次登录后须修改。",
		"login.demo_roles":               "角色",
		"system.replacement_hint":        "输入编码或名称搜索",
		"err.system.replacement_unknown": "找不到“%s”：请从列表中选择，或输入完整的系统编码",
	}, map[string]string{
		"err.form_too_large":             "the form is over the %d MiB limit and was not saved: what was typed before the limit is kept below; shorten it and submit again",
		"ui.required":                    "required",
		"err.ids":                        "comma-separated IDs, please",
		"ui.required_note":               "Fields marked * are required.",
		"login.demo_title":               "Demo logins",
		"login.demo_help":                "One login per role in the demo district; the initial password of each is %s and must be changed at first login.",
		"login.demo_roles":               "Roles",
		"system.replacement_hint":        "search by code or name",
		"err.system.replacement_unknown": "no system “%s”: pick one from the list or type its full code",
	})
}
