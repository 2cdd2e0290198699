package sheet

import (
	"bytes"
	"errors"
	"testing"
)

// Columns names the schema columns a workbook's header holds, under a title row too.
func TestColumns(t *testing.T) {
	s := rooms()
	data := newBook(t, s.Name).row(s.Name, 1, "2024年机房台账").row(s.Name, 2, s.Columns[0].Header, s.Columns[1].Header).bytes(t)
	got, err := Columns(bytes.NewReader(data), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[s.Columns[0].Key] || !got[s.Columns[1].Key] {
		t.Fatalf("Columns = %v", got)
	}
	if _, err := Columns(bytes.NewReader([]byte("not a workbook")), s); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("unreadable file: %v", err)
	}
}
