package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/term"

	"archgov/internal/app"
	"archgov/internal/store"
)

// registry is one kind `import` and `export` take: the same use cases as the web import and
// export, run as the operator (the System actor).
type registry struct {
	noun    string       // for messages: "systems", "machine rooms"
	book    app.Workbook // the import
	exportF func(ctx context.Context, svc *app.Service, w io.Writer) (int, error)
	// formats are other export formats than the workbook, by --format name (catalog: dcat-ap).
	formats map[string]func(ctx context.Context, svc *app.Service, w io.Writer) (int, error)
}

// registries lists the kinds by their command-line name. Each registry adds itself from an
// init in its own file (registry_rooms.go ...); a known name without an entry is not built.
var registries = map[string]*registry{
	"systems": {
		noun: "systems",
		book: app.SystemsBook,
		exportF: func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
			return svc.ExportSystems(ctx, app.SystemActor(), store.SystemFilter{}, w)
		},
	},
}

// registryNames are the kinds the command line knows, in the order usage shows them.
var registryNames = []string{"systems", "machine-rooms", "websites", "new-media", "catalog"}

func registryKind(args []string, verb string) (*registry, []string, error) {
	kinds := strings.Join(registryNames, "|")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return nil, nil, usageError{"usage: archgov " + verb + " " + kinds + " ..."}
	}
	reg := registries[args[0]]
	if !slices.Contains(registryNames, args[0]) {
		return nil, nil, usageError{fmt.Sprintf("%s: unknown registry %q (%s)", verb, args[0], strings.Join(registryNames, ", "))}
	}
	if reg == nil {
		return nil, nil, fmt.Errorf("%s: the %s registry is not available in this version yet", verb, args[0])
	}
	return reg, args[1:], nil
}

// cmdImport imports a registry workbook as the operator: the same checks as the web import,
// and the same rule that one bad row writes nothing.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	reg, rest, err := registryKind(args, "import")
	if err != nil {
		return err
	}
	var c Config
	var dry bool
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbFlags(fs, &c)
	fs.BoolVar(&dry, "dry-run", false, "check and report, write nothing")
	importFlags(fs, &c)
	// The file may come before, between or after the flags (the flag package stops at the
	// first argument that is not a flag, so parse what follows it again).
	var file string
	fs.SetOutput(stderr)
	for {
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			if file != "" {
				return usageError{"usage: archgov import " + args[0] + " FILE.xlsx [--dry-run]"}
			}
			file, rest = rest[0], rest[1:]
		}
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
	}
	if file == "" {
		return usageError{"usage: archgov import " + args[0] + " FILE.xlsx [--dry-run]"}
	}
	if c.sheetLimits, err = c.Import.sheetLimits("import"); err != nil {
		return err
	}
	// Not read here: the import reads no more of it than its limit on the file's size.
	content, err := os.Open(file)
	if err != nil {
		return err
	}
	defer content.Close()
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := reg.book.Import(svc, ctx, app.SystemActor(), content, !dry, progressBar(stderr))
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(stdout, "%d 行：新增 %d，更新 %d，无变化 %d\n", rep.Rows, rep.Create, rep.Update, rep.Unchanged)
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintln(stderr, p.String())
		}
		return fmt.Errorf("%d 个问题，未导入任何数据", len(rep.Problems))
	}
	switch {
	case dry:
		fmt.Fprintln(stdout, "试运行（--dry-run）：未写入")
	case rep.Applied:
		fmt.Fprintln(stdout, "已导入")
	default:
		fmt.Fprintln(stdout, "没有需要导入的变化")
	}
	return nil
}

// progressBar draws the check and write progress on a terminal; elsewhere it stays quiet, so
// scripts get clean output.
func progressBar(w io.Writer) func(string, int, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	names := map[string]string{"check": "校验", "write": "写入"}
	return func(stage string, done, total int) {
		if total == 0 {
			return
		}
		const width = 30
		n := done * width / total
		fmt.Fprintf(w, "\r%s [%s%s] %d/%d", names[stage], strings.Repeat("█", n), strings.Repeat("·", width-n), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}

// cmdExport writes a registry to a workbook the import reads back.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	reg, rest, err := registryKind(args, "export")
	if err != nil {
		return err
	}
	var c Config
	var out, format string
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dbFlags(fs, &c)
	fs.StringVar(&out, "out", "", "the file to write (must not exist)")
	fs.StringVar(&format, "format", "xlsx", "xlsx, or another format of this registry (catalog: dcat-ap)")
	if err := parse(fs, rest, stderr); err != nil {
		return err
	}
	if out == "" {
		return usageError{"usage: archgov export " + args[0] + " --out FILE.xlsx [--format xlsx]"}
	}
	exportF := reg.exportF
	if format != "xlsx" {
		if exportF = reg.formats[format]; exportF == nil {
			return usageError{fmt.Sprintf("export %s: unknown format %q", args[0], format)}
		}
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	// Written straight to the file (a DCAT-AP export of 200,000 entries is not held in memory);
	// a failed export leaves no file behind.
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	n, err := exportF(ctx, svc, w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		return err
	}
	fmt.Fprintf(stdout, "exported %d %s to %s\n", n, reg.noun, out)
	return nil
}
