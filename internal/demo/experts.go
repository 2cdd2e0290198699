package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 96, name: "experts", load: LoadExperts})
}

// ExpertSeed is one member of the demo expert pool (专家库, BLD-R3). UnitCode is the district
// unit the expert is affiliated with ("" for none): such an expert is never drawn for that
// unit's projects. Login names the demo login linked to the expert ("" for none).
type ExpertSeed struct {
	Name, Organization, Title, UnitCode, Phone, Login string
	Specialties                                       []domain.Specialty
	Inactive                                          bool
}

const (
	sec, data, cloud, soft, pm = domain.SpecSecurity, domain.SpecData, domain.SpecCloud, domain.SpecSoftware, domain.SpecProjects
	budget, egov, infra        = domain.SpecBudget, domain.SpecEgov, domain.SpecInfrastructure
)

// Experts are the demo pool: universities, research institutes, the operators and a few
// people of the district's own units (affiliated, so left out of their unit's reviews). The
// demo login expert (黄立群) is the first. Phones are fictional: 139051270NN.
var Experts = []ExpertSeed{
	{Name: "黄立群", Organization: "苏州大学计算机科学与技术学院", Title: "教授", Phone: "13905127001", Login: "expert", Specialties: []domain.Specialty{soft, data, pm}},
	{Name: "顾振宇", Organization: "江苏省信息安全测评中心", Title: "高级工程师", Phone: "13905127002", Specialties: []domain.Specialty{sec}},
	{Name: "沈雅琴", Organization: "苏州市大数据集团", Title: "高级工程师", Phone: "13905127003", Specialties: []domain.Specialty{data, cloud}},
	{Name: "陆文斌", Organization: "中国电信苏州分公司政企事业部", Title: "高级工程师", Phone: "13905127004", Specialties: []domain.Specialty{cloud, infra}},
	{Name: "钱慧敏", Organization: "苏州科技大学电子与信息工程学院", Title: "副教授", Phone: "13905127005", Specialties: []domain.Specialty{soft, sec}},
	{Name: "王建新", Organization: "江苏省电子信息产品质量监督检验研究院", Title: "研究员级高级工程师", Phone: "13905127006", Specialties: []domain.Specialty{soft, pm}},
	{Name: "朱丽华", Organization: "苏州天衡会计师事务所", Title: "注册造价工程师", Phone: "13905127007", Specialties: []domain.Specialty{budget, pm}},
	{Name: "许志强", Organization: "苏州工业园区服务外包职业学院", Title: "副教授", Phone: "13905127008", Specialties: []domain.Specialty{egov, soft}},
	{Name: "吴佩玲", Organization: "中国移动苏州分公司", Title: "高级工程师", Phone: "13905127009", Specialties: []domain.Specialty{cloud, infra, sec}},
	{Name: "金海峰", Organization: "南京大学软件学院", Title: "教授", Phone: "13905127010", Specialties: []domain.Specialty{soft, data}},
	{Name: "孙晓东", Organization: "苏州市信息中心", Title: "高级工程师", Phone: "13905127011", Specialties: []domain.Specialty{egov, pm, data}},
	{Name: "杨柳", Organization: "江苏中天信息咨询有限公司", Title: "高级咨询师", Phone: "13905127012", Specialties: []domain.Specialty{budget, egov}},
	{Name: "徐明远", Organization: "苏州市公安局网安支队（退休）", Title: "高级工程师", Phone: "13905127013", Specialties: []domain.Specialty{sec, infra}, Inactive: true},
	{Name: "蒋思源", Organization: "华为技术有限公司苏州研究所", Title: "高级工程师", Phone: "13905127014", Specialties: []domain.Specialty{cloud, soft}},
	{Name: "唐婉清", Organization: "苏州大学政治与公共管理学院", Title: "副教授", Phone: "13905127015", Specialties: []domain.Specialty{egov, data}},
	// Experts in the district's own units: left out of their unit's reviews.
	{Name: "冯立新", Organization: "区卫生健康委员会信息中心", Title: "高级工程师", UnitCode: "320507119", Phone: "13905127016", Specialties: []domain.Specialty{data, soft}},
	{Name: "周敏", Organization: "区教育局电化教育馆", Title: "高级教师", UnitCode: "320507105", Phone: "13905127017", Specialties: []domain.Specialty{egov, infra}},
	{Name: "陈卫国", Organization: "苏州市公安局相城分局科技信息化科", Title: "高级工程师", UnitCode: "320507106", Phone: "13905127018", Specialties: []domain.Specialty{sec, infra}},
	{Name: "郑晓雯", Organization: "区数据局数据资源科", Title: "工程师", UnitCode: "320507128", Phone: "13905127019", Specialties: []domain.Specialty{data, egov}},
	{Name: "韩永刚", Organization: "区财政局预算评审中心", Title: "高级会计师", UnitCode: "320507109", Phone: "13905127020", Specialties: []domain.Specialty{budget}},
	{Name: "邵佳", Organization: "区卫生健康委员会规划发展科", Title: "工程师", UnitCode: "320507119", Phone: "13905127021", Specialties: []domain.Specialty{pm, budget}, Inactive: true},
}

// LoadExperts registers the demo pool as the office, linking the demo login expert to 黄立群;
// the inactive ones are deactivated after registration, as the office would.
func LoadExperts(ctx context.Context, svc *app.Service, units map[string]int64) error {
	a := officeActor()
	for _, sd := range Experts {
		e := &domain.Expert{Name: sd.Name, Organization: sd.Organization, Title: sd.Title, UnitID: units[sd.UnitCode],
			Phone: sd.Phone, Specialties: sd.Specialties, Active: true}
		if sd.UnitCode != "" && e.UnitID == 0 {
			return fmt.Errorf("expert %s: no unit %s", sd.Name, sd.UnitCode)
		}
		if sd.Login != "" {
			u, err := svc.DB().Read().UserByUsername(ctx, sd.Login)
			if err != nil {
				return fmt.Errorf("expert %s: login %s: %w", sd.Name, sd.Login, err)
			}
			e.UserID = u.ID
		}
		if err := svc.CreateExpert(ctx, a, e); err != nil {
			return fmt.Errorf("expert %s: %w", sd.Name, err)
		}
		if sd.Inactive {
			if _, err := svc.UpdateExpert(ctx, a, e.ID, app.ExpertEdit{Version: e.Version, Active: new(false)}); err != nil {
				return fmt.Errorf("expert %s: %w", sd.Name, err)
			}
		}
	}
	return nil
}
