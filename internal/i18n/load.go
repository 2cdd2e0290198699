package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"
)

// messages holds the catalogs, messages/<lang>/<area>.txt (see the package doc).
//
//go:embed messages
var messages embed.FS

// catalog holds every language's messages, read once when the program starts.
var catalog = load(messages)

// load reads the data files under fsys's messages directory. Anything malformed panics, naming
// the file and line: the catalogs are part of the program, and a broken one is a programming
// error that must stop it at start (and fail every test), not show a raw key to a user.
func load(fsys fs.FS) map[Lang]map[string]string {
	cat := map[Lang]map[string]string{}
	for _, l := range Langs {
		cat[l] = map[string]string{}
	}
	dirs, err := fs.ReadDir(fsys, "messages")
	if err != nil {
		panic("i18n: " + err.Error())
	}
	for _, d := range dirs {
		msgs, ok := cat[Lang(d.Name())]
		if !ok || !d.IsDir() {
			panic(fmt.Sprintf("i18n: messages/%s: not a language directory (%v)", d.Name(), Langs))
		}
		defined := map[string]string{} // key → the file:line that defines it
		files, err := fs.ReadDir(fsys, "messages/"+d.Name())
		if err != nil {
			panic("i18n: " + err.Error())
		}
		for _, f := range files {
			name := path.Join("messages", d.Name(), f.Name())
			if f.IsDir() || path.Ext(name) != ".txt" {
				panic("i18n: " + name + ": not a .txt message file")
			}
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				panic("i18n: " + err.Error())
			}
			for i, line := range strings.Split(string(b), "\n") {
				at := fmt.Sprintf("%s:%d", name, i+1)
				key, text, err := parseLine(line)
				switch {
				case err != nil:
					panic("i18n: " + at + ": " + err.Error())
				case key == "":
					continue
				case defined[key] != "":
					panic(fmt.Sprintf("i18n: %s: key %s defined twice (first at %s)", at, key, defined[key]))
				}
				defined[key] = at
				msgs[key] = text
			}
		}
	}
	return cat
}

// parseLine reads one line of a message file; key is "" for a blank or comment line.
func parseLine(line string) (key, text string, err error) {
	if !utf8.ValidString(line) {
		return "", "", errors.New("not UTF-8")
	}
	line = strings.Trim(line, " \t")
	if line == "" || line[0] == '#' {
		return "", "", nil
	}
	key, raw, ok := strings.Cut(line, "=")
	key = strings.TrimRight(key, " \t")
	if !ok || key == "" || strings.IndexFunc(key, notKeyRune) >= 0 {
		return "", "", fmt.Errorf("not a comment nor key = text: %q", line)
	}
	text, err = unescape(strings.TrimLeft(raw, " \t"))
	return key, text, err
}

func notKeyRune(r rune) bool {
	letterOrDigit := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	return !letterOrDigit && r != '_' && r != '.' && r != '-'
}

// unescape decodes a text's escapes: \n, \t, \s (a space) and \\.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return "", fmt.Errorf("control character %U in the text (write \\n or \\t)", c)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i++; i == len(s) {
			return "", errors.New(`a \ ends the line (write \\ for a backslash, \s for a space)`)
		}
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 's':
			b.WriteByte(' ')
		case '\\':
			b.WriteByte('\\')
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return "", fmt.Errorf(`unknown escape \%c (the escapes are \n \t \s \\)`, r)
		}
	}
	return b.String(), nil
}
