package app

import (
	"reflect"
	"testing"

	"archgov/internal/domain"
)

// TestEditsApplyEveryField sets every field of each Edit type and applies it: a field with no
// namesake of its type on the record panics in patch, and a text must arrive as sent.
func TestEditsApplyEveryField(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		edit  any
		apply func(edit any) any
	}{
		{WebsiteEdit{}, func(e any) any { var x domain.Website; e.(WebsiteEdit).Apply(&x); return x }},
		{MediaEdit{}, func(e any) any { var x domain.MediaAccount; e.(MediaEdit).Apply(&x); return x }},
		{RoomEdit{}, func(e any) any { var x domain.MachineRoom; e.(RoomEdit).Apply(&x); return x }},
		{SystemEdit{}, func(e any) any { var x domain.System; e.(SystemEdit).Apply(&x); return x }},
		{CatalogEdit{}, func(e any) any { var x domain.CatalogEntry; e.(CatalogEdit).Apply(&x); return x }},
		{CloudRequestEdit{}, func(e any) any { var x domain.CloudRequest; e.(CloudRequestEdit).Apply(&x); return x }},
		{CloudPoolEdit{}, func(e any) any { var x domain.CloudPool; e.(CloudPoolEdit).Apply(&x); return x }},
		{UnitEdit{}, func(e any) any { var x domain.Unit; patch(&x, e); return x }},
		{UserEdit{}, func(e any) any { var x domain.User; patch(&x, e); return x }},
		{ExpertEdit{}, func(e any) any { var x domain.Expert; e.(ExpertEdit).Apply(&x); return x }},
		{ProjectEdit{}, func(e any) any { var x domain.Project; e.(ProjectEdit).Apply(&x); return x }},
	} {
		e := reflect.New(reflect.TypeOf(c.edit)).Elem()
		var texts []string
		for i := range e.NumField() {
			f := e.Field(i)
			if f.Kind() != reflect.Pointer {
				continue
			}
			v := reflect.New(f.Type().Elem())
			if v.Elem().Kind() == reflect.String {
				v.Elem().SetString("text of " + e.Type().Field(i).Name)
				texts = append(texts, e.Type().Field(i).Name)
			}
			f.Set(v)
		}
		t.Run(e.Type().Name(), func(t *testing.T) {
			got := reflect.ValueOf(c.apply(e.Interface()))
			for _, name := range texts {
				if s := got.FieldByName(name).String(); s != "text of "+name {
					t.Errorf("%s = %q after Apply", name, s)
				}
			}
		})
	}
}
