package web_test

import (
	"reflect"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	schemaTypes["MachineRoom"] = reflect.TypeFor[domain.MachineRoom]()
	schemaTypes["MachineRoomEdit"] = reflect.TypeFor[app.RoomEdit]()
	schemaTypes["MachineRoomStep"] = reflect.TypeFor[app.RoomStep]()
	schemaTypes["RoomMilestone"] = reflect.TypeFor[domain.RoomMilestone]()
	schemaTypes["RoomMilestoneEdit"] = reflect.TypeFor[app.MilestoneEdit]()
	schemaTypes["RoomPlan"] = reflect.TypeFor[app.RoomPlan]()
}
