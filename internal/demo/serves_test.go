package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestDemoMediaServeSystems: the demo's mini programs and apps (and the government service
// portal's account) serve a system of their own unit; most accounts serve none; at least one
// serving account is closed, so the system page shows a gone account as well as live ones.
func TestDemoMediaServeSystems(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		ms, err := svc.MediaAccounts(ctx, cli, store.MediaFilter{})
		if err != nil {
			t.Fatal(err)
		}
		linked, gone := 0, 0
		kinds := map[domain.MediaKind]int{}
		for _, m := range ms.Items {
			code, want := demo.MediaSystems[demo.MediaSystemKey{Kind: m.Kind, Name: m.Name}]
			if m.SystemID == 0 {
				if want {
					t.Errorf("%s %s serves no system, want %s", m.Kind, m.Name, code)
				}
				continue
			}
			linked++
			kinds[m.Kind]++
			if !m.Live() {
				gone++
			}
			sys, err := svc.System(ctx, cli, m.SystemID)
			if err != nil {
				t.Fatalf("%s: system %d: %v", m.Name, m.SystemID, err)
			}
			if sys.Code != code || sys.UnitID != m.UnitID {
				t.Errorf("%s %s serves %s of unit %d, want %s of its unit %d", m.Kind, m.Name, sys.Code, sys.UnitID, code, m.UnitID)
			}
		}
		if linked != len(demo.MediaSystems) || linked < 6 || linked > len(ms.Items)/4 {
			t.Errorf("%d of %d accounts serve a system (%d seeds); want a believable few", linked, len(ms.Items), len(demo.MediaSystems))
		}
		if kinds[domain.MediaMiniProgram] < 3 || kinds[domain.MediaApp] < 2 {
			t.Errorf("serving accounts by kind %v: want mostly mini programs and apps", kinds)
		}
		if gone == 0 || gone == linked {
			t.Errorf("%d of %d serving accounts are closed or merged; want some, not all", gone, linked)
		}
		// The portal system lists its website and two accounts.
		ss, err := svc.DB().Read().SystemsByCodes(ctx, []string{"XC-SYS-0091"})
		if err != nil {
			t.Fatal(err)
		}
		portal := ss["XC-SYS-0091"].ID
		if n, _ := svc.CountMediaAccounts(ctx, cli, store.MediaFilter{SystemID: portal}); n != 2 {
			t.Errorf("XC-SYS-0091 serves %d accounts, want 2", n)
		}
		if n, _ := svc.CountWebsites(ctx, cli, store.WebsiteFilter{SystemID: portal}); n != 1 {
			t.Errorf("XC-SYS-0091 serves %d websites, want 1", n)
		}
	})
}
