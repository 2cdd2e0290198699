package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The duplicate-construction check on an application's page (应用查重, issue 15): the top
// matches of the check with the overlapping terms marked in the match's name and, per function
// point, what of the match it overlaps; the unit's answer to each (a form per match above the
// threshold while the unit may edit); the office's verdicts per function point while it reviews
// (one form). Both post to the same service calls as the JSON API: the answers are part of the
// application's edit (app.ProjectEdit.DupAnswers), the verdicts RecordDupVerdicts. A refusal
// shows the page again with what was typed and every field's problem.

func (s *Server) projectDupRoutes() {
	s.handle("POST /projects/{id}/dup-answers", s.ui(s.projectDupAnswer))
	s.handle("POST /projects/{id}/dup-verdicts", s.ui(s.projectDupVerdicts))
}

// DupKindName, DupReplyName and DupVerdictName name the check's enumerations in the page's language.
func (p *helpers) DupKindName(k domain.DupKind) string   { return p.T(domain.DupKindKey(k)) }
func (p *helpers) DupReplyName(r domain.DupReply) string { return p.T("dupreply." + string(r)) }
func (p *helpers) DupVerdictName(v domain.DupVerdictKind) string {
	return p.T("dupverdict." + string(v))
}

// dupRow is a match of the check with the unit's answer, or what a refused form held for it.
type dupRow struct {
	domain.DupMatch
	Field    string // dup_answers.<kind>.<id>
	Answer   domain.DupReply
	Reason   string
	Answered bool // the unit's answer is saved
}

// verdictRow is a function point of the application with the office's verdict on it, or what a
// refused form held, and the matches it overlaps.
type verdictRow struct {
	Index    int
	Function string
	Field    string // dup_verdicts.<i>
	Verdict  domain.DupVerdictKind
	Match    string // kind:id
	Amount   string
	Note     string
	Overlaps []string // the names of the matches whose text it overlaps
}

// dupSection is the check's section of an application's page.
type dupSection struct {
	Threshold int
	Live      bool // the check runs (before a decision); after it the answers and verdicts stand alone
	Rows      []dupRow
	Gone      []domain.DupAnswer // answers to things no longer among the matches
	CanAnswer bool               // the unit, while it may edit the application
	CanJudge  bool               // the office, while the application is under review
	Verdicts  []domain.DupVerdict
	VRows     []verdictRow
	Cuts      int64
	Allowed   int64 // the most the office may approve: the total less the cuts
	Replies   []domain.DupReply
	Kinds     []domain.DupVerdictKind
}

// Ref is the value of a match's option: kind:id.
func (r dupRow) Ref() string { return string(r.Kind) + ":" + strconv.FormatInt(r.ID, 10) }

// Shown is how many matches the check lists.
func (d *dupSection) Shown() int { return domain.DupShown }

// NotApproved lists the verdicts that a function point is not approved.
func (d *dupSection) NotApproved() []domain.DupVerdict { return domain.NotApproved(d.Verdicts) }

// dupSectionOf builds the section of application p for the viewer.
func (s *Server) dupSectionOf(r *http.Request, rq *request, p *domain.Project) (*dupSection, error) {
	a, ctx := rq.auth.Actor, r.Context()
	d := &dupSection{Verdicts: p.DupVerdicts, Cuts: domain.Cuts(p.DupVerdicts), Allowed: p.Total - domain.Cuts(p.DupVerdicts), Replies: domain.DupReplies, Kinds: domain.DupVerdictKinds}
	switch p.Status {
	case domain.ProjDraft, domain.ProjReturned, domain.ProjSubmitted, domain.ProjUnderReview:
		d.Live = true
	}
	d.CanAnswer = projectMayEdit(a, p) == nil
	d.CanJudge = p.Status == domain.ProjUnderReview && authz.Can(a, authz.ProjectReviewManage, authz.Registry(authz.KindProject, p.ID, p.UnitID)) == nil
	var matches []domain.DupMatch
	if d.Live {
		res, err := s.svc.DuplicatesOf(ctx, p)
		if err != nil {
			return nil, err
		}
		d.Threshold, matches = res.Threshold, res.Matches
	}
	posted := r.Method == http.MethodPost && r.PostForm.Has("dup_kind")
	for _, m := range matches {
		row := dupRow{DupMatch: m, Field: domain.DupAnswerField(m.Kind, m.ID)}
		if x, ok := p.DupAnswerTo(m.Kind, m.ID); ok {
			row.Answer, row.Reason, row.Answered = x.Answer, x.Reason, true
		}
		if posted && r.PostFormValue("dup_kind") == string(m.Kind) && formID(r.PostFormValue("dup_id")) == m.ID {
			row.Answer, row.Reason = domain.DupReply(r.PostFormValue("answer")), r.PostFormValue("reason")
		}
		d.Rows = append(d.Rows, row)
	}
	for _, x := range p.DupAnswers {
		if !slices.ContainsFunc(matches, func(m domain.DupMatch) bool { return m.Kind == x.Kind && m.ID == x.ID }) {
			d.Gone = append(d.Gone, x)
		}
	}
	if !d.CanJudge && len(p.DupVerdicts) == 0 {
		return d, nil
	}
	postedV := r.Method == http.MethodPost && r.PostForm.Has("vfn")
	for i, f := range p.Functions {
		row := verdictRow{Index: i, Function: f, Field: domain.DupVerdictField(i)}
		for _, m := range matches {
			if slices.ContainsFunc(m.Functions, func(x domain.DupFunction) bool { return x.Function == f }) {
				row.Overlaps = append(row.Overlaps, m.Name)
				if row.Match == "" {
					row.Match = string(m.Kind) + ":" + strconv.FormatInt(m.ID, 10)
				}
			}
		}
		if j := slices.IndexFunc(p.DupVerdicts, func(v domain.DupVerdict) bool { return v.Function == f }); j >= 0 {
			v := p.DupVerdicts[j]
			row.Verdict, row.Match, row.Note = v.Verdict, string(v.Kind)+":"+strconv.FormatInt(v.ID, 10), v.Note
			if v.Amount > 0 {
				row.Amount = strconv.FormatInt(v.Amount, 10)
			}
		}
		if postedV {
			k := strconv.Itoa(i)
			row.Verdict, row.Match = domain.DupVerdictKind(r.PostFormValue("verdict_"+k)), r.PostFormValue("match_"+k)
			row.Amount, row.Note = r.PostFormValue("amount_"+k), r.PostFormValue("note_"+k)
		}
		d.VRows = append(d.VRows, row)
	}
	return d, nil
}

// projectDupAnswer saves the unit's answer to one match (dup_kind, dup_id, answer, reason): the
// application's answers with this one replaced, through the application's edit.
func (s *Server) projectDupAnswer(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	a, ctx := rq.auth.Actor, r.Context()
	p, err := s.svc.Project(ctx, a, id)
	if err != nil {
		return err
	}
	x := domain.DupAnswer{Kind: domain.DupKind(r.PostFormValue("dup_kind")), ID: formID(r.PostFormValue("dup_id")),
		Answer: domain.DupReply(r.PostFormValue("answer")), Reason: r.PostFormValue("reason")}
	answers := slices.DeleteFunc(slices.Clone(p.DupAnswers), func(y domain.DupAnswer) bool { return y.Kind == x.Kind && y.ID == x.ID })
	answers = append(answers, x)
	if _, err := s.svc.UpdateProject(ctx, a, id, app.ProjectEdit{Version: ver, DupAnswers: &answers}); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#duplicates", "flash.saved")
	return nil
}

// projectDupVerdicts saves the office's verdicts: per function point (vfn, its index i)
// verdict_<i> (none: no verdict), match_<i> (kind:id), amount_<i>, note_<i>.
func (s *Server) projectDupVerdicts(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	a, ctx := rq.auth.Actor, r.Context()
	p, err := s.svc.Project(ctx, a, id)
	if err != nil {
		return err
	}
	e := app.DupVerdictEdit{Version: ver, Verdicts: []domain.DupVerdict{}}
	for _, k := range r.PostForm["vfn"] {
		i, err := strconv.Atoi(k)
		verdict := r.PostFormValue("verdict_" + k)
		if err != nil || i < 0 || i >= len(p.Functions) || verdict == "" {
			continue
		}
		v := domain.DupVerdict{Function: p.Functions[i], Verdict: domain.DupVerdictKind(verdict), Note: r.PostFormValue("note_" + k)}
		kind, mid, _ := strings.Cut(r.PostFormValue("match_"+k), ":")
		v.Kind, v.ID = domain.DupKind(kind), formID(mid)
		if amt := strings.TrimSpace(r.PostFormValue("amount_" + k)); amt != "" {
			if v.Amount, err = strconv.ParseInt(amt, 10, 64); err != nil {
				v.Amount = -1 // no number: refused on its field with the other problems
			}
		}
		e.Verdicts = append(e.Verdicts, v)
	}
	if _, err := s.svc.RecordDupVerdicts(ctx, a, id, e); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#duplicates", "flash.saved")
	return nil
}
