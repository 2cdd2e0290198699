package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// dateFunctions are the functions rules use with dates (strings "2026-12-07"):
//
//	add_days(date, n)      the date n days later ("" stays "")
//	add_months(date, n)    the date n calendar months later (2026-01-31 + 1 month = 2026-02-28)
//	days_between(a, b)     b − a in days (0 when either is "")
//
// A malformed date is an evaluation error, not a silent false.
func dateFunctions() cel.EnvOption {
	return cel.Lib(dateLib{})
}

type dateLib struct{}

func (dateLib) ProgramOptions() []cel.ProgramOption { return nil }

func (dateLib) CompileOptions() []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function("add_days", cel.Overload("add_days_string_int", []*cel.Type{cel.StringType, cel.IntType}, cel.StringType,
			cel.BinaryBinding(func(d, n ref.Val) ref.Val {
				return shift(d, n, func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) })
			}))),
		cel.Function("add_months", cel.Overload("add_months_string_int", []*cel.Type{cel.StringType, cel.IntType}, cel.StringType,
			cel.BinaryBinding(func(d, n ref.Val) ref.Val { return shift(d, n, addMonths) }))),
		cel.Function("days_between", cel.Overload("days_between_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.IntType,
			cel.BinaryBinding(func(a, b ref.Val) ref.Val {
				as, bs := string(a.(types.String)), string(b.(types.String))
				if as == "" || bs == "" {
					return types.Int(0)
				}
				ta, err := parseDay(as)
				if err != nil {
					return types.NewErr("%v", err)
				}
				tb, err := parseDay(bs)
				if err != nil {
					return types.NewErr("%v", err)
				}
				return types.Int(tb.Sub(ta).Hours() / 24)
			}))),
	}
}

func shift(d, n ref.Val, f func(time.Time, int) time.Time) ref.Val {
	s := string(d.(types.String))
	if s == "" {
		return types.String("")
	}
	t, err := parseDay(s)
	if err != nil {
		return types.NewErr("%v", err)
	}
	k := int64(n.(types.Int))
	if k > 100_000 || k < -100_000 {
		return types.NewErr("a shift of %d is out of range", k)
	}
	return types.String(f(t, int(k)).Format(time.DateOnly))
}

// addMonths adds calendar months, keeping the day within the target month (Jan 31 + 1 = Feb 28).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

func parseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date such as 2026-12-07", s)
	}
	return t, nil
}

// decodeStrict turns field → value into a new value of type t through JSON, refusing unknown fields.
func decodeStrict(t reflect.Type, fields map[string]any) (any, error) {
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	v := reflect.New(t)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return nil, fmt.Errorf("input: %v", err)
	}
	return v.Interface(), nil
}
