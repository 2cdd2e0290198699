package app_test

// The annual declaration guide (FLOW-1) on the demo district: the office drafts, edits and
// publishes; everyone reads the published revision; a correction is the next revision, which
// supersedes the old one when published; a published revision never changes.

import (
	"slices"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func (e *env) guide(id int64) *domain.Guide {
	e.t.Helper()
	return must(e, "guide", store.Reader.Guide, id)
}

func (e *env) guideStep(who string, id int64, act domain.GuideAction) (*domain.Guide, error) {
	e.t.Helper()
	return e.svc.TransitionGuide(e.ctx, e.actor(who), id, app.GuideStep{Version: e.guide(id).Version, Action: act})
}

// draftGuide is a 2030 guide (a year the demo has none of) the office has drafted with its window set: ready to publish.
func (e *env) draftGuide() *domain.Guide {
	e.t.Helper()
	g := added(e, "office", "guide", e.svc.CreateGuide, &domain.Guide{Year: 2030, Title: "2030年度政务信息化项目申报指南",
		Requirements: "各单位于申报期内提交年度项目计划。"})
	start, end := day(2026, 12, 1), day(2026, 12, 31)
	g, err := e.svc.UpdateGuide(e.ctx, e.actor("office"), g.ID, app.GuideEdit{Version: g.Version, WindowStart: &start, WindowEnd: &end})
	if err != nil {
		e.t.Fatal(err)
	}
	return g
}

func TestGuideDraftPublishRevise(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		h := e.head()
		g := e.draftGuide()
		var acts []string
		for _, r := range e.since(h) {
			acts = append(acts, r.Action+" "+r.Actor)
		}
		if !slices.Equal(acts, []string{"guide.create office", "guide.update office"}) {
			t.Fatalf("audit of drafting: %q", acts)
		}
		if g.Revision != 1 || g.Status != domain.GuideDraft || len(g.Items) != len(domain.DefaultGuideItems()) {
			t.Fatalf("new guide: %+v", g)
		}
		// A draft is the office's: a unit's people do not see it, in the list or by id.
		if _, err := e.svc.Guide(e.ctx, e.actor("weijian"), g.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("a unit reading a draft: %v, want not found", err)
		}
		if p, _ := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2030}); len(p.Items) != 0 {
			t.Fatalf("a unit lists %d guides while the only one is a draft", len(p.Items))
		}
		// Only the office writes guides.
		if _, err := e.svc.UpdateGuide(e.ctx, e.actor("leader"), g.ID, app.GuideEdit{Version: g.Version}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("a leader editing a draft: %v, want not found", err)
		}
		if err := e.svc.CreateGuide(e.ctx, e.actor("weijian"), &domain.Guide{Year: 2027, Title: "x"}); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("a unit creating a guide: %v, want forbidden", err)
		}

		pub, err := e.guideStep("office", g.ID, domain.GuidePublish)
		if err != nil || pub.Status != domain.GuidePublished || pub.PublishedAt.IsZero() {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		// ORG-4: every unit's people were notified in the same transaction, the office not.
		if got := e.notified("guide_published", "guide", g.ID); !slices.Contains(got, "weijian") || !slices.Contains(got, "jiaoyu") || slices.Contains(got, "office") {
			t.Errorf("notified of the publication: %v", got)
		}
		// Published: every unit reads it; nobody edits it.
		if _, err := e.svc.Guide(e.ctx, e.actor("weijian"), g.ID); err != nil {
			t.Fatalf("a unit reading the published guide: %v", err)
		}
		title := "改"
		if _, err := e.svc.UpdateGuide(e.ctx, e.actor("office"), g.ID, app.GuideEdit{Version: pub.Version, Title: &title}); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("editing a published guide: %v, want a conflict", err)
		}
		if _, err := e.guideStep("office", g.ID, domain.GuidePublish); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("publishing twice: %v, want a conflict", err)
		}

		// Revising makes revision 2 as a draft; revision 1 stays published until 2 is.
		rev, err := e.guideStep("office", g.ID, domain.GuideRevise)
		if err != nil || rev.Revision != 2 || rev.Status != domain.GuideDraft || rev.ID == g.ID || !slices.Equal(rev.Items, pub.Items) {
			t.Fatalf("revise: %+v %v", rev, err)
		}
		if got := e.guide(g.ID); got.Status != domain.GuidePublished || got.Version != pub.Version {
			t.Fatalf("revising changed the published revision: %+v", got)
		}
		h = e.head()
		if _, err := e.guideStep("office", rev.ID, domain.GuidePublish); err != nil {
			t.Fatal(err)
		}
		if got := e.guide(g.ID); got.Status != domain.GuideSuperseded {
			t.Fatalf("revision 1 after revision 2 is published: %s", got.Status)
		}
		acts = nil
		for _, r := range e.since(h) {
			acts = append(acts, r.Action)
		}
		if !slices.Equal(acts, []string{"guide.supersede", "guide.publish"}) {
			t.Fatalf("audit of publishing revision 2: %q", acts)
		}
		hist, err := e.svc.GuideHistory(e.ctx, e.actor("weijian"), g.ID)
		if err != nil || len(hist) < 3 {
			t.Fatalf("history of revision 1: %d records, %v", len(hist), err)
		}
	})
}

func TestGuideRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// Publishing without a window is refused, naming both dates.
		g := added(e, "office", "guide", e.svc.CreateGuide, &domain.Guide{Year: 2030, Title: "指南"})
		_, err := e.guideStep("office", g.ID, domain.GuidePublish)
		fields := map[string]bool{}
		for _, f := range domain.AsError(err).Fields() {
			fields[f.Field] = true
		}
		if domain.ErrorCode(err) != domain.EInvalid || !fields["window_start"] || !fields["window_end"] {
			t.Fatalf("publishing without a window: %v", err)
		}
		// Bad requirements are named by row, and nothing is saved.
		bad := []domain.GuideRequirement{{Clause: "ENV-R1", Text: "x", Mandatory: true}, {Clause: "NOPE", Text: "y"}}
		_, err = e.svc.UpdateGuide(e.ctx, e.actor("office"), g.ID, app.GuideEdit{Version: g.Version, Items: &bad})
		if f := domain.AsError(err); f == nil || f.Field != "items.1" {
			t.Fatalf("a bad clause: %v, want a problem on items.1", err)
		}
		if got := e.guide(g.ID); got.Version != g.Version || len(got.Items) != len(domain.DefaultGuideItems()) {
			t.Fatalf("a refused edit changed the guide: %+v", got)
		}
		// A stale version is a conflict.
		title := "新标题"
		if _, err := e.svc.UpdateGuide(e.ctx, e.actor("office"), g.ID, app.GuideEdit{Version: g.Version + 1, Title: &title}); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale version: %v", err)
		}
	})
}

// Two office users publishing two drafts of one year at once: one of them supersedes the other,
// and the year never ends with two published revisions.
func TestGuidePublishRace(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		a, b := e.draftGuide(), e.draftGuide()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, g := range []*domain.Guide{a, b} {
			wg.Go(func() {
				_, errs[i] = e.svc.TransitionGuide(e.ctx, e.actor("office"), g.ID, app.GuideStep{Version: g.Version, Action: domain.GuidePublish})
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && domain.ErrorCode(err) != domain.EConflict {
				t.Fatalf("publish race: %v", err)
			}
		}
		p, err := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2030, Status: domain.GuidePublished})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("published revisions of 2030 after the race: %d, %v", len(p.Items), err)
		}
	})
}
