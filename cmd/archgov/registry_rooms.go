package main

import (
	"context"
	"io"

	"archgov/internal/app"
)

// `archgov import machine-rooms FILE.xlsx [--dry-run]` and `archgov export machine-rooms
// --out FILE.xlsx`: the machine-room 台账 (ENV-P2, ENV-R3), as the operator.
func init() {
	registries["machine-rooms"] = &registry{
		noun: "machine rooms",
		book: app.RoomsBook,
		exportF: func(ctx context.Context, svc *app.Service, w io.Writer) (int, error) {
			return svc.ExportMachineRooms(ctx, app.SystemActor(), app.RoomList{}, w)
		},
	}
}
