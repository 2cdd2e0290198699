package demo_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

var systemCodeRe = regexp.MustCompile(`^XC-SYS-[0-9]{4}$`)

// systemsTestFinal is the status a seed ends in after LoadSystems replays its steps.
func systemsTestFinal(t *testing.T, s demo.SystemSeed) domain.SystemStatus {
	t.Helper()
	sys := &domain.System{Status: domain.StatusRunning}
	for _, act := range s.Steps {
		next, err := domain.SystemFlow.Next(sys.Status, act, []domain.SystemActor{domain.ByHead, domain.ByOffice}, "", sys)
		if err != nil {
			t.Fatalf("%s %s: step %s from %s: %v", s.Code, s.Name, act, sys.Status, err)
		}
		if act == domain.SysFileCleanup {
			sys.StatusBefore = sys.Status
		}
		sys.Status = next
	}
	return sys.Status
}

func TestSystemCodesUniqueAndWellFormed(t *testing.T) {
	t.Parallel()
	codes := map[string]bool{}
	names := map[string]bool{}
	for _, s := range demo.Systems {
		if !systemCodeRe.MatchString(s.Code) || len(s.Code) > 30 {
			t.Errorf("system code %q (%s) is not XC-SYS-NNNN", s.Code, s.Name)
		}
		if codes[s.Code] {
			t.Errorf("duplicate system code %q", s.Code)
		}
		if names[s.Name] {
			t.Errorf("duplicate system name %q", s.Name)
		}
		codes[s.Code], names[s.Name] = true, true
	}
}

func TestSystemUnitsExist(t *testing.T) {
	t.Parallel()
	units := indexBy(demo.Units, func(u demo.UnitSeed) string { return u.Code })
	for _, s := range demo.Systems {
		u, ok := units[s.UnitCode]
		if !ok {
			t.Errorf("%s %s: unit %q is not a demo unit", s.Code, s.Name, s.UnitCode)
			continue
		}
		// Town- and zone-level units serve no district-wide users.
		if u.Kind != "district" && u.Kind != "bureau" && slices.Contains(s.Levels, domain.LevelDistrict) {
			t.Errorf("%s %s: a %s's system serves the district level", s.Code, s.Name, u.Kind)
		}
	}
}

func TestSystemSeedsValidate(t *testing.T) {
	t.Parallel()
	for i, s := range demo.Systems {
		sys := s.System(int64(i + 1))
		sys.Status = domain.StatusRunning // as CreateSystem sets it
		if err := sys.Validate(); err != nil {
			t.Errorf("%s %s: %v", s.Code, s.Name, err)
		}
		for _, d := range []struct {
			seed string
			got  time.Time
		}{{s.GoLive, sys.GoLive}, {s.LastUpgrade, sys.LastUpgrade}} {
			if d.seed != "" && d.got.Format("2006-01-02") != d.seed {
				t.Errorf("%s %s: date %q does not parse as YYYY-MM-DD", s.Code, s.Name, d.seed)
			}
		}
		if s.Classification == domain.Classified {
			continue
		}
		if s.GoLive == "" || s.GoLive < "2008-01-01" || s.GoLive > "2025-12-31" {
			t.Errorf("%s %s: go-live %q not within 2008–2025", s.Code, s.Name, s.GoLive)
		}
		if s.LastUpgrade > "2025-12-31" {
			t.Errorf("%s %s: upgrade %q after 2025", s.Code, s.Name, s.LastUpgrade)
		}
		if s.Purpose == "" || s.Vendor == "" || s.AnnualCost == "" || len(s.Levels) == 0 {
			t.Errorf("%s %s: purpose, vendor, cost and levels should all be filled in", s.Code, s.Name)
		}
		if s.Hosting != domain.HostingCloud && s.HostingNote == "" {
			t.Errorf("%s %s: off-cloud (%s) without a note naming the room or provider", s.Code, s.Name, s.Hosting)
		}
		if s.Category == domain.CategoryPortal && s.Network != domain.NetworkInternet {
			t.Errorf("%s %s: a portal not on the internet", s.Code, s.Name)
		}
		// A system the city or province built (its note says 统建) is exempt from moving (ENV-P1).
		if strings.Contains(s.HostingNote, "统建") != (s.Exemption == domain.ExemptHigherBuilt) {
			t.Errorf("%s %s: hosting note %q, exemption %q", s.Code, s.Name, s.HostingNote, s.Exemption)
		}
	}
}

// A classified (涉密) system keeps only code, name, unit and classification.
func TestClassifiedSystemsMinimal(t *testing.T) {
	t.Parallel()
	for _, s := range demo.Systems {
		if s.Classification != domain.Classified {
			continue
		}
		if s.Purpose != "" || s.Category != "" || s.Hosting != "" || s.HostingNote != "" || s.Network != "" ||
			len(s.Levels) != 0 || s.GoLive != "" || s.LastUpgrade != "" || s.Vendor != "" || s.AnnualCost != "" ||
			len(s.Steps) != 0 || s.ReplacedBy != "" {
			t.Errorf("%s %s: a classified system carries more than minimal metadata", s.Code, s.Name)
		}
	}
}

func TestSystemCountsAndProportions(t *testing.T) {
	t.Parallel()
	n := len(demo.Systems)
	if n < 140 {
		t.Fatalf("%d systems, want at least 140", n)
	}
	hosting := map[domain.Hosting]int{}
	final := map[domain.SystemStatus]int{}
	classified, onsiteNoted := 0, 0
	for _, s := range demo.Systems {
		final[systemsTestFinal(t, s)]++
		if s.Classification == domain.Classified {
			classified++
			continue
		}
		hosting[s.Hosting]++
		if s.Hosting == domain.HostingOnsite && s.HostingNote != "" {
			onsiteNoted++
		}
	}
	share := float64(hosting[domain.HostingCloud]) / float64(n)
	t.Logf("%d systems: hosting %v, classified %d, final statuses %v, cloud share %.1f%%", n, hosting, classified, final, share*100)
	if share < 0.65 || share > 0.85 {
		t.Errorf("cloud share %.1f%%, want 65–85%%", share*100)
	}
	if classified < 4 {
		t.Errorf("%d classified systems, want at least 4", classified)
	}
	if onsiteNoted < 3 {
		t.Errorf("%d on-site systems with a justification, want at least 3", onsiteNoted)
	}
	if hosting[domain.HostingRoom] == 0 || hosting[domain.HostingOther] == 0 {
		t.Errorf("want systems in unit rooms and elsewhere off the cloud: %v", hosting)
	}
	for _, st := range []domain.SystemStatus{domain.StatusIdle, domain.StatusUnmaintained, domain.StatusSuperseded,
		domain.StatusCleanupFiled, domain.StatusCleanupAccepted, domain.StatusOffline} {
		if final[st] == 0 {
			t.Errorf("no demo system ends %s", st)
		}
	}
	if final[domain.StatusRunning] < n*8/10 {
		t.Errorf("only %d of %d systems running", final[domain.StatusRunning], n)
	}
}

func TestSystemReplacements(t *testing.T) {
	t.Parallel()
	bySeed := indexBy(demo.Systems, func(s demo.SystemSeed) string { return s.Code })
	for _, s := range demo.Systems {
		supersede := slices.Contains(s.Steps, domain.SysMarkSuperseded)
		if supersede != (s.ReplacedBy != "") {
			t.Errorf("%s %s: ReplacedBy %q without a supersede step, or the other way round", s.Code, s.Name, s.ReplacedBy)
		}
		if s.ReplacedBy == "" {
			continue
		}
		r, ok := bySeed[s.ReplacedBy]
		switch {
		case !ok:
			t.Errorf("%s %s: replaced by unknown system %q", s.Code, s.Name, s.ReplacedBy)
		case r.Code == s.Code:
			t.Errorf("%s %s: replaced by itself", s.Code, s.Name)
		case len(r.Steps) != 0 || r.Classification == domain.Classified:
			t.Errorf("%s %s: replaced by %s %s, which is not a running non-classified system", s.Code, s.Name, r.Code, r.Name)
		}
	}
}

// TestLoadSystems loads the demo district and its systems through the use cases: every
// system exists with its final status and replacement, and the audit chain verifies.
func TestLoadSystems(t *testing.T) {
	t.Parallel()
	svc := loadedDemo(t, sqlite, march)
	units, err := svc.Units(ctx, cli, store.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	unitIDs := map[string]int64{}
	for _, u := range units.Items {
		unitIDs[u.Code] = u.ID
	}
	// demo.Load has loaded the systems too (through LoadSystems).

	page, err := svc.Systems(ctx, cli, store.SystemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// The seeds, and the systems 在建 the demo's approved applications registered (FLOW-2); those
	// of the accepted projects went into service (FLOW-4, stages.go).
	page.Items = slices.DeleteFunc(page.Items, func(s *domain.System) bool {
		if s.ProjectID != 0 && s.Status != domain.StatusUnderConstruction && s.Status != domain.StatusRunning {
			t.Errorf("%s of project %d is %s, want under_construction or running", s.Code, s.ProjectID, s.Status)
		}
		return s.ProjectID != 0
	})
	if len(page.Items) != len(demo.Systems) {
		t.Fatalf("%d systems stored besides the projects', want %d", len(page.Items), len(demo.Systems))
	}
	byCode := indexBy(page.Items, systemCode)
	effects := demo.PlanEffects() // plans.go: a completed migration or docking plan changes its system
	for _, seed := range demo.Systems {
		got, ok := byCode[seed.Code]
		if !ok {
			t.Errorf("%s %s not stored", seed.Code, seed.Name)
			continue
		}
		wantHosting := seed.Hosting
		if effects[seed.Code].Migrated {
			wantHosting = domain.HostingCloud
		}
		if got.Name != seed.Name || got.UnitID != unitIDs[seed.UnitCode] || got.Hosting != wantHosting || got.Classification != seed.Classification ||
			got.CloudExemption != seed.Exemption || got.CloudExemptionBasis != seed.Basis {
			t.Errorf("%s stored as %+v", seed.Code, got)
		}
		if want := systemsTestFinal(t, seed); got.Status != want {
			t.Errorf("%s %s: status %s, want %s", seed.Code, seed.Name, got.Status, want)
		}
		if want := int64(1+len(seed.Steps)+effects[seed.Code].Changes) + linkedToRoom(seed); got.Version != want {
			t.Errorf("%s %s: version %d, want %d", seed.Code, seed.Name, got.Version, want)
		}
		if seed.ReplacedBy != "" {
			if r := byCode[seed.ReplacedBy]; r == nil || got.ReplacedByID != r.ID {
				t.Errorf("%s %s: replaced by id %d, want %s", seed.Code, seed.Name, got.ReplacedByID, seed.ReplacedBy)
			}
		}
		if got.Status == domain.StatusOffline && got.OfflineDate.IsZero() {
			t.Errorf("%s %s: offline without an offline date", seed.Code, seed.Name)
		}
	}

	// One audit record per creation and per step (besides the evidence files other loaders
	// attach), and the chain holds.
	if _, err := svc.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	for _, seed := range demo.Systems {
		if len(seed.Steps) == 0 {
			continue
		}
		all, err := svc.SystemHistory(ctx, cli, byCode[seed.Code].ID)
		var hist []string
		for _, r := range all {
			if strings.HasPrefix(r.Action, "system.") {
				hist = append(hist, r.Action)
			}
		}
		if want := 1 + len(seed.Steps) + effects[seed.Code].Changes + int(linkedToRoom(seed)); err != nil || len(hist) != want {
			t.Errorf("history of %s %s: %d records, want %d (%v)", seed.Code, seed.Name, len(hist), want, err)
		}
	}

	// Loading twice is refused at the first system (its code is taken).
	if err := demo.LoadSystems(ctx, svc, unitIDs); err == nil {
		t.Error("second LoadSystems succeeded")
	}
}

// ENV-P1's scope in the demo, on every backend: the systems the city or province built
// (XC-SYS-0043 社会保险经办系统, 市人社局统建; XC-SYS-0036 社区矫正信息管理系统 on the 省司法行政专网)
// are exempt and not off the cloud; no system on a 部门专网 is; several extranet and internet
// systems are, some without a migration plan (the ENV-R2 finding and the home to-do); and the
// list filter (the ENV-P1 rule's findings) picks exactly the systems the clause names.
func TestDemoCloudScope(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		all, err := svc.Systems(ctx, cli, store.SystemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byCode := indexBy(all.Items, systemCode)
		for _, code := range []string{"XC-SYS-0043", "XC-SYS-0036"} {
			s := byCode[code]
			if s == nil || s.CloudExemption != domain.ExemptHigherBuilt || s.CloudExemptionBasis == "" || wantOffCloud(s) {
				t.Errorf("%s: %+v, want exempt (上级统建) with its basis and not off the cloud", code, s)
			}
		}
		off, err := svc.Systems(ctx, cli, store.SystemFilter{OffCloud: true})
		if err != nil {
			t.Fatal(err)
		}
		offCodes := map[string]bool{}
		for _, s := range off.Items {
			offCodes[s.Code] = true
			if s.Network == domain.NetworkPrivate || s.CloudExemption != domain.ExemptNone {
				t.Errorf("%s off the cloud on network %s with exemption %q", s.Code, s.Network, s.CloudExemption)
			}
		}
		for _, s := range all.Items {
			if wantOffCloud(s) != offCodes[s.Code] {
				t.Errorf("%s: off the cloud by ENV-P1 %v, the filter disagrees", s.Code, wantOffCloud(s))
			}
		}
		noPlan, err := svc.Systems(ctx, cli, store.SystemFilter{OffCloud: true, NoPlan: true})
		if err != nil {
			t.Fatal(err)
		}
		extranet := 0
		for _, s := range noPlan.Items {
			if s.Network == domain.NetworkExtranet {
				extranet++
			}
		}
		if extranet < 4 || len(noPlan.Items) < 5 || len(off.Items) < 10 {
			t.Errorf("off the cloud %d, without a plan %d (%d on the extranet): want at least 10, 5 and 4", len(off.Items), len(noPlan.Items), extranet)
		}
	})
}

func TestDemoAttachments(t *testing.T) {
	// The clock of the other tests: a copy of their template, not a demo built afresh.
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		p, err := svc.Systems(ctx, cli, store.SystemFilter{Status: domain.StatusCleanupFiled, Limit: 10})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no filed cleanup in the demo: %v", err)
		}
		atts, err := svc.Attachments(ctx, cli, "system", p.Items[0].ID)
		if err != nil || len(atts) != 1 || atts[0].ContentType != "application/pdf" {
			t.Fatalf("filed cleanup's attachments: %+v, %v", atts, err)
		}
		_, content, err := svc.Attachment(ctx, cli, atts[0].ID)
		if err != nil || !bytes.HasPrefix(content, []byte("%PDF-1.4")) || !bytes.HasSuffix(content, []byte("%%EOF\n")) {
			t.Fatalf("demo PDF: %v", err)
		}
	})
}

// wantOffCloud is ENV-P1's scope as the clause words it, for checking the default rule's
// findings: non-classified, in service, on the extranet or the internet, in a unit's room or
// elsewhere off the cloud (not on-site production, ENV-P3), without a cloud exemption.
func wantOffCloud(s *domain.System) bool {
	return s.Classification == domain.Unclassified && s.InService() && s.CloudNetwork() &&
		s.Hosting != domain.HostingCloud && s.Hosting != domain.HostingOnsite && s.CloudExemption == domain.ExemptNone
}
