package web

import (
	"slices"
	"testing"

	"archgov/internal/audit"
	"archgov/internal/i18n"
)

// History lines read as sentences about the record, not as stored values.
func TestChangesReadAsWords(t *testing.T) {
	t.Parallel()
	p := Page{Lang: i18n.ZH, unitName: func(id int64) string {
		return map[int64]string{20: "区卫生健康委员会", 21: "区教育局"}[id]
	}}
	rec := &audit.Record{Changes: audit.Fields(
		"unit_id", 20, 21,
		"go_live", nil, "2016-12-01T00:00:00Z",
		"hosting", "unit_room", "gov_cloud",
		"user_levels", nil, []string{"district", "town"},
		"exchange_channels", []string{}, []string{"platform"},
		"base_data", nil, []map[string]string{{"library": "population", "state": "docked"}},
		"id", nil, 5,
		"vendor", "", "",
	)}
	got := p.H().Changes(rec)
	want := []string{
		"使用的基础数据：人口库（已对接基础库）",
		"数据交换渠道：区数据交换平台",
		"上线时间：2016年12月1日",
		"托管方式：单位机房 → 政务云",
		"所属单位：区卫生健康委员会 → 区教育局",
		"服务层级：区、镇街",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Changes =\n%q\nwant\n%q", got, want)
	}
}

// Issue 14: a history names the records it refers to and the actor, and reads enumerations of
// each register in words, never as ids or stored values.
func TestHistoryNamesNotIDs(t *testing.T) {
	t.Parallel()
	p := Page{Lang: i18n.ZH, refName: func(entity, field string, id int64) string {
		return map[string]string{"system/room_id/17": "区经信局网络中心机房", "/actor/3": "王芳"}[entity+"/"+field+"/"+itoa(id)]
	}}
	got := p.H().Changes(&audit.Record{EntityType: "system", Changes: audit.Fields("room_id", nil, 17)})
	if want := []string{"所在机房：区经信局网络中心机房"}; !slices.Equal(got, want) {
		t.Errorf("system history = %q, want %q", got, want)
	}
	got = p.H().Changes(&audit.Record{EntityType: "cloudrequest", Changes: audit.Fields("status", "draft", "submitted", "id", nil, 9)})
	if want := []string{"状态：草稿 → 已提交"}; !slices.Equal(got, want) {
		t.Errorf("cloud request history = %q, want %q", got, want)
	}
	if got := p.H().ActorName(&audit.Record{ActorID: 3, Actor: "wangfang"}); got != "王芳" {
		t.Errorf("actor = %q", got)
	}
	if got := p.H().ActorName(&audit.Record{Actor: "system"}); got != "系统（命令行）" {
		t.Errorf("command-line actor = %q", got)
	}
}
