package sheet

import (
	"bytes"
	"errors"
	"testing"

	"archgov/internal/sheet/bomb"
)

// fuzzLimits keep each input cheap: nothing the fuzzer makes unpacks past a few MB.
var fuzzLimits = Limits{Compressed: 1 << 20, Part: 2 << 20, Total: 4 << 20, Rows: 200, Columns: 60}

// FuzzRead feeds the reader arbitrary files: it must never panic, never read past the
// limits, and refuse a file whole with one of its file errors or read it.
//
//	go test ./internal/sheet -run '^$' -fuzz FuzzRead -fuzztime 60s -fuzzminimizetime 100x
//
// (An input takes tens of milliseconds, so the default minimization of a new input, up to a
// minute, would take most of a short run.)
//
// Crashers found are kept in testdata/fuzz/FuzzRead and run as ordinary tests.
func FuzzRead(f *testing.F) {
	good := newBook(f, "信息系统").row("信息系统", 1, "系统名称", "所属单位", "托管方式", "上线时间").
		row("信息系统", 2, "OA", "区教育局", "政务云", "2019-05-01").
		row("信息系统", 3, "门户", "区教育局", "单位机房", 43000).
		merge("信息系统", "B2:B3").bytes(f)
	f.Add(good)
	titled := newBook(f, "台账").set("台账", map[string]any{"A1": "2024年信息系统台账", "A3": "系统名称", "B3": "主管单位", "C3": "部署方式",
		"A4": "ＯＡ系统", "B4": "区教育局", "C4": "电子政务云"}).merge("台账", "A1:C1").bytes(f)
	f.Add(titled)
	for _, keep := range []int{2, 3, 4} {
		cut, err := bomb.CutPart(good, "xl/worksheets/sheet1.xml", func(n int) int { return n * (keep - 1) / keep })
		if err != nil {
			f.Fatal(err)
		}
		f.Add(cut)
	}
	f.Add(good[:len(good)/2]) // the zip itself cut short
	for _, w := range []func(*bytes.Buffer) error{
		func(w *bytes.Buffer) error { return bomb.Whitespace(w, 4<<20) },
		func(w *bytes.Buffer) error { return bomb.EarlyMerges(w, 4<<20) },
		func(w *bytes.Buffer) error { return bomb.HugeStyles(w, 4<<20) },
		func(w *bytes.Buffer) error { return bomb.Rows(w, 210) },
		func(w *bytes.Buffer) error { return bomb.LongText(w, 1100<<10) },
		func(w *bytes.Buffer) error { return bomb.LyingSizes(w, 4<<20) },
		func(w *bytes.Buffer) error {
			return bomb.Workbook(w, `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "甲">]>`+sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>`))
		},
		func(w *bytes.Buffer) error {
			return bomb.Workbook(w, sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>系统名称</t></is></c></row><row r="-5"/>`))
		},
	} {
		f.Add(build(f, w))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Open(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrUnreadable) {
				t.Fatalf("Open: an error of no known kind: %v", err)
			}
			return
		}
		defer b.Close()
		rows, _, err := b.Read(systems, units)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) && !errors.Is(err, ErrNoHeader) {
				t.Fatalf("Read: an error of no known kind: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Line < 1 || r.Line > fuzzLimits.Rows {
				t.Fatalf("row %d read, outside 1..%d", r.Line, fuzzLimits.Rows)
			}
		}
		if _, err := b.Columns(systems); err != nil && !errors.Is(err, ErrNoHeader) && !errors.Is(err, ErrUnreadable) {
			t.Fatalf("Columns: %v", err)
		}
	})
}
