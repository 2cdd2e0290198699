package app_test

// Rectification notices and halting (FLOW-4, FLOW-5) on the demo district, both backends: a
// failed spot check's notice is numbered from the task books' sequence and due in working days;
// at bidding it goes to the finance and audit bureaus, who then read exactly that notice, its
// project and its task book; the unit answers with evidence, the office returns and accepts; at
// design it halts the project — every stage step 409 — which the office may resume only once
// the notice is closed; overdue notices escalate once; the office halts and resumes by hand.

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// rectInbox reports how many of who's notifications are of event about the notice id.
func (e *env) rectInbox(who domain.Actor, event string, id int64) int {
	e.t.Helper()
	ns, _, err := e.svc.Inbox(e.ctx, who, app.InboxFilter{Limit: 200})
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Event == event && x.EntityID == id {
			n++
		}
	}
	return n
}

// answerRect answers every item of notice id as who, with an evidence file.
func (e *env) answerRect(who string, id int64) (*domain.Rectification, error) {
	e.t.Helper()
	x := must(e, "notice", store.Reader.Rectification, id)
	fs, err := e.svc.Attachments(e.ctx, e.actor(who), "rectification", id)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(fs) == 0 {
		if _, err := e.svc.AddAttachment(e.ctx, e.actor(who), "rectification", id, "整改.pdf", bytes.NewReader(samplePDF)); err != nil {
			e.t.Fatal(err)
		}
	}
	answers := make([]string, len(x.Items))
	for i := range answers {
		answers[i] = "已整改"
	}
	return e.svc.AnswerRectification(e.ctx, e.actor(who), id, app.RectificationAnswerIn{Version: x.Version, Answers: answers})
}

func (e *env) rectStep(who string, id int64, act domain.RectAction, comment string) (*domain.Rectification, error) {
	e.t.Helper()
	x := must(e, "notice", store.Reader.Rectification, id)
	return e.svc.TransitionRectification(e.ctx, e.actor(who), id, app.RectificationStep{Version: x.Version, Action: act, Comment: comment})
}

func TestRectifications(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		p, _, _ := e.stagedProject()
		tb := must(e, "task book", store.Reader.ProjectTaskBook, p.ID)
		office, finance, auditor := e.actor("office"), e.actor("finance"), e.actor("audit")
		item := domain.RectItem{Clause: tb.Requirements[0].Clause, Outcome: domain.OutcomePartial, Problem: "招标文件未写入该治理要求"}

		// A failed bidding check: the next number of the office's sequence, the deadline five
		// working days after today, the unit's people and both bureaus told; not halting.
		head := e.head()
		x, err := app.OpenRectificationTx(e.svc, e.ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromSpotCheck,
			SourceID: 99, Stage: domain.StageBidding, Items: []domain.RectItem{item}, DeadlineDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		g, _, _ := e.svc.Governance(e.ctx)
		if x.Number.Seq != tb.Number.Seq+1 || x.Number.Prefix != tb.Number.Prefix || x.DocNumber != x.Number.String() {
			t.Fatalf("number %+v after the task book's %+v", x.Number, tb.Number)
		}
		if want := g.AddWorkdays(e.svc.Today(), 5); !x.Deadline.Equal(want) || x.Status != domain.RectIssued || !x.Bureaus || x.Halts {
			t.Fatalf("notice %+v, want deadline %v, bureaus", x, want)
		}
		e.wantAudit(head, "rectification.create", "office")
		if e.rectInbox(finance, "rectification_bureaus", x.ID) != 1 || e.rectInbox(auditor, "rectification_bureaus", x.ID) != 1 ||
			e.rectInbox(e.actor("weijian"), "rectification_issued", x.ID) != 1 {
			t.Fatal("the bureaus and the unit are told")
		}
		if p2 := must(e, "project", store.Reader.Project, p.ID); p2.Halted() {
			t.Fatal("a bidding notice halts nothing")
		}

		// The bureaus read exactly that notice, its project and its task book.
		// The bureaus read exactly the notices sent to them — this one and the demo's failed
		// bidding check's — their projects and those projects' task books.
		sent, err := e.svc.Rectifications(e.ctx, office, app.RectificationFilter{Bureaus: true})
		if err != nil {
			t.Fatal(err)
		}
		told := map[int64]bool{}
		var notices []int64
		for _, n := range sent.Items {
			told[n.ProjectID], notices = true, append(notices, n.ID)
		}
		if !slices.Contains(notices, x.ID) {
			t.Fatalf("the bureaus' notices %v lack %d", notices, x.ID)
		}
		for _, who := range []domain.Actor{finance, auditor} {
			if got, err := e.svc.Rectifications(e.ctx, who, app.RectificationFilter{}); err != nil || !slices.Equal(ids(got.Items, func(n *domain.Rectification) int64 { return n.ID }), notices) {
				t.Fatalf("%s's notices: %v %v, want %v", who.Username, got.Items, err, notices)
			}
			if got, err := e.svc.Projects(e.ctx, who, app.ProjectFilter{}); err != nil || len(got.Items) != len(told) ||
				slices.ContainsFunc(got.Items, func(q *domain.Project) bool { return !told[q.ID] }) {
				t.Fatalf("%s's projects: %v %v", who.Username, got.Items, err)
			}
			if got, err := e.svc.TaskBooks(e.ctx, who, app.TaskBookFilter{}); err != nil || len(got.Items) != len(told) ||
				slices.ContainsFunc(got.Items, func(b *domain.TaskBook) bool { return !told[b.ProjectID] }) {
				t.Fatalf("%s's task books: %v %v", who.Username, got.Items, err)
			}
			if _, err := e.svc.Project(e.ctx, who, p.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.ProjectTaskBook(e.ctx, who, p.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.Rectification(e.ctx, who, x.ID); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.AnswerRectification(e.ctx, who, x.ID, app.RectificationAnswerIn{Version: x.Version, Answers: []string{"x"}})
			wantCode(t, err, domain.EForbidden, "")
		}
		keys, _ := e.keyProjects()
		var untold []int64
		for _, k := range keys {
			if !told[k.ID] {
				untold = append(untold, k.ID)
			}
		}
		if len(untold) == 0 {
			t.Fatal("every key project has a notice for the bureaus")
		}
		_, err = e.svc.Project(e.ctx, finance, untold[0])
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.ProjectTaskBook(e.ctx, auditor, untold[0])
		wantCode(t, err, domain.ENotFound, "")

		// The office by hand: not from a spot check; every problem at once.
		_, err = e.svc.OpenRectification(e.ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromSpotCheck, SourceID: 1,
			Items: []domain.RectItem{item}, DeadlineDays: 5})
		wantCode(t, err, domain.EInvalid, "source")
		head = e.head()
		_, err = e.svc.OpenRectification(e.ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromOffice, DeadlineDays: 0})
		wantFields(t, err, "items", "deadline_days")
		e.wantNoAudit(head)
		_, err = e.svc.OpenRectification(e.ctx, e.actor("weijian"), app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromOffice,
			Items: []domain.RectItem{item}, DeadlineDays: 5})
		wantCode(t, err, domain.EForbidden, "")
		// From a supervision finding: the entry must be the project's (FLOW-5).
		log, err := e.svc.SupervisionLog(e.ctx, office, keys[0].ID, app.SupervisionLogFilter{Limit: 1})
		if err != nil || len(log.Items) == 0 {
			t.Fatalf("supervision log: %v", err)
		}
		_, err = e.svc.OpenRectification(e.ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromSupervision,
			SourceID: log.Items[0].ID, Items: []domain.RectItem{item}, DeadlineDays: 5})
		wantCode(t, err, domain.EInvalid, "source_id")
		if keys[0].Stage != "" {
			sx, err := e.svc.OpenRectification(e.ctx, office, app.RectificationOpen{ProjectID: keys[0].ID, Source: domain.RectFromSupervision,
				SourceID: log.Items[0].ID, Items: []domain.RectItem{item}, DeadlineDays: 5})
			if err != nil || sx.SourceID != log.Items[0].ID || sx.Number.Seq != x.Number.Seq+1 {
				t.Fatalf("from a supervision entry: %+v %v", sx, err)
			}
		}

		// The unit answers: every item and a file, else 422 naming each; another unit 404, the
		// office 403, a stale version 409.
		weijian := e.actor("weijian")
		_, err = e.svc.AnswerRectification(e.ctx, weijian, x.ID, app.RectificationAnswerIn{Version: x.Version, Answers: []string{" "}})
		wantFields(t, err, "items.0.answer", "files")
		_, err = e.svc.AnswerRectification(e.ctx, weijian, x.ID, app.RectificationAnswerIn{Version: x.Version, Answers: []string{}})
		wantCode(t, err, domain.EInvalid, "answers")
		_, err = e.svc.AnswerRectification(e.ctx, office, x.ID, app.RectificationAnswerIn{Version: x.Version, Answers: []string{"x"}})
		wantCode(t, err, domain.EForbidden, "")
		other := e.unitContact(e.unit("320507109").ID)
		_, err = e.svc.Rectification(e.ctx, other, x.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.AnswerRectification(e.ctx, weijian, x.ID, app.RectificationAnswerIn{Version: x.Version + 1, Answers: []string{"x"}})
		wantCode(t, err, domain.EConflict, "")
		if x, err = e.answerRect("weijian", x.ID); err != nil || x.Status != domain.RectAnswered || x.Items[0].Answer != "已整改" {
			t.Fatalf("answer: %+v %v", x, err)
		}
		if e.rectInbox(office, "rectification_answered", x.ID) != 1 {
			t.Fatal("the office is told of the answer")
		}
		// The office returns it (a comment required), the unit answers again, the office accepts.
		_, err = e.rectStep("office", x.ID, domain.RectReturn, " ")
		wantCode(t, err, domain.EInvalid, "comment")
		_, err = e.rectStep("weijian", x.ID, domain.RectAccept, "")
		wantCode(t, err, domain.EForbidden, "")
		if x, err = e.rectStep("office", x.ID, domain.RectReturn, "佐证材料不足"); err != nil || x.Status != domain.RectReturned || x.Comment != "佐证材料不足" {
			t.Fatalf("return: %+v %v", x, err)
		}
		if x, err = e.answerRect("weijian", x.ID); err != nil || x.Status != domain.RectAnswered {
			t.Fatalf("answer again: %+v %v", x, err)
		}
		head = e.head()
		if x, err = e.rectStep("office", x.ID, domain.RectAccept, ""); err != nil || x.Status != domain.RectClosed || x.ClosedAt.IsZero() {
			t.Fatalf("accept: %+v %v", x, err)
		}
		e.wantAudit(head, "rectification.accept", "office")
		_, err = e.rectStep("office", x.ID, domain.RectReturn, "再看看")
		wantCode(t, err, domain.EConflict, "")
		hist, err := e.svc.RectificationHistory(e.ctx, finance, x.ID)
		if err != nil || len(hist) != 6 {
			t.Fatalf("history: %d %v", len(hist), err)
		}

		// At design: the check's notice halts the project; no bureau is told.
		if _, err := e.materials("weijian", p, domain.StageBidding); err != nil {
			t.Fatal(err)
		}
		e.stageFile(p, domain.StageBidding)
		if _, err := e.stageStep("office", p.ID, domain.StageFinishBidding, ""); err != nil {
			t.Fatal(err)
		}
		p = must(e, "project", store.Reader.Project, p.ID)
		if _, err := e.materials("weijian", p, domain.StageDesign); err != nil {
			t.Fatal(err)
		}
		e.stageFile(p, domain.StageDesign)
		head = e.head()
		d, err := app.OpenRectificationTx(e.svc, e.ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromSpotCheck,
			SourceID: 100, Stage: domain.StageDesign, Items: []domain.RectItem{item, {Clause: "FLOW-4", Outcome: domain.OutcomeImproper, Problem: "设计方案未响应"}},
			DeadlineDays: 10})
		if err != nil || !d.Halts || d.Bureaus {
			t.Fatalf("design notice: %+v %v", d, err)
		}
		var acts []string
		for _, r := range e.since(head) {
			acts = append(acts, r.Action)
		}
		if !slices.Equal(acts, []string{"rectification.create", "project.halt"}) {
			t.Fatalf("audit: %v", acts)
		}
		if e.rectInbox(finance, "rectification_bureaus", d.ID) != 0 {
			t.Fatal("a design notice is not the bureaus'")
		}
		if got, _ := e.svc.Rectifications(e.ctx, finance, app.RectificationFilter{}); slices.Contains(ids(got.Items, func(n *domain.Rectification) int64 { return n.ID }), d.ID) {
			t.Fatal("the bureaus see the design notice")
		}
		p = must(e, "project", store.Reader.Project, p.ID)
		if !p.Halted() || p.HaltReason == "" {
			t.Fatalf("halted: %+v", p)
		}
		for _, s := range []struct {
			who string
			act domain.StageAction
		}{{"office", domain.StageFinishDesign}, {"office", domain.StageFinishBidding}, {"weijian", domain.StageApplyAcceptance}, {"office", domain.StageAccept}} {
			_, err := e.stageStep(s.who, p.ID, s.act, "")
			wantMessage(t, err, domain.EConflict, "err.stage.halted")
		}
		if steps := e.svc.StageSteps(office, p); len(steps) != 0 {
			t.Fatalf("steps of a halted project: %v", steps)
		}
		resume := func(reason string) (*domain.Project, error) {
			cur := must(e, "project", store.Reader.Project, p.ID)
			return e.svc.ResumeProject(e.ctx, office, p.ID, app.ProjectHaltStep{Version: cur.Version, Reason: reason})
		}
		_, err = resume("整改完成")
		wantMessage(t, err, domain.EConflict, "err.project.halt_open")
		if _, err := e.answerRect("weijian", d.ID); err != nil {
			t.Fatal(err)
		}
		_, err = resume("整改完成")
		wantMessage(t, err, domain.EConflict, "err.project.halt_open")
		if _, err := e.rectStep("office", d.ID, domain.RectAccept, ""); err != nil {
			t.Fatal(err)
		}
		_, err = resume(" ")
		wantCode(t, err, domain.EInvalid, "reason")
		_, err = e.svc.ResumeProject(e.ctx, weijian, p.ID, app.ProjectHaltStep{Version: p.Version, Reason: "x"})
		wantCode(t, err, domain.EForbidden, "")
		head = e.head()
		if p, err = resume("整改已核验"); err != nil || p.Halted() {
			t.Fatalf("resume: %+v %v", p, err)
		}
		e.wantAudit(head, "project.resume", "office")
		if p, err = e.stageStep("office", p.ID, domain.StageFinishDesign, ""); err != nil || p.Stage != domain.StageImplementation {
			t.Fatalf("after resuming: %+v %v", p, err)
		}

		// By hand: the office halts with a reason, not twice; resumes when no notice holds it.
		_, err = e.svc.HaltProject(e.ctx, office, p.ID, app.ProjectHaltStep{Version: p.Version})
		wantCode(t, err, domain.EInvalid, "reason")
		if p, err = e.svc.HaltProject(e.ctx, office, p.ID, app.ProjectHaltStep{Version: p.Version, Reason: "现场检查发现重大问题"}); err != nil || !p.Halted() {
			t.Fatalf("halt: %+v %v", p, err)
		}
		_, err = e.svc.HaltProject(e.ctx, office, p.ID, app.ProjectHaltStep{Version: p.Version, Reason: "again"})
		wantMessage(t, err, domain.EConflict, "err.project.halted_already")
		_, err = e.stageStep("weijian", p.ID, domain.StageApplyAcceptance, "")
		wantMessage(t, err, domain.EConflict, "err.stage.halted")
		if p, err = resume("问题已解决"); err != nil || p.Halted() {
			t.Fatalf("resume: %+v %v", p, err)
		}
		_, err = resume("again")
		wantMessage(t, err, domain.EConflict, "err.project.not_halted")
	})
}

// FLOW-4: an overdue notice escalates once per deadline to the unit's 责任人 and counts on the
// office's to-do; an answered one does not.
func TestRectificationEscalation(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		p, _, _ := e.stagedProject()
		tb := must(e, "task book", store.Reader.ProjectTaskBook, p.ID)
		office := e.actor("office")
		open := func() *domain.Rectification {
			x, err := e.svc.OpenRectification(e.ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromOffice,
				Items: []domain.RectItem{{Clause: tb.Requirements[0].Clause, Outcome: domain.OutcomeNotResponded, Problem: "未响应"}}, DeadlineDays: 1})
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		late, answered := open(), open()
		if _, err := e.answerRect("weijian", answered.ID); err != nil {
			t.Fatal(err)
		}
		before, err := e.svc.CountRectifications(e.ctx, office, app.RectificationFilter{OverdueOn: e.svc.Today()})
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(10 * 24 * time.Hour)
		n, err := e.svc.CountRectifications(e.ctx, office, app.RectificationFilter{OverdueOn: e.svc.Today()})
		if err != nil || n != before+1 {
			t.Fatalf("overdue: %d, before %d (%v)", n, before, err)
		}
		got, err := e.svc.EscalateOverdue(e.ctx, e.clock.Now())
		if err != nil || got.Rectification < 1 {
			t.Fatalf("escalated %+v %v", got, err)
		}
		if again, err := e.svc.EscalateOverdue(e.ctx, e.clock.Now()); err != nil || again.Rectification != 0 {
			t.Fatalf("escalated twice: %+v %v", again, err)
		}
		headOf := e.actor("weijian_head")
		if e.rectInbox(headOf, "rectification_overdue", late.ID) != 1 || e.rectInbox(headOf, "rectification_overdue", answered.ID) != 0 {
			t.Fatal("the 责任人 is told of the overdue notice only")
		}
		if x := must(e, "notice", store.Reader.Rectification, late.ID); x.EscalatedAt.IsZero() || x.Version != late.Version {
			t.Fatalf("escalated notice: %+v", x)
		}

		// A notice issued on paper and recorded afterwards (补录) counts its deadline from the day
		// it was signed: overdue at once when that was long enough ago. Not after today, not more
		// than a year before (422 on issued_on, nothing numbered).
		today := e.svc.Today()
		paper := app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromOffice,
			Items: []domain.RectItem{{Clause: tb.Requirements[0].Clause, Outcome: domain.OutcomeImproper, Problem: "响应不当"}}, DeadlineDays: 5}
		for _, bad := range []time.Time{today.AddDate(0, 0, 1), today.AddDate(-1, 0, -1)} {
			paper.IssuedOn = bad
			_, err := e.svc.OpenRectification(e.ctx, office, paper)
			wantCode(t, err, domain.EInvalid, "issued_on")
		}
		paper.IssuedOn = today.AddDate(0, 0, -30)
		x, err := e.svc.OpenRectification(e.ctx, office, paper)
		if err != nil || !x.IssuedOn.Equal(paper.IssuedOn) || !x.Overdue(today) || x.Number.Seq != late.Number.Seq+2 {
			t.Fatalf("a notice recorded afterwards: %+v %v (the last before it No. %d)", x, err, late.Number.Seq+1)
		}
		if got, err := e.svc.EscalateOverdue(e.ctx, e.clock.Now()); err != nil || got.Rectification != 1 {
			t.Fatalf("the paper notice escalated: %+v %v", got, err)
		}
	})
}

// ids lists the ids of xs in their order.
func ids[T any](xs []T, id func(T) int64) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}
