package demo_test

import (
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestSitesDemoLoads loads the demo district and checks that its websites and new-media
// accounts are believable: about 60 and 80, on the district's domain, every registration state
// and every consolidation state present, overdue sites only among the unregistered, and merges
// that point at live portals.
func TestSitesDemoLoads(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		ws, err := svc.Websites(ctx, cli, store.WebsiteFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(ws.Items); n < 55 || n != len(demo.Websites) {
			t.Fatalf("%d websites, want about 60 (%d seeds)", n, len(demo.Websites))
		}
		states := map[domain.WebStatus]int{}
		overdue := 0
		for _, w := range ws.Items {
			states[w.Status]++
			if !strings.HasSuffix(w.Host, ".szxc.gov.cn") {
				t.Errorf("website %s is not on the district's domain", w.Host)
			}
			if w.Overdue {
				overdue++
				if w.Status != domain.WebUnregistered && w.Status != domain.WebNoticed && w.Status != domain.WebSubmitted {
					t.Errorf("website %s is %s and overdue", w.Host, w.Status)
				}
			}
			if w.Status == domain.WebMerged {
				target, err := svc.Website(ctx, cli, w.MergeInto)
				if err != nil || target.Gone() {
					t.Errorf("website %s merged into %d, which is %v (%v)", w.Host, w.MergeInto, target, err)
				}
			}
			if w.Status == domain.WebNoticed && (w.NoticeText == "" || w.NoticeDate.IsZero()) {
				t.Errorf("website %s has a shutdown notice without text or date", w.Host)
			}
		}
		everyOne(t, domain.WebStatuses, states, "no demo website is %s")
		if states[domain.WebRegistered] < len(ws.Items)/2 {
			t.Errorf("only %d of %d websites registered; most should be", states[domain.WebRegistered], len(ws.Items))
		}
		if states[domain.WebUnregistered] < 2 || states[domain.WebUnregistered] > 8 {
			t.Errorf("%d unregistered websites, want a few", states[domain.WebUnregistered])
		}
		// The demo's clock is years after the 2019 deadline: every site neither registered
		// nor gone is overdue, and the to-do counts them.
		n, err := svc.CountWebsites(ctx, cli, store.WebsiteFilter{Overdue: true})
		if err != nil || n != overdue || n != states[domain.WebUnregistered]+states[domain.WebNoticed]+states[domain.WebSubmitted] {
			t.Errorf("overdue count %d (%v), flags %d, states %v", n, err, overdue, states)
		}

		ms, err := svc.MediaAccounts(ctx, cli, store.MediaFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(ms.Items); n < 75 || n != len(demo.MediaAccounts) {
			t.Fatalf("%d new-media accounts, want about 80 (%d seeds)", n, len(demo.MediaAccounts))
		}
		mstates := map[domain.MediaStatus]int{}
		decisions := map[domain.MediaStatus]map[domain.MediaDecision]int{}
		kinds := map[domain.MediaKind]int{}
		for _, m := range ms.Items {
			mstates[m.Status]++
			kinds[m.Kind]++
			if decisions[m.Status] == nil {
				decisions[m.Status] = map[domain.MediaDecision]int{}
			}
			decisions[m.Status][m.Decision]++
			if m.Decision == domain.DecideMerge {
				target, err := svc.MediaAccount(ctx, cli, m.MergeInto)
				if err != nil || !m.Kind.CanMergeInto(target.Kind) || target.Decision == domain.DecideClose {
					t.Errorf("account %s merges into %v (%v)", m.Name, target, err)
				}
			}
		}
		everyOne(t, domain.MediaKinds, kinds, "no demo account of kind %s")
		for _, st := range []domain.MediaStatus{domain.MediaProposed, domain.MediaDecided, domain.MediaDone} {
			for _, d := range domain.MediaDecisions {
				if decisions[st][d] == 0 {
					t.Errorf("no demo account %s with decision %s", st, d)
				}
			}
		}
		if mstates[domain.MediaUndecided] < len(ms.Items)/3 {
			t.Errorf("only %d undecided accounts", mstates[domain.MediaUndecided])
		}
	})
}

func TestSitesDemoSeedsWellFormed(t *testing.T) {
	t.Parallel()
	hosts := map[string]bool{}
	for _, s := range demo.Websites {
		if h, ok := domain.NormalizeHost(s.Host); !ok || h != s.Host {
			t.Errorf("demo host %q is not a normalized host name", s.Host)
		}
		if hosts[s.Host] {
			t.Errorf("duplicate demo host %s", s.Host)
		}
		hosts[s.Host] = true
	}
	ids := map[string]bool{}
	for _, m := range demo.MediaAccounts {
		k := string(m.Kind) + " " + m.AccountID()
		if ids[k] {
			t.Errorf("duplicate demo account %s", k)
		}
		ids[k] = true
	}
}
