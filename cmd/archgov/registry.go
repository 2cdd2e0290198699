package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"archgov/internal/app"
	"archgov/internal/dcat"
	"archgov/internal/domain"
)

// registry is one kind `import` and `export` take: the same use cases as the web import and
// export, run as the operator (the System actor).
type registry struct {
	name    string       // on the command line: "systems", "machine-rooms"
	noun    string       // for messages: "systems", "machine rooms"
	book    app.Workbook // the import
	exportF exportFunc
	// formats are other export formats than the workbook, by --format name (catalog: dcat-ap).
	formats map[string]exportFunc
}

// exportFunc writes a registry (or a format of it) to w and returns how many records it wrote.
type exportFunc func(ctx context.Context, svc *app.Service, w io.Writer) (int, error)

// exportAll is an export use case run as the operator on the whole registry (its zero filter).
func exportAll[F any](export func(*app.Service, context.Context, domain.Actor, F, io.Writer) (int, error)) exportFunc {
	return func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
		var all F
		return export(svc, ctx, app.SystemActor(), all, w)
	}
}

// registries are the kinds the command line knows, in the order usage shows them: the
// systems, the machine-room 台账 (ENV-P2, ENV-R3), the websites (PTL-R3) and new-media
// accounts (PTL-R4), and the information resource catalog's workbook (编制指南 columns, SHR-P4).
// `archgov export catalog --format dcat-ap --out FILE.jsonld` writes the published entries as
// DCAT-AP 3 JSON-LD (docs/DCAT-AP.md); ARCHGOV_BASE_URL (default http://localhost:8080) is the
// server's address the IRIs are built from.
var registries = []*registry{
	{name: "systems", noun: "systems", book: app.SystemsBook, exportF: exportAll((*app.Service).ExportSystems)},
	{name: "machine-rooms", noun: "machine rooms", book: app.RoomsBook, exportF: exportAll((*app.Service).ExportMachineRooms)},
	{name: "websites", noun: "websites", book: app.WebsitesBook, exportF: exportAll((*app.Service).ExportWebsites)},
	{name: "new-media", noun: "new-media accounts", book: app.MediaBook, exportF: exportAll((*app.Service).ExportMedia)},
	{name: "catalog", noun: "catalog entries", book: app.CatalogBook, exportF: exportAll((*app.Service).ExportCatalog),
		formats: map[string]exportFunc{
			"dcat-ap": func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
				base := strings.TrimSuffix(cmp.Or(os.Getenv("ARCHGOV_BASE_URL"), "http://localhost:8080"), "/")
				return svc.ExportDCAT(ctx, app.SystemActor(), dcat.Meta{Base: base}, w)
			},
		}},
}

func registryKind(args []string, verb string) (*registry, []string, error) {
	var names []string
	for _, r := range registries {
		if len(args) > 0 && r.name == args[0] {
			return r, args[1:], nil
		}
		names = append(names, r.name)
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return nil, nil, usageError{"usage: archgov " + verb + " " + strings.Join(names, "|") + " ..."}
	}
	return nil, nil, usageError{fmt.Sprintf("%s: unknown registry %q (%s)", verb, args[0], strings.Join(names, ", "))}
}

// cmdImport imports a registry workbook as the operator: the same checks as the web import,
// and the same rule that one bad row writes nothing.
func cmdImport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	reg, rest, err := registryKind(args, "import")
	if err != nil {
		return err
	}
	var c Config
	var dry bool
	fs := flags("import", &c)
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
		if err := flagError(fs.Parse(rest)); err != nil {
			return err
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
func cmdExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	reg, rest, err := registryKind(args, "export")
	if err != nil {
		return err
	}
	var c Config
	var out, format string
	fs := flags("export", &c)
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
