package web_test

// Helpers shared by the feature tests: the Go types behind the registers' API schemas, and
// the checks of an answer's status, redirect, body and error.

import (
	"bytes"
	"maps"
	"mime/multipart"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// registerSchemaTypes are the Go types behind the schemas of the registers, checked against
// the OpenAPI document with the core ones of schemaTypes (openapi_test.go).
var registerSchemaTypes = map[string]reflect.Type{
	"Attachment": reflect.TypeFor[domain.Attachment](),

	"NewBaseLibrary":  reflect.TypeFor[app.NewBaseLibrary](),
	"Library":         reflect.TypeFor[domain.Library](),
	"BaseLibraryEdit": reflect.TypeFor[app.BaseLibraryEdit](),
	"DockingCounts":   reflect.TypeFor[app.DockingCounts](),
	"LibrarySummary":  reflect.TypeFor[app.LibrarySummary](),
	"LibrarySystem":   reflect.TypeFor[store.LibrarySystem](),
	"LibraryDetail":   reflect.TypeFor[app.LibraryDetail](),

	"CatalogEntry":  reflect.TypeFor[domain.CatalogEntry](),
	"DataItem":      reflect.TypeFor[domain.DataItem](),
	"CatalogEdit":   reflect.TypeFor[app.CatalogEdit](),
	"CatalogStep":   reflect.TypeFor[app.CatalogStep](),
	"CatalogChange": reflect.TypeFor[domain.CatalogChange](),
	"CatalogFacets": reflect.TypeFor[store.CatalogFacets](),

	"CloudResources":   reflect.TypeFor[domain.CloudResources](),
	"CloudPool":        reflect.TypeFor[domain.CloudPool](),
	"CloudPoolEdit":    reflect.TypeFor[app.CloudPoolEdit](),
	"CloudPoolUse":     reflect.TypeFor[app.CloudPoolUse](),
	"CloudUnitUse":     reflect.TypeFor[store.CloudUnitUse](),
	"CloudUtilisation": reflect.TypeFor[app.CloudUtilisation](),
	"CloudRequest":     reflect.TypeFor[domain.CloudRequest](),
	"CloudRequestEdit": reflect.TypeFor[app.CloudRequestEdit](),
	"CloudStep":        reflect.TypeFor[app.CloudStep](),

	"Feedback":      reflect.TypeFor[domain.Feedback](),
	"FeedbackStats": reflect.TypeFor[app.FeedbackStats](),

	"System":            reflect.TypeFor[domain.System](),
	"SystemEdit":        reflect.TypeFor[app.SystemEdit](),
	"MigrationPlan":     reflect.TypeFor[domain.MigrationPlan](),
	"MigrationPlanEdit": reflect.TypeFor[app.MigrationPlanEdit](),
	"DockingPlan":       reflect.TypeFor[domain.DockingPlan](),
	"DockingPlanEdit":   reflect.TypeFor[app.DockingPlanEdit](),
	"PlanStep":          reflect.TypeFor[app.PlanStep](),
	"PlanItem":          reflect.TypeFor[domain.PlanItem](),
	"BaseDataUse":       reflect.TypeFor[domain.BaseDataUse](),

	"MachineRoom":       reflect.TypeFor[domain.MachineRoom](),
	"MachineRoomEdit":   reflect.TypeFor[app.RoomEdit](),
	"MachineRoomStep":   reflect.TypeFor[app.RoomStep](),
	"RoomMilestone":     reflect.TypeFor[domain.RoomMilestone](),
	"RoomMilestoneEdit": reflect.TypeFor[app.MilestoneEdit](),
	"RoomPlan":          reflect.TypeFor[app.RoomPlan](),

	"AuditAnchor":   reflect.TypeFor[audit.Anchor](),
	"SecurityEvent": reflect.TypeFor[audit.SecurityEvent](),

	"SharingRequest": reflect.TypeFor[domain.SharingRequest](),
	"SharingStep":    reflect.TypeFor[app.SharingStep](),

	"Website":      reflect.TypeFor[domain.Website](),
	"WebsiteEdit":  reflect.TypeFor[app.WebsiteEdit](),
	"WebsiteStep":  reflect.TypeFor[app.WebsiteStep](),
	"MediaAccount": reflect.TypeFor[domain.MediaAccount](),
	"MediaEdit":    reflect.TypeFor[app.MediaEdit](),
	"MediaStep":    reflect.TypeFor[app.MediaStep](),
}

func init() { maps.Copy(schemaTypes, registerSchemaTypes) }

// mustStatus fails the test unless r has status want.
func mustStatus(t *testing.T, what string, r reply, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, want, r.body)
	}
}

// mustAnswer fails the test unless r has status want and its body contains each of has.
func mustAnswer(t *testing.T, what string, r reply, want int, has ...string) {
	t.Helper()
	var lacks []string
	for _, h := range has {
		if !strings.Contains(r.text(), h) {
			lacks = append(lacks, h)
		}
	}
	if r.status != want || len(lacks) > 0 {
		t.Fatalf("%s: status %d, want %d; lacks %q\n%s", what, r.status, want, lacks, r.body)
	}
}

// mustRedirect fails the test unless r is a 303 to a path that starts with prefix.
func mustRedirect(t *testing.T, what string, r reply, prefix string) {
	t.Helper()
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), prefix) {
		t.Fatalf("%s: %d Location %q, want 303 to %s\n%s", what, r.status, r.header.Get("Location"), prefix, r.body)
	}
}

// mustContain checks that r's body contains each of subs.
func mustContain(t *testing.T, what string, r reply, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.text(), s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// mustNotContain checks that r's body contains none of subs.
func mustNotContain(t *testing.T, what string, r reply, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(r.text(), s) {
			t.Errorf("%s must not contain %q", what, s)
		}
	}
}

// wantAPIError checks that r is an API error with status, error code and, unless field is
// "", that field; it returns the message.
func (s *site) wantAPIError(r reply, status int, code, field, what string) string {
	s.t.Helper()
	mustStatus(s.t, what, r, status)
	c, msg, f := r.apiError(s.t)
	if c != code || (field != "" && f != field) {
		s.t.Fatalf("%s: error %q field %q (%s), want %q field %q", what, c, f, msg, code, field)
	}
	return msg
}

// createdID checks that r redirects to prefix followed by the id of the record just made,
// and returns the id.
func createdID(t *testing.T, what string, r reply, prefix string) int64 {
	t.Helper()
	mustRedirect(t, what, r, prefix)
	rest := strings.TrimPrefix(r.header.Get("Location"), prefix)
	if end := strings.IndexFunc(rest, func(c rune) bool { return c < '0' || c > '9' }); end >= 0 {
		rest = rest[:end]
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		t.Fatalf("%s: redirect %q names no id after %s", what, r.header.Get("Location"), prefix)
	}
	return id
}

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// mustWorkbook fails the test unless r is a workbook (200, xlsxType); it returns r.
func mustWorkbook(t *testing.T, what string, r reply) reply {
	t.Helper()
	if ct := r.header.Get("Content-Type"); r.status != http.StatusOK || !strings.HasPrefix(ct, xlsxType) {
		t.Fatalf("%s: status %d, Content-Type %q, want a workbook\n%.500s", what, r.status, ct, r.body)
	}
	return r
}

// workbook is a workbook of one sheet named as sh, with sh's headers and then rows.
func workbook(t *testing.T, sh sheet.Schema, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
		t.Fatal(err)
	}
	var head []any
	for _, c := range sh.Columns {
		head = append(head, c.Header)
	}
	for i, row := range append([][]any{head}, rows...) {
		if err := f.SetSheetRow(sh.Name, "A"+strconv.Itoa(i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadBook posts a workbook to an import API as the request body; hdr as for api.
func (s *site) uploadBook(path, actor string, book []byte, hdr ...string) reply {
	s.t.Helper()
	return s.api(http.MethodPost, path, actor, string(book), append([]string{"Content-Type", xlsxType}, hdr...)...)
}

// multipartBody builds a form with fields and one file part; it returns the body and its
// Content-Type.
func multipartBody(t *testing.T, fields map[string]string, filename string, content []byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

// upload submits a multipart form with fields and the file as "file", as a page does.
func (b *browser) upload(path string, fields map[string]string, filename string, content []byte) reply {
	b.t.Helper()
	body, ct := multipartBody(b.t, fields, filename, content)
	req, err := http.NewRequest(http.MethodPost, b.s.ts.URL+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	return b.do(req)
}

// uploadBook submits a workbook on an import page.
func (b *browser) uploadBook(path string, book []byte) reply {
	b.t.Helper()
	return b.upload(path, map[string]string{"csrf": b.csrf}, "台账.xlsx", book)
}

// applyPath is where the confirm form of an import preview from page posts; it fails the
// test when the preview has none.
func applyPath(t *testing.T, preview reply, page string) string {
	t.Helper()
	m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(page) + `/apply/[A-Za-z0-9_-]+)"`).FindStringSubmatch(preview.text())
	if m == nil {
		t.Fatalf("no confirm form for %s in the preview (status %d):\n%s", page, preview.status, preview.body)
	}
	return m[1]
}
