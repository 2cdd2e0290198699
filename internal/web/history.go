package web

import (
	"archgov/internal/domain"
	"context"
	"strconv"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/i18n"
)

// enumPrefixes maps a changed field to the catalog prefix of its values, so a history line
// says 政务云 rather than gov_cloud. A registry adds its own fields from an init in its file.
var enumPrefixes = map[string]string{"status": "status.", "status_before": "status.", "hosting": "hosting.",
	"category": "category.", "classification": "class.", "network": "network.", "user_levels": "ulevel.",
	"exchange_channels": "exchannel."}

// unitNamer returns a function naming units by ID for one request, each unit read once.
func (s *Server) unitNamer(ctx context.Context) func(int64) string {
	names := map[int64]string{}
	return func(id int64) string {
		if n, ok := names[id]; ok {
			return n
		}
		n := "#" + strconv.FormatInt(id, 10)
		if u, err := s.svc.DB().Read().Unit(ctx, id); err == nil {
			n = u.Name
		}
		names[id] = n
		return n
	}
}

// Changes renders an audit record's changes for people: field labels and values in the page's
// language ("old → new"), dates as dates, units by name, enumerations by their names; fields
// empty before and after are left out.
func (p Page) Changes(rec *audit.Record) []string {
	m, keys := audit.ParseChanges(rec.Changes)
	var out []string
	for _, k := range keys {
		old, nw := audit.FormatValue(m[k].Old), audit.FormatValue(m[k].New)
		if (old == "—" || old == "") && (nw == "" || nw == "—" || nw == "0" || nw == "null" || nw == "[]") || k == "id" {
			continue
		}
		label := k
		if i18n.Has(p.Lang, "field."+k) {
			label = p.T("field." + k)
		}
		if old == "—" || old == "" || old == "[]" {
			out = append(out, label+"："+p.changeValue(k, m[k].New))
			continue
		}
		out = append(out, label+"："+p.changeValue(k, m[k].Old)+" → "+p.changeValue(k, m[k].New))
	}
	return out
}

// changeValue shows one value of field k.
func (p Page) changeValue(k string, v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = p.changeValue(k, e)
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, p.T("ui.list_sep"))
	case map[string]any:
		// A base library in use and its docking state (SHR-R7).
		if lib, ok := x["library"].(string); ok {
			out := p.LibraryName(domain.BaseLibrary(lib))
			if st, ok := x["state"].(string); ok {
				out += "（" + p.T("dockstate."+st) + "）"
			}
			return out
		}
	case bool:
		if x {
			return p.T("yes")
		}
		return p.T("no")
	case float64:
		if k == "unit_id" || strings.HasSuffix(k, "_unit_id") || strings.HasSuffix(k, "_unit_ids") {
			if x == 0 {
				return "—" // no unit (a base library before its provider was assigned)
			}
			if p.unitName != nil && x > 0 {
				return p.unitName(int64(x))
			}
		}
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Location() == time.UTC {
				return p.Date(t) // a calendar date
			}
			return p.DateTime(t)
		}
		if pre, ok := enumPrefixes[k]; ok && i18n.Has(p.Lang, pre+x) {
			return p.T(pre + x)
		}
	}
	return audit.FormatValue(v)
}
