package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 15, name: "base libraries", load: LoadBaseLibraries})
}

// LibrarySeed assigns a base library (SHR-P2) its authoritative provider and contributing units
// (SHR-R5), by unit code.
type LibrarySeed struct {
	Code         domain.BaseLibrary
	Provider     string
	Contributors []string
	Description  string
}

// Libraries are the district's five base libraries and who answers for them: the unit whose
// data is the library's source of truth, and the units that also feed it. The 社会信用库 has
// no provider yet: the district has not settled whether the 发改委's 信用办 or the 区数据局,
// which took over the credit platform's operation, answers for it, so the office has not
// assigned it and the library stays as seeded — the demo's SHR-R5 finding. (No use case leaves
// a library without a provider: only a seeded one never assigned lacks it.)
var Libraries = []LibrarySeed{
	{Code: domain.LibPopulation, Provider: "320507106", Contributors: []string{"320507119", "320507107"}, // 公安分局; 卫健委 (出生、死亡), 民政局 (婚姻)
		Description: "全区实有人口基础信息：以公安户籍和居住登记为准，汇聚卫健出生和死亡、民政婚姻登记等信息"},
	{Code: domain.LibLegalPerson, Provider: "320507123", Contributors: []string{"320507107", "320507129"}, // 市场监管局; 民政局 (社会组织), 税务局
		Description: "企业和个体工商户以市场监管登记为准，汇聚社会组织登记和税务登记信息"},
	{Code: domain.LibGeo, Provider: "320507111", Contributors: []string{"320507128"}, // 自然资源和规划分局; 数据局 (平台运维)
		Description: "基础测绘成果、影像、地名地址和不动产空间数据，以自然资源和规划部门成果为准"},
	{Code: domain.LibCredit}, // 发改委 or 数据局: not yet settled (SHR-R5)
	{Code: domain.LibLicense, Provider: "320507126", Contributors: []string{"320507128"}, // 行政审批局; 数据局 (电子证照库系统)
		Description: "各部门签发的电子证照及其用证核验，由行政审批部门统筹制证和归集"},
}

// LoadBaseLibraries assigns the seeded libraries their providers through the office's use case;
// a seed without a provider leaves its library as seeded.
func LoadBaseLibraries(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	for _, s := range Libraries {
		if s.Provider == "" {
			continue
		}
		l, err := svc.DB().Read().BaseLibraryByCode(ctx, s.Code)
		if err != nil {
			return fmt.Errorf("library %s: %w", s.Code, err)
		}
		provider := unitIDs[s.Provider]
		var contributors []int64
		for _, c := range s.Contributors {
			contributors = append(contributors, unitIDs[c])
		}
		desc := s.Description
		if _, err := svc.UpdateBaseLibrary(ctx, cli, l.ID, app.BaseLibraryEdit{Version: l.Version, ProviderUnitID: &provider,
			ContributorUnitIDs: &contributors, Description: &desc}); err != nil {
			return fmt.Errorf("library %s: %w", s.Code, err)
		}
	}
	return nil
}
