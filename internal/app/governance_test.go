package app_test

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/domain"
	"archgov/internal/store"
)

func TestGovernanceSettings(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// The defaults, but for the demo district's system code prefix (saved as version 1).
		g, v, err := e.svc.Governance(e.ctx)
		want := domain.DefaultGovernance()
		want.SystemCodePrefix, want.DocNumberPrefix = "XC-SYS-", "相信办"
		if err != nil || v != 1 || !reflect.DeepEqual(g, want) {
			t.Fatalf("demo settings: %+v version %d, %v", g, v, err)
		}
		if d := domain.DefaultGovernance(); d.SystemCodePrefix != "SYS-" {
			t.Errorf("default system code prefix %q", d.SystemCodePrefix)
		}
		// ENV-R3: rooms other than access and mandated ones close within two years of 2018-08-22.
		if d := g.RoomDeadline(); !d.Equal(time.Date(2020, 8, 22, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("default room deadline %v", d)
		}

		next := g
		next.RoomPeriodMonths = 36
		for _, who := range []string{"weijian_head", "leader", "sysadmin", "secadmin"} {
			h := e.head()
			wantCode(t, e.svc.UpdateGovernance(e.ctx, e.actor(who), next, 1), domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		for _, c := range []struct {
			field  string
			change func(g *domain.Governance)
		}{
			{"room_policy_date", func(g *domain.Governance) { g.RoomPolicyDate = time.Time{} }},
			{"room_period_months", func(g *domain.Governance) { g.RoomPeriodMonths = 0 }},
			{"room_period_months", func(g *domain.Governance) { g.RoomPeriodMonths = 121 }},
			{"website_deadline", func(g *domain.Governance) { g.WebsiteDeadline = time.Time{} }},
			{"system_code_prefix", func(g *domain.Governance) { g.SystemCodePrefix = "" }},
			{"system_code_prefix", func(g *domain.Governance) { g.SystemCodePrefix = "XC_SYS" }},
			{"system_code_prefix", func(g *domain.Governance) { g.SystemCodePrefix = "-SYS" }},
			{"system_code_prefix", func(g *domain.Governance) { g.SystemCodePrefix = "系统-" }},
			{"system_code_prefix", func(g *domain.Governance) { g.SystemCodePrefix = strings.Repeat("A", 21) }},
		} {
			h := e.head()
			bad := next
			c.change(&bad)
			wantCode(t, e.svc.UpdateGovernance(e.ctx, e.actor("office"), bad, 1), domain.EInvalid, c.field)
			e.wantNoAudit(h)
		}

		h := e.head()
		next.SystemCodePrefix = " xc-new-sys " // saved trimmed, upper-case
		if err := e.svc.UpdateGovernance(e.ctx, e.actor("office"), next, 1); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "governance.update", "office")
		if !strings.Contains(rec.Changes, "room_period_months") {
			t.Errorf("audit changes %s", rec.Changes)
		}
		g, v, _ = e.svc.Governance(e.ctx)
		if v != 2 || !g.RoomDeadline().Equal(time.Date(2021, 8, 22, 0, 0, 0, 0, time.UTC)) || g.SystemCodePrefix != "XC-NEW-SYS" {
			t.Errorf("after update: %+v version %d", g, v)
		}
		// Someone else saved version 2 meanwhile: a form still holding version 1 is refused.
		h = e.head()
		wantCode(t, e.svc.UpdateGovernance(e.ctx, e.actor("office"), domain.DefaultGovernance(), 1), domain.EConflict, "")
		e.wantNoAudit(h)
	})
}

// FLOW-3: the numbers of the office's documents carry the 机关代字 of the settings in force and
// count per year in the issuing transaction; a hundred issued at once get a hundred numbers.
func TestNextDocNumber(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		issue := func(year int) domain.DocNumber {
			t.Helper()
			var d domain.DocNumber
			if err := e.db.InTx(e.ctx, func(tx *store.Tx) (err error) { d, err = e.svc.NextDocNumber(e.ctx, tx, year); return err }); err != nil {
				t.Fatal(err)
			}
			return d
		}
		// The demo has issued its task books' numbers of 2026 (its own test counts them): the
		// series goes on from the last.
		last, err := e.db.Read().LastDocNumber(e.ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := e.svc.DocNumberPreview(e.ctx); err != nil || p.String() != fmt.Sprintf("相信办〔2026〕%d号", last+1) {
			t.Fatalf("preview = %v, %v after %d", p, err, last)
		}
		if d := issue(2026); d.String() != fmt.Sprintf("相信办〔2026〕%d号", last+1) {
			t.Fatalf("next = %s after %d", d, last)
		}
		g, v, err := e.svc.Governance(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		g.DocNumberPrefix = "相城信办"
		if err := e.svc.UpdateGovernance(e.ctx, e.actor("office"), g, v); err != nil {
			t.Fatal(err)
		}
		if d := issue(2026); d.String() != fmt.Sprintf("相城信办〔2026〕%d号", last+2) {
			t.Fatalf("after the office code changed: %s", d)
		}
		if d := issue(2027); d.String() != "相城信办〔2027〕1号" {
			t.Fatalf("next year's first: %s", d)
		}

		var mu sync.Mutex
		seen := map[string]bool{}
		var wg sync.WaitGroup
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
					d, err := e.svc.NextDocNumber(e.ctx, tx, 2026)
					mu.Lock()
					seen[d.String()] = true
					mu.Unlock()
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for n := last + 3; n <= last+102; n++ {
			if !seen[fmt.Sprintf("相城信办〔2026〕%d号", n)] {
				t.Errorf("number %d not issued", n)
			}
		}
		if len(seen) != 100 {
			t.Errorf("%d distinct numbers, want 100", len(seen))
		}
		if p, _ := e.svc.DocNumberPreview(e.ctx); p.Seq != last+103 {
			t.Errorf("preview after %d = %s", last+102, p)
		}
	})
}
