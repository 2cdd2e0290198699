// Package city grows the demo district into a city-sized one (issue 12, "City scale"): 500
// units, 20,000 systems, 1,000 machine rooms, 5,000 websites, 50,000 project applications over
// ten years in every state of their lifecycle with their annual plans, guides and task books,
// 200,000 catalog entries with 2,000,000 data items, the rules sweep's findings and an audit
// record for every record written. `archgov demo --scale city --seed N` runs it; the
// benchmarks of internal/bench measure the dashboards, the map and the lists on it.
//
// What it writes and how (docs/PERFORMANCE.md, "City scale"):
//   - first the demo district itself (demo.Load), so the demo's logins, rules, guides and
//     experts are there;
//   - units through the use case (Service.CreateUnit), a few hundred;
//   - everything else through the store's own inserts (Tx.InsertSystem, InsertCatalogEntry …),
//     which write the same rows, index documents (systems and catalog entries), counters
//     (catalog codes, document numbers; system codes continue the district's series) as the use
//     cases do, in transactions of batch records, the statements prepared once per
//     transaction; each record is checked by its domain Validate first, and gets its audit
//     record (Tx.AppendAudit, the one hash chain) in the same transaction;
//   - then the rules sweep (Service.Sweep), which writes the findings as the daily sweep does.
//
// The data is a pure function of the seed and the current year: the same seed on the same day
// gives the same rows (Fingerprint). Dates spread over the ten years ending today; the rows are
// stamped with them through the store's clock (Clock), so created_at and the audit times tell
// the same history.
package city

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Size is how many records of each kind the district has once generated, the demo district's
// own included (a count below the demo's adds none).
type Size struct {
	Units, Rooms, Systems, Websites, Projects, Catalog int
	Years                                              int // the projects' years, ending with the current one
}

// Sizes are the sizes by name: "city" is issue 12's; "small" is for a quick look and the tests.
var Sizes = map[string]Size{
	"city":  {Units: 500, Rooms: 1000, Systems: 20000, Websites: 5000, Projects: 50000, Catalog: 200000, Years: 10},
	"small": {Units: 90, Rooms: 60, Systems: 400, Websites: 80, Projects: 500, Catalog: 1000, Years: 10},
}

// Options tell Generate what to make.
type Options struct {
	Seed uint64
	Size Size
	// Clock, when not nil, is the store's clock (store.Options.Now = Clock.Now): the generator
	// moves it to each record's date while it writes, and back to the real time after.
	Clock *Clock
	// Progress, when not nil, is told each step's progress: its name, done, total.
	Progress func(step string, done, total int)
}

// Clock is a clock the generator can set: its base time (the real time when zero) until set,
// then the set time.
type Clock struct {
	base time.Time
	at   atomic.Int64
}

// NewClock is a clock whose time, when not set, is base (a test's fixed day).
func NewClock(base time.Time) *Clock { return &Clock{base: base} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	if c != nil {
		if v := c.at.Load(); v != 0 {
			return time.UnixMicro(v).UTC()
		}
		if !c.base.IsZero() {
			return c.base
		}
	}
	return time.Now()
}

func (c *Clock) set(t time.Time) {
	if c != nil {
		c.at.Store(t.UnixMicro())
	}
}

func (c *Clock) reset() {
	if c != nil {
		c.at.Store(0)
	}
}

// batch is how many records one transaction writes.
const batch = 2000

type unitRef struct {
	id   int64
	name string
	code string
}

type gen struct {
	svc   *app.Service
	db    *store.DB
	o     Options
	today time.Time
	first int // the first year

	units []unitRef         // every unit but the district
	ids   []int64           // their IDs
	rooms map[int64][]int64 // the units' rooms not closed
	sys   map[int64][]int64 // the units' generated systems
	gov   domain.Governance
}

// Generate fills an empty database, or one holding just the demo district, with the demo
// district grown to size (see the package comment). It refuses any other database.
func Generate(ctx context.Context, svc *app.Service, o Options) error {
	if o.Size.Years < 1 {
		return errors.New("city: the size needs at least one year")
	}
	g := &gen{svc: svc, db: svc.DB(), o: o, rooms: map[int64][]int64{}, sys: map[int64][]int64{}}
	defer o.Clock.reset()
	// The demo district first, unless the database holds it already (a test's copy of the
	// demo template); demo.Load refuses any other database that is not empty.
	if !svc.IsDemo(ctx) {
		g.progress("demo", 0, 1)
		if err := demo.Load(ctx, svc); err != nil {
			return err
		}
		g.progress("demo", 1, 1)
	} else if n, err := g.count(ctx, "units"); err != nil {
		return err
	} else if n > len(demo.Units) {
		return fmt.Errorf("city: the database holds more than the demo district (%d units)", n)
	}
	g.today = svc.Today()
	g.first = g.today.Year() - o.Size.Years + 1
	var err error
	if g.gov, _, err = svc.Governance(ctx); err != nil {
		return err
	}
	steps := []func(context.Context) error{g.genUnits, g.genRooms, g.genSystems, g.genWebsites, g.genProjects, g.genCatalog}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	o.Clock.reset()
	g.progress("findings", 0, 1)
	if _, err := svc.Sweep(ctx, app.SystemActor()); err != nil {
		return fmt.Errorf("city: rules sweep: %w", err)
	}
	g.progress("findings", 1, 1)
	if err := mark(ctx, g.db, o); err != nil {
		return err
	}
	// The planners' statistics, as a deployment has them after ANALYZE or autovacuum.
	analyze := `ANALYZE`
	if g.db.Dialect == store.Postgres {
		analyze = `VACUUM ANALYZE`
	}
	if _, err := g.db.Writer().ExecContext(ctx, analyze); err != nil {
		return fmt.Errorf("city: %s: %w", analyze, err)
	}
	return nil
}

// settingScale is the setting a generated database keeps its seed and size in.
const settingScale = "demo_scale"

// Marker is what a generated database says of itself (Generated).
type Marker struct {
	Seed uint64 `json:"seed"`
	Size Size   `json:"size"`
}

// mark records that the database was generated with o, as the last write of Generate.
func mark(ctx context.Context, db *store.DB, o Options) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveSetting(ctx, settingScale, Marker{Seed: o.Seed, Size: o.Size}, 0); err != nil {
			return err
		}
		return audited(ctx, tx, tx.Now(), "demo.scale", "setting", 0, map[string]any{"seed": o.Seed})
	})
}

// Generated reports whether Generate completed on the database, and with what seed and size.
func Generated(ctx context.Context, db *store.DB) (Marker, bool, error) {
	var m Marker
	_, found, err := db.Read().Setting(ctx, settingScale, &m)
	return m, found, err
}

func (g *gen) progress(step string, done, total int) {
	if g.o.Progress != nil {
		g.o.Progress(step, done, total)
	}
}

// rng is the random stream of one step: the seed and the step's number.
func (g *gen) rng(step uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.o.Seed, step))
}

// day is a day of year, before today: the year's first day plus up to 364 days.
func (g *gen) day(r *rand.Rand, year int) time.Time {
	d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
	if !d.Before(g.today) {
		d = g.today.AddDate(0, 0, -1-r.IntN(max(1, g.today.YearDay()-1)))
		if d.Year() < year {
			d = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return d
}

// stamp sets the clock to a working hour of day.
func (g *gen) stamp(day time.Time, r *rand.Rand) time.Time {
	t := day.Add(time.Duration(1+r.IntN(9))*time.Hour + time.Duration(r.IntN(3600))*time.Second) // 09:00–18:00 Beijing
	g.o.Clock.set(t)
	return t
}

// count is how many rows table has.
func (g *gen) count(ctx context.Context, table string) (int, error) {
	var n int
	err := g.db.Writer().QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n)
	return n, err
}

// each writes n records, batch per transaction, reporting step's progress.
func (g *gen) each(ctx context.Context, step string, n int, fn func(tx *store.Tx, i int) error) error {
	g.progress(step, 0, n)
	for lo := 0; lo < n; lo += batch {
		err := g.db.InTx(ctx, func(tx *store.Tx) error {
			for i := lo; i < min(lo+batch, n); i++ {
				if err := fn(tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("city: %s: %w", step, err)
		}
		g.progress(step, min(lo+batch, n), n)
	}
	return nil
}

// audit appends the audit record of a generated record, as the command line.
func audited(ctx context.Context, tx *store.Tx, at time.Time, action, entity string, id int64, changes map[string]any) error {
	changes["source"] = "archgov demo --scale"
	return tx.AppendAudit(ctx, &audit.Record{At: at, Actor: "system", IP: "cli", Action: action, EntityType: entity,
		EntityID: strconv.FormatInt(id, 10), Outcome: audit.OK, Changes: audit.Diff(nil, changes, nil)})
}

// syllables make village and community names: two of them and 村 or 社区.
var syllables = []string{"东", "西", "南", "北", "新", "荷", "湖", "港", "桥", "塘", "泾", "浜", "庄", "湾", "泽", "华", "兴", "安", "和", "丰", "盛", "富", "永", "长", "阳"}

// genUnits adds bureaus below the district and villages and communities below its towns,
// streets and zones, through the use case.
func (g *gen) genUnits(ctx context.Context) error {
	all, err := g.db.Read().Units(ctx, store.UnitFilter{})
	if err != nil {
		return err
	}
	var root *domain.Unit
	var parents []*domain.Unit
	for _, u := range all {
		switch u.Kind {
		case domain.KindDistrict:
			root = u
		case domain.KindTown, domain.KindStreet, domain.KindZone:
			parents = append(parents, u)
		}
	}
	n := g.o.Size.Units - len(all)
	r := g.rng(1)
	bureaus := n / 10
	g.progress("units", 0, max(n, 0))
	for i := range max(n, 0) {
		g.stamp(time.Date(g.first, 1, 2, 0, 0, 0, 0, time.UTC), r)
		u := &domain.Unit{ParentID: root.ID, Kind: domain.KindBureau}
		if i < bureaus {
			u.Code = fmt.Sprintf("%s%d", root.Code, 500+i)
			u.Name = fmt.Sprintf("区%s%s", sysSubjects[i%len(sysSubjects)], []string{"服务中心", "管理办公室", "事务中心", "执法大队"}[i/len(sysSubjects)%4])
		} else {
			k := i - bureaus
			p := parents[k%len(parents)]
			u.ParentID, u.Code = p.ID, fmt.Sprintf("%s%d", p.Code, 500+k/len(parents))
			a, b := syllables[k%len(syllables)], syllables[(k/len(syllables)+k)%len(syllables)]
			if p.Kind == domain.KindTown {
				u.Kind, u.Name = domain.KindVillage, a+b+"村"
			} else {
				u.Kind, u.Name = domain.KindCommunity, a+b+"社区"
			}
		}
		if err := g.svc.CreateUnit(ctx, app.SystemActor(), u); err != nil {
			return fmt.Errorf("city: unit %s %s: %w", u.Code, u.Name, err)
		}
		g.progress("units", i+1, n)
	}
	if all, err = g.db.Read().Units(ctx, store.UnitFilter{}); err != nil {
		return err
	}
	for _, u := range all {
		if u.Kind != domain.KindDistrict {
			g.units = append(g.units, unitRef{u.ID, u.Name, u.Code})
			g.ids = append(g.ids, u.ID)
		}
	}
	return nil
}

// genRooms adds machine rooms: seven in ten of kind other (closing by the deadline: closed in
// an earlier year, closing with a plan, or still in use), the rest access rooms and rooms a
// higher level keeps, with their basis (ENV-P2).
func (g *gen) genRooms(ctx context.Context) error {
	have, err := g.count(ctx, "machine_rooms")
	if err != nil {
		return err
	}
	r := g.rng(2)
	err = g.each(ctx, "machine rooms", g.o.Size.Rooms-have, func(tx *store.Tx, i int) error {
		u := g.units[r.IntN(len(g.units))]
		created := g.day(r, g.first+r.IntN(3))
		at := g.stamp(created, r)
		m := &domain.MachineRoom{UnitID: u.id, Name: fmt.Sprintf("%s%d号机房", u.name, i+1), Address: u.name + "办公楼",
			AreaM2: strconv.Itoa(10 + r.IntN(90)), Racks: 1 + r.IntN(12), Kind: domain.RoomOther, Status: domain.RoomInUse}
		switch x := r.IntN(10); {
		case x < 2:
			m.Kind, m.ExemptionBasis = domain.RoomAccess, "接入机房，承载网络接入设备"
		case x < 3:
			m.Kind, m.ExemptionBasis = domain.RoomMandated, "《关于保留业务专网机房的通知》（苏政办〔2021〕12号）"
		case x < 7:
			m.Status, m.ClosedDate = domain.RoomClosed, g.day(r, g.first+2+r.IntN(g.o.Size.Years-2))
			m.ClosingNote = "设备已迁移至政务云，机房关停"
		case x < 9:
			m.Status, m.ClosingNote = domain.RoomClosing, "分批迁移业务系统至政务云后关停"
		}
		if err := m.Validate(); err != nil {
			return fmt.Errorf("room %s: %w", m.Name, err)
		}
		if err := tx.InsertMachineRoom(ctx, m); err != nil {
			return err
		}
		if m.Status == domain.RoomClosing {
			due := g.today.AddDate(0, r.IntN(12)-4, 0)
			for k, title := range []string{"业务系统迁移上云", "设备下架，机房关停"} {
				ms := &domain.RoomMilestone{RoomID: m.ID, Title: title, Due: due.AddDate(0, 3*k, 0)}
				if k == 0 && ms.Due.Before(g.today) {
					ms.Done = ms.Due
				}
				if err := tx.InsertRoomMilestone(ctx, ms); err != nil {
					return err
				}
			}
		}
		if m.Status != domain.RoomClosed {
			g.rooms[u.id] = append(g.rooms[u.id], m.ID)
		}
		return audited(ctx, tx, at, "room.create", "room", m.ID, map[string]any{"name": m.Name, "status": m.Status})
	})
	if err != nil {
		return err
	}
	return nil
}

// genSystems adds systems (System's names and purposes) coded in the district's series: most on
// the government cloud, a fifth of those of units with a room in it (ENV-P2), a few at other
// hosts, some on a private network or using a base library undocked; go-live dates over the years;
// their migration plans (migrationPlan).
func (g *gen) genSystems(ctx context.Context) error {
	have, err := g.count(ctx, "systems")
	if err != nil {
		return err
	}
	codes, err := g.db.Read().SystemCodesWithPrefix(ctx, g.gov.SystemCodePrefix)
	if err != nil {
		return err
	}
	r := g.rng(3)
	return g.each(ctx, "systems", g.o.Size.Systems-have, func(tx *store.Tx, i int) error {
		if i%batch == 0 {
			if err := tx.LockSystemCodes(ctx); err != nil {
				return err
			}
		}
		u := g.units[r.IntN(len(g.units))]
		s := System(i, u.id)
		code := domain.NextSystemCode(g.gov.SystemCodePrefix, codes)
		codes = []string{code}
		s.Code = code
		live := g.day(r, g.first+r.IntN(g.o.Size.Years))
		at := g.stamp(live.AddDate(0, 0, -30), r)
		s.StatusAt = live
		vendor := []string{"苏州市大数据集团", "江苏省电子信息产业集团", "相城信息技术有限公司", "本单位自建"}[r.IntN(4)]
		cost := strconv.Itoa(2 + r.IntN(80))
		if s.Classification == domain.Unclassified { // 涉密 systems keep minimal metadata
			s.GoLive, s.Vendor, s.AnnualCost = live, vendor, cost
			s.UserLevels = []domain.UserLevel{domain.LevelDistrict}
			switch x := r.IntN(20); {
			case x < 5 && len(g.rooms[u.id]) > 0:
				rooms := g.rooms[u.id]
				s.Hosting, s.RoomID, s.HostingNote = domain.HostingRoom, rooms[r.IntN(len(rooms))], "本单位机房"
			case x < 6:
				s.Hosting, s.HostingNote = domain.HostingOther, "运营商托管机房"
			case x < 8:
				s.Network = domain.NetworkPrivate
			case x < 10:
				s.BaseData = []domain.BaseDataUse{{Library: domain.LibPopulation, State: domain.DockOwnCopy}}
			case x < 13:
				s.BaseData = []domain.BaseDataUse{{Library: domain.LibLegalPerson, State: domain.DockDocked}}
				s.ExchangeChannels = []domain.ExchangeChannel{domain.ExchangePlatform}
			}
			if s.Status == domain.StatusIdle {
				s.StatusAt = g.day(r, max(live.Year(), g.today.Year()-2))
				if s.StatusAt.Before(live) {
					s.StatusAt = live
				}
			}
		}
		if err := s.Validate(); err != nil {
			return fmt.Errorf("system %s: %w", s.Code, err)
		}
		if err := tx.InsertSystem(ctx, s); err != nil {
			return err
		}
		g.sys[u.id] = append(g.sys[u.id], s.ID)
		if err := audited(ctx, tx, at, "system.create", "system", s.ID, map[string]any{"code": s.Code, "name": s.Name, "status": s.Status}); err != nil {
			return err
		}
		return g.migrationPlan(ctx, tx, r, s)
	})
}

// migrationPlan gives a system its plan of moving onto the government cloud (ENV-R2): two in
// five of those on the cloud came there by a plan completed over the years; of those still in a
// room or elsewhere, most have a plan, planned or under way.
func (g *gen) migrationPlan(ctx context.Context, tx *store.Tx, r *rand.Rand, s *domain.System) error {
	if s.Classification != domain.Unclassified {
		return nil
	}
	p := &domain.MigrationPlan{SystemID: s.ID, UnitID: s.UnitID, Difficulty: domain.DifficultyLow, TargetResources: "4 vCPU / 8 GiB / 200 GiB",
		Node: domain.NodeUpgrade, Status: domain.PlanPlanned}
	x := r.IntN(10)
	switch {
	case s.Hosting == domain.HostingCloud && x < 4:
		done := g.day(r, max(s.GoLive.Year(), g.today.Year()-r.IntN(g.o.Size.Years)))
		if done.Before(s.GoLive) {
			done = s.GoLive
		}
		p.Status, p.PlannedDate, p.DoneDate, p.Evidence = domain.PlanMigrated, done, done, "迁移验收报告"
	case s.Hosting == domain.HostingCloud || x < 2:
		return nil
	case x < 6:
		p.PlannedDate = g.today.AddDate(0, 1+r.IntN(12), 0)
	default:
		p.Status, p.PlannedDate = domain.PlanInProgress, g.today.AddDate(0, r.IntN(9)-3, 0)
		p.Difficulty, p.DifficultyReasons = domain.DifficultyMedium, "依赖专用硬件，需改造后迁移"
	}
	at := g.stamp(p.PlannedDate.AddDate(0, -2, 0), r)
	if at.After(g.today) {
		at = g.stamp(g.today.AddDate(0, 0, -1-r.IntN(30)), r)
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("migration plan of %s: %w", s.Code, err)
	}
	if err := tx.InsertMigrationPlan(ctx, p); err != nil {
		return err
	}
	return audited(ctx, tx, at, "migration_plan.create", "migration_plan", p.ID, map[string]any{"system_id": s.ID, "status": p.Status})
}

// genWebsites adds websites in every state of their registration: most registered, some
// submitted or unregistered, some with a shutdown notice, closed or merged into a registered one.
func (g *gen) genWebsites(ctx context.Context) error {
	have, err := g.count(ctx, "websites")
	if err != nil {
		return err
	}
	r := g.rng(4)
	var registered []int64
	return g.each(ctx, "websites", g.o.Size.Websites-have, func(tx *store.Tx, i int) error {
		u := g.units[r.IntN(len(g.units))]
		created := g.day(r, g.first+r.IntN(g.o.Size.Years))
		at := g.stamp(created, r)
		w := &domain.Website{Name: fmt.Sprintf("%s%s", u.name, []string{"门户网站", "政务公开网", "办事服务网", "专题网站"}[i%4]),
			Host: fmt.Sprintf("s%05d.xc.gov.cn", i+1), UnitID: u.id, Hosting: domain.HostingCloud, Status: domain.WebRegistered}
		if r.IntN(5) == 0 {
			w.Hosting = domain.HostingRoom
		}
		switch x := r.IntN(20); {
		case x < 12 || len(registered) == 0:
			w.ICP, w.SiteCode, w.RegisteredDate = fmt.Sprintf("苏ICP备%08d号-1", 10000000+i), fmt.Sprintf("3205%06d", i+1), created.AddDate(0, 0, 20)
		case x < 14:
			w.Status = domain.WebSubmitted
		case x < 16:
			w.Status = domain.WebUnregistered
		case x < 17:
			w.Status, w.NoticeDate, w.NoticeText = domain.WebNoticed, g.today.AddDate(0, 0, -r.IntN(60)), "未按期备案，限期关停"
		case x < 19:
			w.Status, w.ClosedDate = domain.WebClosed, g.day(r, max(created.Year(), g.today.Year()-3))
		default:
			w.Status, w.ClosedDate, w.MergeInto = domain.WebMerged, g.day(r, max(created.Year(), g.today.Year()-3)), registered[r.IntN(len(registered))]
		}
		if !w.ClosedDate.IsZero() && w.ClosedDate.Before(created) {
			w.ClosedDate = created
		}
		if err := w.Validate(); err != nil {
			return fmt.Errorf("website %s: %w", w.Host, err)
		}
		if err := tx.InsertWebsite(ctx, w); err != nil {
			return err
		}
		if w.Status == domain.WebRegistered {
			registered = append(registered, w.ID)
		}
		return audited(ctx, tx, at, "website.create", "website", w.ID, map[string]any{"host": w.Host, "status": w.Status})
	})
}

// stageByAge is the stage an approved project has reached so many years after its year.
func stageByAge(r *rand.Rand, age int) domain.ProjectStage {
	x := r.IntN(10)
	switch {
	case age == 0:
		return []domain.ProjectStage{domain.StageBidding, domain.StageDesign}[x/6]
	case age == 1:
		return []domain.ProjectStage{domain.StageDesign, domain.StageDesign, domain.StageImplementation, domain.StageImplementation,
			domain.StageImplementation, domain.StageImplementation, domain.StageImplementation, domain.StageImplementation, domain.StageAcceptance, domain.StageAcceptance}[x]
	case age == 2:
		return []domain.ProjectStage{domain.StageImplementation, domain.StageImplementation, domain.StageImplementation, domain.StageAcceptance,
			domain.StageAcceptance, domain.StageAccepted, domain.StageAccepted, domain.StageOperation, domain.StageOperation, domain.StageOperation}[x]
	}
	return []domain.ProjectStage{domain.StageAccepted, domain.StageAccepted, domain.StageOperation}[x%3]
}

// statusByAge is an application's state: this year's are in every state, earlier years' decided.
func statusByAge(r *rand.Rand, age int) domain.ProjectStatus {
	x := r.IntN(20)
	if age == 0 {
		return []domain.ProjectStatus{domain.ProjDraft, domain.ProjDraft, domain.ProjDraft, domain.ProjDraft, domain.ProjSubmitted, domain.ProjSubmitted,
			domain.ProjSubmitted, domain.ProjUnderReview, domain.ProjUnderReview, domain.ProjUnderReview, domain.ProjReturned, domain.ProjReturned,
			domain.ProjRejected, domain.ProjRejected, domain.ProjApproved, domain.ProjApproved, domain.ProjApproved, domain.ProjApproved,
			domain.ProjApproved, domain.ProjApproved}[x]
	}
	switch {
	case x < 16:
		return domain.ProjApproved
	case x < 19:
		return domain.ProjRejected
	}
	return domain.ProjReturned // sent back and never submitted again
}

// genProjects adds the guides of the years that have none, one accepted annual plan per unit and
// year with an item per application, the applications (a demo application's shape: its answers to
// the guide, its cloud and room answers) in every state, and the task books of the approved ones,
// numbered in the office's series (FLOW-3), at the stage their age makes likely (FLOW-4).
func (g *gen) genProjects(ctx context.Context) error {
	have, err := g.count(ctx, "projects")
	if err != nil {
		return err
	}
	n := g.o.Size.Projects - have
	if n <= 0 {
		return nil
	}
	read := g.db.Read()
	// The templates: the demo's published guide, an approved application and its task book.
	var guideID, projectID, bookID int64
	w := g.db.Writer()
	if err := w.QueryRowContext(ctx, `SELECT id FROM guides WHERE status = 'published' ORDER BY year DESC LIMIT 1`).Scan(&guideID); err != nil {
		return fmt.Errorf("city: the demo's guide: %w", err)
	}
	if err := w.QueryRowContext(ctx, `SELECT p.id, t.id FROM projects p JOIN task_books t ON t.project_id = p.id ORDER BY p.id LIMIT 1`).Scan(&projectID, &bookID); err != nil {
		return fmt.Errorf("city: the demo's approved project: %w", err)
	}
	guideT, err := read.Guide(ctx, guideID)
	if err != nil {
		return err
	}
	projT, err := read.Project(ctx, projectID)
	if err != nil {
		return err
	}
	bookT, err := read.TaskBook(ctx, bookID)
	if err != nil {
		return err
	}
	// Guides: one published per year.
	guides := map[int]int64{}
	rows, err := w.QueryContext(ctx, `SELECT year, id FROM guides WHERE status = 'published'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var y int
		var id int64
		if err := rows.Scan(&y, &id); err != nil {
			rows.Close()
			return err
		}
		guides[y] = id
	}
	rows.Close()
	// The (unit, year) pairs that have a plan already (the demo's).
	planned := map[[2]int64]bool{}
	rows, err = w.QueryContext(ctx, `SELECT unit_id, year FROM annual_plans`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var u, y int64
		if err := rows.Scan(&u, &y); err != nil {
			rows.Close()
			return err
		}
		planned[[2]int64{u, y}] = true
	}
	rows.Close()
	years := g.o.Size.Years
	r := g.rng(5)
	err = g.db.InTx(ctx, func(tx *store.Tx) error {
		for y := g.first; y <= g.today.Year(); y++ {
			if guides[y] != 0 {
				continue
			}
			gd := *guideT
			gd.ID, gd.Year, gd.Revision, gd.Status = 0, y, 1, domain.GuidePublished
			gd.Title = fmt.Sprintf("%d年度电子政务项目申报指南", y)
			gd.WindowStart, gd.WindowEnd = time.Date(y, 1, 5, 0, 0, 0, 0, time.UTC), time.Date(y, 11, 30, 0, 0, 0, 0, time.UTC)
			at := g.stamp(time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC), r)
			gd.PublishedAt = at
			if err := gd.Validate(); err != nil {
				return fmt.Errorf("guide %d: %w", y, err)
			}
			if err := tx.InsertGuide(ctx, &gd); err != nil {
				return err
			}
			guides[y] = gd.ID
			if err := audited(ctx, tx, at, "guide.publish", "guide", gd.ID, map[string]any{"year": y}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("city: guides: %w", err)
	}
	// Applications by unit and year: a plan each, with one item per application.
	type group struct {
		unit unitRef
		year int
		n    int
	}
	var groups []*group
	byKey := map[[2]int64]*group{}
	for range n {
		year := g.first + r.IntN(years)
		k := r.IntN(len(g.units))
		for planned[[2]int64{g.units[k].id, int64(year)}] {
			k = (k + 1) % len(g.units)
		}
		key := [2]int64{g.units[k].id, int64(year)}
		gr := byKey[key]
		if gr == nil {
			gr = &group{unit: g.units[k], year: year}
			byKey[key] = gr
			groups = append(groups, gr)
		}
		gr.n++
	}
	slices.SortFunc(groups, func(a, b *group) int {
		if a.year != b.year {
			return a.year - b.year
		}
		return int(a.unit.id - b.unit.id)
	})
	done := 0
	g.progress("projects", 0, n)
	for lo := 0; lo < len(groups); {
		hi, size := lo, 0
		for hi < len(groups) && size < batch {
			size += groups[hi].n
			hi++
		}
		err := g.db.InTx(ctx, func(tx *store.Tx) error {
			for _, gr := range groups[lo:hi] {
				if err := g.genGroup(ctx, tx, r, gr.unit, gr.year, gr.n, guides[gr.year], projT, bookT); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("city: projects: %w", err)
		}
		done += size
		g.progress("projects", done, n)
		lo = hi
	}
	return nil
}

// genGroup writes unit's plan of year with n items and an application for each.
func (g *gen) genGroup(ctx context.Context, tx *store.Tx, r *rand.Rand, u unitRef, year, n int, guideID int64, projT *domain.Project, bookT *domain.TaskBook) error {
	age := g.today.Year() - year
	planDay := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(-1, 11, r.IntN(28))
	if planDay.After(g.today) {
		planDay = g.today.AddDate(0, 0, -1)
	}
	at := g.stamp(planDay, r)
	plan := &domain.AnnualPlan{UnitID: u.id, Year: year, Status: domain.APAccepted}
	type item struct {
		name     string
		kind     domain.ItemKind
		category domain.ItemCategory
		budget   int64
	}
	apps := make([]item, n)
	for i := range apps {
		subj, aspect := sysSubjects[r.IntN(len(sysSubjects))], sysAspects[r.IntN(len(sysAspects))]
		a := item{kind: domain.ItemKinds[r.IntN(len(domain.ItemKinds))], category: domain.CatGeneral, budget: int64(5+r.IntN(300)) * 10000}
		switch r.IntN(10) {
		case 0:
			a.category = domain.CatCloud
		case 1:
			a.category = domain.CatDocking
		}
		a.name = fmt.Sprintf("%s%s%s项目（%d）", subj, aspect, []string{"系统建设", "平台升级", "系统改造", "系统续建", "系统运维"}[slices.Index(domain.ItemKinds, a.kind)], i+1)
		apps[i] = a
		plan.Items = append(plan.Items, domain.AnnualItem{Name: a.name, Kind: a.kind, Budget: a.budget, Funding: "区级财政", Category: a.category,
			Brief: "按年度计划实施", SystemIDs: []int64{}})
	}
	if err := tx.InsertAnnualPlan(ctx, plan); err != nil {
		return err
	}
	if err := audited(ctx, tx, at, "annualplan.create", "annualplan", plan.ID, map[string]any{"year": year, "items": n}); err != nil {
		return err
	}
	items, err := tx.AcceptedPlanItems(ctx, authz.Scope{UnitIDs: []int64{u.id}}, year)
	if err != nil {
		return err
	}
	if len(items) != n {
		return fmt.Errorf("plan %d of unit %d: %d items read back, %d written", year, u.id, len(items), n)
	}
	for i, a := range apps {
		p := *projT
		p.ID, p.UnitID, p.UnitName, p.Year, p.PlanItemID, p.PlanItem, p.GuideID = 0, u.id, "", year, items[i].ID, nil, guideID
		p.Name, p.Kind, p.Content = a.name, a.kind, "建设"+a.name+"，整合现有业务系统，数据接入区数据交换共享平台。"
		p.Budget, p.BudgetJustification = []domain.BudgetLine{{Category: a.category, Amount: a.budget}}, ""
		p.Responses = slices.Clone(projT.Responses)
		// The template's links to its own unit's records do not carry over.
		p.SystemIDs, p.ComponentIDs, p.NewSystems, p.Exchanges, p.Integrations = nil, nil, nil, nil, nil
		p.Websites, p.Media, p.DupAnswers, p.DupVerdicts = nil, nil, nil, nil
		p.CatalogIDs, p.CreatedSystemIDs, p.CloudRequestIDs = nil, nil, nil
		p.Functions = []string{a.name[:len(a.name)-len(fmt.Sprintf("（%d）", i+1))] + "业务办理", "数据共享交换"}
		p.Status, p.Stage, p.StageAt, p.HaltedAt, p.HaltReason = statusByAge(r, age), "", time.Time{}, time.Time{}, ""
		p.ApprovedBudget, p.DecisionNote, p.SubmittedAt, p.DecidedAt = 0, "", time.Time{}, time.Time{}
		created := g.day(r, year)
		if age == 0 && created.After(g.today.AddDate(0, 0, -40)) {
			created = g.today.AddDate(0, 0, -40-r.IntN(30))
			if created.Year() < year {
				created = time.Date(year, 1, 2, 0, 0, 0, 0, time.UTC)
			}
		}
		submitted, decided := created.AddDate(0, 0, 5+r.IntN(10)), created.AddDate(0, 0, 20+r.IntN(15))
		switch p.Status {
		case domain.ProjSubmitted, domain.ProjUnderReview:
			p.SubmittedAt = g.stamp(submitted, r)
		case domain.ProjReturned:
			p.SubmittedAt, p.DecidedAt, p.DecisionNote = g.stamp(submitted, r), g.stamp(decided, r), "请补充与现有系统的整合方案"
		case domain.ProjRejected:
			p.SubmittedAt, p.DecidedAt, p.DecisionNote = g.stamp(submitted, r), g.stamp(decided, r), "与已建系统重复，不予立项"
		case domain.ProjApproved:
			p.SubmittedAt, p.DecidedAt, p.DecisionNote = g.stamp(submitted, r), g.stamp(decided, r), "同意立项"
			p.ApprovedBudget = a.budget * int64(8+r.IntN(3)) / 10
			p.Stage = stageByAge(r, age)
			p.StageAt = decided.AddDate(0, 0, 30*slices.Index(domain.ProjectStages, p.Stage)+r.IntN(30))
			if !p.StageAt.Before(g.today) {
				p.StageAt = g.today.AddDate(0, 0, -1-r.IntN(20))
			}
			if p.StageAt.Before(p.DecidedAt) {
				p.StageAt = p.DecidedAt
			}
			if r.IntN(50) == 0 && slices.Index(domain.ProjectStages, p.Stage) <= slices.Index(domain.ProjectStages, domain.StageImplementation) {
				p.HaltedAt, p.HaltReason = p.StageAt.AddDate(0, 0, 7), "整改通知逾期未整改，暂停项目推进"
			}
		}
		at := g.stamp(created, r)
		if err := p.Validate(); err != nil {
			return fmt.Errorf("project %s: %w", p.Name, err)
		}
		if err := tx.InsertProject(ctx, &p); err != nil {
			return err
		}
		if err := audited(ctx, tx, at, "project.create", "project", p.ID, map[string]any{"name": p.Name, "year": year}); err != nil {
			return err
		}
		if p.Status == domain.ProjDraft {
			continue
		}
		if err := audited(ctx, tx, p.SubmittedAt, "project.submit", "project", p.ID, map[string]any{"status": domain.ProjSubmitted}); err != nil {
			return err
		}
		if p.DecidedAt.IsZero() {
			continue
		}
		action := map[domain.ProjectStatus]string{domain.ProjApproved: "project.approve", domain.ProjRejected: "project.reject", domain.ProjReturned: "project.return"}[p.Status]
		if err := audited(ctx, tx, p.DecidedAt, action, "project", p.ID, map[string]any{"status": p.Status}); err != nil {
			return err
		}
		if p.Status != domain.ProjApproved {
			continue
		}
		if err := g.taskBook(ctx, tx, r, u, &p, bookT); err != nil {
			return err
		}
	}
	return nil
}

// taskBook issues the task book of approved project p on the day it was decided (FLOW-3).
func (g *gen) taskBook(ctx context.Context, tx *store.Tx, r *rand.Rand, u unitRef, p *domain.Project, bookT *domain.TaskBook) error {
	issued := domain.Day(p.DecidedAt)
	seq, err := tx.NextDocNumber(ctx, issued.Year())
	if err != nil {
		return err
	}
	t := *bookT
	t.ID, t.ProjectID, t.UnitID, t.Year, t.ProjectName, t.Addressee = 0, p.ID, u.id, p.Year, p.Name, u.name
	t.Number = domain.DocNumber{Prefix: g.gov.DocNumberPrefix, Year: issued.Year(), Seq: seq}
	t.IssuedOn, t.ApprovedBudget = issued, p.ApprovedBudget
	t.Budget = []domain.BudgetLine{{Category: p.Budget[0].Category, Amount: p.ApprovedBudget}}
	t.Scope = []domain.ScopeItem{{Name: p.Functions[0]}, {Name: p.Functions[1]}}
	stage := slices.Index(domain.ProjectStages, p.Stage)
	t.Milestones = nil
	for k, name := range []string{"完成招标", "完成设计", "完成建设", "通过验收"} {
		m := domain.Milestone{Name: name, Planned: issued.AddDate(0, 3*(k+1), 0)}
		if k < stage && !m.Planned.After(g.today) {
			m.Actual = m.Planned.AddDate(0, 0, r.IntN(20)-10)
		}
		t.Milestones = append(t.Milestones, m)
	}
	t.Requirements = slices.Clone(bookT.Requirements)
	t.DupVerdicts, t.Spent, t.ActualsNote, t.ActualsOn = nil, nil, "", time.Time{}
	if err := tx.InsertTaskBook(ctx, &t); err != nil {
		return err
	}
	return audited(ctx, tx, p.DecidedAt, "taskbook.issue", "taskbook", t.ID, map[string]any{"number": t.DocNumber})
}

// genCatalog adds catalog entries (CatalogEntry's: ten data items each, eight in ten published),
// six in ten naming a system of their provider, with their resource codes, index documents and, for the published ones, the change feed's
// publish record; provided by every unit, published over the years.
func (g *gen) genCatalog(ctx context.Context) error {
	have, err := g.count(ctx, "catalog_entries")
	if err != nil {
		return err
	}
	r := g.rng(6)
	return g.each(ctx, "catalog", g.o.Size.Catalog-have, func(tx *store.Tx, i int) error {
		if i%batch == 0 {
			if err := tx.LockCatalogChanges(ctx); err != nil {
				return err
			}
		}
		day := g.day(r, g.first+r.IntN(g.o.Size.Years))
		c := CatalogEntry(i, g.ids, day)
		if own := g.sys[c.ProviderUnitID]; len(own) > 0 && r.IntN(10) < 6 { // the system that produces it (SHR-P3)
			c.SystemIDs = []int64{own[r.IntN(len(own))]}
		}
		at := g.stamp(day.AddDate(0, 0, -7), r)
		if err := c.Validate(); err != nil {
			return fmt.Errorf("catalog entry %s: %w", c.Name, err)
		}
		if err := tx.InsertCatalogEntry(ctx, c); err != nil {
			return err
		}
		if err := audited(ctx, tx, at, "catalog.create", "catalog", c.ID, map[string]any{"code": c.Code, "name": c.Name}); err != nil {
			return err
		}
		if c.Status != domain.CatPublished {
			return nil
		}
		at = g.stamp(day, r)
		if err := tx.AppendCatalogChange(ctx, &domain.CatalogChange{EntryID: c.ID, Code: c.Code, Kind: domain.ChangePublish, Revision: c.Revision, Entry: c}); err != nil {
			return err
		}
		return audited(ctx, tx, at, "catalog.publish", "catalog", c.ID, map[string]any{"status": c.Status, "revision": c.Revision})
	})
}

// fingerprintQueries are the key rows Fingerprint hashes: what the generator decides, not the
// times it stamps.
var fingerprintQueries = []struct{ table, query string }{
	{"units", `SELECT code, name, kind, parent_id FROM units ORDER BY id`},
	{"machine_rooms", `SELECT unit_id, name, kind, status, closed_date FROM machine_rooms ORDER BY id`},
	{"systems", `SELECT code, name, unit_id, hosting, COALESCE(room_id, 0), network, status, go_live, base_data FROM systems ORDER BY id`},
	{"websites", `SELECT host, unit_id, status, site_code, COALESCE(merge_into_id, 0) FROM websites ORDER BY id`},
	{"migration_plans", `SELECT system_id, status, planned_date, done_date FROM migration_plans ORDER BY id`},
	{"projects", `SELECT unit_id, year, plan_item_id, name, status, stage, approved_budget FROM projects ORDER BY id`},
	{"task_books", `SELECT project_id, doc_year, doc_seq, approved_budget FROM task_books ORDER BY id`},
	{"catalog_entries", `SELECT code, name, provider_unit_id, status, share_type, system_ids FROM catalog_entries ORDER BY id`},
	{"catalog_items", `SELECT count(*) FROM catalog_items`},
	{"search_docs", `SELECT doc_kind, doc_id, title FROM search_docs ORDER BY doc_kind, doc_id`},
	{"findings", `SELECT subject_kind, subject_id, rule_id, status FROM findings ORDER BY subject_kind, subject_id, rule_id`},
	{"audit_log", `SELECT action, entity_type, entity_id FROM audit_log ORDER BY id`},
}

// Fingerprint counts the rows of the generated tables and hashes their key rows (SHA-256 of
// fingerprintQueries' results), so two runs, or two backends, can be compared.
func Fingerprint(ctx context.Context, db *store.DB) (counts map[string]int, hash string, err error) {
	counts = map[string]int{}
	h := sha256.New()
	for _, fq := range fingerprintQueries {
		rows, err := db.Writer().QueryContext(ctx, fq.query)
		if err != nil {
			return nil, "", fmt.Errorf("city: fingerprint %s: %w", fq.table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, "", err
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%v\x1f", v)
			}
			h.Write([]byte{'\n'})
			n++
		}
		if err := rows.Close(); err != nil {
			return nil, "", err
		}
		if fq.table != "catalog_items" {
			counts[fq.table] = n
		} else if n == 1 {
			fmt.Sscan(fmt.Sprint(vals[0]), &n)
			counts[fq.table] = n
		}
	}
	return counts, hex.EncodeToString(h.Sum(nil)), nil
}
