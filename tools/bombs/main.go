// Command bombs writes the documented set of spreadsheet bombs (docs/PERFORMANCE.md,
// "Spreadsheet bombs") into a directory, for scripts/bombs.sh:
//
//	go run ./tools/bombs -out DIR
//
// The files are the same bytes on every run.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"archgov/internal/sheet/bomb"
)

func main() {
	out := flag.String("out", ".", "directory to write the bombs into")
	size := flag.Int64("size", 1200_000_000, "inflated bytes of the whitespace, merge and styles bombs")
	rows := flag.Int("rows", 600_000, "data rows of the rows bomb")
	flag.Parse()
	bombs := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"whitespace.xlsx", func(w io.Writer) error { return bomb.Whitespace(w, *size) }},
		{"early-merges.xlsx", func(w io.Writer) error { return bomb.EarlyMerges(w, *size) }},
		{"huge-styles.xlsx", func(w io.Writer) error { return bomb.HugeStyles(w, *size) }},
		{"rows.xlsx", func(w io.Writer) error { return bomb.Rows(w, *rows) }},
		{"lying-sizes.xlsx", func(w io.Writer) error { return bomb.LyingSizes(w, *size) }},
		{"long-text.xlsx", func(w io.Writer) error { return bomb.LongText(w, 99_000_000) }},
	}
	for _, b := range bombs {
		if err := write(filepath.Join(*out, b.name), b.write); err != nil {
			fmt.Fprintln(os.Stderr, "bombs:", err)
			os.Exit(1)
		}
	}
}

func write(name string, f func(io.Writer) error) error {
	w, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := f(w); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
