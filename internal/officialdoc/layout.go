package officialdoc

import (
	"fmt"
	"math"
	"strings"
)

// The page and its 版心 (GB/T 9704-2012 §5.2), in millimetres.
const (
	PageW        = 210.0
	PageH        = 297.0
	MarginTop    = 37.0 // 天头
	MarginLeft   = 28.0 // 订口
	TextW        = 156.0
	TextH        = 225.0
	LinesPerPage = 22
	CharsPerLine = 28
)

// The grid: a line's pitch and a character's cell.
const (
	Pitch = TextH / LinesPerPage // 10.23 mm
	Cell  = TextW / CharsPerLine // 5.57 mm: a 3号 character, set a little tight as Word does on the grid
)

// The sizes (pt): 3号 body, 2号 title, 4号 版记 and page numbers; the 发文机关标志 as large as 初号
// (42 pt) where the name fits the 版心, smaller where it does not.
const (
	SizeBody   = 16.0
	SizeTitle  = 22.0
	SizeSmall  = 14.0
	SizeIssuer = 42.0
)

// Rule widths (mm): the 版记's first and last lines thick, the ones between thin (§7.4.1); the
// red separator line of the 版头.
const (
	RuleThick = 0.35
	RuleThin  = 0.25
	RuleRed   = 0.5
)

const ptMM = 25.4 / 72

// Align is how a line stands in the 版心.
type Align int

const (
	Left Align = iota
	Center
	Right
)

func (a Align) String() string { return [...]string{"left", "center", "right"}[a] }

// Line is one line of text placed on a page: X is the left edge of its first character and Y
// its baseline, in millimetres from the page's top left corner; Advance is what a full-width
// character takes (a half-width one half of it).
type Line struct {
	Page    int // from 1
	Slot    int // the grid line, 0–21 (the 发文机关标志 and page numbers: the line they stand on)
	Role    string
	Face    Face
	Size    float64 // pt
	Red     bool
	Align   Align
	X, Y    float64
	Advance float64
	Text    string
}

// Rule is a horizontal line across the 版心.
type Rule struct {
	Page   int
	Role   string
	Y      float64 // its centre, mm from the top
	X1, X2 float64
	Width  float64 // mm
	Red    bool
}

// Layout is a document placed on its pages.
type Layout struct {
	Pages int
	Lines []Line
	Rules []Rule
}

// String writes the layout one line a row (page, grid line, role, face, size, alignment,
// indent in characters, the text), the rules too: what the golden tests compare.
func (l *Layout) String() string {
	var b strings.Builder
	for p := 1; p <= l.Pages; p++ {
		for _, ln := range l.Lines {
			if ln.Page != p {
				continue
			}
			red := ""
			if ln.Red {
				red = " red"
			}
			fmt.Fprintf(&b, "p%d l%02d %-9s %s %gpt %s%s x=%.1f| %s\n", ln.Page, ln.Slot, ln.Role, ln.Face, ln.Size, ln.Align, red, ln.X-MarginLeft, ln.Text)
		}
		for _, r := range l.Rules {
			if r.Page == p {
				fmt.Fprintf(&b, "p%d rule %s y=%.1f w=%.2f red=%v\n", r.Page, r.Role, r.Y, r.Width, r.Red)
			}
		}
	}
	return b.String()
}

// width is a rune's width in half cells: 2 for a full-width (CJK) character, 1 for ASCII.
func width(r rune) int {
	if r >= 0x2E80 || strings.ContainsRune("—…“”‘’·", r) {
		return 2
	}
	return 1
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += width(r)
	}
	return n
}

// Punctuation that does not start a line (it hangs at the end of the previous one) and that
// does not end one (it moves to the next), §7.3 's 回行 as typesetters do it (避头尾).
const (
	noStart = "，。、；：？！）》」』”’…—%,.;:?!)]"
	noEnd   = "（《「『“‘([<"
)

type wrapped struct {
	indent int // half cells
	text   string
}

// wrap breaks text into lines of capacity half cells, the first indented by first half cells,
// the others by rest.
func wrap(text string, first, rest, capacity int) []wrapped {
	var out []wrapped
	indent, w := first, first
	var line []rune
	for _, r := range text {
		rw := width(r)
		if w+rw > capacity && len(line) > 0 && !strings.ContainsRune(noStart, r) {
			var carry []rune
			for len(line) > 1 && strings.ContainsRune(noEnd, line[len(line)-1]) {
				carry = append([]rune{line[len(line)-1]}, carry...)
				line = line[:len(line)-1]
			}
			out = append(out, wrapped{indent, string(line)})
			indent, line = rest, carry
			w = rest + textWidth(string(carry))
		}
		line = append(line, r)
		w += rw
	}
	return append(out, wrapped{indent, string(line)})
}

// paragraphs splits the body's paragraphs at their line breaks and drops empty ones.
func paragraphs(body []Para) []Para {
	var out []Para
	for _, p := range body {
		for _, t := range strings.Split(p.Text, "\n") {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, Para{Text: t, Level: p.Level})
			}
		}
	}
	return out
}

// face is the face of a body paragraph of level v.
func (v Level) face() Face {
	switch v {
	case Heading1:
		return FaceHei
	case Heading2:
		return FaceKai
	}
	return FaceFang
}

func (v Level) role() string {
	if v == Text {
		return "body"
	}
	return fmt.Sprintf("heading%d", int(v))
}

// titleLines breaks a title into balanced lines of at most max half cells (§7.3.1: 排列对称).
func titleLines(title string, max int) []string {
	w := textWidth(title)
	n := (w + max - 1) / max
	if n <= 1 {
		return []string{title}
	}
	if n == 2 {
		if ls, ok := twoLines(title, max); ok {
			return ls
		}
	}
	// The narrowest lines that still take no more lines than the width needs.
	for c := (w + n - 1) / n; ; c++ {
		ls := wrap(title, 0, 0, c)
		if len(ls) <= n || c >= max {
			out := make([]string, len(ls))
			for i, l := range ls {
				out[i] = l.text
			}
			return out
		}
	}
}

// twoLines breaks a title in two where the words stay whole (§7.3.1: 词意完整, then 排列对称):
// the break after a punctuation mark or before an opening one that leaves the lines closest in
// length wins; a break elsewhere costs as much as twelve half cells of imbalance.
func twoLines(title string, max int) ([]string, bool) {
	rs := []rune(title)
	best, bestCost := -1, 0
	for i := 1; i < len(rs); i++ {
		a, b := string(rs[:i]), string(rs[i:])
		wa, wb := textWidth(a), textWidth(b)
		if wa > max || wb > max || strings.ContainsRune(noStart, rs[i]) || strings.ContainsRune(noEnd, rs[i-1]) {
			continue
		}
		cost := wa - wb
		if cost < 0 {
			cost = -cost
		}
		if !strings.ContainsRune(noStart, rs[i-1]) && !strings.ContainsRune(noEnd, rs[i]) {
			cost += 12
		}
		if best < 0 || cost < bestCost {
			best, bestCost = i, cost
		}
	}
	if best < 0 {
		return nil, false
	}
	return []string{string(rs[:best]), string(rs[best:])}, true
}

type layouter struct {
	out  *Layout
	slot int
}

func (l *layouter) page() int { return l.out.Pages }

func (l *layouter) newPage() {
	l.out.Pages++
	l.slot = 0
}

// need starts a new page unless n more lines fit on this one.
func (l *layouter) need(n int) {
	if l.slot+n > LinesPerPage {
		l.newPage()
	}
}

// keepWithBody starts a new page unless n more lines fit on this one, and then takes the last
// two lines of the body along (§7.3.5.4: no page holds the signature without text).
func (l *layouter) keepWithBody(n int) {
	if l.slot+n <= LinesPerPage {
		return
	}
	prev := l.page()
	l.newPage()
	var moved []int
	for i := len(l.out.Lines) - 1; i >= 0 && len(moved) < 2; i-- {
		ln := l.out.Lines[i]
		if ln.Page != prev || ln.Slot < 2 {
			break
		}
		moved = append([]int{i}, moved...)
	}
	// A heading goes with the lines after it.
	if len(moved) > 0 && moved[0] > 0 {
		if h := l.out.Lines[moved[0]-1]; h.Page == prev && h.Slot >= 2 && strings.HasPrefix(h.Role, "heading") {
			moved = append([]int{moved[0] - 1}, moved...)
		}
	}
	for _, i := range moved {
		ln := &l.out.Lines[i]
		ln.Page, ln.Slot, ln.Y = l.page(), l.slot, baseline(l.slot, ln.Size)
		l.slot++
	}
}

// issuerSize is the 发文机关标志's size: 初号 where the name fits the 版心, else the size that fits,
// to the half point.
func issuerSize(name string) float64 {
	fit := TextW / ptMM / float64(max(1, textWidth(name))) * 2
	return math.Min(SizeIssuer, math.Floor(fit*2)/2)
}

// baseline is where text of size pt sits on grid line slot: its em box centred on the line.
func baseline(slot int, size float64) float64 {
	return MarginTop + float64(slot)*Pitch + Pitch/2 + 0.38*size*ptMM
}

// put places text on the current grid line at x (mm from the 版心's left edge) and moves on.
func (l *layouter) put(role string, face Face, size, advance float64, align Align, red bool, x float64, text string) {
	l.need(1)
	l.out.Lines = append(l.out.Lines, Line{Page: l.page(), Slot: l.slot, Role: role, Face: face, Size: size, Red: red, Align: align,
		X: MarginLeft + x, Y: baseline(l.slot, size), Advance: advance, Text: text})
	l.slot++
}

// grid places a wrapped text of the body's size on the grid.
func (l *layouter) grid(role string, face Face, lines []wrapped) {
	for _, w := range lines {
		l.put(role, face, SizeBody, Cell, Left, false, float64(w.indent)*Cell/2, w.text)
	}
}

func centred(text string, advance float64) float64 {
	return (TextW - float64(textWidth(text))*advance/2) / 2
}

// Lay places a document on its pages.
func Lay(d *Doc) *Layout {
	out := &Layout{}
	l := &layouter{out: out}
	l.newPage()
	const full = 2 * CharsPerLine // a line, in half cells

	// 版头 (§7.2): the 发文机关标志 35 mm below the 版心's top, the 发文字号 two lines below it, the
	// red separator line 4 mm under the 发文字号, the title two lines below that.
	if d.Issuer != "" {
		size := issuerSize(d.Issuer)
		adv := size * ptMM
		out.Lines = append(out.Lines, Line{Page: 1, Slot: 3, Role: "issuer", Face: FaceXBS, Size: size, Red: true, Align: Center,
			X: MarginLeft + centred(d.Issuer, adv), Y: MarginTop + 35 + 0.88*adv, Advance: adv, Text: d.Issuer})
		l.slot = 7
		ns := l.slot
		if d.Number != "" {
			l.put("number", FaceFang, SizeBody, Cell, Center, false, centred(d.Number, Cell), d.Number)
		} else {
			l.slot++
		}
		out.Rules = append(out.Rules, Rule{Page: 1, Role: "separator", Y: baseline(ns, SizeBody) + 0.12*SizeBody*ptMM + 4,
			X1: MarginLeft, X2: MarginLeft + TextW, Width: RuleRed, Red: true})
		l.slot += 2
	}
	// 标题 (§7.3.1): 2号小标宋, centred, balanced lines; 主送机关 one line below.
	if d.Title != "" {
		adv := SizeTitle * ptMM
		for _, t := range titleLines(d.Title, titleMax) {
			l.put("title", FaceXBS, SizeTitle, adv, Center, false, centred(t, adv), t)
		}
		l.slot++
	}
	if d.Addressee != "" {
		l.grid("addressee", FaceFang, wrap(d.Addressee+"：", 0, 0, full))
	}
	// 正文 (§7.3.3): each paragraph indented two characters, its next lines flush left.
	for _, p := range paragraphs(d.Body) {
		if p.Level != Text {
			l.need(2) // a heading keeps with the line after it
		}
		l.grid(p.Level.role(), p.Level.face(), wrap(p.Text, 4, 0, full))
	}
	// 附件说明 (§7.3.4): one line below the body, two characters in; several are numbered and a
	// long name's next line aligns with the name's first character.
	if len(d.Attachments) > 0 {
		l.need(2)
		l.slot++
		for i, a := range d.Attachments {
			prefix, first, rest := "附件：", 4, 4+textWidth("附件：")
			if len(d.Attachments) > 1 {
				num := fmt.Sprintf("%d.", i+1)
				if i > 0 {
					prefix, first = "", rest
				}
				prefix += num
				rest += textWidth(num)
			}
			l.grid("attach", FaceFang, wrap(prefix+a, first, rest, full))
		}
	}
	// 署名, 成文日期 and 印章 (§7.3.5.1): the date four characters from the right, the issuer's
	// name centred on it, the seal pressed over both (here its placeholder, the line above).
	if d.Signer != "" || !d.Date.IsZero() {
		l.keepWithBody(3)
		date := DateText(d.Date)
		dx := TextW - 4*Cell - float64(textWidth(date))*Cell/2
		cx := dx + float64(textWidth(date))*Cell/4
		at := func(s string) float64 { return cx - float64(textWidth(s))*Cell/4 }
		if d.Seal != "" {
			l.put("seal", FaceFang, SizeBody, Cell, Right, true, at(d.Seal), d.Seal)
		} else {
			l.slot++
		}
		if d.Signer != "" {
			l.put("signer", FaceFang, SizeBody, Cell, Right, false, at(d.Signer), d.Signer)
		}
		l.put("date", FaceFang, SizeBody, Cell, Right, false, dx, date)
	}
	// 版记 (§7.4): at the foot of the last page, 4号仿宋; 抄送 and 印发 each one character in,
	// the 印发日期 one character from the right; thick lines first and last, thin between.
	if len(d.CC) > 0 || d.Printer != "" {
		adv := SizeSmall * ptMM
		capacity := int((TextW-2*adv)/adv) * 2
		var rows []wrapped
		if len(d.CC) > 0 {
			rows = wrap("抄送："+strings.Join(d.CC, "，")+"。", 0, textWidth("抄送："), capacity)
		}
		n := len(rows) + 1
		if l.slot > LinesPerPage-n {
			l.newPage()
		}
		top := LinesPerPage - n
		p := l.page()
		ruleAt := func(slot int) float64 { return MarginTop + float64(slot)*Pitch }
		out.Rules = append(out.Rules, Rule{Page: p, Role: "imprint-first", Y: ruleAt(top), X1: MarginLeft, X2: MarginLeft + TextW, Width: RuleThick})
		for i, w := range rows {
			out.Lines = append(out.Lines, Line{Page: p, Slot: top + i, Role: "cc", Face: FaceFang, Size: SizeSmall, Align: Left,
				X: MarginLeft + adv + float64(w.indent)*adv/2, Y: baseline(top+i, SizeSmall), Advance: adv, Text: w.text})
		}
		if len(rows) > 0 {
			out.Rules = append(out.Rules, Rule{Page: p, Role: "imprint-mid", Y: ruleAt(top + len(rows)), X1: MarginLeft, X2: MarginLeft + TextW, Width: RuleThin})
		}
		last := LinesPerPage - 1
		if d.Printer != "" {
			out.Lines = append(out.Lines, Line{Page: p, Slot: last, Role: "printer", Face: FaceFang, Size: SizeSmall, Align: Left,
				X: MarginLeft + adv, Y: baseline(last, SizeSmall), Advance: adv, Text: d.Printer})
		}
		if !d.PrintDate.IsZero() {
			s := DateText(d.PrintDate) + "印发"
			out.Lines = append(out.Lines, Line{Page: p, Slot: last, Role: "printdate", Face: FaceFang, Size: SizeSmall, Align: Right,
				X: MarginLeft + TextW - adv - float64(textWidth(s))*adv/2, Y: baseline(last, SizeSmall), Advance: adv, Text: s})
		}
		out.Rules = append(out.Rules, Rule{Page: p, Role: "imprint-last", Y: ruleAt(LinesPerPage), X1: MarginLeft, X2: MarginLeft + TextW, Width: RuleThick})
		l.slot = LinesPerPage
	}
	// 页码 (§7.5): 4号 half-width digits between one-character dashes, 7 mm below the 版心;
	// odd pages one character from the right, even ones one character from the left.
	adv := SizeSmall * ptMM
	for p := 1; p <= out.Pages; p++ {
		s := fmt.Sprintf("— %d —", p)
		x, align := TextW-adv-float64(textWidth(s))*adv/2, Right
		if p%2 == 0 {
			x, align = adv, Left
		}
		out.Lines = append(out.Lines, Line{Page: p, Slot: LinesPerPage, Role: "pageno", Face: FaceSong, Size: SizeSmall, Align: align,
			X: MarginLeft + x, Y: MarginTop + TextH + 7 + 0.38*adv, Advance: adv, Text: s})
	}
	return out
}

// titleMax is a title line's most half cells: twenty 2号 characters.
const titleMax = 20 * 2 // floor(156 mm / 22 pt)
