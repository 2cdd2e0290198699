package sheet

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

const (
	instructionsSheet = "填表说明"
	// optionsSheet holds drop-down lists too long to write inline (Excel
	// allows 255 characters there); it is hidden.
	optionsSheet = "选项"
	lastRow      = 1048576
	// Excel truncates or refuses longer prompts and alerts.
	maxPrompt = 250
)

// WriteTemplate writes an empty workbook to fill in: a first sheet 填表说明
// describing every column, then one sheet per schema with its headers in
// row 1 (bold, frozen, required ones marked *), drop-downs on every Enum
// and Bool column, and cells formatted so codes keep their leading zeros
// and dates stay dates.
func WriteTemplate(w io.Writer, schemas ...Schema) error {
	for _, s := range schemas {
		if err := s.check(); err != nil {
			return err
		}
		if n := Fold(s.Name); n == Fold(instructionsSheet) || n == Fold(optionsSheet) {
			return fmt.Errorf("sheet: template: %q is a reserved sheet name", s.Name)
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", instructionsSheet); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	if err := writeInstructions(f, st, schemas); err != nil {
		return fmt.Errorf("sheet: template instructions: %w", err)
	}
	opts := &optionLists{f: f}
	for _, s := range schemas {
		if err := writeTemplateSheet(f, st, opts, s); err != nil {
			return fmt.Errorf("sheet: template %s: %w", s.Name, err)
		}
	}
	if opts.used > 0 {
		if err := f.SetSheetVisible(optionsSheet, false); err != nil {
			return fmt.Errorf("sheet: template: %w", err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheet: write template: %w", err)
	}
	return nil
}

type styles struct {
	header, required, title, text, date, integer, wrap int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	dateFmt, textFmt := "yyyy-mm-dd", "@"
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: center}},
		{&st.required, excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill, Border: border, Alignment: center}},
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.text, excelize.Style{CustomNumFmt: &textFmt}},
		{&st.date, excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.integer, excelize.Style{NumFmt: 1}},
		{&st.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, fmt.Errorf("sheet: style: %w", err)
		}
		*s.id = id
	}
	return st, nil
}

func kindText(c Column) string {
	var t string
	switch c.Kind {
	case Text:
		t = "文字"
	case Code:
		t = "编码或网址，不含空格"
	case Int:
		t = "整数"
	case Decimal:
		t = "数字"
	case Date:
		t = "日期（写法见上方第3条）"
	case Bool:
		t = "填“是”或“否”（下拉选择）"
	case Enum:
		t = "从下拉列表中选择"
		if c.Multi {
			t = "可填多项，用“、”分隔"
		}
	case UnitRef:
		t = "单位全称或单位编码"
	}
	if c.MaxLen > 0 {
		t += "，不超过" + strconv.Itoa(c.MaxLen) + "个字符"
	}
	return t
}

func writeInstructions(f *excelize.File, st styles, schemas []Schema) error {
	sh := instructionsSheet
	notes := []string{
		"1. 每张表第1行是表头，请勿修改列名；表头上方可以加标题行，列的顺序可以调整，不用的非必填列可以删除。",
		"2. 列名带 * 的为必填项。从第2行起每行填写一条记录；整行留空的行会被跳过。",
		"3. 日期可写作：" + DateFormats + "。",
		"4. 是/否列填“是”或“否”（也可填 Y/N、√/×、1/0）；有下拉列表的列请从列表中选择。",
		"5. 导入时会逐行检查，所有问题按“第几行「哪一列」”列出；只要有一处问题，整个文件都不会导入，改正后重新上传即可。",
	}
	for _, s := range schemas {
		if len(s.Key) == 0 {
			continue
		}
		var cols []string
		for _, k := range s.Key {
			c, _ := s.Column(k)
			cols = append(cols, "「"+c.Header+"」")
		}
		notes = append(notes, fmt.Sprintf("%d. 「%s」表按%s识别同一条记录：重复导入会更新已有记录，不会重复新增；同一文件中不能有两行相同。", len(notes)+1, s.Name, strings.Join(cols, "")))
	}
	if err := f.SetCellValue(sh, "A1", "填表说明"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", st.title); err != nil {
		return err
	}
	r := 2
	for _, n := range notes {
		if err := f.SetCellValue(sh, "A"+strconv.Itoa(r), n); err != nil {
			return err
		}
		r++
	}
	r++
	head := []any{"工作表", "列名", "是否必填", "填写要求", "可选值", "说明"}
	if err := f.SetSheetRow(sh, "A"+strconv.Itoa(r), &head); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A"+strconv.Itoa(r), "F"+strconv.Itoa(r), st.header); err != nil {
		return err
	}
	first := r + 1
	for _, s := range schemas {
		for i, c := range s.Columns {
			r++
			name := ""
			if i == 0 {
				name = s.Name
			}
			req := "否"
			if c.Required {
				req = "是"
			}
			values := ""
			switch c.Kind {
			case Enum:
				values = strings.Join(c.Enum, "、")
			case Bool:
				values = "是、否"
			}
			help := c.Help
			if len(c.Aliases) > 0 {
				if help != "" {
					help += "；"
				}
				help += "也可用列名：" + strings.Join(c.Aliases, "、")
			}
			row := []any{name, c.Header, req, kindText(c), values, help}
			if err := f.SetSheetRow(sh, "A"+strconv.Itoa(r), &row); err != nil {
				return err
			}
		}
	}
	if r >= first {
		if err := f.SetCellStyle(sh, "A"+strconv.Itoa(first), "F"+strconv.Itoa(r), st.wrap); err != nil {
			return err
		}
	}
	for col, width := range map[string]float64{"A": 14, "B": 18, "C": 10, "D": 30, "E": 40, "F": 40} {
		if err := f.SetColWidth(sh, col, col, width); err != nil {
			return err
		}
	}
	return nil
}

// optionLists writes long drop-down lists, one per column, into the hidden
// options sheet.
type optionLists struct {
	f    *excelize.File
	used int
}

func (o *optionLists) add(values []string) (string, error) {
	if o.used == 0 {
		if _, err := o.f.NewSheet(optionsSheet); err != nil {
			return "", err
		}
	}
	o.used++
	col, err := excelize.ColumnNumberToName(o.used)
	if err != nil {
		return "", err
	}
	for i, v := range values {
		if err := o.f.SetCellStr(optionsSheet, col+strconv.Itoa(i+1), v); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("'%s'!$%s$1:$%s$%d", optionsSheet, col, col, len(values)), nil
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func columnWidth(c Column) float64 {
	w := float64(utf8.RuneCountInString(c.Header))*2.2 + 4
	switch c.Kind {
	case Text, UnitRef:
		w = max(w, 24)
	case Date:
		w = max(w, 12)
	}
	return min(max(w, 10), 60)
}

func writeTemplateSheet(f *excelize.File, st styles, opts *optionLists, s Schema) error {
	sh := s.Name
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for i, c := range s.Columns {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		style := st.text
		switch c.Kind {
		case Date:
			style = st.date
		case Int:
			style = st.integer
		case Decimal:
			style = 0
		}
		if style != 0 {
			if err := f.SetColStyle(sh, col, style); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(sh, col, col, columnWidth(c)); err != nil {
			return err
		}
		header, hs := c.Header, st.header
		if c.Required {
			header, hs = header+"*", st.required
		}
		if err := f.SetCellStr(sh, col+"1", header); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, col+"1", col+"1", hs); err != nil {
			return err
		}
		if err := addValidation(f, opts, sh, col, c); err != nil {
			return err
		}
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func addValidation(f *excelize.File, opts *optionLists, sheet, col string, c Column) error {
	var values []string
	strict := true
	prompt := c.Help
	switch {
	case c.Kind == Bool:
		values = []string{"是", "否"}
	case c.Kind == Enum:
		values = c.Enum
		if c.Multi {
			// A list validation cannot hold 「区、镇街」, so the list only
			// offers choices and typing several stays allowed.
			strict = false
			prompt = strings.TrimSpace("可填多项，用“、”分隔。" + prompt)
		}
	case c.Kind == UnitRef && len(c.Enum) > 0:
		values, strict = c.Enum, false
		prompt = strings.TrimSpace("可选择或填写单位全称、单位编码。" + prompt)
	default:
		return nil
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, lastRow)
	// An inline list is comma-separated and at most 255 characters long.
	if err := dv.SetDropList(values); err != nil || slices.ContainsFunc(values, func(v string) bool { return strings.Contains(v, ",") }) {
		ref, err := opts.add(values)
		if err != nil {
			return err
		}
		dv.SetSqrefDropList(ref)
	}
	if strict {
		dv.SetError(excelize.DataValidationErrorStyleStop, clip(c.Header, 30), clip("请从下拉列表中选择："+strings.Join(values, "、"), maxPrompt))
	}
	if prompt != "" {
		dv.SetInput(clip(c.Header, 30), clip(prompt, maxPrompt))
	}
	return f.AddDataValidation(sheet, dv)
}

// Export writes rows of display values (as Cell.Text holds them) under the
// schema's headers, streaming so a long list does not sit in memory twice.
// Numbers and dates are written as Excel numbers and dates, so the file
// sorts and sums in Excel, and Read takes it back unchanged.
func Export(w io.Writer, s Schema, rows []map[string]string) error {
	return ExportBook(w, Part{Schema: s, Rows: rows})
}

// Part is one sheet of a workbook ExportBook writes.
type Part struct {
	Schema Schema
	Rows   []map[string]string
}

// ExportBook is Export for a workbook of several sheets (e.g. catalog entries and their data
// items), one per part, in order.
func ExportBook(w io.Writer, parts ...Part) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for n, p := range parts {
		s := p.Schema
		if err := s.check(); err != nil {
			return err
		}
		if n == 0 {
			err = f.SetSheetName("Sheet1", s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return fmt.Errorf("sheet: export: %w", err)
		}
		if err := exportSheet(f, st, s, p.Rows); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheet: write export: %w", err)
	}
	return nil
}

func exportSheet(f *excelize.File, st styles, s Schema, rows []map[string]string) error {
	sw, err := f.NewStreamWriter(s.Name)
	if err != nil {
		return fmt.Errorf("sheet: export: %w", err)
	}
	for i, c := range s.Columns {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return fmt.Errorf("sheet: export: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("sheet: export: %w", err)
	}
	line := make([]any, len(s.Columns))
	for i, c := range s.Columns {
		line[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", line); err != nil {
		return fmt.Errorf("sheet: export: %w", err)
	}
	for n, row := range rows {
		for i, c := range s.Columns {
			line[i] = exportValue(c, row[c.Key], st)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, line); err != nil {
			return fmt.Errorf("sheet: export row %d: %w", n+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet: export: %w", err)
	}
	return nil
}

func exportValue(c Column, v string, st styles) any {
	if v == "" {
		return nil
	}
	switch c.Kind {
	case Int:
		if n, err := strconv.ParseInt(number(v), 10, 64); err == nil {
			return n
		}
	case Decimal:
		if f, err := strconv.ParseFloat(number(v), 64); err == nil {
			return f
		}
	case Date:
		if d, ok := parseDate(v, false); ok {
			return excelize.Cell{StyleID: st.date, Value: d}
		}
	}
	return v
}
