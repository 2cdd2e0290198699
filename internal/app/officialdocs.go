package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/officialdoc"
)

// Official documents (公文, issue 12): the task book, the governance review opinion, the
// rectification notice, the spot-check result announcement and the guide notice, each built from
// its record as a neutral officialdoc.Doc (GB/T 9704-2012) for whoever may read the record — the
// record's own read method decides, so a hidden record is a 404 here too. A 公文 is written in
// Chinese whatever the reader's language; its wording is in messages/*/offdocs.txt (and the
// record's own message files, which its print page shares).

// OfficialDoc is a document and the file name it is downloaded as (without the extension).
type OfficialDoc struct {
	Doc  *officialdoc.Doc
	Name string
}

func docZH(key string, args ...any) string { return i18n.T(i18n.ZH, key, args...) }

// docDay is a record's moment as the district's calendar day.
func docDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.In(i18n.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// numbered writes items as the body's third-level paragraphs 1. 2. ….
func docNumbered(items []string) []officialdoc.Para {
	var ps []officialdoc.Para
	for i, s := range items {
		ps = append(ps, officialdoc.Para{Text: fmt.Sprintf("%d.%s", i+1, s)})
	}
	return ps
}

func docHeading(level officialdoc.Level, text string) officialdoc.Para {
	return officialdoc.Para{Text: text, Level: level}
}

// sentenceEnds are what may end a sentence a record's author typed.
const sentenceEnds = "。；;.，, \n"

// sentence ends s with one full stop, whatever the author ended it with.
func sentence(s string) string { return strings.TrimRight(strings.TrimSpace(s), sentenceEnds) + "。" }

func docText(s string) officialdoc.Para { return officialdoc.Para{Text: s} }

// TaskBookDoc is the task book of project projectID (项目任务书, FLOW-3) as a 公文, for whoever
// reads the task book.
func (s *Service) TaskBookDoc(ctx context.Context, a domain.Actor, projectID int64) (*OfficialDoc, error) {
	t, err := s.ProjectTaskBook(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	d := &officialdoc.Doc{
		Issuer: t.Issuer, Number: t.DocNumber, Title: docZH("taskbook.doc_title", t.ProjectName), Addressee: t.Addressee,
		Signer: t.Issuer, Date: docDay(t.IssuedOn), Seal: docZH("offdoc.seal"), Printer: t.Issuer, PrintDate: docDay(t.IssuedOn),
	}
	b := []officialdoc.Para{docText(docZH("taskbook.body", t.ProjectName)), docHeading(officialdoc.Heading1, docZH("taskbook.sec_indicators"))}
	// （一）budget, （二）scope, （三）cloud quota, （四）milestones.
	var cats []string
	for _, l := range t.Budget {
		cats = append(cats, docZH("offdoc.tb_budget_line", docZH("apcat."+string(l.Category)), l.Amount))
	}
	budget := docZH("offdoc.tb_budget_total", t.ApprovedBudget)
	if len(cats) > 0 {
		budget += docZH("offdoc.tb_budget_of", strings.Join(cats, "，"))
	}
	b = append(b, docHeading(officialdoc.Heading2, docZH("offdoc.tb_budget")), docText(budget+"。"))
	b = append(b, docHeading(officialdoc.Heading2, docZH("offdoc.tb_scope")))
	var scope []string
	for _, it := range t.Scope {
		scope = append(scope, sentence(it.Name))
	}
	b = append(b, docNumbered(scope)...)
	if len(t.DupVerdicts) > 0 {
		var vs []string
		for _, v := range t.DupVerdicts {
			if v.Verdict == domain.DupCut {
				vs = append(vs, sentence(docZH("dup.cut_item", v.Function, v.Amount, v.Name)))
			} else {
				vs = append(vs, sentence(docZH("dup.excluded_item", v.Function, v.Name)))
			}
		}
		b = append(b, docText(docZH("taskbook.dup_title")+"：")) // 查重认定
		b = append(b, docNumbered(vs)...)
	}
	b = append(b, docHeading(officialdoc.Heading2, docZH("offdoc.tb_quota")),
		docText(docZH("offdoc.tb_quota_text", t.Quota.VCPU, t.Quota.MemoryGiB, t.Quota.StorageGiB)))
	b = append(b, docHeading(officialdoc.Heading2, docZH("offdoc.tb_milestones")))
	var ms []string
	for _, m := range t.Milestones {
		ms = append(ms, docZH("offdoc.tb_milestone", m.Name, officialdoc.DateText(docDay(m.Planned))))
	}
	b = append(b, docNumbered(ms)...)
	req := func(procurement bool) []officialdoc.Para {
		var rs []string
		for _, r := range t.Requirements {
			if procurement && !r.Procurement {
				continue
			}
			line := "（" + r.Clause + "）" + strings.TrimRight(r.Text, sentenceEnds)
			if r.Plan != "" && !procurement {
				line += "（" + docZH("taskbook.partial_plan", strings.TrimRight(r.Plan, sentenceEnds)) + "）"
			}
			rs = append(rs, sentence(line))
		}
		if len(rs) == 0 {
			return []officialdoc.Para{docText(docZH("offdoc.none"))}
		}
		return docNumbered(rs)
	}
	b = append(b, docHeading(officialdoc.Heading1, docZH("taskbook.sec_build")))
	b = append(b, req(false)...)
	b = append(b, docHeading(officialdoc.Heading1, docZH("taskbook.sec_procurement")))
	b = append(b, req(true)...)
	d.Body = append(b, docText(docZH("taskbook.closing")))
	return &OfficialDoc{Doc: d, Name: docFileName(t.DocNumber, docZH("offdoc.kind.task_book"))}, nil
}

// RectificationDoc is the rectification notice id (整改通知书, FLOW-4, FLOW-5) as a 公文, for
// whoever reads it; a notice the finance and audit bureaus are told of names them in 抄送.
func (s *Service) RectificationDoc(ctx context.Context, a domain.Actor, id int64) (*OfficialDoc, error) {
	x, err := s.Rectification(ctx, a, id)
	if err != nil {
		return nil, err
	}
	d := &officialdoc.Doc{
		Issuer: x.Issuer, Number: x.DocNumber, Title: docZH("rect.doc_title", x.ProjectName), Addressee: x.UnitName,
		Signer: x.Issuer, Date: docDay(x.IssuedOn), Seal: docZH("offdoc.seal"), Printer: x.Issuer, PrintDate: docDay(x.IssuedOn),
	}
	b := []officialdoc.Para{docText(docZH("rect.body", docZH("rectsource."+string(x.Source)), x.ProjectName, officialdoc.DateText(docDay(x.Deadline)), x.DeadlineDays))}
	if x.Halts {
		b = append(b, docText(docZH("rect.body_halt")))
	}
	b = append(b, docHeading(officialdoc.Heading1, docZH("offdoc.rect_items")))
	var items []string
	for _, it := range x.Items {
		items = append(items, sentence("（"+it.Clause+"）"+docZH("rectoutcome."+string(it.Outcome))+"："+it.Problem))
	}
	b = append(b, docNumbered(items)...)
	d.Body = append(b, docText(docZH("rect.closing")))
	if x.Bureaus {
		d.CC = []string{docZH("offdoc.finance_bureau"), docZH("offdoc.audit_bureau")}
	}
	return &OfficialDoc{Doc: d, Name: docFileName(x.DocNumber, docZH("offdoc.kind.rectification"))}, nil
}

// OpinionDoc is the governance review opinion of application projectID (治理审核意见, FLOW-2) as
// a 公文 to the applying unit, for whoever reads the opinion; none written yet is a 404.
func (s *Service) OpinionDoc(ctx context.Context, a domain.Actor, projectID int64) (*OfficialDoc, error) {
	o, err := s.ProjectOpinion(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	if o.ID == 0 {
		return nil, domain.NotFound()
	}
	r := s.db.Read()
	p, err := loadProject(r, ctx, projectID)
	if err != nil {
		return nil, err
	}
	u, err := r.Unit(ctx, p.UnitID)
	if err != nil {
		return nil, err
	}
	issuer, err := issuerName(ctx, r)
	if err != nil {
		return nil, err
	}
	d := &officialdoc.Doc{
		Issuer: issuer, Title: docZH("offdoc.op_title", p.Name), Addressee: u.Name,
		Signer: issuer, Date: docDay(o.UpdatedAt), Seal: docZH("offdoc.seal"), Printer: issuer, PrintDate: docDay(o.UpdatedAt),
	}
	b := []officialdoc.Para{docText(docZH("offdoc.op_body", p.Name)), docHeading(officialdoc.Heading1, docZH("offdoc.op_items"))}
	var items []string
	for _, it := range o.Items {
		line := "（" + it.Clause + "）" + docZH("verdict."+string(it.Verdict))
		if c := strings.TrimSpace(it.Comment); c != "" {
			line += "：" + c
		}
		items = append(items, sentence(line))
	}
	if len(items) == 0 {
		b = append(b, docText(docZH("offdoc.none")))
	}
	b = append(b, docNumbered(items)...)
	b = append(b, docHeading(officialdoc.Heading1, docZH("offdoc.op_overall")), docText(o.Overall))
	d.Body = append(b, docText(docZH("offdoc.op_closing")))
	return &OfficialDoc{Doc: d, Name: docFileName("", docZH("offdoc.kind.opinion")+"-"+p.Name)}, nil
}

// CheckRoundDoc is the result announcement of spot-check round id (抽查结果公告, FLOW-4) as a
// 公文, once the round is published (一公开: every logged-in user reads it); before, there is
// no announcement (404).
func (s *Service) CheckRoundDoc(ctx context.Context, a domain.Actor, id int64) (*OfficialDoc, error) {
	x, err := s.CheckRound(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !x.Published() {
		return nil, domain.NotFound()
	}
	rep, err := s.RoundReport(ctx, a, id)
	if err != nil {
		return nil, err
	}
	issuer, err := issuerName(ctx, s.db.Read())
	if err != nil {
		return nil, err
	}
	failed := 0
	var rows []string
	for _, c := range rep.Checks {
		line := docZH("offdoc.cr_row", c.UnitName, c.ProjectName, docZH("checkstatus."+string(c.Status)))
		if n := rep.Notices[c.ID]; n != nil {
			line += docZH("offdoc.cr_notice", n.DocNumber, officialdoc.DateText(docDay(n.Deadline)))
		}
		if c.Status == domain.CheckFailed {
			failed++
		}
		rows = append(rows, sentence(line))
	}
	d := &officialdoc.Doc{
		Issuer: issuer, Title: docZH("offdoc.cr_title", x.Title),
		Signer: issuer, Date: docDay(x.PublishedAt), Seal: docZH("offdoc.seal"),
	}
	b := []officialdoc.Para{
		docText(docZH("offdoc.cr_body", officialdoc.DateText(docDay(x.PeriodFrom)), officialdoc.DateText(docDay(x.PeriodTo)),
			docZH("stage."+string(x.Stage)), len(rep.Checks), len(rep.Checks)-failed, failed)),
		docHeading(officialdoc.Heading1, docZH("offdoc.cr_results")),
	}
	if len(rows) == 0 {
		b = append(b, docText(docZH("offdoc.none")))
	}
	b = append(b, docNumbered(rows)...)
	b = append(b, docHeading(officialdoc.Heading1, docZH("offdoc.cr_draw")), docText(docZH("offdoc.cr_draw_text", len(rep.Draws))))
	d.Body = append(b, docText(docZH("offdoc.cr_closing")))
	return &OfficialDoc{Doc: d, Name: docFileName("", docZH("offdoc.kind.check_round")+"-"+x.Title)}, nil
}

// GuideDoc is the notice publishing guide id (申报指南通知, FLOW-1) as a 公文 to every unit, for
// whoever reads the guide (a draft: the office, as a draft to check before publishing, dated
// today).
func (s *Service) GuideDoc(ctx context.Context, a domain.Actor, id int64) (*OfficialDoc, error) {
	g, err := s.Guide(ctx, a, id)
	if err != nil {
		return nil, err
	}
	issuer, err := issuerName(ctx, s.db.Read())
	if err != nil {
		return nil, err
	}
	day := docDay(g.PublishedAt)
	if day.IsZero() {
		day = docDay(s.Now())
	}
	d := &officialdoc.Doc{
		Issuer: issuer, Title: docZH("offdoc.gd_title", g.Title), Addressee: docZH("offdoc.gd_addressee"),
		Signer: issuer, Date: day, Seal: docZH("offdoc.seal"), Printer: issuer, PrintDate: day,
	}
	b := []officialdoc.Para{docText(docZH("offdoc.gd_body", g.Year, g.Title, officialdoc.DateText(docDay(g.WindowStart)), officialdoc.DateText(docDay(g.WindowEnd))))}
	n := 0
	section := func(key, body string) {
		if strings.TrimSpace(body) == "" {
			return
		}
		n++
		b = append(b, docHeading(officialdoc.Heading1, docChineseNumber(n)+"、"+docZH(key)), docText(body))
	}
	section("offdoc.gd_requirements", g.Requirements)
	section("offdoc.gd_scope", g.Scope)
	section("offdoc.gd_encouraged", g.Encouraged)
	if len(g.Items) > 0 {
		n++
		b = append(b, docHeading(officialdoc.Heading1, docChineseNumber(n)+"、"+docZH("offdoc.gd_items")))
		var items []string
		for _, it := range g.Items {
			line := "（" + it.Clause + "）" + strings.TrimRight(it.Text, sentenceEnds)
			if it.Mandatory {
				line += docZH("offdoc.gd_mandatory")
			}
			items = append(items, sentence(line))
		}
		b = append(b, docNumbered(items)...)
	}
	d.Body = append(b, docText(docZH("offdoc.gd_closing")))
	return &OfficialDoc{Doc: d, Name: docFileName("", docZH("offdoc.kind.guide")+"-"+g.Title)}, nil
}

// chineseNumber writes 1–99 as 一 … 九十九 (the first-level headings' numbers).
func docChineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

// fileName is a download's name: the document number (or the kind) and the kind, without the
// characters a file system refuses.
func docFileName(number, kind string) string {
	name := kind
	if number != "" {
		name = number + "-" + kind
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, name)
}
