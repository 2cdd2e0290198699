package sheet

import "io"

// Columns reports which of the schema's columns the file's header holds, within
// DefaultLimits; see Book.Columns.
func Columns(r io.Reader, s Schema) (map[string]bool, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	b, err := Open(r, Limits{})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return b.Columns(s)
}

// Columns reports which of the schema's columns the file's header holds, by key. A registry
// uses it to keep the values of columns an older workbook lacks (one exported before the
// column existed) instead of taking their absence for empty cells.
func (b *Book) Columns(s Schema) (map[string]bool, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	h, err := newReader(s, nil).findHeader(b)
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
