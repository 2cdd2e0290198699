package app

import (
	"context"
	"slices"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// The subjects the rules read: for each kind, how its records and the facts about them are
// read and turned into the kind's input (internal/rules/input.go). A source reads the records
// with the ids, or all of them (ids nil: the sweep), in a few queries whatever their number.

// subject is one record as the rules see it.
type subject struct {
	id, unitID int64
	name       string
	input      any
}

// ruleDay is the day the rules are evaluated on and the governance settings in force.
type ruleDay struct {
	today time.Time
	gov   domain.Governance
}

func (d ruleDay) date() string { return d.today.Format(time.DateOnly) }

type subjectSource func(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error)

var subjectSources = map[rules.Kind]subjectSource{
	rules.KindSystem:      systemSubjects,
	rules.KindMachineRoom: roomSubjects,
	rules.KindWebsite:     websiteSubjects,
	rules.KindMedia:       mediaSubjects,
	rules.KindUnit:        unitSubjects,
	rules.KindBaseLibrary: librarySubjects,
	rules.KindApplication: applicationSubjects,
}

var all = authz.Scope{All: true}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// systemSubjects: the system with its migration plan (ENV-R2) and the base data it uses with
// their docking and open docking plans (SHR-R8); the rules judge them.
func systemSubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	xs, err := r.RuleSystems(ctx, ids)
	if err != nil {
		return nil, err
	}
	mig, dock, err := r.SystemPlanFacts(ctx, ids)
	if err != nil {
		return nil, err
	}
	libs, err := libraryNames(ctx, r)
	if err != nil {
		return nil, err
	}
	out := make([]subject, 0, len(xs))
	for _, s := range xs {
		in := &rules.System{ID: s.ID, Code: s.Code, Name: s.Name, UnitID: s.UnitID, UnitName: s.UnitName, Category: string(s.Category),
			Classified: s.Classification == domain.Classified, Hosting: string(s.Hosting), Network: string(s.Network), Exemption: string(s.CloudExemption),
			Status: string(s.Status), InService: s.InService(), StatusSince: dateOf(s.StatusAt),
			UserLevels: strs(s.UserLevels), ExchangeOthers: strs(s.ExchangeChannels), BaseData: []rules.SystemBaseData{}}
		if p, ok := mig[s.ID]; ok {
			in.MigrationPlan, in.MigrationOpen = string(p.Status), p.Status.Open()
			if in.MigrationOpen {
				in.MigrationDue = p.Planned
			}
		}
		for _, u := range s.BaseData {
			b := rules.SystemBaseData{Library: string(u.Library), Name: libs[u.Library], Docked: u.State == domain.DockDocked}
			for _, d := range dock[s.ID] {
				if d.Library == u.Library {
					b.PlanOpen, b.PlanDue = true, d.Planned
				}
			}
			in.BaseData = append(in.BaseData, b)
		}
		out = append(out, subject{id: s.ID, unitID: s.UnitID, name: s.Code + " " + s.Name, input: in})
	}
	return out, nil
}

// libraryNames names the base libraries by code (人口库 for population).
func libraryNames(ctx context.Context, r store.Reader) (map[domain.BaseLibrary]string, error) {
	ls, err := r.BaseLibraries(ctx)
	out := map[domain.BaseLibrary]string{}
	for _, l := range ls {
		out[l.Code] = l.Name
	}
	return out, err
}

// roomSubjects: the closing deadline of the governance settings (ENV-R3).
func roomSubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	var xs []*domain.MachineRoom
	if ids == nil {
		var err error
		if xs, err = r.MachineRooms(ctx, all, store.RoomFilter{}); err != nil {
			return nil, err
		}
	} else {
		for _, id := range ids {
			x, err := r.MachineRoom(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			xs = append(xs, x)
		}
	}
	out := make([]subject, 0, len(xs))
	for _, m := range xs {
		m.SetDeadline(d.gov)
		out = append(out, subject{id: m.ID, unitID: m.UnitID, name: m.Name, input: &rules.MachineRoom{ID: m.ID, Name: m.Name,
			UnitID: m.UnitID, UnitName: m.UnitName, Kind: string(m.Kind), Status: string(m.Status), Deadline: dateOf(m.Deadline),
			Onsite: m.Onsite, Exemption: m.ExemptionBasis}})
	}
	return out, nil
}

// websiteSubjects: the registration deadline (PTL-R3) and the unit's other live websites (PTL-R1).
func websiteSubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	var xs []*domain.Website
	units := map[int64][]*domain.Website{}
	if ids == nil {
		var err error
		if xs, err = r.Websites(ctx, all, store.WebsiteFilter{}); err != nil {
			return nil, err
		}
		for _, w := range xs {
			units[w.UnitID] = append(units[w.UnitID], w)
		}
	} else {
		for _, id := range ids {
			w, err := r.Website(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			xs = append(xs, w)
			if _, ok := units[w.UnitID]; !ok {
				if units[w.UnitID], err = r.Websites(ctx, all, store.WebsiteFilter{UnitID: w.UnitID}); err != nil {
					return nil, err
				}
			}
		}
	}
	hosts := map[int64]string{}
	for _, w := range xs {
		hosts[w.ID] = w.Host
	}
	out := make([]subject, 0, len(xs))
	for _, w := range xs {
		live := 0
		for _, o := range units[w.UnitID] {
			if !o.Gone() {
				live++
			}
		}
		out = append(out, subject{id: w.ID, unitID: w.UnitID, name: w.Name, input: &rules.Website{ID: w.ID, Name: w.Name, Host: w.Host,
			UnitID: w.UnitID, UnitName: w.UnitName, Status: string(w.Status), Deadline: dateOf(d.gov.WebsiteDeadline),
			UnitWebsites: live, MergeIntoHost: hosts[w.MergeInto]}})
	}
	return out, nil
}

// mediaLive reports whether an account stays (not closed or merged away).
func mediaLive(m *domain.MediaAccount) bool {
	return !(m.Status == domain.MediaDone && (m.Decision == domain.DecideClose || m.Decision == domain.DecideMerge))
}

// mediaSubjects: how many live accounts of its kind and topic the unit has (PTL-R4).
func mediaSubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	var xs []*domain.MediaAccount
	units := map[int64][]*domain.MediaAccount{}
	if ids == nil {
		var err error
		if xs, err = r.MediaAccounts(ctx, all, store.MediaFilter{}); err != nil {
			return nil, err
		}
		for _, m := range xs {
			units[m.UnitID] = append(units[m.UnitID], m)
		}
	} else {
		for _, id := range ids {
			m, err := r.MediaAccount(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			xs = append(xs, m)
			if _, ok := units[m.UnitID]; !ok {
				if units[m.UnitID], err = r.MediaAccounts(ctx, all, store.MediaFilter{UnitID: m.UnitID}); err != nil {
					return nil, err
				}
			}
		}
	}
	out := make([]subject, 0, len(xs))
	for _, m := range xs {
		same := 0
		for _, o := range units[m.UnitID] {
			if o.Kind == m.Kind && o.Topic == m.Topic && mediaLive(o) {
				same++
			}
		}
		out = append(out, subject{id: m.ID, unitID: m.UnitID, name: m.Name, input: &rules.Media{ID: m.ID, Kind: string(m.Kind), Name: m.Name,
			UnitID: m.UnitID, UnitName: m.UnitName, Topic: m.Topic, Decision: string(m.Decision), Status: string(m.Status), SameKindUnit: same}})
	}
	return out, nil
}

// unitSubjects: the active units and whether they named their people (ORG-1).
func unitSubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	var xs []*domain.Unit
	if ids == nil {
		active := true
		var err error
		if xs, err = r.Units(ctx, store.UnitFilter{Active: &active}); err != nil {
			return nil, err
		}
	} else {
		for _, id := range ids {
			u, err := r.Unit(ctx, id)
			if gone(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if u.Active {
				xs = append(xs, u)
			}
		}
	}
	out := make([]subject, 0, len(xs))
	for _, u := range xs {
		out = append(out, subject{id: u.ID, unitID: u.ID, name: u.Name, input: &rules.Unit{ID: u.ID, Name: u.Name, Code: u.Code,
			Kind: string(u.Kind), Level: u.Level, Responsible: u.ResponsibleUserID != 0, Contact: u.ContactUserID != 0}})
	}
	return out, nil
}

// librarySubjects: the base libraries and their authoritative provider (SHR-R5).
func librarySubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	ls, err := r.BaseLibraries(ctx)
	if err != nil {
		return nil, err
	}
	var out []subject
	for _, l := range ls {
		if ids != nil && !slices.Contains(ids, l.ID) {
			continue
		}
		out = append(out, subject{id: l.ID, name: l.Name, input: &rules.BaseLibrary{ID: l.ID, Code: string(l.Code), Name: l.Name,
			Active: l.Active, ProviderID: l.ProviderUnitID}})
	}
	return out, nil
}

// applicationSubjects: an application and what its rules need — its plan item (BLD-P2), the
// systems it changes and their cloud state (ENV-R2), its catalog entries published (SHR-R4), the
// unit's live websites (PTL-R1), its task book's indicators and actuals (BLD-R4). Rejected applications are not read: nothing is asked of them.
func applicationSubjects(ctx context.Context, r store.Reader, d ruleDay, ids []int64) ([]subject, error) {
	if ids == nil {
		ps, err := r.Projects(ctx, all, store.ProjectFilter{})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.Status != domain.ProjRejected {
				ids = append(ids, p.ID)
			}
		}
		if ids == nil {
			return nil, nil
		}
	}
	out := make([]subject, 0, len(ids))
	for _, id := range ids {
		p, err := r.Project(ctx, id)
		if gone(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		in, err := applicationInput(ctx, r, p)
		if err != nil {
			return nil, err
		}
		out = append(out, subject{id: p.ID, unitID: p.UnitID, name: p.Name, input: in})
	}
	return out, nil
}

// applicationInput reads what the application rules need of p.
func applicationInput(ctx context.Context, r store.Reader, p *domain.Project) (*rules.Application, error) {
	in := &rules.Application{ID: p.ID, Name: p.Name, UnitID: p.UnitID, UnitName: p.UnitName, Year: p.Year, Kind: string(p.Kind),
		Status: string(p.Status), Stage: string(p.Stage), KeyCategory: string(p.KeyCategory), Total: p.Total, Content: p.Content,
		RoomWork: string(p.RoomWork), NewSystems: []string{}, Systems: []rules.AppSystem{}, Exchanges: []rules.AppExchange{},
		BaseData: strs(p.BaseData), Websites: []rules.AppWebsite{}, Media: []rules.AppMedia{}, UserLevels: strs(p.UserLevels),
		DistrictWide: p.KeyCategory == domain.KeyArchitecture || p.KeyCategory == domain.KeyTheme,
		Catalog:      len(p.CatalogIDs), NoData: p.NoData, Responses: map[string]string{}, TaskBookLines: []rules.AppBudgetLine{},
		Milestones: []rules.AppMilestone{}}
	if p.PlanItem != nil {
		in.PlanItem, in.PlanBudget = true, p.PlanItem.Budget
		in.PlanAccepted = p.PlanItem.PlanStatus == domain.APAccepted
	}
	for _, n := range p.NewSystems {
		in.NewSystems = append(in.NewSystems, n.Name)
	}
	if len(p.Exchanges) > 0 {
		partners := make([]int64, len(p.Exchanges))
		for i, x := range p.Exchanges {
			partners[i] = x.UnitID
		}
		names, err := r.UnitNames(ctx, partners)
		if err != nil {
			return nil, err
		}
		for _, x := range p.Exchanges {
			in.Exchanges = append(in.Exchanges, rules.AppExchange{Unit: names[x.UnitID], Data: x.Data, Channel: string(x.Channel)})
		}
	}
	for _, w := range p.Websites {
		in.Websites = append(in.Websites, rules.AppWebsite{Name: w.Name, Reason: w.Reason})
	}
	for _, m := range p.Media {
		in.Media = append(in.Media, rules.AppMedia{Kind: string(m.Kind), Name: m.Name, Reason: m.Reason})
	}
	for _, x := range p.Responses {
		in.Responses[x.Clause] = string(x.Answer)
	}
	if len(p.SystemIDs) > 0 {
		xs, err := r.RuleSystems(ctx, p.SystemIDs)
		if err != nil {
			return nil, err
		}
		mig, _, err := r.SystemPlanFacts(ctx, p.SystemIDs)
		if err != nil {
			return nil, err
		}
		// Off the cloud is what ENV-P1's rule found on the system (its findings are current: every
		// save of a system re-evaluates them, and the sweep evaluates systems before applications).
		found, err := r.FindingsOfSubjects(ctx, domain.SubjectSystem, p.SystemIDs)
		if err != nil {
			return nil, err
		}
		for _, s := range xs {
			off := found[store.FindingKey{Kind: domain.SubjectSystem, Subject: s.ID, Rule: domain.RuleOffCloud}]
			in.Systems = append(in.Systems, rules.AppSystem{Code: s.Code, Name: s.Name, OffCloud: off != nil && off.Status.Live(),
				MigrationOpen: mig[s.ID].Status.Open()})
		}
	}
	var err error
	if in.CatalogPublished, err = r.CatalogPublishedCount(ctx, p.CatalogIDs); err != nil {
		return nil, err
	}
	if p.Stage != "" { // a task book was issued (FLOW-3): its indicators and the actuals recorded (BLD-R4)
		tb, err := r.ProjectTaskBook(ctx, p.ID)
		switch {
		case err == nil:
			taskBookFacts(in, tb)
		case !gone(err):
			return nil, err
		}
	}
	in.UnitWebsites, err = r.CountLiveWebsitesOfUnit(ctx, p.UnitID)
	return in, err
}

// taskBookFacts gives the application's input its task book's control indicators and the
// unit's actuals as they are (BLD-R4): the approved budget and the spend in total and by
// category — a line per category approved or spent on, in the budget's order, then the
// categories spent on without an approved amount — and the milestones with their planned and
// actual dates. Whether they deviate is the rules' to judge (BLD-R4.*), nowhere else.
func taskBookFacts(in *rules.Application, tb *domain.TaskBook) {
	in.TaskBook, in.TaskBookBudget = true, tb.ApprovedBudget
	line := map[domain.ItemCategory]int{}
	for _, b := range tb.Budget {
		i, ok := line[b.Category]
		if !ok {
			i, line[b.Category] = len(in.TaskBookLines), len(in.TaskBookLines)
			in.TaskBookLines = append(in.TaskBookLines, rules.AppBudgetLine{Category: string(b.Category)})
		}
		in.TaskBookLines[i].Approved += b.Amount
	}
	for _, s := range tb.Spent {
		in.Spent += s.Amount
		i, ok := line[s.Category]
		if !ok {
			i, line[s.Category] = len(in.TaskBookLines), len(in.TaskBookLines)
			in.TaskBookLines = append(in.TaskBookLines, rules.AppBudgetLine{Category: string(s.Category)})
		}
		in.TaskBookLines[i].Spent += s.Amount
	}
	for _, m := range tb.Milestones {
		in.Milestones = append(in.Milestones, rules.AppMilestone{Name: m.Name, Planned: dateOf(m.Planned), Actual: dateOf(m.Actual)})
	}
}

// gone reports a record no longer there: its findings resolve.
func gone(err error) bool { return domain.ErrorCode(err) == domain.ENotFound }

// mediaOfUnit names the accounts of a saved account's unit: their counts of one kind and topic
// (PTL-R4) change with it.
func mediaOfUnit(ctx context.Context, r store.Reader, m *domain.MediaAccount) ([]int64, error) {
	xs, err := r.MediaAccounts(ctx, all, store.MediaFilter{UnitID: m.UnitID})
	ids := []int64{m.ID}
	for _, x := range xs {
		if x.ID != m.ID {
			ids = append(ids, x.ID)
		}
	}
	return ids, err
}
