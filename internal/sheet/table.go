package sheet

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Table is a plain report as an office hands it on (a year's assessment): a title row, a bold
// header row and the rows, each cell a string or a number (numbers stay numbers, so a
// spreadsheet can sort and sum them).
type Table struct {
	Sheet, Title string
	Header       []string
	Rows         [][]any
}

// WriteTable writes t as a workbook of one sheet.
func WriteTable(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return fmt.Errorf("sheet: table: %w", err)
	}
	cell := func(col, row int) string { n, _ := excelize.CoordinatesToCellName(col, row); return n }
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("sheet: table: %w", err)
	}
	set := func(col, row int, v any) {
		if err == nil {
			err = f.SetCellValue(t.Sheet, cell(col, row), v)
		}
	}
	set(1, 1, t.Title)
	if err == nil && len(t.Header) > 1 {
		err = f.MergeCell(t.Sheet, cell(1, 1), cell(len(t.Header), 1))
	}
	for j, h := range t.Header {
		set(j+1, 2, h)
	}
	if err == nil && len(t.Header) > 0 {
		err = f.SetCellStyle(t.Sheet, cell(1, 2), cell(len(t.Header), 2), bold)
	}
	for i, r := range t.Rows {
		for j, v := range r {
			set(j+1, i+3, v)
		}
	}
	if err == nil {
		err = f.SetCellStyle(t.Sheet, cell(1, 1), cell(1, 1), bold)
	}
	if err == nil {
		_, err = f.WriteTo(w)
	}
	if err != nil {
		return fmt.Errorf("sheet: table: %w", err)
	}
	return nil
}
