// Package officialdoc lays out an official document (公文) as GB/T 9704-2012 《党政机关公文格式》
// describes it, from a neutral description (Doc), and writes it as WordprocessingML (.docx) and
// as PDF with an embedded CJK TrueType font found at run time.
//
// The layout is computed once (Layout): the 版心 of 156 × 225 mm on A4 with margins top 37 mm and
// left 28 mm, 22 lines of 28 characters, each element on its line of that grid (the 版头's
// 发文机关标志, 发文字号 and red separator line, the title, 主送机关, body, 附件说明, 署名, 成文日期
// and the 印章 placeholder, the 版记 at the foot of the last page, page numbers). The PDF draws
// those lines as they are; the .docx names the same grid (w:docGrid) and the fonts government
// PCs have (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312), and Word or WPS flows the paragraphs on
// it. The package knows no record: internal/app builds a Doc from a task book, a notice, ….
package officialdoc

import (
	"fmt"
	"time"
)

// Face is a typeface the standard names, as a .docx names it (the fonts a government PC has).
type Face string

// The faces of GB/T 9704-2012: 仿宋 for the body (§5.2.3), 小标宋 for the title and the 发文机关标志
// (§7.2.2, §7.3.1), 黑体 and 楷体 for the first and second level headings (§7.3.3), 宋体 for the
// page numbers (§7.5).
const (
	FaceFang Face = "仿宋_GB2312"
	FaceXBS  Face = "方正小标宋简体"
	FaceHei  Face = "黑体"
	FaceKai  Face = "楷体_GB2312"
	FaceSong Face = "宋体"
)

// Level is a body paragraph's place in the structure (§7.3.3): the plain text, or a heading
// numbered 一、 (黑体), （一） (楷体), 1. and （1） (仿宋).
type Level int

const (
	Text     Level = iota // a paragraph, indented two characters
	Heading1              // 一、 黑体
	Heading2              // （一） 楷体
	Heading3              // 1. 仿宋
)

// Para is one paragraph of the body; a heading carries its own number (一、…).
type Para struct {
	Text  string
	Level Level
}

// Doc is the neutral description of a 公文: what it says, not where it goes.
type Doc struct {
	Issuer      string    // 发文机关标志: the issuing body's name (red, 小标宋, centred)
	Number      string    // 发文字号: 机关代字〔年份〕序号; empty: none
	Title       string    // 标题
	Addressee   string    // 主送机关, without the colon; empty: none (an announcement)
	Body        []Para    // 正文
	Attachments []string  // 附件说明: the attachments' names, without punctuation
	Signer      string    // 发文机关署名
	Date        time.Time // 成文日期
	Seal        string    // the text that stands where the seal is pressed (印章), red; empty: none
	CC          []string  // 抄送机关
	Printer     string    // 印发机关; with CC the 版记 (empty and no CC: no 版记)
	PrintDate   time.Time // 印发日期
}

// DateText writes a date as the standard wants it (§7.3.5): the year in full, month and day
// without a leading zero — 2026年11月26日.
func DateText(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
