package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var hostings = []string{"政务云", "单位机房", "其他托管", "现场生产"}

// systems is shaped like the information-system registry of issue 3, so
// the tests exercise the kinds of column a registry really has.
var systems = Schema{
	Name: "信息系统",
	Columns: []Column{
		{Key: "code", Header: "系统编码", Kind: Code, MaxLen: 20},
		{Key: "name", Header: "系统名称", Kind: Text, Required: true, MaxLen: 30},
		{Key: "unit", Header: "所属单位", Aliases: []string{"主管单位"}, Kind: UnitRef, Required: true},
		{Key: "hosting", Header: "托管方式", Aliases: []string{"部署方式"}, Kind: Enum, Required: true,
			Enum: hostings, Synonyms: map[string]string{"电子政务云": "政务云"}, Help: "不在政务云上的系统须说明原因"},
		{Key: "levels", Header: "服务层级", Kind: Enum, Multi: true, Enum: []string{"区", "镇街", "村社区"}},
		{Key: "golive", Header: "上线时间", Kind: Date},
		{Key: "upgraded", Header: "最近升级", Kind: Date},
		{Key: "cost", Header: "年运维费用（万元）", Kind: Decimal},
		{Key: "users", Header: "用户数", Kind: Int},
		{Key: "secret", Header: "是否涉密", Kind: Bool},
		{Key: "onsite", Header: "现场生产", Kind: Bool},
		{Key: "purpose", Header: "建设目的", Kind: Text},
	},
	Key: []string{"unit", "name"},
}

type unit struct {
	id         int64
	name, code string
}

// testUnits resolves like the registries will: exact name or code after
// folding; suggestions are the names sharing at least two characters.
type testUnits []unit

func (us testUnits) ResolveUnit(s string) (int64, []string, bool) {
	for _, u := range us {
		if Fold(u.name) == Fold(s) || Fold(u.code) == Fold(s) {
			return u.id, nil, true
		}
	}
	var near []string
	for _, u := range us {
		shared := 0
		for _, r := range s {
			if strings.ContainsRune(u.name, r) {
				shared++
			}
		}
		if shared >= 2 {
			near = append(near, u.name)
		}
	}
	return 0, near, false
}

var units = testUnits{
	{1, "区卫生健康委员会", "320507001"},
	{2, "区教育局", "320507002"},
	{3, "区大数据管理局", "320507003"},
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// book builds a workbook in code; cells maps a cell name to its value.
type book struct {
	f *excelize.File
}

func newBook(t testing.TB, sheet string) *book {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	return &book{f: f}
}

func (b *book) set(sheet string, cells map[string]any) *book {
	for cell, v := range cells {
		if err := b.f.SetCellValue(sheet, cell, v); err != nil {
			panic(err)
		}
	}
	return b
}

func (b *book) row(sheet string, line int, values ...any) *book {
	if err := b.f.SetSheetRow(sheet, "A"+strconv.Itoa(line), &values); err != nil {
		panic(err)
	}
	return b
}

func (b *book) merge(sheet string, ranges ...string) *book {
	for _, r := range ranges {
		from, to, _ := strings.Cut(r, ":")
		if err := b.f.MergeCell(sheet, from, to); err != nil {
			panic(err)
		}
	}
	return b
}

func (b *book) bytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func headers(s Schema) []any {
	var h []any
	for _, c := range s.Columns {
		h = append(h, c.Header)
	}
	return h
}

func read(t *testing.T, data []byte, s Schema) ([]Row, []string) {
	t.Helper()
	rows, problems, err := Read(bytes.NewReader(data), s, units)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	var ps []string
	for _, p := range problems {
		ps = append(ps, p.String())
	}
	return rows, ps
}

func TestReadClean(t *testing.T) {
	b := newBook(t, "信息系统").
		row("信息系统", 1, headers(systems)...).
		row("信息系统", 2, "XT-001", "健康档案系统", "区卫生健康委员会", "政务云", "区、镇街", "2019-05-01", "2024-11-20", 12.5, 350, "否", "否", "居民健康档案管理").
		row("信息系统", 3, "XT-002", "学籍管理系统", "320507002", "单位机房", "区", "2018-09-01", "", 3, 1200, "是", "否", "")
	rows, problems := read(t, b.bytes(t), systems)
	if len(problems) != 0 {
		t.Fatalf("problems = %q, want none", problems)
	}
	want := []Row{
		{Line: 2, Values: map[string]Cell{
			"code":     {Text: "XT-001"},
			"name":     {Text: "健康档案系统"},
			"unit":     {Text: "区卫生健康委员会", Int: 1},
			"hosting":  {Text: "政务云"},
			"levels":   {Text: "区、镇街", List: []string{"区", "镇街"}},
			"golive":   {Text: "2019-05-01", Date: date(2019, 5, 1)},
			"upgraded": {Text: "2024-11-20", Date: date(2024, 11, 20)},
			"cost":     {Text: "12.5", Dec: 12.5},
			"users":    {Text: "350", Int: 350, Dec: 350},
			"secret":   {Text: "否"},
			"onsite":   {Text: "否"},
			"purpose":  {Text: "居民健康档案管理"},
		}},
		{Line: 3, Values: map[string]Cell{
			"code":    {Text: "XT-002"},
			"name":    {Text: "学籍管理系统"},
			"unit":    {Text: "320507002", Int: 2},
			"hosting": {Text: "单位机房"},
			"levels":  {Text: "区", List: []string{"区"}},
			"golive":  {Text: "2018-09-01", Date: date(2018, 9, 1)},
			"cost":    {Text: "3", Dec: 3},
			"users":   {Text: "1200", Int: 1200, Dec: 1200},
			"secret":  {Text: "是", Bool: true},
			"onsite":  {Text: "否"},
		}},
	}
	assertValues(t, rows, want)
	if got := rows[0].Raw["golive"]; got != "2019-05-01" {
		t.Errorf("Raw[golive] = %q, want the cell's text", got)
	}
}

func assertValues(t *testing.T, rows, want []Row) {
	t.Helper()
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i := range want {
		if rows[i].Line != want[i].Line {
			t.Errorf("row %d: Line = %d, want %d", i, rows[i].Line, want[i].Line)
		}
		for k, w := range want[i].Values {
			if g, ok := rows[i].Values[k]; !ok || !reflect.DeepEqual(g, w) {
				t.Errorf("line %d %s = %+v, want %+v", want[i].Line, k, g, w)
			}
		}
		for k, g := range rows[i].Values {
			if _, ok := want[i].Values[k]; !ok {
				t.Errorf("line %d: unexpected %s = %+v", want[i].Line, k, g)
			}
		}
	}
}

// messyBook is a 台账 as a district office keeps it: the data sheet is not
// named after the registry and sits beside another sheet, a merged title
// and a note above a two-level merged header (one cell merged down three
// rows) whose cells carry *, colons,
// line breaks, half-width brackets and notes, an alias for one column and an
// extra column the schema does not know; a unit merged down two rows;
// full-width letters and spaces; dates as an Excel serial, a date cell,
// 2019.5.1, 2020年6月30日, 2018/9/1 and 20220101; 是/否 as 否, N, ×, √,
// 是 and a boolean cell; a section title row, an empty row, a total row and a signature
// line under the table.
func messyBook(t *testing.T) []byte {
	const sh = "2026年台账"
	b := newBook(t, sh)
	if _, err := b.f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	b.set("说明", map[string]any{"A1": "本表由各单位填报", "A2": "系统名称"})
	b.set(sh, map[string]any{
		"A1": "相城区信息系统台账（2026年）",
		"A2": "填报单位：区大数据管理局　　填报日期：2026年3月1日", "I2": "用户数",
		"A3": "序号", "B3": "基本信息", "E3": "部署方式", "F3": "时间", "H3": "年运维费用(万元)",
		"J3": "安全", "L3": "服务层级", "M3": "建设目的", "N3": "联系人",
		"B4": "系统名称*", "C4": " 所属\n单位 ", "D4": "系统编码：", "F4": "上线时间（年月日）", "G4": "最近升级",
		"J4": "是否涉密", "K4": "现场生产",
	})
	b.merge(sh, "A1:N1", "A2:H2", "J2:N2", "A3:A4", "B3:D3", "E3:E4", "F3:G3", "H3:H4", "I2:I4", "J3:K3", "L3:L4", "M3:M4", "N3:N4")
	b.row(sh, 5, 1, "\u3000ＯＡ系统 ", "区卫生健康委员会", "ＳＹＳ－００１", "政务 云", 43586, date(2021, 3, 15), "１２.５", 1200, "否", " N", "区、镇街", "统一办公（含移动端）", "张三")
	b.row(sh, 6, 2, "预约挂号系统\u00a0", nil, "sys-002", "电子政务云", "2019.5.1", "2020年6月30日", 3, "1,500", "×", "√", "区，村社区")
	b.merge(sh, "C5:C6")
	b.row(sh, 7, "二、教育系统")
	b.merge(sh, "A7:N7")
	b.row(sh, 8, 3, "学籍管理", "３２０５０７００２", nil, "单位机房", "2018/9/1", "20220101", nil, nil, "是", true, nil, "第一行\r\n第二行")
	b.row(sh, 10, "合  计", nil, nil, nil, nil, nil, nil, 15.5, 2700)
	b.row(sh, 11, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "填报人：李四　联系电话：12345678")
	return b.bytes(t)
}

func TestReadMessy(t *testing.T) {
	rows, problems := read(t, messyBook(t), systems)
	if len(problems) != 0 {
		t.Fatalf("problems = %q, want none", problems)
	}
	want := []Row{
		{Line: 5, Values: map[string]Cell{
			"name":     {Text: "OA系统"},
			"unit":     {Text: "区卫生健康委员会", Int: 1},
			"code":     {Text: "SYS-001"},
			"hosting":  {Text: "政务云"},
			"golive":   {Text: "2019-05-01", Date: date(2019, 5, 1)},
			"upgraded": {Text: "2021-03-15", Date: date(2021, 3, 15)},
			"cost":     {Text: "12.5", Dec: 12.5},
			"users":    {Text: "1200", Int: 1200, Dec: 1200},
			"secret":   {Text: "否"},
			"onsite":   {Text: "否"},
			"levels":   {Text: "区、镇街", List: []string{"区", "镇街"}},
			"purpose":  {Text: "统一办公（含移动端）"},
		}},
		{Line: 6, Values: map[string]Cell{
			"name":     {Text: "预约挂号系统"},
			"unit":     {Text: "区卫生健康委员会", Int: 1},
			"code":     {Text: "sys-002"},
			"hosting":  {Text: "政务云"},
			"golive":   {Text: "2019-05-01", Date: date(2019, 5, 1)},
			"upgraded": {Text: "2020-06-30", Date: date(2020, 6, 30)},
			"cost":     {Text: "3", Dec: 3},
			"users":    {Text: "1500", Int: 1500, Dec: 1500},
			"secret":   {Text: "否"},
			"onsite":   {Text: "是", Bool: true},
			"levels":   {Text: "区、村社区", List: []string{"区", "村社区"}},
		}},
		{Line: 8, Values: map[string]Cell{
			"name":     {Text: "学籍管理"},
			"unit":     {Text: "320507002", Int: 2},
			"hosting":  {Text: "单位机房"},
			"golive":   {Text: "2018-09-01", Date: date(2018, 9, 1)},
			"upgraded": {Text: "2022-01-01", Date: date(2022, 1, 1)},
			"secret":   {Text: "是", Bool: true},
			"onsite":   {Text: "是", Bool: true},
			"purpose":  {Text: "第一行\n第二行"},
		}},
	}
	assertValues(t, rows, want)
}

func TestReadProblems(t *testing.T) {
	b := newBook(t, "信息系统").
		row("信息系统", 1, headers(systems)...).
		row("信息系统", 2, "A1", "OA系统", "区卫生健康委员会", "政务云").
		row("信息系统", 3, "A2", "ＯＡ系统", "320507001", "政务云").
		row("信息系统", 4, "A3", "门户网站", "区教育局", "政务云2", nil, "2019.13.1", nil, nil, "12.5").
		row("信息系统", 5, "A4", "门诊系统", "卫健委", "政务云", nil, nil, nil, "十万", nil, "maybe").
		row("信息系统", 6, "A5", nil, "火星局", nil, "区、县").
		row("信息系统", 7, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "见附件").
		row("信息系统", 8, "A 6", strings.Repeat("长", 31), "区教育局", "其他托管", nil, nil, 2019, nil, nil, nil, "有").
		row("信息系统", 9, nil, "小  计", nil, nil, nil, nil, nil, 15).
		row("信息系统", 10, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "填报人：李四")
	rows, problems := read(t, b.bytes(t), systems)
	want := []string{
		"第3行「系统名称」：与第2行重复（「所属单位」「系统名称」均相同）",
		"第4行「托管方式」：“政务云2”不是有效值，可选：政务云、单位机房、其他托管、现场生产",
		"第4行「上线时间」：“2019.13.1”不是有效日期，可写作：" + DateFormats,
		"第4行「用户数」：“12.5”不是整数",
		"第5行「所属单位」：找不到单位“卫健委”，是否为：区卫生健康委员会？",
		"第5行「年运维费用（万元）」：“十万”不是数字",
		"第5行「是否涉密」：“maybe”无法识别，请填写“是”或“否”",
		"第6行「系统名称」：必填",
		"第6行「所属单位」：找不到单位“火星局”",
		"第6行「托管方式」：必填",
		"第6行「服务层级」：“县”不是有效值，可选：区、镇街、村社区（多个用“、”分隔）",
		"第7行「系统名称」：必填",
		"第7行「所属单位」：必填",
		"第7行「托管方式」：必填",
		"第8行「系统名称」：不能超过30个字符",
		"第8行「最近升级」：“2019”不是有效日期，可写作：" + DateFormats,
		"第8行「现场生产」：“有”无法识别，请填写“是”或“否”",
	}
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	// Every row is returned for the preview, with the cells that were valid;
	// the subtotal (line 9) and the note under the table (line 10) are not rows.
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if !slices.Equal(lines, []int{2, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("row lines = %v", lines)
	}
	if c := rows[6].Values["code"]; c.Text != "A6" {
		t.Errorf("code with a stray space = %q, want A6", c.Text)
	}
	if _, ok := rows[2].Values["hosting"]; ok {
		t.Error("an invalid cell must not appear in Values")
	}
	if got := rows[2].Raw["hosting"]; got != "政务云2" {
		t.Errorf("Raw keeps the invalid text for the report, got %q", got)
	}
}

// A unit merged down a long sheet: the merge list sits after more sheet
// data than is read in one chunk, and the unit counts for every row.
func TestReadLongMerge(t *testing.T) {
	const n = 3000
	b := newBook(t, "信息系统").row("信息系统", 1, headers(systems)...)
	for i := 2; i <= n+1; i++ {
		b.row("信息系统", i, nil, fmt.Sprintf("系统%d", i))
	}
	b.set("信息系统", map[string]any{"C2": "区教育局", "D2": "政务云"})
	b.merge("信息系统", fmt.Sprintf("C2:C%d", n+1), fmt.Sprintf("D2:D%d", n+1))
	rows, problems := read(t, b.bytes(t), systems)
	if len(problems) != 0 || len(rows) != n {
		t.Fatalf("%d rows, problems %q", len(rows), problems[:min(3, len(problems))])
	}
	for _, r := range rows {
		if r.Values["unit"].Int != 2 || r.Values["hosting"].Text != "政务云" {
			t.Fatalf("line %d: %+v", r.Line, r.Values)
		}
	}
}

func TestReadMissingRequiredColumn(t *testing.T) {
	b := newBook(t, "Sheet1").
		row("Sheet1", 1, "系统名称", "所属单位", "建设目的").
		row("Sheet1", 2, "OA系统", "区教育局", "办公").
		row("Sheet1", 3, "门户", "区教育局", "")
	rows, problems := read(t, b.bytes(t), systems)
	// Once for the file, not once per row.
	if want := []string{"第1行「托管方式」：表头中缺少此列（必填）"}; !slices.Equal(problems, want) {
		t.Errorf("problems = %q, want %q", problems, want)
	}
	if len(rows) != 2 {
		t.Errorf("got %d rows, want 2", len(rows))
	}
}

func TestReadUnusableFile(t *testing.T) {
	noHeader := newBook(t, "信息系统").row("信息系统", 1, "随便", "写点").row("信息系统", 2, "什么", "系统名称").bytes(t)
	for name, tc := range map[string]struct {
		data []byte
		want error
		msg  string
	}{
		"not a workbook": {[]byte("名称,单位\nOA,教育局\n"), ErrUnreadable, "xlsx"},
		"old xls":        {append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), ErrUnreadable, "另存为"},
		"no header":      {noHeader, ErrNoHeader, "工作表「信息系统」的前30行中没有一行含有「系统名称」「所属单位」「托管方式」等列名"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Read(bytes.NewReader(tc.data), systems, units)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want %v containing %q", err, tc.want, tc.msg)
			}
		})
	}
}

func TestReadSchemaMistake(t *testing.T) {
	bad := Schema{Name: "x", Columns: []Column{{Key: "a", Header: "甲"}, {Key: "b", Header: "甲 "}}}
	if _, _, err := Read(bytes.NewReader(nil), bad, nil); err == nil || !strings.Contains(err.Error(), "also used") {
		t.Errorf("err = %v, want a schema error", err)
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in       string
		date1904 bool
		want     time.Time
	}{
		{"2019.5.1", false, date(2019, 5, 1)},
		{"2019-05-01", false, date(2019, 5, 1)},
		{"2019/5/1", false, date(2019, 5, 1)},
		{"2019年5月1日", false, date(2019, 5, 1)},
		{"2019 年 5 月 1 日", false, date(2019, 5, 1)},
		{"２０１９－０５－０１", false, date(2019, 5, 1)},
		{"20190501", false, date(2019, 5, 1)},
		{"43586", false, date(2019, 5, 1)},
		{"43586.75", false, date(2019, 5, 1)},
		{"42124", true, date(2019, 5, 1)},
		{"2019-05-01 08:30:00", false, date(2019, 5, 1)},
		{"2019-05-01T00:00:00Z", false, date(2019, 5, 1)},
		{"2020-02-29", false, date(2020, 2, 29)},
		{"2019-02-29", false, time.Time{}},
		{"2019.13.1", false, time.Time{}},
		{"2019.5", false, time.Time{}},
		{"2019", false, time.Time{}},
		{"1899-12-31", false, time.Time{}},
		{"明年", false, time.Time{}},
		{"20191301", false, time.Time{}},
	} {
		got, ok := parseDate(tc.in, tc.date1904)
		if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
			t.Errorf("parseDate(%q, %v) = %v, %v; want %v", tc.in, tc.date1904, got, ok, tc.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]int{
		"是": 1, "否": 0, "Y": 1, "n": 0, "ｙ": 1, "YES": 1, "no": 0, "√": 1, "×": 0, "✓": 1,
		"TRUE": 1, "false": 0, "1": 1, "0": 0, " 是 ": 1, "有": -1, "": -1, "是的": -1,
	} {
		b, ok := parseBool(in)
		got := -1
		if ok {
			got = 0
			if b {
				got = 1
			}
		}
		if got != want {
			t.Errorf("parseBool(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParseMulti(t *testing.T) {
	c := prepare(Column{Key: "levels", Header: "服务层级", Kind: Enum, Multi: true, Enum: []string{"区", "镇街", "村社区", "其他/未知"}})
	for in, want := range map[string]string{
		"区、镇街":   "区|镇街",
		"区 镇街":   "区|镇街",
		"村 社区":   "村社区",
		"区/镇街":   "区|镇街",
		"镇街；区":   "镇街|区",
		"区，区":    "区",
		"其他/未知":  "其他/未知",
		"区\n村社区": "区|村社区",
		"区、县":    "error",
	} {
		v, msg := c.parse(in, false)
		got := strings.Join(v.List, "|")
		if msg != "" {
			got = "error"
		}
		if got != want {
			t.Errorf("parse(%q) = %q (%s), want %q", in, got, msg, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ fn, in, want string }{
		{"text", "\u3000ＯＡ系统（一期）\u00a0", "OA系统（一期）"},
		{"text", "甲\u200b乙\r\n丙", "甲乙\n丙"},
		{"code", " ｗｗｗ．ｘｃ．ｇｏｖ．ｃｎ ", "www.xc.gov.cn"},
		{"code", "苏ICP备 12345678号－1", "苏ICP备12345678号-1"},
		{"code", "0.30000000000000004", "0.3"},
		{"decimal", "１,２３４.５０", "1234.50"},
		{"decimal", "0.30000000000000004", "0.3"},
		{"decimal", "1.5E3", "1500"},
		{"fold", "政务 云", "政务云"},
		{"fold", "ＯＡ", "oa"},
		{"header", "系统名称*", "系统名称"},
		{"header", " 所属\n单位： ", "所属单位"},
		{"header", "＊上线时间", "上线时间"},
	} {
		var got string
		switch tc.fn {
		case "text":
			got, _ = (&column{Column: Column{Kind: Text}}).parseText(tc.in)
		case "code":
			got, _ = (&column{Column: Column{Kind: Code}}).parseText(tc.in)
		case "decimal":
			got, _ = (&column{Column: Column{Kind: Decimal}}).parseText(tc.in)
		case "fold":
			got = Fold(tc.in)
		case "header":
			got = foldHeader(tc.in)
		}
		if got != tc.want {
			t.Errorf("%s(%q) = %q, want %q", tc.fn, tc.in, got, tc.want)
		}
	}
}

func (c *column) parseText(s string) (string, string) {
	v, msg := c.parse(s, false)
	return v.Text, msg
}

func TestProblemString(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{Line: 12, Column: "托管方式", Message: "必填"}, "第12行「托管方式」：必填"},
		{Problem{Line: 3, Message: "整行重复"}, "第3行：整行重复"},
		{Problem{Message: "文件为空"}, "文件为空"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

// rooms has a unit drop-down too long to write inline, which goes to the
// hidden options sheet.
func rooms() Schema {
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprintf("相城区第%02d号单位", i+1))
	}
	return Schema{
		Name: "机房",
		Columns: []Column{
			{Key: "unit", Header: "所属单位", Kind: UnitRef, Required: true, Enum: names},
			{Key: "name", Header: "机房名称", Kind: Text, Required: true},
			{Key: "kind", Header: "机房类型", Kind: Enum, Required: true, Enum: []string{"接入机房", "上级要求保留", "其他"}},
			{Key: "area", Header: "面积（平方米）", Kind: Decimal},
			{Key: "racks", Header: "机柜数", Kind: Int},
		},
		Key: []string{"unit", "name"},
	}
}

func TestWriteTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, systems, rooms()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	if got, want := f.GetSheetList(), []string{"填表说明", "信息系统", "机房", "选项"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if visible, _ := f.GetSheetVisible("选项"); visible {
		t.Error("the options sheet should be hidden")
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Error("the workbook should open on the instructions")
	}

	rows, err := f.GetRows("信息系统")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"系统编码", "系统名称*", "所属单位*", "托管方式*", "服务层级", "上线时间", "最近升级", "年运维费用（万元）", "用户数", "是否涉密", "现场生产", "建设目的"}
	if len(rows) != 1 || !slices.Equal(rows[0], wantHeader) {
		t.Errorf("template rows = %q, want only the header %q", rows, wantHeader)
	}
	panes, err := f.GetPanes("信息系统")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v; want the header row frozen", panes, err)
	}
	style, _ := f.GetCellStyle("信息系统", "B1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style = %+v, want bold", s)
	}

	dvs, err := f.GetDataValidations("信息系统")
	if err != nil {
		t.Fatal(err)
	}
	bySqref := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		bySqref[dv.Sqref] = dv
	}
	for i, c := range systems.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv, ok := bySqref[col+"2:"+col+"1048576"]
		if c.Kind != Enum && c.Kind != Bool {
			if ok {
				t.Errorf("%s: unexpected validation %+v", c.Header, dv)
			}
			continue
		}
		if !ok || dv.Type != "list" {
			t.Errorf("%s: no drop-down (validations %+v)", c.Header, bySqref)
			continue
		}
		values := c.Enum
		if c.Kind == Bool {
			values = []string{"是", "否"}
		}
		if !strings.Contains(dv.Formula1, strings.Join(values, ",")) {
			t.Errorf("%s: drop-down %q, want %q", c.Header, dv.Formula1, values)
		}
		// A multi-valued column can only suggest: 「区、镇街」 is not in the list.
		if dv.ShowErrorMessage == c.Multi {
			t.Errorf("%s: ShowErrorMessage = %v", c.Header, dv.ShowErrorMessage)
		}
	}
	if dv := bySqref["D2:D1048576"]; dv == nil || dv.Prompt == nil || *dv.Prompt != "不在政务云上的系统须说明原因" {
		t.Errorf("the column's help should be its prompt: %+v", dv)
	}

	rdvs, _ := f.GetDataValidations("机房")
	var unitList string
	for _, dv := range rdvs {
		if dv.Sqref == "A2:A1048576" {
			unitList = dv.Formula1
		}
	}
	if unitList != "'选项'!$A$1:$A$40" {
		t.Errorf("long unit list = %q, want a reference to the options sheet", unitList)
	}
	if v, _ := f.GetCellValue("选项", "A40"); v != "相城区第40号单位" {
		t.Errorf("options A40 = %q", v)
	}

	help, _ := f.GetRows("填表说明")
	var hosting []string
	all := ""
	for _, r := range help {
		all += strings.Join(r, "|") + "\n"
		if len(r) > 1 && r[1] == "托管方式" {
			hosting = r
		}
	}
	if want := []string{"", "托管方式", "是", "从下拉列表中选择", "政务云、单位机房、其他托管、现场生产", "不在政务云上的系统须说明原因；也可用列名：部署方式"}; !slices.Equal(hosting, want) {
		t.Errorf("instructions row for 托管方式 = %q, want %q", hosting, want)
	}
	for _, s := range []string{DateFormats, "「信息系统」表按「所属单位」「系统名称」识别同一条记录", "机房|所属单位|是|单位全称或单位编码", "信息系统|系统编码|否|编码或网址，不含空格，不超过20个字符"} {
		if !strings.Contains(all, s) {
			t.Errorf("instructions lack %q:\n%s", s, all)
		}
	}
}

// A template filled in by hand reads back, on both of its sheets.
func TestTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, systems, rooms()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := &book{f: f}
	b.row("信息系统", 2, "XT-9", "OA系统", "区教育局", "政务云", "区", date(2020, 1, 2), "2021/3/4", 1.25, 30, "是", "否", "办公")
	b.row("机房", 2, "区大数据管理局", "一号机房", "接入机房", 45.5, 12)
	data := b.bytes(t)

	got, problems := read(t, data, systems)
	if len(problems) != 0 {
		t.Fatalf("problems = %q", problems)
	}
	assertValues(t, got, []Row{{Line: 2, Values: map[string]Cell{
		"code":     {Text: "XT-9"},
		"name":     {Text: "OA系统"},
		"unit":     {Text: "区教育局", Int: 2},
		"hosting":  {Text: "政务云"},
		"levels":   {Text: "区", List: []string{"区"}},
		"golive":   {Text: "2020-01-02", Date: date(2020, 1, 2)},
		"upgraded": {Text: "2021-03-04", Date: date(2021, 3, 4)},
		"cost":     {Text: "1.25", Dec: 1.25},
		"users":    {Text: "30", Int: 30, Dec: 30},
		"secret":   {Text: "是", Bool: true},
		"onsite":   {Text: "否"},
		"purpose":  {Text: "办公"},
	}}})

	got, problems = read(t, data, rooms())
	if len(problems) != 0 {
		t.Fatalf("rooms problems = %q", problems)
	}
	assertValues(t, got, []Row{{Line: 2, Values: map[string]Cell{
		"unit":  {Text: "区大数据管理局", Int: 3},
		"name":  {Text: "一号机房"},
		"kind":  {Text: "接入机房"},
		"area":  {Text: "45.5", Dec: 45.5},
		"racks": {Text: "12", Int: 12, Dec: 12},
	}}})
}

func TestExportRoundTrip(t *testing.T) {
	in := []map[string]string{
		{"code": "007", "name": "健康档案系统", "unit": "区卫生健康委员会", "hosting": "政务云", "levels": "区、镇街",
			"golive": "2019-05-01", "upgraded": "2024-11-20", "cost": "12.5", "users": "350", "secret": "否", "onsite": "是",
			"purpose": "居民健康档案\n第二期"},
		{"code": "XT-2", "name": "学籍管理系统", "unit": "区教育局", "hosting": "单位机房", "cost": "0.3"},
	}
	var buf bytes.Buffer
	if err := Export(&buf, systems, in); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	rows, problems := read(t, data, systems)
	if len(problems) != 0 {
		t.Fatalf("problems = %q", problems)
	}
	if len(rows) != len(in) {
		t.Fatalf("got %d rows, want %d", len(rows), len(in))
	}
	for i, want := range in {
		for k, v := range want {
			if got := rows[i].Values[k].Text; got != v {
				t.Errorf("row %d %s = %q, want %q", i, k, got, v)
			}
		}
		if len(rows[i].Values) != len(want) {
			t.Errorf("row %d has %d values, want %d", i, len(rows[i].Values), len(want))
		}
	}

	// In Excel the numbers sum and the dates sort: they are not text.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	isText := func(cell string) bool {
		ct, err := f.GetCellType("信息系统", cell)
		if err != nil {
			t.Fatal(err)
		}
		return ct == excelize.CellTypeInlineString || ct == excelize.CellTypeSharedString
	}
	for cell, want := range map[string]bool{"A2": true, "I2": false, "H3": false, "F2": false} {
		if isText(cell) != want {
			t.Errorf("%s stored as text = %v, want %v", cell, !want, want)
		}
	}
	if v, _ := f.GetCellValue("信息系统", "F2", excelize.Options{RawCellValue: true}); v != "43586" {
		t.Errorf("date cell holds %q, want the Excel date 43586", v)
	}
	if v, _ := f.GetCellValue("信息系统", "F2"); v != "2019-05-01" {
		t.Errorf("date cell shows %q", v)
	}
	if panes, _ := f.GetPanes("信息系统"); !panes.Freeze {
		t.Error("export header should be frozen")
	}
}

// benchSchema is systems widened to twenty columns, the size of the real
// registry.
func benchSchema() Schema {
	s := systems
	s.Columns = slices.Clone(systems.Columns)
	for i := range 8 {
		kind := Text
		if i%2 == 1 {
			kind = Code
		}
		s.Columns = append(s.Columns, Column{Key: fmt.Sprintf("extra%d", i), Header: fmt.Sprintf("附加信息%d", i), Kind: kind})
	}
	return s
}

func benchWorkbook(b *testing.B, s Schema, n int) []byte {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", s.Name); err != nil {
		b.Fatal(err)
	}
	sw, err := f.NewStreamWriter(s.Name)
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", headers(s)); err != nil {
		b.Fatal(err)
	}
	dates := []func(int) any{
		func(i int) any { return date(2010+i%12, time.Month(1+i%12), 1+i%28) },
		func(i int) any { return fmt.Sprintf("%d.%d.%d", 2010+i%12, 1+i%12, 1+i%28) },
		func(i int) any { return fmt.Sprintf("%d年%d月%d日", 2010+i%12, 1+i%12, 1+i%28) },
		func(i int) any { return 40000 + i%3000 },
	}
	row := make([]any, len(s.Columns))
	for i := range n {
		row[0] = fmt.Sprintf("XT-%06d", i)
		row[1] = fmt.Sprintf("业务系统%d", i)
		row[2] = units[i%len(units)].name
		row[3] = hostings[i%len(hostings)]
		row[4] = "区、镇街"
		row[5] = dates[i%4](i)
		row[6] = dates[(i+1)%4](i)
		row[7] = float64(i%1000) / 10
		row[8] = i % 5000
		row[9] = []string{"是", "否", "Y", "N"}[i%4]
		row[10] = "否"
		row[11] = "为群众和企业提供在线办事服务"
		for j := 12; j < len(row); j++ {
			row[j] = fmt.Sprintf("附加%d-%d", j, i%97)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRead20000 is issue 3's import target without the database: a
// 20,000-row, 20-column 台账 (the whole import must stay under 10 s).
//
//	go test -run '^$' -bench BenchmarkRead20000 -benchmem -count 5 ./internal/sheet/
func BenchmarkRead20000(b *testing.B) {
	s := benchSchema()
	data := benchWorkbook(b, s, 20000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rows, problems, err := Read(bytes.NewReader(data), s, units)
		if err != nil || len(problems) != 0 || len(rows) != 20000 {
			b.Fatalf("rows %d, problems %v, err %v", len(rows), problems[:min(3, len(problems))], err)
		}
	}
}
