package app_test

// Department assessment (ORG-3): the demo's published assessment recomputed by hand from the
// registers, the frozen snapshot, the weights' validation, and the objection's refusals.

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// demoAssessment is the demo's published assessment (internal/demo/assessments.go).
func demoAssessment(e *env) *domain.Assessment {
	e.t.Helper()
	list, err := e.svc.Assessments(e.ctx, e.actor("office"))
	if err != nil || len(list) != 1 || list[0].Status != domain.AssessPublished || list[0].Year != e.svc.Today().Year() {
		e.t.Fatalf("the demo's assessments: %v (%v)", list, err)
	}
	return list[0]
}

// evidenceIDs are the evidence's record ids, met or not.
func evidenceIDs(ev []domain.Evidence, met bool) []int64 {
	var out []int64
	for _, x := range ev {
		if x.Met == met {
			out = append(out, x.ID)
		}
	}
	slices.Sort(out)
	return out
}

// TestAssessmentReproducible recomputes 区卫健委's published score by hand (the Done
// when): each indicator's records are read again from its register as the office lists them,
// sorted into met and not met by the formula of docs/guide/assessment.md, and the points
// summed; the snapshot must hold the same records, figures and score, and keep them when a
// record changes afterwards.
func TestAssessmentReproducible(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office, x := e.actor("office"), demoAssessment(e)
		health := e.unit(codeHealth)
		sc, err := e.svc.Score(e.ctx, office, x.ID, health.ID)
		if err != nil {
			t.Fatal(err)
		}
		g, _, err := e.svc.Governance(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		year, today := x.Year, e.svc.Today()
		inYear := func(d time.Time) bool { return d.Year() == year }
		met := map[domain.Indicator][]int64{}
		unmet := map[domain.Indicator][]int64{}
		put := func(i domain.Indicator, id int64, ok bool) {
			if ok {
				met[i] = append(met[i], id)
			} else {
				unmet[i] = append(unmet[i], id)
			}
		}
		// ENV-P1: on the cloud, or found off it (an open finding of the rule).
		offCloud := map[int64]bool{}
		fs, err := e.svc.Findings(e.ctx, office, app.FindingFilter{UnitID: health.ID, RuleID: domain.RuleOffCloud, Status: domain.FindingOpen, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs.Items {
			offCloud[f.SubjectID] = true
		}
		systems, err := e.svc.Systems(e.ctx, office, store.SystemFilter{UnitID: health.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		serving := 0
		for _, s := range systems.Items {
			if !s.InService() {
				continue
			}
			serving++
			if s.Classification == domain.Unclassified && (s.Hosting == domain.HostingCloud || offCloud[s.ID]) {
				put(domain.IndCloud, s.ID, s.Hosting == domain.HostingCloud)
			}
		}
		rooms, err := e.svc.MachineRooms(e.ctx, office, app.RoomList{RoomFilter: store.RoomFilter{UnitID: health.ID, Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rooms.Items {
			if r.Kind == domain.RoomOther {
				put(domain.IndRooms, r.ID, r.Status == domain.RoomClosed && !r.ClosedDate.After(g.RoomDeadline()))
			}
		}
		sites, err := e.svc.Websites(e.ctx, office, store.WebsiteFilter{UnitID: health.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range sites.Items {
			if w.Status != domain.WebClosed && w.Status != domain.WebMerged {
				put(domain.IndWebsites, w.ID, w.Status == domain.WebRegistered)
			}
		}
		entries, err := e.svc.Catalog(e.ctx, office, store.CatalogFilter{UnitID: health.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range entries.Items {
			if c.Status == domain.CatSubmitted || c.Status == domain.CatRegistered || c.Status == domain.CatPublished {
				put(domain.IndCatalog, c.ID, c.Status == domain.CatPublished)
			}
		}
		answeredBy := func(at, due time.Time) bool { return !at.IsZero() && !domain.Day(at.In(i18n.Zone)).After(due) }
		fb, err := e.svc.Feedbacks(e.ctx, office, store.FeedbackFilter{ProviderUnitID: health.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fb.Items {
			if inYear(f.DueDate) && (!f.AnsweredAt.IsZero() || f.DueDate.Before(today)) {
				put(domain.IndFeedback, f.ID, answeredBy(f.AnsweredAt, f.DueDate))
			}
		}
		rects, err := e.svc.Rectifications(e.ctx, office, app.RectificationFilter{UnitID: health.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range rects.Items {
			if inYear(n.Deadline) && (!n.AnsweredAt.IsZero() || n.Deadline.Before(today)) {
				put(domain.IndRect, n.ID, answeredBy(n.AnsweredAt, n.Deadline))
			}
		}
		rounds, err := e.svc.CheckRounds(e.ctx, office, store.CheckRoundFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, rd := range rounds.Items {
			checks, err := e.svc.SpotChecks(e.ctx, office, rd)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range checks {
				if c.UnitID == health.ID && c.Status != domain.CheckPending && c.RecordedAt.In(i18n.Zone).Year() == year {
					put(domain.IndSpot, c.ID, c.Status == domain.CheckPassed)
				}
			}
		}
		open, err := e.svc.Findings(e.ctx, office, app.FindingFilter{UnitID: health.ID, Status: domain.FindingOpen, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range open.Items {
			put(domain.IndFindings, f.ID, false)
		}

		// The points by hand: weight × rate, each rounded to hundredths; their sum the score.
		total := 0.0
		for _, it := range sc.Items {
			slices.Sort(met[it.Code])
			slices.Sort(unmet[it.Code])
			if got, want := evidenceIDs(it.Evidence, true), met[it.Code]; !slices.Equal(got, want) {
				t.Errorf("%s: met evidence %v, the registers say %v", it.Code, got, want)
			}
			if got, want := evidenceIDs(it.Evidence, false), unmet[it.Code]; !slices.Equal(got, want) {
				t.Errorf("%s: unmet evidence %v, the registers say %v", it.Code, got, want)
			}
			n, d := len(met[it.Code]), len(met[it.Code])+len(unmet[it.Code])
			rate := 1.0
			if it.Code == domain.IndFindings {
				n, d = len(unmet[it.Code]), serving
				switch {
				case d > 0:
					rate = max(0, 1-float64(n)/float64(d))
				case n > 0:
					rate = 0
				}
			} else if d > 0 {
				rate = float64(n) / float64(d)
			}
			points := float64(int(float64(it.Weight)*rate*100+0.5)) / 100
			if it.Num != n || it.Den != d || it.Points != points {
				t.Errorf("%s: stored %d/%d = %.2f points, by hand %d/%d = %.2f", it.Code, it.Num, it.Den, it.Points, n, d, points)
			}
			total += points
		}
		if want := float64(int(total*100+0.5)) / 100; sc.Score != want || sc.Final != want {
			t.Errorf("score %.2f (final %.2f), by hand %.2f", sc.Score, sc.Final, want)
		}
		if len(sc.Items) != len(x.Weights) || len(met[domain.IndCloud])+len(unmet[domain.IndCloud]) == 0 || len(met[domain.IndCatalog]) == 0 {
			t.Errorf("the health unit's figures measure too little to be a test: %+v", sc.Items)
		}
		t.Logf("区卫健委 %d: %.2f points, rank %d", year, sc.Score, sc.Rank)

		// Frozen: the live computation moves with the records, the snapshot does not.
		live, err := e.svc.ComputeAssessment(e.ctx, office, year)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(live, func(u *domain.UnitScore) bool { return u.UnitID == health.ID }); i < 0 || live[i].Score != sc.Score {
			t.Fatalf("computed again unchanged, the health unit differs from its snapshot (%d)", i)
		}
		// One catalog entry changes after publication (through SQL, as a later edit would leave it).
		to, entry := "published", unmet[domain.IndCatalog]
		if len(entry) == 0 {
			to, entry = "registered", met[domain.IndCatalog]
		}
		q := fmt.Sprintf(`UPDATE catalog_entries SET status = '%s' WHERE id = %d`, to, entry[0])
		if _, err := e.db.Writer().ExecContext(e.ctx, q); err != nil {
			t.Fatal(err)
		}
		live, _ = e.svc.ComputeAssessment(e.ctx, office, year)
		i := slices.IndexFunc(live, func(u *domain.UnitScore) bool { return u.UnitID == health.ID })
		again, _ := e.svc.Score(e.ctx, office, x.ID, health.ID)
		if live[i].Score == sc.Score || again.Score != sc.Score {
			t.Errorf("after the change: live %.2f, stored %.2f (published %.2f)", live[i].Score, again.Score, sc.Score)
		}
	})
}

// TestAssessmentRefusals: the weights' validation naming each field, the frozen snapshot, who
// sees what (another unit's score answers 404), and the objection's refusals — by another unit,
// twice, after the window — and the office's answer.
func TestAssessmentRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office, x := e.actor("office"), demoAssessment(e)
		health, edu := e.unit(codeHealth), e.unit(codeEdu)

		// Weights: the sum, an unknown indicator, one listed twice, each named; nothing saved.
		before := e.head()
		err := e.svc.CreateAssessment(e.ctx, office, &domain.Assessment{Year: 2030, Title: "2030年度考核", ObjectionDays: 10,
			Weights: []domain.IndicatorWeight{{Code: domain.IndCloud, Weight: 50}, {Code: "speed", Weight: 20}, {Code: domain.IndCloud, Weight: 10}}})
		wantCode(t, err, domain.EInvalid, "")
		fields := map[string]bool{}
		ae := domain.AsError(err)
		for _, p := range append([]*domain.Error{ae}, ae.More...) {
			fields[p.Field] = true
		}
		if !fields["weights"] || !fields["weights.1"] || !fields["weights.2"] || len(fields) != 3 {
			t.Errorf("bad weights name %v", slices.Sorted(maps.Keys(fields)))
		}
		err = e.svc.CreateAssessment(e.ctx, office, &domain.Assessment{Year: 2030, Title: "2030年度考核",
			Weights: []domain.IndicatorWeight{{Code: domain.IndCloud, Weight: 60}, {Code: domain.IndRooms, Weight: 30}}})
		wantCode(t, err, domain.EInvalid, "weights")
		err = e.svc.CreateAssessment(e.ctx, office, &domain.Assessment{Year: x.Year, Title: "重复"})
		wantCode(t, err, domain.EInvalid, "year")
		err = e.svc.CreateAssessment(e.ctx, e.actor("weijian_head"), &domain.Assessment{Year: 2031, Title: "单位自建"})
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(before)

		// A draft: the office edits it, a unit does not see it; published, it is frozen.
		d := &domain.Assessment{Year: 2031, Title: "2031年度考核"}
		if err := e.svc.CreateAssessment(e.ctx, office, d); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Assessment(e.ctx, e.actor("weijian"), d.ID)
		wantCode(t, err, domain.ENotFound, "")
		bad := []domain.IndicatorWeight{{Code: domain.IndCloud, Weight: 0}, {Code: domain.IndRooms, Weight: 100}}
		_, err = e.svc.UpdateAssessment(e.ctx, office, d.ID, app.AssessmentEdit{Version: d.Version, Weights: &bad})
		wantCode(t, err, domain.EInvalid, "weights.0")
		_, err = e.svc.UpdateAssessment(e.ctx, office, x.ID, app.AssessmentEdit{Version: x.Version, Weights: &bad})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.ComputeAssessment(e.ctx, e.actor("weijian"), x.Year)
		wantCode(t, err, domain.EForbidden, "")

		// Scores are the unit's: the health unit's people see theirs only; the leader its led units.
		mine, err := e.svc.Scores(e.ctx, e.actor("weijian"), x.ID)
		if err != nil || len(mine) != 1 || mine[0].UnitID != health.ID {
			t.Fatalf("weijian's scores %v (%v)", mine, err)
		}
		_, err = e.svc.Score(e.ctx, e.actor("weijian"), x.ID, edu.ID)
		wantCode(t, err, domain.ENotFound, "")
		if led, err := e.svc.Scores(e.ctx, e.actor("leader"), x.ID); err != nil || len(led) != 4 {
			t.Errorf("the leader's scores: %d (%v)", len(led), err)
		}

		// Objections: another unit's person may not object for the health unit; the health unit
		// objects once, not twice; the office answers.
		_, err = e.svc.FileObjection(e.ctx, e.actor("jiaoyu"), x.ID, app.ObjectionCreate{UnitID: health.ID, Reason: "代为申诉"})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.FileObjection(e.ctx, e.actor("weijian"), x.ID, app.ObjectionCreate{UnitID: health.ID, Reason: "  "})
		wantCode(t, err, domain.EInvalid, "reason")
		before = e.head()
		o, err := e.svc.FileObjection(e.ctx, e.actor("weijian"), x.ID, app.ObjectionCreate{Reason: "本单位两个网站已于年初提交备案，请核实。"})
		if err != nil || o.UnitID != health.ID || o.UnitName != health.Name || o.Status != domain.ObjSubmitted {
			t.Fatalf("objection %+v (%v)", o, err)
		}
		e.wantAudit(before, "objection.create", "weijian")
		if got := e.notified("objection_filed", "objection", o.ID); !slices.Contains(got, "office") || slices.Contains(got, "weijian") {
			t.Errorf("the objection was notified to %v", got)
		}
		if got := e.notified("assessment_published", "assessment", x.ID); !slices.Contains(got, "weijian") || !slices.Contains(got, "jiaoyu") {
			t.Errorf("the publication was notified to %v", got)
		}
		_, err = e.svc.FileObjection(e.ctx, e.actor("weijian_head"), x.ID, app.ObjectionCreate{Reason: "再次申诉"})
		wantCode(t, err, domain.EInvalid, "reason")
		if _, err := e.svc.Objection(e.ctx, e.actor("jiaoyu"), o.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("another unit reads the objection: %v", err)
		}
		_, err = e.svc.AnswerObjection(e.ctx, e.actor("weijian_head"), o.ID, app.ObjectionStep{Version: o.Version, Action: domain.ObjReject, Answer: "自己驳回"})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.AnswerObjection(e.ctx, office, o.ID, app.ObjectionStep{Version: o.Version, Action: domain.ObjAccept, CorrectedScore: 120, Answer: "采纳"})
		wantCode(t, err, domain.EInvalid, "corrected_score")
		_, err = e.svc.AnswerObjection(e.ctx, office, o.ID, app.ObjectionStep{Version: o.Version, Action: domain.ObjAccept, CorrectedScore: 88.5})
		wantCode(t, err, domain.EInvalid, "answer")
		before = e.head()
		done, err := e.svc.AnswerObjection(e.ctx, office, o.ID, app.ObjectionStep{Version: o.Version, Action: domain.ObjAccept, CorrectedScore: 88.5, Answer: "经核实，采纳。"})
		if err != nil || done.Status != domain.ObjAccepted {
			t.Fatalf("accept: %+v (%v)", done, err)
		}
		e.wantAudit(before, "objection.accept", "office")
		if got := e.notified("objection_accepted", "objection", o.ID); !slices.Contains(got, "weijian") || !slices.Contains(got, "weijian_head") {
			t.Errorf("the answer was notified to %v", got)
		}
		sc, _ := e.svc.Score(e.ctx, office, x.ID, health.ID)
		if sc.Final != 88.5 || sc.Score == 88.5 {
			t.Errorf("after the accepted objection: score %.2f, final %.2f", sc.Score, sc.Final)
		}
		_, err = e.svc.AnswerObjection(e.ctx, office, o.ID, app.ObjectionStep{Version: done.Version, Action: domain.ObjReject, Answer: "改判"})
		wantCode(t, err, domain.EConflict, "")

		// After the window: refused (409), nothing written.
		e.clock.Advance(time.Duration(x.ObjectionDays*3) * 24 * time.Hour)
		before = e.head()
		_, err = e.svc.FileObjection(e.ctx, e.actor("jiaoyu"), x.ID, app.ObjectionCreate{Reason: "逾期申诉"})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(before)
	})
}
