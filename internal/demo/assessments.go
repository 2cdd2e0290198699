package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 130, name: "department assessment", load: LoadAssessment})
}

// Objecting is the demo's objecting unit (区政府办公室): its video-conference room is kept by a
// waiver the office has not decided yet (waivers.go), so it objects to the room points it lost;
// the office accepts and restores them.
const Objecting = "320507101"

// LoadAssessment configures the current year's department assessment (ORG-3) with the default
// indicators and weights, publishes it (every unit's figures computed from the records loaded
// before it and frozen), and has one unit object and the office answer.
func LoadAssessment(ctx context.Context, svc *app.Service, units map[string]int64) error {
	office := officeActor()
	year := svc.Today().Year()
	x := &domain.Assessment{Year: year, Title: fmt.Sprintf("相城区%d年度电子政务架构治理部门考核", year)}
	if err := svc.CreateAssessment(ctx, office, x); err != nil {
		return err
	}
	x, err := svc.TransitionAssessment(ctx, office, x.ID, app.AssessmentStep{Version: x.Version, Action: domain.AssessPublish})
	if err != nil {
		return err
	}
	unit := units[Objecting]
	sc, err := svc.Score(ctx, office, x.ID, unit)
	if err != nil {
		return err
	}
	lost := 0.0 // the room points the unit lost
	for _, it := range sc.Items {
		if it.Code == domain.IndRooms {
			lost = float64(it.Weight) - it.Points
		}
	}
	o, err := svc.FileObjection(ctx, unitHead(unit, Objecting), x.ID, app.ObjectionCreate{UnitID: unit,
		Reason: "本单位视频会议机房承载省、市、区三级视频会议专网终端，已就ENV-R3提出豁免申请（待区信息办审核），" +
			"请在豁免审核期间不按“未按期关停”扣减机房关停分。"})
	if err != nil {
		return err
	}
	_, err = svc.AnswerObjection(ctx, office, o.ID, app.ObjectionStep{Version: o.Version, Action: domain.ObjAccept,
		CorrectedScore: sc.Score + lost,
		Answer:         "经核实，该机房属于上级要求保留的视频会议专网机房，豁免申请材料齐全，采纳申诉，恢复机房关停项得分。"})
	return err
}
