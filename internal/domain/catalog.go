package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CatalogEntry is one entry of the government information resource catalog (政务信息资源目录,
// SHR-P3, SHR-R3, SHR-R4) with the core metadata of the 编制指南 (发改高技〔2017〕1272号).
//
// Code (信息资源代码) is the classification code, a slash and a six-digit sequence within that
// classification ("101001/000042"); the store generates it when the entry is created, and it never
// changes, so the classification is fixed from then on. Revision (版本号) goes up on every
// published revision (the first publication is 1); Version is the optimistic lock of the row.
// ProjectID is the project application that pre-compiled the entry (SHR-R3): nullable, a checked
// reference to projects (migration 0021), set while the entry is 预编 (app.checkCatalogProject).
type CatalogEntry struct {
	ID             int64         `json:"id"`
	Class          string        `json:"class"`       // 类: 1 基础, 2 主题, 3 部门
	Item           string        `json:"item"`        // 项: two digits
	Catalog        string        `json:"catalog"`     // 目: three digits, optional
	SubCatalog     string        `json:"sub_catalog"` // 细目: digits, optional (needs 目)
	Code           string        `json:"code"`        // 信息资源代码, generated
	Name           string        `json:"name"`
	ProviderUnitID int64         `json:"provider_unit_id"`
	ProviderName   string        `json:"provider_name,omitempty"`
	ProviderCode   string        `json:"provider_code,omitempty"` // the unit's code
	Summary        string        `json:"summary"`
	Format         ResFormat     `json:"format"`
	FormatDetail   string        `json:"format_detail"` // e.g. "OFD, pdf" or "MySQL"
	Items          []DataItem    `json:"items"`
	ShareType      ShareType     `json:"share_type"`
	ShareCondition string        `json:"share_condition"` // required unless 无条件共享
	ShareBasis     string        `json:"share_basis"`     // the legal or policy basis of 不予共享
	ShareChannel   ShareChannel  `json:"share_channel"`   // 共享平台 / 邮件 / 介质
	ShareForm      ShareForm     `json:"share_form"`      // 接口 / 库表 / 文件
	Open           bool          `json:"open"`            // 向社会开放
	OpenCondition  string        `json:"open_condition"`
	UpdateCycle    UpdateCycle   `json:"update_cycle"`
	PublishDate    time.Time     `json:"publish_date,omitzero"`
	RelatedIDs     []int64       `json:"related_ids"` // 关联资源
	SystemIDs      []int64       `json:"system_ids"`  // the systems that produce it
	ProjectID      int64         `json:"project_id,omitempty"`
	BaseLibrary    BaseLibrary   `json:"base_library,omitempty"` // the base library it feeds (SHR-P2)
	Status         CatalogStatus `json:"status"`
	ReturnNote     string        `json:"return_note,omitempty"` // why the office returned it
	Revision       int64         `json:"revision"`
	Version        int64         `json:"version"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// DataItem is one 信息项 of an entry.
type DataItem struct {
	Name       string    `json:"name"`
	Column     string    `json:"column"`
	Type       ItemType  `json:"type"`
	Length     int       `json:"length,omitempty"`
	PrimaryKey bool      `json:"primary_key"`
	Nullable   bool      `json:"nullable"`
	Classified bool      `json:"classified"`
	Sensitive  bool      `json:"sensitive"`
	ShareType  ShareType `json:"share_type,omitempty"` // "" = the entry's
}

// ResFormat is 信息资源格式.
type ResFormat string

// ItemType is the data type of a 信息项.
type ItemType string

// ShareType is 共享类型.
type ShareType string

// ShareChannel and ShareForm together are 共享方式.
type ShareChannel string

// ShareForm is how shared data is handed over.
type ShareForm string

// UpdateCycle is 更新周期.
type UpdateCycle string

// CatalogStatus is a state of the entry lifecycle.
type CatalogStatus string

const (
	FormatFile     ResFormat = "file"      // 电子文件
	FormatSheet    ResFormat = "sheet"     // 电子表格
	FormatDatabase ResFormat = "database"  // 数据库
	FormatImage    ResFormat = "image"     // 图形图像
	FormatStream   ResFormat = "stream"    // 流媒体
	FormatSelfDesc ResFormat = "self_desc" // 自描述格式
	FormatAPI      ResFormat = "api"       // 服务接口

	ItemChar     ItemType = "char"
	ItemNumber   ItemType = "number"
	ItemDate     ItemType = "date"
	ItemDateTime ItemType = "datetime"
	ItemBool     ItemType = "bool"
	ItemBinary   ItemType = "binary"

	ShareUnconditional ShareType = "unconditional" // 无条件共享
	ShareConditional   ShareType = "conditional"   // 有条件共享
	ShareNone          ShareType = "none"          // 不予共享

	ChannelPlatform ShareChannel = "platform" // 共享平台
	ChannelEmail    ShareChannel = "email"
	ChannelMedia    ShareChannel = "media"

	FormAPI   ShareForm = "api"
	FormTable ShareForm = "table"
	FormFile  ShareForm = "file"

	CycleRealtime  UpdateCycle = "realtime"
	CycleDaily     UpdateCycle = "daily"
	CycleWeekly    UpdateCycle = "weekly"
	CycleMonthly   UpdateCycle = "monthly"
	CycleQuarterly UpdateCycle = "quarterly"
	CycleHalfYear  UpdateCycle = "half_year"
	CycleYearly    UpdateCycle = "yearly"
	CycleOnDemand  UpdateCycle = "on_demand" // 不定时/按需
	CycleOther     UpdateCycle = "other"

	CatPrecompiled CatalogStatus = "precompiled" // 预编
	CatSubmitted   CatalogStatus = "submitted"
	CatRegistered  CatalogStatus = "registered" // 登记
	CatPublished   CatalogStatus = "published"  // 发布
	CatWithdrawn   CatalogStatus = "withdrawn"  // 撤销
)

// The enumerations in display order.
var (
	CatalogClasses  = []string{"1", "2", "3"} // 基础, 主题, 部门
	ResFormats      = []ResFormat{FormatFile, FormatSheet, FormatDatabase, FormatImage, FormatStream, FormatSelfDesc, FormatAPI}
	ItemTypes       = []ItemType{ItemChar, ItemNumber, ItemDate, ItemDateTime, ItemBool, ItemBinary}
	ShareTypes      = []ShareType{ShareUnconditional, ShareConditional, ShareNone}
	ShareChannels   = []ShareChannel{ChannelPlatform, ChannelEmail, ChannelMedia}
	ShareForms      = []ShareForm{FormAPI, FormTable, FormFile}
	UpdateCycles    = []UpdateCycle{CycleRealtime, CycleDaily, CycleWeekly, CycleMonthly, CycleQuarterly, CycleHalfYear, CycleYearly, CycleOnDemand, CycleOther}
	CatalogStatuses = []CatalogStatus{CatPrecompiled, CatSubmitted, CatRegistered, CatPublished, CatWithdrawn}
)

var (
	itemCodeRe   = regexp.MustCompile(`^[0-9]{2}$`)
	catCodeRe    = regexp.MustCompile(`^[0-9]{3}$`)
	subCodeRe    = regexp.MustCompile(`^[0-9]{1,6}$`)
	columnNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)
)

// ClassCode is the classification code: 类, 项, 目 and 细目 written one after another.
func (c *CatalogEntry) ClassCode() string { return c.Class + c.Item + c.Catalog + c.SubCatalog }

// Normalize trims what people paste into forms and spreadsheets.
func (c *CatalogEntry) Normalize() {
	trimSpace(&c.Class, &c.Item, &c.Catalog, &c.SubCatalog, &c.Name, &c.Summary, &c.FormatDetail,
		&c.ShareCondition, &c.ShareBasis, &c.OpenCondition)
	if c.ShareType == ShareUnconditional {
		c.ShareCondition, c.ShareBasis = "", ""
	}
	if c.ShareType != ShareNone {
		c.ShareBasis = ""
	}
	if !c.Open {
		c.OpenCondition = ""
	}
	items := c.Items[:0:0]
	for _, it := range c.Items {
		trimSpace(&it.Name, &it.Column)
		if it.Name == "" && it.Column == "" {
			continue // a blank row of the form
		}
		if it.ShareType == c.ShareType {
			it.ShareType = ""
		}
		if it.PrimaryKey {
			it.Nullable = false
		}
		items = append(items, it)
	}
	c.Items = items
	c.RelatedIDs = normIDs(c.RelatedIDs, c.ID)
	c.SystemIDs = normIDs(c.SystemIDs, 0)
}

func normIDs(ids []int64, self int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if id > 0 && id != self {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Validate checks an entry's own fields; each refusal names the field.
func (c *CatalogEntry) Validate() error {
	c.Normalize()
	var errs Problems
	errs.Check(!slices.Contains(CatalogClasses, c.Class), "class", "err.enum")
	errs.Check(!itemCodeRe.MatchString(c.Item), "item", "err.catalog.item_code")
	errs.Check(c.Catalog != "" && !catCodeRe.MatchString(c.Catalog), "catalog", "err.catalog.catalog_code")
	errs.Check(c.SubCatalog != "" && (c.Catalog == "" || !subCodeRe.MatchString(c.SubCatalog)), "sub_catalog", "err.catalog.sub_code")
	errs.Check(c.Name == "" || utf8.RuneCountInString(c.Name) > 100, "name", "err.required_len", 100)
	errs.Check(c.ProviderUnitID == 0, "provider_unit_id", "err.required")
	errs.Check(c.Summary == "", "summary", "err.required")
	errs.Check(utf8.RuneCountInString(c.Summary) > 1000, "summary", "err.too_long", 1000)
	errs.Check(!slices.Contains(ResFormats, c.Format), "format", "err.enum")
	errs.Check(utf8.RuneCountInString(c.FormatDetail) > 100, "format_detail", "err.too_long", 100)
	errs.Check(!slices.Contains(ShareTypes, c.ShareType), "share_type", "err.enum")
	errs.Check(c.ShareType != ShareUnconditional && c.ShareCondition == "", "share_condition", "err.catalog.condition_required") // SHR: 共享条件 unless 无条件
	errs.Check(c.ShareType == ShareNone && c.ShareBasis == "", "share_basis", "err.catalog.basis_required")                      // 不予共享 needs its basis
	errs.Check(utf8.RuneCountInString(c.ShareCondition) > 500, "share_condition", "err.too_long", 500)
	errs.Check(utf8.RuneCountInString(c.ShareBasis) > 500, "share_basis", "err.too_long", 500)
	errs.Check(c.ShareType != ShareNone && !slices.Contains(ShareChannels, c.ShareChannel), "share_channel", "err.enum")
	errs.Check(c.ShareType != ShareNone && !slices.Contains(ShareForms, c.ShareForm), "share_form", "err.enum")
	errs.Check(c.ShareType == ShareNone && (c.ShareChannel != "" || c.ShareForm != ""), "share_channel", "err.catalog.no_method")
	errs.Check(c.Open && c.ShareType == ShareNone, "open", "err.catalog.open_not_shared")
	errs.Check(utf8.RuneCountInString(c.OpenCondition) > 500, "open_condition", "err.too_long", 500)
	errs.Check(!slices.Contains(UpdateCycles, c.UpdateCycle), "update_cycle", "err.enum")
	errs.Check(c.BaseLibrary != "" && !c.BaseLibrary.Valid(), "base_library", "err.enum")
	errs.Check(c.ProjectID < 0, "project_id", "err.number")
	errs.Check(!slices.Contains(CatalogStatuses, c.Status), "status", "err.enum")
	errs.Check(len(c.Items) > 500, "items", "err.catalog.too_many_items", 500)
	cols := map[string]bool{}
	for _, it := range c.Items {
		errs.Check(it.Name == "" || utf8.RuneCountInString(it.Name) > 100, "items", "err.catalog.item_name", it.Name)
		errs.Check(!columnNameRe.MatchString(it.Column), "items", "err.catalog.item_column", it.Name)
		errs.Check(cols[strings.ToLower(it.Column)], "items", "err.catalog.item_column_twice", it.Column)
		errs.Check(!slices.Contains(ItemTypes, it.Type), "items", "err.catalog.item_type", it.Name)
		errs.Check(it.Length < 0 || it.Length > 1_000_000, "items", "err.catalog.item_length", it.Name)
		errs.Check(it.ShareType != "" && !slices.Contains(ShareTypes, it.ShareType), "items", "err.catalog.item_share", it.Name)
		if errs.Has("items") {
			break // one problem per field: the first bad row
		}
		cols[strings.ToLower(it.Column)] = true
	}
	return errs.Err()
}

// Complete checks what a pre-compiled entry (SHR-R3: name, provider, summary, sharing, update
// cycle, ...) still needs before it is submitted for registration: its data items.
func (c *CatalogEntry) Complete() error {
	if err := c.Validate(); err != nil {
		return err
	}
	if len(c.Items) == 0 {
		return Invalid("items", "err.catalog.items_required")
	}
	return nil
}

// Editable reports whether an entry's metadata may change in its state: a draft before it is
// submitted, or a published entry (which makes a new revision). Under review (submitted,
// registered) it waits for the office; a withdrawn entry is history.
func (s CatalogStatus) Editable() bool { return s == CatPrecompiled || s == CatPublished }

// CatalogAction is a step of the entry lifecycle.
type CatalogAction string

const (
	CatSubmit   CatalogAction = "submit"   // the provider unit hands the pre-compiled entry in
	CatReturn   CatalogAction = "return"   // the office sends it back, with a note
	CatRegister CatalogAction = "register" // 登记, the office
	CatPublish  CatalogAction = "publish"  // 发布, the office
	CatWithdraw CatalogAction = "withdraw" // 撤销, the office
)

// CatalogActions lists the actions in display order.
var CatalogActions = CatalogFlow.Actions()

// CatalogFlow is the lifecycle (SHR-R3, SHR-R4): the provider unit submits, the office
// registers and publishes, or returns the entry with a note; a withdrawal needs one too.
var CatalogFlow = &Workflow[CatalogStatus, CatalogAction, SystemActor, any]{
	Name: "catalog", Title: "catalog.title", Clauses: []string{"SHR-R3", "SHR-R4"}, States: CatalogStatuses,
	Conflict: "err.catalog.transition", StateKey: "catstatus.", ActionKey: "catalog.action.", NoteKey: "err.catalog.note_required",
	Steps: []Transition[CatalogStatus, CatalogAction, SystemActor, any]{
		{Action: CatSubmit, From: []CatalogStatus{CatPrecompiled}, To: CatSubmitted, By: unitOrOffice},
		{Action: CatReturn, From: []CatalogStatus{CatSubmitted, CatRegistered}, To: CatPrecompiled, By: officeOnly, Note: "note"},
		{Action: CatRegister, From: []CatalogStatus{CatSubmitted}, To: CatRegistered, By: officeOnly},
		{Action: CatPublish, From: []CatalogStatus{CatRegistered}, To: CatPublished, By: officeOnly},
		{Action: CatWithdraw, From: []CatalogStatus{CatPublished}, To: CatWithdrawn, By: officeOnly, Note: "note"},
	},
}

// CatalogChange is one entry of the change feed for the city exchange platform (SHR-P4):
// every publication, published revision and withdrawal, in commit order.
type CatalogChange struct {
	ID       int64         `json:"id"` // monotonic; the cursor of the feed
	EntryID  int64         `json:"entry_id"`
	Code     string        `json:"code"`
	Kind     ChangeKind    `json:"kind"`
	Revision int64         `json:"revision"`
	At       time.Time     `json:"at"`
	Entry    *CatalogEntry `json:"entry"` // the entry as it was published (or withdrawn)
}

// ChangeKind is what a change did.
type ChangeKind string

const (
	ChangePublish  ChangeKind = "publish"
	ChangeRevise   ChangeKind = "revise"
	ChangeWithdraw ChangeKind = "withdraw"
)
