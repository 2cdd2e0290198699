package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// A record's history reads as sentences about the record (issue 14: people see names, never
// internal IDs): field labels and values in the page's language ("old → new"), dates as dates,
// units, rooms, systems and other records by name, enumerations by their names, the actor by
// name. One renderer reads every register's history from its description below.

// historyOf describes how a register's history reads.
type historyOf struct {
	prefix string            // the register's own field labels, tried before "field."
	labels map[string]string // field → label key, over prefix and "field."; with only, the fields shown
	only   bool
	enums  map[string]string // field → the message prefix of its values, over enumPrefixes
	skip   []string          // fields never shown (named elsewhere on the line, or bookkeeping)
}

// enumPrefixes maps a changed field to the catalog prefix of its values, so a history line
// says 政务云 rather than gov_cloud; a register's own are in its description (histories).
var enumPrefixes = map[string]string{"status": "status.", "status_before": "status.", "hosting": "hosting.",
	"category": "category.", "classification": "class.", "network": "network.", "user_levels": "ulevel.",
	"exchange_channels": "exchannel.", "cloud_exemption": "cloudexempt."}

var (
	siteSkip = []string{"overdue", "unit_name"}
	// A plan's standard version is named by interface_version, which changes with standard_id.
	planHistory = &historyOf{enums: planEnumPrefix, skip: []string{"system_id", "unit_id", "system_code", "system_name", "unit_name", "standard_id"}}
)

// histories are the registers' histories by audit entity type; another type reads as a system's.
var histories = map[string]*historyOf{
	"room":    {prefix: "roomfield.", enums: map[string]string{"kind": "roomkind.", "status": "roomstatus."}, skip: []string{"unit_name"}},
	"website": {prefix: "websites.f.", enums: map[string]string{"status": "wstatus."}, skip: siteSkip},
	"media":   {prefix: "newmedia.f.", enums: map[string]string{"status": "mstatus.", "kind": "mkind.", "decision": "mdecision."}, skip: siteSkip},
	"catalog": {prefix: "catalog.field.", labels: catalogLabels, enums: map[string]string{"status": "catstatus.", "share_type": "sharetype.",
		"update_cycle": "catalog.cycle.", "format": "catalog.format.", "share_channel": "catalog.channel.", "share_form": "catalog.form."}},
	"feedback":       {labels: feedbackChangeLabels, only: true, enums: map[string]string{"status": "fbstatus.", "kind": "fbkind."}},
	"sharing":        {labels: sharingLabels, only: true, enums: map[string]string{"status": "sharingstatus."}},
	"cloudrequest":   {labels: cloudChangeLabels, only: true, enums: map[string]string{"status": "cloudstatus."}},
	"cloudpool":      {labels: cloudChangeLabels, only: true},
	"migration_plan": planHistory,
	"docking_plan":   planHistory,
	"system":         {skip: []string{"unit_name"}},
	"baselibrary":    {labels: map[string]string{"active": "baselibrary.active"}},
	// A guide's requirements are a table: the history says the fields; the page shows the table.
	"guide":      {prefix: "guidefield.", enums: map[string]string{"status": "guidestatus."}, skip: []string{"items", "version"}},
	"component":  {prefix: "componentfield.", enums: map[string]string{"kind": "compkind.", "status": "compstatus."}, skip: []string{"version", "standard_id"}},
	"notice":     {prefix: "noticefield.", enums: map[string]string{"kind": "noticekind.", "status": "noticestatus."}, skip: []string{"version"}},
	"standard":   {prefix: "standardfield.", enums: map[string]string{"kind": "stdkind.", "status": "stdstatus."}, skip: []string{"version"}},
	"annualplan": {prefix: "apfield.", enums: map[string]string{"status": "apstatus."}, skip: []string{"unit_name", "item_count", "total"}},
	"expert":     {prefix: "expertfield.", enums: map[string]string{"specialties": "specialty."}, skip: []string{"unit_name", "username", "version"}},
	// An application's tables (budget, answers, rows) are on its page; the history names what changed.
	"project": {prefix: "projfield.", enums: map[string]string{"status": "projstatus.", "kind": "apkind.", "key_category": "projkey.", "room_work": "projroom.",
		"supervision_kind": "supkind."},
		skip: []string{"unit_name", "unit_id", "year", "guide_id", "plan_item_id", "version"}},
	// Department assessment (ORG-3): the weights are a table on its page; the score fields are named.
	"assessment": {prefix: "assessfield.", enums: map[string]string{"status": "assessstatus."}, skip: []string{"version"}},
	"objection":  {prefix: "objectionfield.", enums: map[string]string{"status": "objstatus."}, skip: []string{"unit_name", "unit_id", "assessment_id", "version"}},
	// A notice's items are a table on its page; the history names the other fields (FLOW-4).
	"rectification": {prefix: "rectfield.", enums: map[string]string{"status": "rectstatus.", "source": "rectsource.", "stage": "stage."},
		skip: []string{"items", "unit_id", "project_id", "version", "number", "doc_number"}},
}

// historyFor is the description of an entity type's history.
func historyFor(entity string) *historyOf {
	if h := histories[entity]; h != nil {
		return h
	}
	return histories["system"]
}

// Changes renders an audit record's changes for people; fields empty before and after, and
// fields without a label, are left out.
func (p *helpers) Changes(rec *audit.Record) []string {
	h := historyFor(rec.EntityType)
	m, keys := audit.ParseChanges(rec.Changes)
	var out []string
	for _, k := range keys {
		label := p.historyLabel(h, k)
		if label == "" || k == "id" || slices.Contains(h.skip, k) {
			continue
		}
		old, nw := audit.FormatValue(m[k].Old), audit.FormatValue(m[k].New)
		blank := func(s string) bool {
			return s == "" || s == "—" || s == "[]" || s == "null" || s == "0" || strings.HasPrefix(s, "0001-01-01")
		}
		switch {
		case blank(old) && (blank(nw) || nw == "false"):
		case blank(old):
			if v := p.changeValue(rec.EntityType, h, k, m[k].New); v != "—" {
				out = append(out, label+"："+v)
			}
		default:
			out = append(out, label+"："+p.changeValue(rec.EntityType, h, k, m[k].Old)+" → "+p.changeValue(rec.EntityType, h, k, m[k].New))
		}
	}
	return out
}

// historyLabel is field k's label, "" for a field the history does not show.
func (p *helpers) historyLabel(h *historyOf, k string) string {
	keys := []string{h.labels[k]}
	if !h.only {
		keys = append(keys, h.prefix+k, "field."+k)
		if h.prefix == "" {
			keys[1] = ""
		}
	}
	for _, key := range keys {
		if key != "" && i18n.Has(p.Lang, key) {
			return p.T(key)
		}
	}
	return ""
}

// refFields are the fields holding another record's id, named by refName.
var refFields = []string{"room_id", "system_id", "system_ids", "user_system_ids", "replaced_by_id", "merge_into_id", "entry_id", "related_ids",
	"pool_id", "component_ids"}

// changeValue shows one value of field k of a record of entity.
func (p *helpers) changeValue(entity string, h *historyOf, k string, v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = p.changeValue(entity, h, k, e)
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, p.T("ui.list_sep"))
	case map[string]any:
		if lib, ok := x["library"].(string); ok { // a base library in use and its docking state (SHR-R7)
			out := p.LibraryName(domain.BaseLibrary(lib))
			if st, ok := x["state"].(string); ok {
				out += "（" + p.T("dockstate."+st) + "）"
			}
			return out
		}
		if name, ok := x["name"]; ok && x["column"] != nil { // a data item of a catalog entry
			return fmt.Sprintf("%v（%v）", name, x["column"])
		}
		var c domain.CloudResources // cloud resources, requested, granted or a pool's capacity
		for _, d := range domain.CloudDims {
			if f, ok := x[string(d)].(float64); ok {
				*c.Ptr(d) = int64(f)
			}
		}
		return p.CloudRes(c)
	case bool:
		if x {
			return p.T("yes")
		}
		return p.T("no")
	case float64:
		switch {
		case x == 0 && (k == "unit_id" || strings.HasSuffix(k, "_unit_id") || slices.Contains(refFields, k)):
			return "—" // none (a base library before its provider was assigned)
		case k == "unit_id" || strings.HasSuffix(k, "_unit_id") || strings.HasSuffix(k, "_unit_ids"):
			if p.unitName != nil {
				return p.unitName(int64(x))
			}
		case slices.Contains(refFields, k) && p.refName != nil:
			return p.refName(entity, k, int64(x))
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			switch {
			case t.IsZero():
				return "—"
			case t.Equal(dayUTC(t)):
				return p.Date(t) // a calendar day, stored as midnight UTC
			}
			return p.DateTime(t)
		}
		if k == "library" || k == "base_library" {
			return p.LibraryName(domain.BaseLibrary(x))
		}
		pre, ok := h.enums[k]
		if !ok {
			pre, ok = enumPrefixes[k]
		}
		if ok && i18n.Has(p.Lang, pre+x) {
			return p.T(pre + x)
		}
	}
	return audit.FormatValue(v)
}

// ActorName names who made a record: the user's name, or the command line's operator.
func (p *helpers) ActorName(rec *audit.Record) string {
	if rec.ActorID == 0 || p.refName == nil {
		if rec.Actor == "system" && rec.ActorID == 0 {
			return p.T("history.system_actor")
		}
		return rec.Actor
	}
	return p.refName("", "actor", rec.ActorID)
}

// unitNamer returns a function naming units by ID for one request, each unit read once.
func (s *Server) unitNamer(ctx context.Context) func(int64) string {
	names := map[int64]string{}
	return func(id int64) string {
		if n, ok := names[id]; ok {
			return n
		}
		n := s.svc.UnitName(ctx, id)
		if n == "" {
			n = "—"
		}
		names[id] = n
		return n
	}
}

// refNamer returns a function naming, for one request, the records a history refers to as
// far as the viewer may see them (one it may not see is named as such, never by its id), and
// the users who acted.
func (s *Server) refNamer(r *http.Request) func(entity, field string, id int64) string {
	ctx, rq := r.Context(), reqOf(r)
	var a domain.Actor
	if rq.auth != nil {
		a = rq.auth.Actor
	}
	names := map[string]string{}
	return func(entity, field string, id int64) string {
		key := entity + "/" + field + "/" + strconv.FormatInt(id, 10)
		if n, ok := names[key]; ok {
			return n
		}
		n := ""
		switch {
		case field == "actor":
			n = s.svc.UserName(ctx, id)
		case field == "room_id":
			if m, err := s.svc.MachineRoom(ctx, a, id); err == nil {
				n = m.Name
			}
		case field == "merge_into_id" && entity == "media":
			if m, err := s.svc.MediaAccount(ctx, a, id); err == nil {
				n = m.Name + "（" + i18n.T(rq.lang, "mkind."+string(m.Kind)) + "）"
			}
		case field == "merge_into_id":
			if w, err := s.svc.Website(ctx, a, id); err == nil {
				n = w.Name + "（" + w.Host + "）"
			}
		case field == "entry_id" || field == "related_ids":
			if c, err := s.svc.CatalogEntry(ctx, a, id); err == nil {
				n = strings.TrimSpace(c.Code + " " + c.Name)
			}
		case field == "component_ids":
			if c, err := s.svc.Component(ctx, a, id); err == nil {
				n = c.Name
			}
		case field == "pool_id":
			if p, err := s.svc.CloudPool(ctx, a, id); err == nil {
				n = p.Name
			}
		default: // system_id, system_ids, user_system_ids, replaced_by_id
			if sys, err := s.svc.System(ctx, a, id); err == nil {
				n = sys.Code + " " + sys.Name
			}
		}
		if n == "" {
			n = i18n.T(rq.lang, "history.hidden")
		}
		names[key] = n
		return n
	}
}

// historyLine is an audit record of a record's history as the API answers it: the record as
// stored, the actor's name and the changes in words in the caller's language.
type historyLine struct {
	*audit.Record
	ActorName string   `json:"actor_name"`
	Lines     []string `json:"lines"`
}

// apiHistory answers the history of the record at the path's id.
func (s *Server) apiHistory(read func(*app.Service, context.Context, domain.Actor, int64) ([]*audit.Record, error)) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		recs, err := read(s.svc, r.Context(), rq.auth.Actor, id)
		if err != nil {
			return nil, err
		}
		p := Page{Lang: rq.lang, unitName: s.unitNamer(r.Context()), libraries: s.libraryLister(r.Context()), refName: s.refNamer(r)}
		out := make([]historyLine, len(recs))
		for i, rec := range recs {
			out[i] = historyLine{Record: rec, ActorName: p.H().ActorName(rec), Lines: p.H().Changes(rec)}
			if out[i].Lines == nil {
				out[i].Lines = []string{}
			}
		}
		return pageOf(app.Page[historyLine]{Items: out}), nil
	}
}
