package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/rules"
)

// cmdRules is `archgov rules export|import|test`: the governance rule set as YAML for review
// outside the app (issue 11). export and import go through the same use cases as the rule
// pages, as the operator (app.SystemActor); test needs no database: it checks a file as the
// office's editor checks a rule — every rule compiled, its test cases run.
func cmdRules(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const use = "usage: archgov rules export [--version N] FILE|-  |  archgov rules import [--note TEXT] FILE|-  |  archgov rules test FILE|-"
	if len(args) == 0 {
		return usageError{use}
	}
	var c Config
	fs := flags("rules "+args[0], &c)
	var version int64
	var note string
	switch args[0] {
	case "export":
		fs.Int64Var(&version, "version", 0, "the published version to export; 0: the one in force")
	case "import":
		fs.StringVar(&note, "note", "", "the revision note (修订说明); default the file's note")
	case "test":
	default:
		return usageError{use}
	}
	file, err := fileArg(fs, args[1:], stderr, use)
	if err != nil {
		return err
	}
	switch args[0] {
	case "test":
		b, err := readArg(file, stdin)
		if err != nil {
			return err
		}
		return testRules(b, stdout)
	case "export":
		if version < 0 {
			return usageError{"rules export: --version must be 0 or a published version"}
		}
		db, svc, err := open(ctx, &c, false, stderr)
		if err != nil {
			return err
		}
		defer db.Close()
		b, err := svc.ExportRuleSet(ctx, app.SystemActor(), version)
		if err != nil {
			return fmt.Errorf("rules export: %w", err)
		}
		if file == "-" {
			_, err = stdout.Write(b)
			return err
		}
		if err := os.WriteFile(file, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", file)
		return nil
	}
	// import
	b, err := readArg(file, stdin)
	if err != nil {
		return err
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	row, err := svc.ImportRuleSet(ctx, app.SystemActor(), b, note)
	if err != nil {
		var e *domain.Error
		if errors.As(err, &e) && (e.Code == domain.EInvalid || e.Code == domain.EUnprocessable) {
			fmt.Fprintln(stdout, "not imported; nothing was published:")
			for _, x := range e.Fields() {
				msg := x.Message
				if len(x.Args) > 0 {
					msg = fmt.Sprint(x.Args...)
				}
				if x.Message == "err.required" {
					msg = "required"
				}
				fmt.Fprintf(stdout, "  %s: %s\n", x.Field, msg)
			}
			return fmt.Errorf("rules import: %d problems", len(e.Fields()))
		}
		return fmt.Errorf("rules import: %w", err)
	}
	set, err := svc.RuleSet(ctx, app.SystemActor(), row.Version)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published version %d: %d rules for the guide year %d (%s); every record was checked against it\n",
		row.Version, len(set.Set.Rules), row.GuideYear, row.Note)
	return nil
}

// fileArg parses the flags and the one FILE argument, which may come before or after them.
func fileArg(fs *flag.FlagSet, args []string, stderr io.Writer, use string) (string, error) {
	fs.SetOutput(stderr)
	var file string
	rest := args
	for {
		if len(rest) > 0 && (rest[0] == "-" || !strings.HasPrefix(rest[0], "-")) {
			if file != "" {
				return "", usageError{use}
			}
			file, rest = rest[0], rest[1:]
		}
		if err := flagError(fs.Parse(rest)); err != nil {
			return "", err
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
	}
	if file == "" {
		return "", usageError{use}
	}
	return file, nil
}

// readArg reads FILE, or the standard input for "-", at most a rule set file's limit.
func readArg(file string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, rules.MaxSetBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > rules.MaxSetBytes {
		return nil, fmt.Errorf("%s: a rule set file is at most %d bytes", file, rules.MaxSetBytes)
	}
	return b, nil
}

// testRules checks every rule of a rule set file and runs its test cases, printing each case
// PASS or FAIL and each problem (an expression's with its line:column); any failure is an error
// (exit status 1).
func testRules(b []byte, out io.Writer) error {
	set, err := rules.DecodeYAML(b)
	if err != nil {
		fmt.Fprintln(out, err)
		return errors.New("rules test: the file does not read")
	}
	var cases, failed, problems int
	seen := map[string]bool{}
	for i := range set.Rules {
		r := &set.Rules[i]
		fmt.Fprintf(out, "%s  %s\n", r.ID, r.Title.ZH)
		if seen[r.ID] {
			fmt.Fprintf(out, "  PROBLEM id: two rules have this ID\n")
			problems++
		}
		seen[r.ID] = true
		ps := rules.CheckRule(r)
		ran := false
		// The cases run whenever the expression compiles, even when they lack a violating or a
		// passing one (a description problem that stops Compile): one more of the kind missing
		// lets it compile, and its result is not shown.
		x := *r
		x.Tests = append(append([]rules.Case(nil), r.Tests...), rules.Case{Name: "-", Violated: len(r.Tests) == 0 || !r.Tests[0].Violated})
		if c, err := rules.Compile(&rules.Set{Rules: []rules.Rule{x}}); err == nil {
			ran = true
			for _, res := range c.RunCases(r.ID)[:len(r.Tests)] {
				cases++
				if res.Pass {
					fmt.Fprintf(out, "  PASS  %s\n", res.Case.Name)
					continue
				}
				failed++
				why := res.Err
				if why == "" {
					why = fmt.Sprintf("expected violated=%v, got %v", res.Case.Violated, res.Got)
				}
				fmt.Fprintf(out, "  FAIL  %s: %s\n", res.Case.Name, why)
			}
		}
		for _, p := range ps {
			if ran && p.Field == "tests" && strings.HasPrefix(p.Message, "case ") {
				continue // a failing case, printed above
			}
			problems++
			at := ""
			if p.Line > 0 {
				at = fmt.Sprintf(" %d:%d", p.Line, p.Column)
			}
			fmt.Fprintf(out, "  PROBLEM %s%s: %s\n", p.Field, at, p.Message)
		}
		if !ran {
			fmt.Fprintf(out, "  (test cases not run: the rule does not compile)\n")
		}
	}
	fmt.Fprintf(out, "%d rules, %d test cases: %d passed, %d failed; %d problems\n", len(set.Rules), cases, cases-failed, failed, problems)
	if failed+problems > 0 {
		return fmt.Errorf("rules test: %d failed test cases, %d problems", failed, problems)
	}
	return nil
}
