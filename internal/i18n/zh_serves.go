package i18n

// What an information system serves: its websites and new-media accounts (issue 3), shown on
// the system's page; and the system an account serves.
func init() {
	add(map[string]string{
		"serves.title":          "服务的网站与新媒体",
		"serves.name":           "名称",
		"serves.kind":           "类型",
		"serves.address":        "域名/账号ID",
		"serves.status":         "状态",
		"serves.website":        "网站",
		"serves.none":           "暂无关联本系统的网站或新媒体账号。",
		"serves.cloud_requests": "本系统的政务云资源申请",
		"serves.all_websites":   "在网站库中查看",
		"serves.all_media":      "在新媒体库中查看",
		"serves.more":           "（仅列出前50个）",
		"newmedia.f.system_id":  "所属信息系统",
		"newmedia.system_help":  "本账号服务的信息系统（须属同一单位），可空",
	}, map[string]string{
		"serves.title":          "Websites and new media it serves",
		"serves.name":           "Name",
		"serves.kind":           "Kind",
		"serves.address":        "Host / account ID",
		"serves.status":         "Status",
		"serves.website":        "Website",
		"serves.none":           "No website or new-media account refers to this system.",
		"serves.cloud_requests": "Cloud resource requests of this system",
		"serves.all_websites":   "View in the website registry",
		"serves.all_media":      "View in the new-media registry",
		"serves.more":           "(first 50 only)",
		"newmedia.f.system_id":  "Information system",
		"newmedia.system_help":  "The information system this account serves (same unit); optional",
	})
}
