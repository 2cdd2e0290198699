package officialdoc

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// The .docx is written by hand with archive/zip: eight small XML parts, and the layout decisions
// (the grid, the fonts, the borders, the frame of the 版记) are all that matters in them — a
// general WordprocessingML library would add a dependency for a few hundred bytes of XML.

const twipsPerMM = 1440 / 25.4

func twips(mm float64) int { return int(math.Round(mm * twipsPerMM)) }

// DocxType is the media type of a .docx.
const DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// charSpace is the grid's character pitch as Word writes it: in 1/4096 pt relative to the
// default size (3号, 16 pt), so that 28 characters fill the 156 mm 版心.
func charSpace() int { return int(math.Round((Cell/ptMM - SizeBody) * 4096)) }

func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			if r < 0x20 {
				continue // not allowed in XML 1.0
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// para is one paragraph: its properties (pPr's children) and its runs.
type para struct {
	pPr  string
	runs []run
}

type run struct {
	face  Face
	size  float64 // pt
	red   bool
	text  string
	field string // a simple field's instruction (PAGE) instead of text
}

func (r run) xml() string {
	rPr := fmt.Sprintf(`<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="%s" w:hAnsi="Times New Roman" w:hint="eastAsia"/>`, esc(string(r.face)))
	if r.red {
		rPr += `<w:color w:val="E60000"/>`
	}
	hp := int(math.Round(r.size * 2))
	rPr += fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, hp, hp)
	if r.field != "" {
		return fmt.Sprintf(`<w:fldSimple w:instr=" %s "><w:r>%s<w:t>1</w:t></w:r></w:fldSimple>`, r.field, rPr)
	}
	var b strings.Builder
	for i, line := range strings.Split(r.text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, esc(part))
		}
	}
	return `<w:r>` + rPr + b.String() + `</w:r>`
}

func (p para) xml() string {
	var b strings.Builder
	b.WriteString(`<w:p>`)
	if p.pPr != "" {
		b.WriteString(`<w:pPr>` + p.pPr + `</w:pPr>`)
	}
	for _, r := range p.runs {
		b.WriteString(r.xml())
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

// ind is an indent in characters (hundredths, as Word's *Chars attributes) with its fallback in
// twips for a reader that ignores them.
func ind(attr string, chars float64, size float64) string {
	return fmt.Sprintf(` w:%sChars="%d" w:%s="%d"`, attr, int(math.Round(chars*100)), attr, int(math.Round(chars*size*20)))
}

// paragraphs of the document, in order: the same elements Lay places, as Word flows them.
func docxParas(d *Doc) []para {
	var ps []para
	blank := para{}
	body := func(face Face, text, pPr string) para {
		return para{pPr: pPr, runs: []run{{face: face, size: SizeBody, text: text}}}
	}
	if d.Issuer != "" {
		size := issuerSize(d.Issuer)
		ps = append(ps, para{pPr: fmt.Sprintf(`<w:snapToGrid w:val="0"/><w:spacing w:before="%d" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`, twips(35)),
			runs: []run{{face: FaceXBS, size: size, red: true, text: d.Issuer}}}, blank, blank)
		// The red separator line, 4 mm under the 发文字号 (its paragraph's bottom border).
		sep := fmt.Sprintf(`<w:pBdr><w:bottom w:val="single" w:sz="%d" w:space="11" w:color="E60000"/></w:pBdr><w:jc w:val="center"/>`, int(math.Round(RuleRed/ptMM*8)))
		ps = append(ps, body(FaceFang, d.Number, sep), blank, blank)
	}
	if d.Title != "" {
		t := strings.Join(titleLines(d.Title, titleMax), "\n")
		ps = append(ps, para{pPr: `<w:jc w:val="center"/>`, runs: []run{{face: FaceXBS, size: SizeTitle, text: t}}}, blank)
	}
	if d.Addressee != "" {
		ps = append(ps, body(FaceFang, d.Addressee+"：", `<w:jc w:val="both"/>`))
	}
	for _, p := range paragraphs(d.Body) {
		ps = append(ps, body(p.Level.face(), p.Text, `<w:ind`+ind("firstLine", 2, SizeBody)+`/><w:jc w:val="both"/>`))
	}
	if len(d.Attachments) > 0 {
		ps = append(ps, blank)
		for i, a := range d.Attachments {
			switch {
			case len(d.Attachments) == 1:
				ps = append(ps, body(FaceFang, "附件："+a, `<w:ind`+ind("left", 5, SizeBody)+ind("hanging", 3, SizeBody)+`/>`))
			default:
				num := fmt.Sprintf("%d.", i+1)
				left := 5 + float64(textWidth(num))/2
				text, hang := num+a, float64(textWidth(num))/2
				if i == 0 {
					text, hang = "附件："+text, hang+3
				}
				ps = append(ps, body(FaceFang, text, `<w:ind`+ind("left", left, SizeBody)+ind("hanging", hang, SizeBody)+`/>`))
			}
		}
	}
	if d.Signer != "" || !d.Date.IsZero() {
		date := DateText(d.Date)
		right := func(s string) string { // centred on the date, which stands four characters from the right
			chars := 4 + float64(textWidth(date)-textWidth(s))/4
			return `<w:keepNext/><w:ind` + ind("right", math.Max(0, chars), SizeBody) + `/><w:jc w:val="right"/>`
		}
		if d.Seal != "" {
			ps = append(ps, para{pPr: right(d.Seal), runs: []run{{face: FaceFang, size: SizeBody, red: true, text: d.Seal}}})
		} else {
			ps = append(ps, blank)
		}
		if d.Signer != "" {
			ps = append(ps, body(FaceFang, d.Signer, right(d.Signer)))
		}
		ps = append(ps, body(FaceFang, date, strings.Replace(right(date), `<w:keepNext/>`, "", 1)))
	}
	if len(d.CC) > 0 || d.Printer != "" {
		// The 版记 in a frame at the foot of the page's text area, so it stands on the last lines
		// wherever the body ends.
		frame := fmt.Sprintf(`<w:framePr w:w="%d" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>`, twips(TextW))
		thick, thin := int(math.Round(RuleThick/ptMM*8)), int(math.Round(RuleThin/ptMM*8))
		small := func(text, pPr string) para {
			return para{pPr: frame + pPr, runs: []run{{face: FaceFang, size: SizeSmall, text: text}}}
		}
		one := SizeSmall * 20 // a 4号 character in twips
		printTop := fmt.Sprintf(`<w:top w:val="single" w:sz="%d" w:space="1" w:color="000000"/>`, thick)
		if len(d.CC) > 0 {
			ps = append(ps, small("抄送："+strings.Join(d.CC, "，")+"。",
				fmt.Sprintf(`<w:pBdr><w:top w:val="single" w:sz="%d" w:space="1" w:color="000000"/></w:pBdr><w:snapToGrid w:val="0"/><w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:left="%d" w:right="%d" w:hanging="%d"/>`,
					thick, twips(Pitch), int(4*one), int(one), int(3*one))))
			printTop = fmt.Sprintf(`<w:top w:val="single" w:sz="%d" w:space="1" w:color="000000"/>`, thin)
		}
		text := d.Printer
		if !d.PrintDate.IsZero() {
			text += "\t" + DateText(d.PrintDate) + "印发"
		}
		ps = append(ps, small(text,
			fmt.Sprintf(`<w:pBdr>%s<w:bottom w:val="single" w:sz="%d" w:space="1" w:color="000000"/></w:pBdr><w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs><w:snapToGrid w:val="0"/><w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:left="%d"/>`,
				printTop, thick, twips(TextW)-int(one), twips(Pitch), int(one))))
	}
	return ps
}

// WriteDOCX writes the document as a .docx.
func WriteDOCX(w io.Writer, d *Doc) error {
	stamp := d.Date
	if stamp.IsZero() || stamp.Year() < 1980 {
		stamp = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var body strings.Builder
	for _, p := range docxParas(d) {
		body.WriteString(p.xml())
	}
	grid := fmt.Sprintf(`<w:docGrid w:type="linesAndChars" w:linePitch="%d" w:charSpace="%d"/>`, twips(Pitch), charSpace())
	sect := fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:footerReference w:type="even" r:id="rId4"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:cols w:space="425"/>%s</w:sectPr>`,
		twips(PageW), twips(PageH), twips(MarginTop), twips(PageW-MarginLeft-TextW), twips(PageH-MarginTop-TextH), twips(MarginLeft), twips(PageH-MarginTop-TextH-7-SizeSmall*ptMM), grid)
	footer := func(odd bool) string {
		pPr := `<w:jc w:val="right"/><w:ind w:right="280"/>`
		if !odd {
			pPr = `<w:jc w:val="left"/><w:ind w:left="280"/>`
		}
		p := para{pPr: pPr, runs: []run{{face: FaceSong, size: SizeSmall, text: "— "}, {face: FaceSong, size: SizeSmall, field: "PAGE"}, {face: FaceSong, size: SizeSmall, text: " —"}}}
		return xmlHead + `<w:ftr ` + wNS + `>` + p.xml() + `</w:ftr>`
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", fmt.Sprintf(coreProps, esc(d.Title), esc(d.Signer), stamp.UTC().Format(time.RFC3339), stamp.UTC().Format(time.RFC3339))},
		{"docProps/app.xml", appProps},
		{"word/_rels/document.xml.rels", docRels},
		{"word/styles.xml", styles},
		{"word/settings.xml", settings},
		{"word/footer1.xml", footer(true)},
		{"word/footer2.xml", footer(false)},
		{"word/document.xml", xmlHead + `<w:document ` + wNS + `><w:body>` + body.String() + sect + `</w:body></w:document>`},
	}
	z := zip.NewWriter(w)
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return fmt.Errorf("officialdoc: docx %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("officialdoc: docx %s: %w", p.name, err)
		}
	}
	return z.Close()
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypes = xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
	`</Relationships>`

const coreProps = xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dc:title>%s</dc:title><dc:creator>%s</dc:creator>` +
	`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>` +
	`</cp:coreProperties>`

const appProps = xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>archgov</Application></Properties>`

// The defaults: 仿宋_GB2312 3号 (Times New Roman for Latin text and digits), Chinese, justified,
// no widow control (a 公文's lines stay on the grid).
const styles = xmlHead + `<w:styles ` + wNS + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>` +
	`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`</w:styles>`

const settings = xmlHead + `<w:settings ` + wNS + `><w:zoom w:percent="100"/><w:evenAndOddHeaders/>` +
	`<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`
