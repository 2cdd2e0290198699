// Package demo fills an empty archgov database with a believable district (相城区) so that
// the product can be tried and demonstrated without real data.
//
// All people in this file are invented; phone numbers are well-formed but fictional
// (mobiles 1390512xxxx, landlines 0512-6598xxxx).
package demo

// UnitSeed is one unit of the demo organisation tree (ORG-1, PTL-P2).
type UnitSeed struct {
	Code, Name, Kind, ParentCode string // ParentCode "" only for the district itself
	HeadName, HeadPhone          string // governance responsible person 责任人
	ContactName, ContactPhone    string // contact 联系人
}

// UserSeed is one demo account. Roles use "role" or "role:UNITCODE".
type UserSeed struct {
	Username, Name, UnitCode string
	Phone                    string
	Roles                    []string
}

// Units is the demo organisation tree of 苏州市相城区 (PTL-P2: district, town/street and
// village/community levels; ORG-1: every unit but 清水村 names a 责任人 and a 联系人).
//
// Code scheme (codes are strings; the level is derived from the tree elsewhere):
//
//	320507        the district itself (real administrative division code of 相城区), kind "district"
//	3205071NN     区级部门 / 委办局, kind "bureau"          (320507101 … 320507129)
//	3205072NN     镇 and 街道, kind "town" / "street"       (320507201 … 320507211)
//	3205073NN     功能区 / 开发区, kind "zone"               (320507301 … 320507304)
//	<X>NNN        行政村 / 社区 under town or street X, kind "village" / "community":
//	              the parent's 9-digit code followed by a 3-digit sequence (e.g. 320507209001)
//
// Every bureau, town, street and zone hangs directly under the district. (In reality some
// streets are administered by a zone, e.g. 元和街道 by 苏州高铁新城; the demo keeps it flat.)
//
// Phones: heads of district/bureau/town/street/zone units have the office landline
// 0512-65980NNN (NNN = last three digits of the unit code); their contacts the mobile
// 13905120NNN. Village and community heads have 1390512 5 TT S and contacts 1390512 6 TT S
// (TT = last two digits of the town/street code, S = last digit of the village sequence).
var Units = []UnitSeed{
	// The district.
	{Code: "320507", Name: "苏州市相城区", Kind: "district", ParentCode: "", HeadName: "顾建平", HeadPhone: "0512-65980001", ContactName: "陆晓燕", ContactPhone: "13905120001"},

	// 区级部门（委办局）.
	{Code: "320507101", Name: "区政府办公室", Kind: "bureau", ParentCode: "320507", HeadName: "沈国华", HeadPhone: "0512-65980101", ContactName: "周静怡", ContactPhone: "13905120101"},
	{Code: "320507102", Name: "区委办公室", Kind: "bureau", ParentCode: "320507", HeadName: "吴志强", HeadPhone: "0512-65980102", ContactName: "钱佳怡", ContactPhone: "13905120102"},
	{Code: "320507103", Name: "区发展和改革委员会", Kind: "bureau", ParentCode: "320507", HeadName: "徐立新", HeadPhone: "0512-65980103", ContactName: "朱婷婷", ContactPhone: "13905120103"},
	// 区经济和信息化局 houses the district information office (区信息办), which runs archgov.
	{Code: "320507104", Name: "区经济和信息化局", Kind: "bureau", ParentCode: "320507", HeadName: "金卫东", HeadPhone: "0512-65980104", ContactName: "许文婷", ContactPhone: "13905120104"},
	{Code: "320507105", Name: "区教育局", Kind: "bureau", ParentCode: "320507", HeadName: "姚振宇", HeadPhone: "0512-65980105", ContactName: "孙梦洁", ContactPhone: "13905120105"},
	{Code: "320507106", Name: "苏州市公安局相城分局", Kind: "bureau", ParentCode: "320507", HeadName: "王海峰", HeadPhone: "0512-65980106", ContactName: "范俊杰", ContactPhone: "13905120106"},
	{Code: "320507107", Name: "区民政局", Kind: "bureau", ParentCode: "320507", HeadName: "张秀英", HeadPhone: "0512-65980107", ContactName: "邹晓明", ContactPhone: "13905120107"},
	{Code: "320507108", Name: "区司法局", Kind: "bureau", ParentCode: "320507", HeadName: "汤建军", HeadPhone: "0512-65980108", ContactName: "葛丽萍", ContactPhone: "13905120108"},
	{Code: "320507109", Name: "区财政局", Kind: "bureau", ParentCode: "320507", HeadName: "陈国良", HeadPhone: "0512-65980109", ContactName: "华雪梅", ContactPhone: "13905120109"},
	{Code: "320507110", Name: "区人力资源和社会保障局", Kind: "bureau", ParentCode: "320507", HeadName: "潘永刚", HeadPhone: "0512-65980110", ContactName: "杨慧敏", ContactPhone: "13905120110"},
	{Code: "320507111", Name: "苏州市自然资源和规划局相城分局", Kind: "bureau", ParentCode: "320507", HeadName: "刘振华", HeadPhone: "0512-65980111", ContactName: "袁佳琪", ContactPhone: "13905120111"},
	{Code: "320507112", Name: "苏州市生态环境局相城分局", Kind: "bureau", ParentCode: "320507", HeadName: "马骏", HeadPhone: "0512-65980112", ContactName: "薛雨婷", ContactPhone: "13905120112"},
	{Code: "320507113", Name: "区住房和城乡建设局", Kind: "bureau", ParentCode: "320507", HeadName: "严志明", HeadPhone: "0512-65980113", ContactName: "程晓东", ContactPhone: "13905120113"},
	{Code: "320507114", Name: "区交通运输局", Kind: "bureau", ParentCode: "320507", HeadName: "邵建新", HeadPhone: "0512-65980114", ContactName: "戴梦瑶", ContactPhone: "13905120114"},
	{Code: "320507115", Name: "区水务局", Kind: "bureau", ParentCode: "320507", HeadName: "冯德兴", HeadPhone: "0512-65980115", ContactName: "施凯", ContactPhone: "13905120115"},
	{Code: "320507116", Name: "区农业农村局", Kind: "bureau", ParentCode: "320507", HeadName: "曹根林", HeadPhone: "0512-65980116", ContactName: "唐雅琴", ContactPhone: "13905120116"},
	{Code: "320507117", Name: "区商务局", Kind: "bureau", ParentCode: "320507", HeadName: "卢峰", HeadPhone: "0512-65980117", ContactName: "龚欣怡", ContactPhone: "13905120117"},
	{Code: "320507118", Name: "区文化体育和旅游局", Kind: "bureau", ParentCode: "320507", HeadName: "费天宇", HeadPhone: "0512-65980118", ContactName: "秦丽娟", ContactPhone: "13905120118"},
	{Code: "320507119", Name: "区卫生健康委员会", Kind: "bureau", ParentCode: "320507", HeadName: "谢宏伟", HeadPhone: "0512-65980119", ContactName: "褚佳敏", ContactPhone: "13905120119"},
	{Code: "320507120", Name: "区退役军人事务局", Kind: "bureau", ParentCode: "320507", HeadName: "孔祥林", HeadPhone: "0512-65980120", ContactName: "任晓丽", ContactPhone: "13905120120"},
	{Code: "320507121", Name: "区应急管理局", Kind: "bureau", ParentCode: "320507", HeadName: "项国强", HeadPhone: "0512-65980121", ContactName: "章雯", ContactPhone: "13905120121"},
	{Code: "320507122", Name: "区审计局", Kind: "bureau", ParentCode: "320507", HeadName: "俞建华", HeadPhone: "0512-65980122", ContactName: "方晓琳", ContactPhone: "13905120122"},
	{Code: "320507123", Name: "区市场监督管理局", Kind: "bureau", ParentCode: "320507", HeadName: "宋文斌", HeadPhone: "0512-65980123", ContactName: "黄琴", ContactPhone: "13905120123"},
	{Code: "320507124", Name: "区统计局", Kind: "bureau", ParentCode: "320507", HeadName: "殷志华", HeadPhone: "0512-65980124", ContactName: "屠佳", ContactPhone: "13905120124"},
	{Code: "320507125", Name: "区医疗保障局", Kind: "bureau", ParentCode: "320507", HeadName: "倪红梅", HeadPhone: "0512-65980125", ContactName: "蔡宇航", ContactPhone: "13905120125"},
	{Code: "320507126", Name: "区行政审批局", Kind: "bureau", ParentCode: "320507", HeadName: "何永明", HeadPhone: "0512-65980126", ContactName: "汪思琪", ContactPhone: "13905120126"},
	{Code: "320507127", Name: "区城市管理局", Kind: "bureau", ParentCode: "320507", HeadName: "蒋卫国", HeadPhone: "0512-65980127", ContactName: "浦晓峰", ContactPhone: "13905120127"},
	{Code: "320507128", Name: "区数据局", Kind: "bureau", ParentCode: "320507", HeadName: "钟立诚", HeadPhone: "0512-65980128", ContactName: "毛欣然", ContactPhone: "13905120128"},
	{Code: "320507129", Name: "国家税务总局苏州市相城区税务局", Kind: "bureau", ParentCode: "320507", HeadName: "贝振东", HeadPhone: "0512-65980129", ContactName: "季璐", ContactPhone: "13905120129"},

	// 街道 and 镇.
	{Code: "320507201", Name: "元和街道", Kind: "street", ParentCode: "320507", HeadName: "丁建刚", HeadPhone: "0512-65980201", ContactName: "凌雪芳", ContactPhone: "13905120201"},
	{Code: "320507202", Name: "黄桥街道", Kind: "street", ParentCode: "320507", HeadName: "郁伟民", HeadPhone: "0512-65980202", ContactName: "石小红", ContactPhone: "13905120202"},
	{Code: "320507203", Name: "北桥街道", Kind: "street", ParentCode: "320507", HeadName: "吕根荣", HeadPhone: "0512-65980203", ContactName: "姜婉清", ContactPhone: "13905120203"},
	{Code: "320507204", Name: "太平街道", Kind: "street", ParentCode: "320507", HeadName: "柏永生", HeadPhone: "0512-65980204", ContactName: "闵芳", ContactPhone: "13905120204"},
	{Code: "320507205", Name: "澄阳街道", Kind: "street", ParentCode: "320507", HeadName: "支国平", HeadPhone: "0512-65980205", ContactName: "臧丽华", ContactPhone: "13905120205"},
	{Code: "320507206", Name: "北河泾街道", Kind: "street", ParentCode: "320507", HeadName: "苗建东", HeadPhone: "0512-65980206", ContactName: "平晓雯", ContactPhone: "13905120206"},
	{Code: "320507207", Name: "漕湖街道", Kind: "street", ParentCode: "320507", HeadName: "卞宏亮", HeadPhone: "0512-65980207", ContactName: "强玉兰", ContactPhone: "13905120207"},
	{Code: "320507208", Name: "渭塘镇", Kind: "town", ParentCode: "320507", HeadName: "钮金荣", HeadPhone: "0512-65980208", ContactName: "归晓婷", ContactPhone: "13905120208"},
	{Code: "320507209", Name: "阳澄湖镇", Kind: "town", ParentCode: "320507", HeadName: "陶荣华", HeadPhone: "0512-65980209", ContactName: "胥敏", ContactPhone: "13905120209"},
	{Code: "320507210", Name: "黄埭镇", Kind: "town", ParentCode: "320507", HeadName: "奚振国", HeadPhone: "0512-65980210", ContactName: "缪丹", ContactPhone: "13905120210"},
	{Code: "320507211", Name: "望亭镇", Kind: "town", ParentCode: "320507", HeadName: "庞永康", HeadPhone: "0512-65980211", ContactName: "鲍静", ContactPhone: "13905120211"},

	// 功能区 / 开发区.
	{Code: "320507301", Name: "相城经济技术开发区", Kind: "zone", ParentCode: "320507", HeadName: "邱建明", HeadPhone: "0512-65980301", ContactName: "包雅雯", ContactPhone: "13905120301"},
	{Code: "320507302", Name: "苏州高铁新城", Kind: "zone", ParentCode: "320507", HeadName: "荣启华", HeadPhone: "0512-65980302", ContactName: "赵梦琪", ContactPhone: "13905120302"},
	{Code: "320507303", Name: "阳澄湖生态旅游度假区", Kind: "zone", ParentCode: "320507", HeadName: "狄卫平", HeadPhone: "0512-65980303", ContactName: "韩晓雪", ContactPhone: "13905120303"},
	{Code: "320507304", Name: "相城高新技术产业开发区", Kind: "zone", ParentCode: "320507", HeadName: "高志远", HeadPhone: "0512-65980304", ContactName: "瞿丽", ContactPhone: "13905120304"},

	// 行政村 and 社区.
	{Code: "320507201001", Name: "御窑社区", Kind: "community", ParentCode: "320507201", HeadName: "朱金宝", HeadPhone: "13905125011", ContactName: "陆雨欣", ContactPhone: "13905126011"},
	{Code: "320507201002", Name: "嘉元社区", Kind: "community", ParentCode: "320507201", HeadName: "沈福根", HeadPhone: "13905125012", ContactName: "吴佳丽", ContactPhone: "13905126012"},
	{Code: "320507203001", Name: "灵峰村", Kind: "village", ParentCode: "320507203", HeadName: "王根宝", HeadPhone: "13905125031", ContactName: "周小芳", ContactPhone: "13905126031"},
	{Code: "320507204001", Name: "沈桥村", Kind: "village", ParentCode: "320507204", HeadName: "顾雪根", HeadPhone: "13905125041", ContactName: "徐丽芬", ContactPhone: "13905126041"},
	{Code: "320507208001", Name: "凤凰泾村", Kind: "village", ParentCode: "320507208", HeadName: "金永福", HeadPhone: "13905125081", ContactName: "钱美华", ContactPhone: "13905126081"},
	{Code: "320507208002", Name: "渭西村", Kind: "village", ParentCode: "320507208", HeadName: "张荣兴", HeadPhone: "13905125082", ContactName: "孙美芳", ContactPhone: "13905126082"},
	{Code: "320507209001", Name: "莲花村", Kind: "village", ParentCode: "320507209", HeadName: "杨根福", HeadPhone: "13905125091", ContactName: "陈红英", ContactPhone: "13905126091"},
	{Code: "320507209002", Name: "消泾村", Kind: "village", ParentCode: "320507209", HeadName: "朱建荣", HeadPhone: "13905125092", ContactName: "许凤英", ContactPhone: "13905126092"},
	// 清水村 has not named its people yet: the demo's one unit without accounts (the units page
	// warns of it, ORG-1), and so the one nothing keeps in use (tests deactivate it).
	{Code: "320507209003", Name: "清水村", Kind: "village", ParentCode: "320507209"},
	{Code: "320507210001", Name: "冯梦龙村", Kind: "village", ParentCode: "320507210", HeadName: "冯建华", HeadPhone: "13905125101", ContactName: "沈玉芳", ContactPhone: "13905126101"},
	{Code: "320507210002", Name: "新巷村", Kind: "village", ParentCode: "320507210", HeadName: "潘国荣", HeadPhone: "13905125102", ContactName: "吴小燕", ContactPhone: "13905126102"},
	{Code: "320507210003", Name: "春申社区", Kind: "community", ParentCode: "320507210", HeadName: "姚建英", HeadPhone: "13905125103", ContactName: "周丽娜", ContactPhone: "13905126103"},
	{Code: "320507211001", Name: "迎湖村", Kind: "village", ParentCode: "320507211", HeadName: "蒋金龙", HeadPhone: "13905125111", ContactName: "钱秀珍", ContactPhone: "13905126111"},
	{Code: "320507211002", Name: "何家角村", Kind: "village", ParentCode: "320507211", HeadName: "何振兴", HeadPhone: "13905125112", ContactName: "顾晓娟", ContactPhone: "13905126112"},
}

// Users holds one demo login per role. Passwords are set by the loader. Unit codes refer to
// Units: 320507104 区经济和信息化局 (区信息办), 320507101 区政府办公室, 320507105 区教育局,
// 320507106 苏州市公安局相城分局, 320507107 区民政局, 320507109 区财政局,
// 320507119 区卫生健康委员会, 320507122 区审计局, 320507201 元和街道.
var Users = []UserSeed{
	// 三权分立: system, security and audit administrators, all in the 区信息办.
	{Username: "sysadmin", Name: "李明辉", UnitCode: "320507104", Roles: []string{"sysadmin"}},
	{Username: "secadmin", Name: "赵文涛", UnitCode: "320507104", Roles: []string{"secadmin"}},
	{Username: "auditadmin", Name: "孙静雯", UnitCode: "320507104", Roles: []string{"auditadmin"}},
	// 区信息办 reviewer.
	{Username: "office", Name: "周晓岚", UnitCode: "320507104", Roles: []string{"office"}},
	// 区信息办 staff who, with 周晓岚, inspect the demo's random spot checks (FLOW-4).
	{Username: "checker", Name: "顾子涵", UnitCode: "320507104", Roles: []string{"office"}},
	// 分管副区长: approves the annual plans of 公安分局, 卫健委, 教育局 and 民政局 (BLD-R2).
	{Username: "leader", Name: "吴建国", UnitCode: "320507101", Roles: []string{
		"leader:320507106", "leader:320507119", "leader:320507105", "leader:320507107",
	}},
	// 区卫生健康委员会: 责任人 and 联系人 (ORG-1); names equal the unit's HeadName/ContactName.
	{Username: "weijian_head", Name: "谢宏伟", UnitCode: "320507119", Roles: []string{"unit_head:320507119"}},
	{Username: "weijian", Name: "褚佳敏", UnitCode: "320507119", Roles: []string{"unit_contact:320507119"}},
	// 区教育局 联系人.
	{Username: "jiaoyu", Name: "孙梦洁", UnitCode: "320507105", Roles: []string{"unit_contact:320507105"}},
	// 元和街道 联系人.
	{Username: "yuanhe", Name: "凌雪芳", UnitCode: "320507201", Roles: []string{"unit_contact:320507201"}},
	// 专家 (an outside expert) and 监理 (supervision unit staff) belong to no district unit.
	{Username: "expert", Name: "黄立群", UnitCode: "", Roles: []string{"expert"}},
	{Username: "supervisor", Name: "施文浩", UnitCode: "", Roles: []string{"supervisor"}},
	// Observers notified at bidding and acceptance (FLOW-4).
	{Username: "finance", Name: "朱海燕", UnitCode: "320507109", Roles: []string{"finance"}},
	{Username: "audit", Name: "钱伟", UnitCode: "320507122", Roles: []string{"audit_bureau"}},
}

// Accounts are every demo account: the logins of Users, and for each unit's 责任人 and 联系人
// (ORG-1) that none of them is, an account of the unit with the role (head_<code>,
// contact_<code>), so that every unit names both by account. A person's phone is the one the
// unit seed gives them.
func Accounts() []UserSeed {
	out := make([]UserSeed, 0, len(Users)+2*len(Units))
	has := map[string]int{} // "unit_head:CODE" → index in out
	for _, us := range Users {
		for _, r := range us.Roles {
			has[r] = len(out)
		}
		out = append(out, us)
	}
	for _, u := range Units {
		for _, p := range []struct{ role, prefix, name, phone string }{
			{"unit_head", "head_", u.HeadName, u.HeadPhone},
			{"unit_contact", "contact_", u.ContactName, u.ContactPhone},
		} {
			grant := p.role + ":" + u.Code
			if p.name == "" {
				continue // 清水村
			}
			if i, ok := has[grant]; ok {
				out[i].Phone = p.phone
				continue
			}
			out = append(out, UserSeed{Username: p.prefix + u.Code, Name: p.name, UnitCode: u.Code, Phone: p.phone, Roles: []string{grant}})
		}
	}
	return out
}
