package domain_test

import (
	"testing"

	"archgov/internal/domain"
)

// TestSharingTransitions is the request lifecycle written out: (state, action, side) → outcome.
func TestSharingTransitions(t *testing.T) {
	const conflict, forbidden = "409", "403"
	req, prov := domain.ShareByRequester, domain.ShareByProvider
	want := map[domain.SharingStatus]map[domain.SharingAction]map[domain.SharingActor]string{
		domain.SharingSubmitted: {
			domain.SharingApprove:  {req: forbidden, prov: "approved"},
			domain.SharingRefuse:   {req: forbidden, prov: "refused"},
			domain.SharingWithdraw: {req: "withdrawn", prov: forbidden},
		},
	}
	for _, st := range domain.SharingStatuses {
		for _, act := range domain.SharingActions {
			for _, who := range []domain.SharingActor{req, prov} {
				exp := conflict
				if w, ok := want[st][act][who]; ok {
					exp = w
				}
				got, err := domain.SharingFlow.Next(st, act, []domain.SharingActor{who}, "", nil)
				out := string(got)
				switch domain.ErrorCode(err) {
				case domain.EConflict:
					out = conflict
				case domain.EForbidden:
					out = forbidden
				}
				if out != exp {
					t.Errorf("%s --%s by %s--> %s, want %s", st, act, who, out, exp)
				}
			}
		}
	}
}

func TestCheckSharable(t *testing.T) {
	entry := func(st domain.ShareType, status domain.CatalogStatus) *domain.CatalogEntry {
		return &domain.CatalogEntry{ProviderUnitID: 1, ShareType: st, Status: status, ShareBasis: "依据",
			Items: []domain.DataItem{{Name: "姓名"}, {Name: "身份证号", ShareType: domain.ShareNone}}}
	}
	for _, c := range []struct {
		name  string
		c     *domain.CatalogEntry
		unit  int64
		items []string
		code  domain.Code
		key   string
	}{
		{"conditional", entry(domain.ShareConditional, domain.CatPublished), 2, []string{"姓名"}, "", ""},
		{"own", entry(domain.ShareConditional, domain.CatPublished), 1, nil, domain.EUnprocessable, "err.sharing.own_entry"},
		{"registered", entry(domain.ShareConditional, domain.CatRegistered), 2, nil, domain.EUnprocessable, "err.sharing.not_published"},
		{"unconditional", entry(domain.ShareUnconditional, domain.CatPublished), 2, nil, domain.EUnprocessable, "err.sharing.unconditional"},
		{"none", entry(domain.ShareNone, domain.CatPublished), 2, nil, domain.EUnprocessable, "err.sharing.not_shared"},
		{"unknown item", entry(domain.ShareConditional, domain.CatPublished), 2, []string{"年龄"}, domain.EInvalid, "err.sharing.no_such_item"},
		{"item not shared", entry(domain.ShareConditional, domain.CatPublished), 2, []string{"身份证号"}, domain.EInvalid, "err.sharing.item_not_shared"},
	} {
		err := domain.CheckSharable(c.c, c.unit, c.items)
		if domain.ErrorCode(err) != c.code || (err != nil && domain.AsError(err).Message != c.key) {
			t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.key)
		}
	}
}

func TestDecideSharing(t *testing.T) {
	c := &domain.CatalogEntry{ProviderUnitID: 1, ShareType: domain.ShareConditional, Status: domain.CatPublished,
		Items: []domain.DataItem{{Name: "姓名"}, {Name: "性别"}, {Name: "身份证号", ShareType: domain.ShareNone}}}
	today := day(2026, 11, 26)
	for _, x := range []struct {
		name   string
		status domain.CatalogStatus
		asked  []string
		act    domain.SharingAction
		ans    domain.SharingAnswer
		code   domain.Code
		field  string
	}{
		{"approve", domain.CatPublished, nil, domain.SharingApprove, domain.SharingAnswer{Scope: "按月", ScopeItems: []string{"姓名"}}, "", ""},
		{"no scope", domain.CatPublished, nil, domain.SharingApprove, domain.SharingAnswer{Scope: " "}, domain.EInvalid, "scope"},
		{"entry withdrawn since", domain.CatWithdrawn, nil, domain.SharingApprove, domain.SharingAnswer{Scope: "按月"}, domain.EUnprocessable, "entry_id"},
		{"item not asked", domain.CatPublished, []string{"姓名"}, domain.SharingApprove, domain.SharingAnswer{Scope: "按月", ScopeItems: []string{"性别"}}, domain.EInvalid, "scope_items"},
		{"item not shared", domain.CatPublished, nil, domain.SharingApprove, domain.SharingAnswer{Scope: "按月", ScopeItems: []string{"身份证号"}}, domain.EInvalid, "scope_items"},
		{"ends before today", domain.CatPublished, nil, domain.SharingApprove, domain.SharingAnswer{Scope: "按月", ValidUntil: day(2026, 11, 25)}, domain.EInvalid, "valid_until"},
		{"refuse", domain.CatWithdrawn, nil, domain.SharingRefuse, domain.SharingAnswer{Reason: "资源已撤销"}, "", ""},
		{"refuse without reason", domain.CatPublished, nil, domain.SharingRefuse, domain.SharingAnswer{}, domain.EInvalid, "refusal_reason"},
	} {
		c.Status = x.status
		r := &domain.SharingRequest{Status: domain.SharingSubmitted, Items: x.asked}
		err := domain.DecideSharing(r, c, x.act, x.ans, today)
		if domain.ErrorCode(err) != x.code || (err != nil && domain.AsError(err).Field != x.field) {
			t.Errorf("%s: %v, want %q on %q", x.name, err, x.code, x.field)
		}
	}
}
