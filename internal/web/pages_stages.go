package web

import (
	"net/http"
	"slices"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// A project's stages on its page (FLOW-4, BLD-R5, SHR-R4): the 阶段 section shows the current
// stage on the step bar, what was submitted at each stage, the unit's form of the current
// stage's materials with its evidence files, and the step buttons (each asks to confirm); a
// refused step or submission shows the page again with every problem at its place.

func (s *Server) stageRoutes() {
	s.handle("POST /projects/{id}/stage/{action}", s.ui(s.stagePost))
	s.handle("POST /projects/{id}/stages/{stage}/materials", s.ui(s.stageMaterialsPost))
}

// stageSection is the 阶段 section of a project page.
type stageSection struct {
	Stage        domain.ProjectStage
	Path         []domain.ProjectStage
	Steps        []domain.StageAction
	Requirements []domain.TaskRequirement
	Submitted    []*domain.StageMaterials // what was submitted at each stage, in order
	Current      *domain.StageMaterials   // the current stage's materials (version 0: none yet)
	CanSubmit    bool                     // the viewer may submit the current stage's materials
	Files        attachmentsView          // the stage evidence files
	Comment      string                   // what a refused step's form held
	Answers      []domain.ResponseAnswer
	Needs        []string // what the move on from the current stage still needs (empty: ready)
}

// stageSectionOf builds the section of p for the viewer; nil before the task book.
func (s *Server) stageSectionOf(r *http.Request, rq *request, p *domain.Project, pg Page) (*stageSection, error) {
	if p.Stage == "" {
		return nil, nil
	}
	a, ctx := rq.auth.Actor, r.Context()
	v := &stageSection{Stage: p.Stage, Path: domain.ProjectStages, Steps: s.svc.StageSteps(a, p), Answers: domain.ResponseAnswers}
	if r.Method == http.MethodPost {
		v.Comment = r.PostFormValue("comment")
	}
	var err error
	if v.Submitted, err = s.svc.ProjectStageMaterials(ctx, a, p); err != nil {
		return nil, err
	}
	if tb, err := s.svc.ProjectTaskBook(ctx, a, p.ID); err == nil {
		v.Requirements = tb.Requirements
	}
	if p.Stage.TakesMaterials() {
		if v.Current, err = s.svc.StageMaterials(ctx, a, p.ID, string(p.Stage)); err != nil {
			return nil, err
		}
		v.CanSubmit = s.svc.CanSubmitStage(a, p, p.Stage)
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/materials") { // a refused submission: what its form held
			c := *v.Current
			c.Note, c.Responses = r.PostFormValue("note"), nil
			for _, cl := range r.PostForm["clause"] {
				c.Responses = append(c.Responses, domain.ProjectResponse{Clause: cl,
					Answer: domain.ResponseAnswer(r.PostFormValue("answer_" + cl)), Text: r.PostFormValue("text_" + cl)})
			}
			v.Current = &c
		}
	}
	if p.Stage.TakesMaterials() { // what the next step still needs, before anyone clicks it
		chk, err := s.svc.StageCheckOf(ctx, a, p)
		if err != nil {
			return nil, err
		}
		ready := chk.ReadyToMove
		if p.Stage == domain.StageAcceptance {
			ready = chk.ReadyToAccept
		}
		if e := ready(); e != nil {
			for _, x := range domain.AsError(e).Fields() {
				v.Needs = append(v.Needs, s.message(r, x))
			}
		}
	}
	if v.Files, err = s.attachments(r, pg, "project_stage", p.ID, "/projects/"+itoa(p.ID)+"#stages"); err != nil {
		return nil, err
	}
	v.Files.SectionID = "stage-files"
	if p.Stage.TakesMaterials() {
		v.Files.Purposes = []string{string(p.Stage)} // a new file is the current stage's
	} else {
		v.Files.Purposes = nil
	}
	return v, nil
}

// Answer is the current materials' response to clause (as submitted), or the zero response.
func (v *stageSection) Answer(clause string) domain.ProjectResponse {
	r, _ := v.Current.Response(clause)
	return r
}

// Field is the field of the current stage's response to clause (as the step's refusal names it).
func (v *stageSection) Field(clause string) string {
	return "materials." + string(v.Stage) + "." + domain.ResponseField(clause)
}

// ErrsUnder lists the messages about the fields under prefix (the acceptance gates), by field.
func (p *helpers) ErrsUnder(prefix string) []string {
	var keys []string
	for f := range p.Errors {
		if strings.HasPrefix(f, prefix) {
			keys = append(keys, f)
		}
	}
	slices.Sort(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = p.Errors[k]
	}
	return out
}

// StageName … StageAct name the stages and their steps in the page's language.
func (p *helpers) StageName(st domain.ProjectStage) string { return p.T("stage." + string(st)) }
func (p *helpers) StageAct(a domain.StageAction) string    { return p.T("stageaction." + string(a)) }

func (s *Server) stagePost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.StageStep{Version: ver, Action: domain.StageAction(r.PathValue("action")), Comment: r.PostFormValue("comment")}
	if _, err := s.svc.TransitionStage(r.Context(), rq.auth.Actor, id, st); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#stages", "flash.saved")
	return nil
}

func (s *Server) stageMaterialsPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	in := app.StageMaterialsEdit{Version: ver, Note: r.PostFormValue("note"), Responses: []domain.ProjectResponse{}}
	for _, cl := range r.PostForm["clause"] {
		if ans := r.PostFormValue("answer_" + cl); ans != "" { // none chosen: unanswered
			in.Responses = append(in.Responses, domain.ProjectResponse{Clause: cl, Answer: domain.ResponseAnswer(ans), Text: r.PostFormValue("text_" + cl)})
		}
	}
	if _, err := s.svc.SubmitStageMaterials(r.Context(), rq.auth.Actor, id, r.PathValue("stage"), in); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#stages", "flash.saved")
	return nil
}
