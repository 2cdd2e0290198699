package web_test

import (
	"reflect"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	schemaTypes["Website"] = reflect.TypeFor[domain.Website]()
	schemaTypes["WebsiteEdit"] = reflect.TypeFor[app.WebsiteEdit]()
	schemaTypes["WebsiteStep"] = reflect.TypeFor[app.WebsiteStep]()
	schemaTypes["MediaAccount"] = reflect.TypeFor[domain.MediaAccount]()
	schemaTypes["MediaEdit"] = reflect.TypeFor[app.MediaEdit]()
	schemaTypes["MediaStep"] = reflect.TypeFor[app.MediaStep]()
}
