package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Columns reports which of the schema's columns the file's header holds, by key. A registry
// uses it to keep the values of columns an older workbook lacks (one exported before the
// column existed) instead of taking their absence for empty cells.
func Columns(r io.Reader, s Schema) (map[string]bool, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("sheet: read upload: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, unreadable(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable(err)
	}
	defer f.Close()
	h, err := newReader(s, nil).findHeader(f, zr)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(s.Columns))
	for i, c := range s.Columns {
		if h.at[i] >= 0 {
			out[c.Key] = true
		}
	}
	return out, nil
}
