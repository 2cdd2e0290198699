package domain

import (
	"testing"
)

func validEntry() *CatalogEntry {
	return &CatalogEntry{Class: "1", Item: "01", Catalog: "001", Name: "户籍人口基本信息", ProviderUnitID: 7, Summary: "户籍人口的基本情况",
		Format: FormatDatabase, ShareType: ShareConditional, ShareCondition: "仅限政务部门使用", ShareChannel: ChannelPlatform, ShareForm: FormAPI,
		UpdateCycle: CycleDaily, Status: CatPrecompiled,
		Items: []DataItem{{Name: "公民身份号码", Column: "gmsfhm", Type: ItemChar, Length: 18, PrimaryKey: true, Nullable: true, Sensitive: true},
			{Name: "姓名", Column: "xm", Type: ItemChar, Length: 50, ShareType: ShareConditional}, {Name: " ", Column: ""}}}
}

func TestCatalogEntryValidate(t *testing.T) {
	c := validEntry()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(c.Items) != 2 || c.Items[0].Nullable || c.Items[1].ShareType != "" || c.ClassCode() != "101001" {
		t.Fatalf("normalized: %+v %s", c.Items, c.ClassCode())
	}
	for _, tc := range []struct {
		name  string
		edit  func(c *CatalogEntry)
		field string
	}{
		{"class", func(c *CatalogEntry) { c.Class = "4" }, "class"},
		{"item", func(c *CatalogEntry) { c.Item = "1" }, "item"},
		{"sub without catalog", func(c *CatalogEntry) { c.Catalog, c.SubCatalog = "", "01" }, "sub_catalog"},
		{"name", func(c *CatalogEntry) { c.Name = "" }, "name"},
		{"summary", func(c *CatalogEntry) { c.Summary = " " }, "summary"},
		{"format", func(c *CatalogEntry) { c.Format = "pdf" }, "format"},
		{"conditions for conditional", func(c *CatalogEntry) { c.ShareCondition = "" }, "share_condition"},
		{"conditions for none", func(c *CatalogEntry) {
			c.ShareType, c.ShareChannel, c.ShareForm, c.ShareBasis, c.ShareCondition = ShareNone, "", "", "依据", ""
		}, "share_condition"},
		{"basis for none", func(c *CatalogEntry) { c.ShareType, c.ShareChannel, c.ShareForm = ShareNone, "", "" }, "share_basis"},
		{"method for none", func(c *CatalogEntry) { c.ShareType, c.ShareBasis = ShareNone, "依据" }, "share_channel"},
		{"open when not shared", func(c *CatalogEntry) {
			c.ShareType, c.ShareChannel, c.ShareForm, c.ShareBasis, c.Open = ShareNone, "", "", "依据", true
		}, "open"},
		{"channel", func(c *CatalogEntry) { c.ShareChannel = "" }, "share_channel"},
		{"cycle", func(c *CatalogEntry) { c.UpdateCycle = "hourly" }, "update_cycle"},
		{"library", func(c *CatalogEntry) { c.BaseLibrary = "Tax!" }, "base_library"},
		{"column", func(c *CatalogEntry) { c.Items[1].Column = "1xm" }, "items"},
		{"column twice", func(c *CatalogEntry) { c.Items[1].Column = "GMSFHM" }, "items"},
		{"item type", func(c *CatalogEntry) { c.Items[1].Type = "text" }, "items"},
		{"item share", func(c *CatalogEntry) { c.Items[1].ShareType = "maybe" }, "items"},
	} {
		c := validEntry()
		tc.edit(c)
		err := c.Validate()
		if ErrorCode(err) != EInvalid || AsError(err).Field != tc.field {
			t.Errorf("%s: %v, want invalid %s", tc.name, err, tc.field)
		}
	}
	// A pre-compiled entry may do without data items until it is submitted.
	c = validEntry()
	c.Items = nil
	if err := c.Validate(); err != nil {
		t.Fatalf("no items yet: %v", err)
	}
	if err := c.Complete(); ErrorCode(err) != EInvalid || AsError(err).Field != "items" {
		t.Fatalf("complete without items: %v", err)
	}
	// 无条件共享 keeps no conditions or basis; an entry not open keeps no open conditions.
	c = validEntry()
	c.ShareType, c.ShareBasis, c.OpenCondition = ShareUnconditional, "x", "y"
	if err := c.Validate(); err != nil || c.ShareCondition != "" || c.ShareBasis != "" || c.OpenCondition != "" {
		t.Fatalf("unconditional: %v %+v", err, c)
	}
}

func TestCatalogSteps(t *testing.T) {
	unit, office := []SystemActor{ByUnit}, []SystemActor{ByOffice}
	for _, tc := range []struct {
		from CatalogStatus
		who  []SystemActor
		want []CatalogAction
	}{
		{CatPrecompiled, unit, []CatalogAction{CatSubmit}},
		{CatPrecompiled, office, []CatalogAction{CatSubmit}},
		{CatSubmitted, unit, nil},
		{CatSubmitted, office, []CatalogAction{CatReturn, CatRegister}},
		{CatRegistered, office, []CatalogAction{CatReturn, CatPublish}},
		{CatPublished, unit, nil},
		{CatPublished, office, []CatalogAction{CatWithdraw}},
		{CatWithdrawn, office, nil},
	} {
		got := CatalogFlow.Available(tc.from, tc.who, nil)
		if len(got) != len(tc.want) {
			t.Errorf("%s by %v: %v, want %v", tc.from, tc.who, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s by %v: %v, want %v", tc.from, tc.who, got, tc.want)
			}
		}
	}
	if _, err := CatalogFlow.Next(CatPublished, CatWithdraw, office, "", nil); ErrorCode(err) != EInvalid {
		t.Errorf("withdraw without a note: %v", err)
	}
	if _, err := CatalogFlow.Next(CatRegistered, CatPublish, unit, "", nil); ErrorCode(err) != EForbidden {
		t.Errorf("publish by the unit: %v", err)
	}
	if _, err := CatalogFlow.Next(CatPrecompiled, CatPublish, office, "", nil); ErrorCode(err) != EConflict {
		t.Errorf("publish a draft: %v", err)
	}
	if !CatPrecompiled.Editable() || !CatPublished.Editable() || CatSubmitted.Editable() || CatRegistered.Editable() || CatWithdrawn.Editable() {
		t.Error("editable states")
	}
}
