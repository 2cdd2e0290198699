package sheet

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// column is a schema column prepared for reading.
type column struct {
	Column
	labels map[string]string // folded label or synonym → label
}

func prepare(c Column) column {
	p := column{Column: c}
	if c.Kind == Enum {
		p.labels = make(map[string]string, len(c.Enum)+len(c.Synonyms))
		for _, l := range c.Enum {
			p.labels[Fold(l)] = l
		}
		for from, to := range c.Synonyms {
			p.labels[Fold(from)] = to
		}
	}
	return p
}

// parse turns a non-empty trimmed cell into a typed value, or returns the
// problem's message.
func (c *column) parse(raw string, date1904 bool) (Cell, string) {
	var v Cell
	if hasControl(raw) {
		// The web forms and the API refuse these too (internal/web/input.go): PostgreSQL
		// refuses NUL and the exports turn it into U+FFFD, so a round trip would change it.
		return v, "含有控制字符（只允许制表符和换行）"
	}
	switch c.Kind {
	case Text, UnitRef:
		v.Text = cleanText(raw)
		if looksLikeFloatNoise(v.Text) {
			v.Text = roundFloat(v.Text)
		}
	case Code:
		v.Text = halfWidth(raw, false)
		if looksLikeFloatNoise(v.Text) {
			v.Text = roundFloat(v.Text)
		}
	case Int:
		s := number(raw)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
				return v, "“" + raw + "”不是整数"
			}
			n = int64(f)
		}
		v.Int, v.Dec, v.Text = n, float64(n), strconv.FormatInt(n, 10)
	case Decimal:
		s := number(raw)
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return v, "“" + raw + "”不是数字"
		}
		v.Dec, v.Text = f, strings.TrimPrefix(s, "+")
		if looksLikeFloatNoise(s) || strings.ContainsAny(s, "eE") {
			v.Text = roundFloat(s)
		}
	case Date:
		d, ok := parseDate(raw, date1904)
		if !ok {
			return v, "“" + raw + "”不是有效日期，可写作：" + DateFormats
		}
		v.Date, v.Text = d, d.Format(time.DateOnly)
	case Bool:
		b, ok := parseBool(raw)
		if !ok {
			return v, "“" + raw + "”无法识别，请填写“是”或“否”"
		}
		v.Bool, v.Text = b, "否"
		if b {
			v.Text = "是"
		}
	case Enum:
		if c.Multi {
			return c.parseMulti(raw)
		}
		l, ok := c.labels[Fold(raw)]
		if !ok {
			return v, "“" + raw + "”不是有效值，可选：" + strings.Join(c.Enum, "、")
		}
		v.Text = l
	}
	return c.checkLen(v)
}

func (c *column) checkLen(v Cell) (Cell, string) {
	if c.MaxLen > 0 && utf8.RuneCountInString(v.Text) > c.MaxLen {
		return Cell{}, "不能超过" + strconv.Itoa(c.MaxLen) + "个字符"
	}
	return v, ""
}

func (c *column) parseMulti(raw string) (Cell, string) {
	var v Cell
	bad := func(s string) (Cell, string) {
		return Cell{}, "“" + s + "”不是有效值，可选：" + strings.Join(c.Enum, "、") + "（多个用“、”分隔）"
	}
	if l, ok := c.labels[Fold(raw)]; ok { // one label, even one containing a separator
		v.List, v.Text = []string{l}, l
		return c.checkLen(v)
	}
	for _, part := range strings.FieldsFunc(halfWidth(raw, true), isListSep) {
		// "区 镇街" is two labels but "政务 云" one with a stray space.
		words := []string{part}
		if _, ok := c.labels[Fold(part)]; !ok {
			words = strings.Fields(part)
		}
		for _, w := range words {
			l, ok := c.labels[Fold(w)]
			if !ok {
				return bad(part)
			}
			if !slices.Contains(v.List, l) {
				v.List = append(v.List, l)
			}
		}
	}
	if len(v.List) == 0 {
		return bad(raw)
	}
	v.Text = strings.Join(v.List, "、")
	return c.checkLen(v)
}
func isListSep(r rune) bool {
	switch r {
	case '、', ',', ';', '/', '|', '\n', '\t':
		return true
	}
	return false
}

// number strips what people write around numbers: full-width digits,
// spaces, thousands separators.
func number(raw string) string {
	s := halfWidth(raw, false)
	if strings.IndexByte(s, ',') >= 0 {
		s = strings.ReplaceAll(s, ",", "")
	}
	return s
}

// looksLikeFloatNoise spots numbers Excel stored in binary, such as
// 0.30000000000000004, which it shows rounded to 15 significant digits.
func looksLikeFloatNoise(s string) bool {
	if len(s) <= 16 || !strings.ContainsAny(s, ".Ee") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// roundFloat writes a number as Excel shows it in General format.
func roundFloat(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func parseBool(raw string) (bool, bool) {
	switch Fold(raw) {
	case "是", "y", "yes", "true", "1", "√", "✓", "✔", "对":
		return true, true
	case "否", "n", "no", "false", "0", "×", "x", "✗", "✘", "错":
		return false, true
	}
	return false, false
}

// Written dates: 2019-05-01, 2019/5/1, 2019.5.1, 2019年5月1日, optionally
// followed by a time (2019-05-01 08:00:00, or ISO 8601 from date cells).
var writtenDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$`)

// Days outside these years are typing mistakes rather than dates a
// registry records; they also keep a stray small number (2019 alone, say)
// from being read as an Excel serial in 1905.
const minYear, maxYear = 1950, 2099

func parseDate(raw string, date1904 bool) (time.Time, bool) {
	s := halfWidth(raw, true)
	if len(s) == 8 && allDigits(s) { // 20190501
		return day(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]))
	}
	if m := writtenDate.FindStringSubmatch(s); m != nil {
		return day(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	// An Excel serial: a date-formatted cell read raw, or a date that lost
	// its format on the way (copied as a value, exported by another tool).
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > 1e6 {
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC) // Excel's 1900 system, right for every serial after 1900-02-28
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	d := base.AddDate(0, 0, int(math.Floor(f)))
	if d.Year() < minYear || d.Year() > maxYear {
		return time.Time{}, false
	}
	return d, true
}

func day(y, m, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < minYear || y > maxYear || t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
