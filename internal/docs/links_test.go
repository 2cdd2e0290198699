package docs

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// root is the repository, two levels above this package.
const root = "../.."

// markdownFiles lists README.md and every .md file under docs/, slash-separated and relative to root.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md"}
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// prose returns the lines of a markdown file outside fenced code blocks, keeping line numbers
// (a fenced line becomes empty); with dropCode, inline code spans are removed too.
func prose(src string, dropCode bool) []string {
	lines := strings.Split(src, "\n")
	fenced := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			lines[i] = ""
			continue
		}
		if fenced {
			lines[i] = ""
			continue
		}
		if dropCode {
			lines[i] = inlineCode.ReplaceAllString(l, "")
		}
	}
	return lines
}

var (
	inlineCode = regexp.MustCompile("`[^`]*`")
	link       = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]+)\)`)
	heading    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	explicitID = regexp.MustCompile(`\bid="([^"]+)"`)
)

// anchors returns the fragment identifiers a markdown file offers: GitHub's slug of every
// heading (with -1, -2 … for repeats) and every explicit id="…".
func anchors(src string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, l := range strings.Split(src, "\n") {
		for _, m := range explicitID.FindAllStringSubmatch(l, -1) {
			out[m[1]] = true
		}
	}
	for _, l := range prose(src, false) {
		m := heading.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		s := slug(m[1])
		if n := seen[s]; n > 0 {
			out[s+"-"+strconv.Itoa(n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

// slug is GitHub's heading anchor: link text instead of links, lower case, letters, marks,
// digits, '_', '-' and spaces kept, everything else dropped, spaces turned into hyphens.
func slug(h string) string {
	h = link.ReplaceAllString(h, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestRelativeLinks checks that every relative link in README.md and docs/**/*.md points to
// a file or directory that exists and, when it names a fragment of a markdown file, to a
// heading or an explicit anchor of that file.
func TestRelativeLinks(t *testing.T) {
	cache := map[string]map[string]bool{}
	anchorsOf := func(file string) map[string]bool {
		if a, ok := cache[file]; ok {
			return a
		}
		b, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		cache[file] = anchors(string(b))
		return cache[file]
	}
	checked := 0
	for _, file := range markdownFiles(t) {
		b, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range prose(string(b), true) {
			for _, m := range link.FindAllStringSubmatch(l, -1) {
				target := m[2]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				checked++
				path, frag, _ := strings.Cut(target, "#")
				dest := file
				if path != "" {
					p, err := url.PathUnescape(path)
					if err != nil {
						t.Errorf("%s:%d: link %q: %v", file, i+1, target, err)
						continue
					}
					dest = filepath.ToSlash(filepath.Join(filepath.Dir(file), p))
					if strings.HasPrefix(dest, "../") {
						t.Errorf("%s:%d: link %q leaves the repository (a fresh clone has nothing there)", file, i+1, target)
						continue
					}
					if _, err := os.Stat(filepath.Join(root, dest)); err != nil {
						t.Errorf("%s:%d: link %q: no file %s", file, i+1, target, dest)
						continue
					}
				}
				if frag == "" || !strings.HasSuffix(dest, ".md") {
					continue
				}
				f, err := url.PathUnescape(frag)
				if err != nil {
					t.Errorf("%s:%d: link %q: %v", file, i+1, target, err)
					continue
				}
				if !anchorsOf(dest)[f] {
					t.Errorf("%s:%d: link %q: %s has no heading or anchor #%s", file, i+1, target, dest, f)
				}
			}
		}
	}
	t.Logf("%d relative links checked", checked)
	if checked < 100 {
		t.Errorf("only %d relative links checked; the documentation has more (is the link pattern broken?)", checked)
	}
}

// clauseID is a clause of the district's rules (docs/RULES.md): ENV-P1, BLD-R5, SHR-R8, FLOW-4, ORG-1 ….
var clauseID = regexp.MustCompile(`\b(?:ENV|BLD|SHR|PTL|FLOW|ORG)-[PR]?[0-9]+\b`)

// TestClauseIDsHaveText checks that every clause ID cited in the code, the templates and the
// message catalogs under internal/ and cmd/ has its anchor in docs/RULES.md, so that a clause
// chip in the UI or an ID in an error message always resolves to a text.
func TestClauseIDsHaveText(t *testing.T) {
	rules, err := os.ReadFile(filepath.Join(root, "docs", "RULES.md"))
	if err != nil {
		t.Fatal(err)
	}
	have := anchors(string(rules))
	cited := map[string]string{} // ID → first file citing it
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || strings.HasSuffix(p, "_test.go") || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".html")) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, id := range clauseID.FindAllString(string(b), -1) {
				if _, ok := cited[id]; !ok {
					cited[id] = p
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(cited) < 20 {
		t.Fatalf("only %d clause IDs found in the code; the walk is broken", len(cited))
	}
	var ids []string
	for id := range cited {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !have[strings.ToLower(id)] {
			t.Errorf("%s (cited in %s) has no anchor id=%q in docs/RULES.md", id, cited[id], strings.ToLower(id))
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"审计链 / Audit chain":                              "审计链--audit-chain",
		"关停期限（ENV-R3）":                                   "关停期限env-r3",
		"三权分立: who may change which account":             "三权分立-who-may-change-which-account",
		"Metrics (internal/web/metrics.go, cmd/archgov)": "metrics-internalwebmetricsgo-cmdarchgov",
		"信息系统台账的编码 · System codes in the systems import": "信息系统台账的编码--system-codes-in-the-systems-import",
		"[Keys](#x) and `code`":                          "keys-and-code",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
