package sheet

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// CrossTab is a table of totals as an office hands it on (the district plan to the finance
// bureau): a title row, a header row (Corner, then Cols, then Total), one row per Rows label
// with its Values, a totals column and a totals row. The totals are numbers the writer works
// out, so the workbook reads correctly without recalculation; every cell is a number a
// spreadsheet can sum.
type CrossTab struct {
	Sheet, Title, Corner, Total string
	Cols, Rows                  []string
	Values                      [][]int64 // Values[row][col]
}

// WriteCrossTab writes t as a workbook of one sheet.
func WriteCrossTab(w io.Writer, t CrossTab) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return fmt.Errorf("sheet: cross tab: %w", err)
	}
	cell := func(col, row int) string { n, _ := excelize.CoordinatesToCellName(col, row); return n }
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("sheet: cross tab: %w", err)
	}
	last := len(t.Cols) + 2
	set := func(col, row int, v any) {
		if err == nil {
			err = f.SetCellValue(t.Sheet, cell(col, row), v)
		}
	}
	set(1, 1, t.Title)
	if err == nil {
		err = f.MergeCell(t.Sheet, cell(1, 1), cell(last, 1))
	}
	set(1, 2, t.Corner)
	for j, c := range t.Cols {
		set(j+2, 2, c)
	}
	set(last, 2, t.Total)
	colSum := make([]int64, len(t.Cols)+1)
	for i, r := range t.Rows {
		set(1, i+3, r)
		var sum int64
		for j := range t.Cols {
			v := t.Values[i][j]
			set(j+2, i+3, v)
			sum += v
			colSum[j] += v
		}
		set(last, i+3, sum)
		colSum[len(t.Cols)] += sum
	}
	foot := len(t.Rows) + 3
	set(1, foot, t.Total)
	for j, v := range colSum {
		set(j+2, foot, v)
	}
	for _, r := range []int{1, 2, foot} {
		if err == nil {
			err = f.SetCellStyle(t.Sheet, cell(1, r), cell(last, r), bold)
		}
	}
	if err == nil {
		err = f.SetColWidth(t.Sheet, "A", "A", 30)
	}
	if err != nil {
		return fmt.Errorf("sheet: cross tab: %w", err)
	}
	return f.Write(w)
}
