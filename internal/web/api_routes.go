package web

import (
	"net/http"
	"reflect"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
)

// apiRoute is one endpoint of the JSON API: how it is served and how the OpenAPI document
// describes it (openapi.go writes the document from this table and the Go types). Adding an
// endpoint is adding a row; a register's list, record, edit, step, history and spreadsheet
// rows come from its apiRegister (api_register.go).
type apiRoute struct {
	pattern string           // "METHOD /path", as http.ServeMux reads it
	status  int              // the success status
	h       apiFunc          // the handler, run by s.api (authentication, CSRF, input checks)
	raw     http.HandlerFunc // or a handler served as it is
	public  bool             // no authentication

	id, tag  string  // operationId and tag
	sum, doc string  // summary and description
	query    []param // query parameters (and path parameters other than a record id)
	in       any     // request body: a value of its JSON type, or a media (xlsxUpload)
	inDoc    string  // what the request body is
	out      any     // answer: a value of its JSON type, or a media (xlsxAnswer)
	okDoc    string  // what the success answer is

	// Refusals. 401, 403 and 422 are on every operation; 400 on one with a body or paging;
	// 404 on one with a path parameter; 409 on one whose body carries a version. errs adds
	// others, errDoc describes an operation's own.
	errs   []int
	errDoc map[int]string
}

// Query parameters shared by several operations (a list and its export read the same filters).
var (
	pCursor = qString("cursor", "Opaque cursor from the previous page's `next_cursor` (分页游标); an invalid one is a 400.")
	pLimit  = param{name: "limit", doc: "Page size (每页条数), 1–200; default 50. Values above 200 are capped; 0 or a non-number is a 400.", schema: obj{"type": "integer", "minimum": 1, "default": 50}}

	// auditFilters are read by the list and by its export alike.
	pApply = qEnum("apply", "`true` (or `1`) to write; otherwise a preview.", flagValues...) // an import's

	pFrom  = qDate("from", "First day, inclusive (yyyy-mm-dd, China time).")
	pTo    = qDate("to", "Last day, inclusive (yyyy-mm-dd, China time).")
	pActor = qString("actor", "Actor username.")

	// auditFilters are read by the audit log and by its export alike.
	auditFilters = []param{
		pFrom, pTo, pActor,
		qString("action", "Action prefix, e.g. `user.` or `login`."),
		qString("entity_type", "Entity type, e.g. `unit`, `user`, `audit`."),
		qString("entity_id", "Entity id."),
	}

	// catalogFilters are read by the list and by its export alike.
	catalogFilters = []param{
		qSort("Order of the list: `id` (default, creation order), `name` (bytewise, then id), `updated` (most recently changed first). Anything else is a 400 naming sort; a cursor from another order is a 400 naming cursor.", app.CatalogSorts),
		qString("q", "Name or resource code contains (the name search; a Chinese full-text index replaces it in a later slice)."),
		qInt("unit_id", "Only this provider unit's entries."),
		qString("class", "Only entries whose classification code starts with these digits (类, 类+项, ...)."),
		qOf[domain.ShareType]("share_type", "Only this sharing type."),
		qFlag("open", "`1`/`true`: only entries open to the public; `0`/`false`: only those not open."),
		qOf[domain.UpdateCycle]("update_cycle", "Only this update cycle."),
		qOf[domain.BaseLibrary]("base_library", "Only entries feeding this base library (SHR-P2)."),
		qOf[domain.CatalogStatus]("status", "Only this state."),
	}

	// cloudRequestFilters are read by the list and by its export alike.
	cloudRequestFilters = []param{
		qString("q", "System name or justification contains."),
		qInt("unit_id", "Only this unit's requests."),
		qOf[domain.CloudRequestStatus]("status", "Only this status."),
		qInt("pool_id", "Only requests on this pool."),
		qInt("system_id", "Only requests for this system."),
	}

	// planFilters are read by the list and by its export alike.
	planFilters = []param{
		qString("q", "System name or code contains."),
		qInt("unit_id", "Only this unit's systems."),
		qOf[domain.PlanKind]("kind", "Only this kind of plan."),
		qOf[domain.PlanStatus]("status", "Only this status."),
		qOf[domain.PlanNode]("node", "Only plans riding on this node."),
		qFlag("overdue", "`1`/`true`: only plans whose planned date has passed (in the district's calendar) and that are still planned or in progress."),
		qMonth("done_month", "Only plans completed in this month (YYYY-MM, by done_date): the overview's cloud-migration trend (ENV-R2)."),
	}

	// roomFilters are read by the list and by its export alike.
	roomFilters = []param{
		qSort("Order of the list: `id` (default, registration order), `name` (bytewise, then id), `updated` (most recently changed first). Anything else is a 400 naming the field sort. The next_cursor belongs to the order it was made in: it carries the last row's sort key and id itself (opaque, base64), and a cursor that does not decode or comes from another order is a 400 naming the field cursor.", app.RoomSorts),
		qString("q", "Room name contains."),
		qInt("unit_id", "Only this unit's rooms."),
		qOf[domain.RoomStatus]("status", "Only this status."),
		qOf[domain.RoomKind]("kind", "Only this kind."),
		qFlag("overdue", "`1`/`true`: only rooms with a live finding of the rule ENV-R3.room-overdue: kind other, no on-site production, not closed, past the governance settings' deadline, as the rules found at the room's last save or the daily sweep (a waived finding counts too)."),
		qMonth("closed_month", "Only rooms closed in this month (YYYY-MM, by closed_date): the overview's closure burn-down (ENV-R3)."),
	}

	// websiteFilters are read by the list and by its export alike.
	websiteFilters = []param{
		qString("q", "Name or host contains."),
		qInt("unit_id", "Only this unit's."),
		qInt("system_id", "Only the websites serving this information system (their `system_id`)."),
		qOf[domain.WebStatus]("status", "Only this registration status."),
		qOf[domain.Hosting]("hosting", "Only this hosting."),
		qFlag("overdue", "`1`/`true`: only websites with a live finding of the rule PTL-R3.website-overdue: past the registration deadline and neither registered, closed nor merged, as the rules found at the site's last save or the daily sweep (a waived finding counts too)."),
		qEnum("sort", "`name` to sort by name; default id order.", nameSorts...),
	}

	// mediaFilters are read by the list and by its export alike.
	mediaFilters = []param{
		qString("q", "Name, account ID or topic contains."),
		qInt("unit_id", "Only this unit's."),
		qInt("system_id", "Only the new-media accounts serving this information system (their `system_id`)."),
		qOf[domain.MediaKind]("kind", "Only this kind."),
		qOf[domain.MediaStatus]("status", "Only this consolidation status."),
		qOf[domain.MediaDecision]("decision", "Only this decision."),
		qEnum("sort", "`name` to sort by name; default id order.", nameSorts...),
	}

	// systemFilters are read by the list and by its export alike.
	systemFilters = []param{
		qSort("Order of the list: `id` (default, registration order), `name`, `code` (bytewise, then id), `go_live` (newest go-live date first, unknown dates last), `updated` (most recently changed first). Anything else is a 400 naming the field sort. The next_cursor belongs to the order it was made in: it carries the last row's sort key and id itself (opaque, base64), and a cursor that does not decode or comes from another order is a 400 naming the field cursor.", app.SystemSorts),
		qString("q", "Name or code contains."),
		qInt("unit_id", "Only this unit's systems."),
		qOf[domain.SystemStatus]("status", "Only this status."),
		qOf[domain.Hosting]("hosting", "Only this hosting."),
		qOf[domain.SystemCategory]("category", "Only this category."),
		qFlag("offcloud", "`1`/`true`: only systems the rules want on the government cloud and that are not (ENV-P1): non-classified, still in service, on the extranet or the internet (a 部门专网 is outside the rules' scope), neither gov_cloud nor onsite (ENV-P3), without a cloud_exemption."),
		qFlag("noplan", "`1`/`true`: only systems with a live finding of the rule ENV-P1.off-cloud (ENV-P1, ENV-R2): off the government cloud, without a cloud exemption and without a planned or in-progress migration plan, as the rules found at the record's last save or the daily sweep; a waived finding counts too (GET /api/v1/findings?rule=ENV-P1.off-cloud lists the findings themselves)."),
		qFlag("catalogued", "`1`/`true`: only systems a published catalog entry names as a producing system (SHR-P3; the overview's catalog coverage)."),
	}
)

// paged is a list's query: the paging parameters and the list's filters.
func paged(filters ...param) []param {
	return append([]param{pLimit, pCursor}, filters...)
}

// must makes a query parameter required.
func must(p param) param {
	p.required = true
	return p
}

// qOf is a filter whose values are those of the enumeration T (its schema in enumTypes).
func qOf[T any](name, doc string) param {
	return param{name: name, doc: doc, typ: reflect.TypeFor[T]()}
}

// qEnum is a filter taking one of values (read with queryEnum).
func qEnum(name, doc string, values ...string) param {
	return param{name: name, doc: doc, schema: obj{"type": "string", "enum": values}}
}

// qSort is a list's sort, one of sorts (read with listSort: "id" names app.SortID).
func qSort(doc string, sorts []app.ListSort) param {
	values := []string{"id"}
	for _, o := range sorts {
		if o != app.SortID {
			values = append(values, string(o))
		}
	}
	return qEnum("sort", doc, values...)
}

// qFlag is a yes/no filter (read with queryFlag or queryTristate).
func qFlag(name, doc string) param {
	return param{name: name, doc: doc, schema: obj{"$ref": "#/components/schemas/Flag"}}
}

func qInt(name, doc string) param {
	return param{name: name, doc: doc, schema: obj{"type": "integer", "format": "int64"}}
}

func qString(name, doc string) param {
	return param{name: name, doc: doc, schema: obj{"type": "string"}}
}

func qDate(name, doc string) param {
	return param{name: name, doc: doc, schema: obj{"type": "string", "format": "date"}}
}

// apiRoutes is the JSON API. routesInit registers it; OpenAPI describes it from a zero Server,
// so a row may name s's handlers and wrap them, but must not call anything while the table is
// built.
func (s *Server) apiRoutes() []apiRoute {
	routes := []apiRoute{
		// Operations and the spine: units, users, audit, security settings.
		{pattern: "GET /healthz", status: http.StatusOK, raw: s.healthz, public: true,
			id: "healthz", tag: "operations",
			sum:   "Liveness",
			doc:   "Answers 200 while the process is up. No authentication.",
			out:   statusBody{},
			okDoc: "Process up.",
		},
		{pattern: "GET /readyz", status: http.StatusOK, raw: s.readyz, public: true,
			id: "readyz", tag: "operations",
			sum:    "Readiness",
			doc:    "Answers 200 when the database answers and its schema is current, 503 otherwise, so a load balancer keeps traffic away from a replica that cannot serve. No authentication.",
			out:    statusBody{},
			okDoc:  "Ready.",
			errDoc: map[int]string{503: "Database unreachable or schema not current."},
		},
		{pattern: "GET /api/v1/openapi.json", status: http.StatusOK, raw: s.openapi, public: true,
			id: "openapi", tag: "operations",
			sum:   "This document",
			doc:   "The OpenAPI 3.1 description of the API. No authentication.",
			out:   media{content: obj{"application/json": obj{"schema": obj{"type": "object"}}}},
			okDoc: "OpenAPI document.",
		},
		{pattern: "GET /api/v1/me", status: http.StatusOK, h: s.apiMe,
			id: "getMe", tag: "me",
			sum:   "The caller's account",
			doc:   "The account the token or session belongs to, with its roles.",
			out:   meBody{},
			okDoc: "The caller.",
		},
		{pattern: "POST /api/v1/units/{id}/move", status: http.StatusOK, h: s.apiUnitMove(),
			id: "moveUnit", tag: "units",
			sum:   "Move a unit",
			doc:   "System admin only. Audited as unit.move.",
			in:    unitMoveBody{},
			inDoc: "New parent and version.",
			out:   domain.Unit{},
			okDoc: "The moved unit.",
		},
		{pattern: "POST /api/v1/units/{id}/deactivate", status: http.StatusOK, h: s.apiUnitActive(false),
			id: "deactivateUnit", tag: "units",
			sum:   "Deactivate a unit",
			doc:   "System admin only (停用). A unit with active children or enabled accounts, and the district itself, answer 422. Audited as unit.deactivate.",
			in:    versionBody{},
			inDoc: "The version.",
			out:   domain.Unit{},
			okDoc: "The deactivated unit.",
		},
		{pattern: "POST /api/v1/units/{id}/activate", status: http.StatusOK, h: s.apiUnitActive(true),
			id: "activateUnit", tag: "units",
			sum:   "Reactivate a unit",
			doc:   "System admin only (启用). Audited as unit.activate.",
			in:    versionBody{},
			inDoc: "The version.",
			out:   domain.Unit{},
			okDoc: "The reactivated unit.",
		},
		{pattern: "POST /api/v1/users/{id}/disable", status: http.StatusOK, h: s.apiUserDisabled(true),
			id: "disableUser", tag: "users",
			sum:   "Disable an account",
			doc:   "System admin only (停用账号); ends the account's sessions and revokes its API tokens. An administrator's account (sysadmin, secadmin, auditadmin) answers 403 (三权分立: the operator changes it at the command line). Audited as user.disable.",
			in:    versionBody{},
			inDoc: "The version.",
			out:   domain.User{},
			okDoc: "The account.",
		},
		{pattern: "POST /api/v1/users/{id}/enable", status: http.StatusOK, h: s.apiUserDisabled(false),
			id: "enableUser", tag: "users",
			sum:   "Enable an account",
			doc:   "System admin only (启用账号). Tokens issued before stay revoked. An administrator's account (sysadmin, secadmin, auditadmin) answers 403 (三权分立: the operator changes it at the command line). Audited as user.enable.",
			in:    versionBody{},
			inDoc: "The version.",
			out:   domain.User{},
			okDoc: "The account.",
		},
		{pattern: "POST /api/v1/users/{id}/reset-password", status: http.StatusOK, h: s.apiUserReset,
			id: "resetPassword", tag: "users",
			sum:   "Reset a password",
			doc:   "System admin only (重置密码). Generates a one-time password that must be changed at the next login, ends the account's sessions and revokes its API tokens. No request body. An administrator's account (sysadmin, secadmin, auditadmin) answers 403 (三权分立: the operator changes it at the command line). Audited.",
			out:   resetBody{},
			okDoc: "The new one-time password.",
		},
		{pattern: "POST /api/v1/users/{id}/unlock", status: http.StatusOK, h: s.apiUserUnlock,
			id: "unlockUser", tag: "users",
			sum:   "Unlock an account",
			doc:   "System admin only (解除锁定): clears the failed-login lock of the account. No request body. An administrator's account (sysadmin, secadmin, auditadmin) answers 403 (三权分立: the operator changes it at the command line). Audited as user.unlock.",
			out:   domain.User{},
			okDoc: "The account.",
		},
		{pattern: "PUT /api/v1/users/{id}/roles", status: http.StatusOK, h: s.apiUserRoles,
			id: "setRoles", tag: "users",
			sum:   "Replace an account's roles",
			doc:   "Security admin only (安全管理员), never for their own account. The three administrator roles exclude each other and every business role (三权分立): a violation answers 422 with field `role`. Business roles only: changing an administrator's roles, or granting an administrator role, answers 403 (the operator does it with `archgov user roles`). Audited as user.grant_roles.",
			in:    rolesBody{},
			inDoc: "The new roles.",
			out:   domain.User{},
			okDoc: "The account with its new roles.",
		},
		{pattern: "GET /api/v1/audit", status: http.StatusOK, h: s.apiAudit,
			id: "searchAudit", tag: "audit",
			sum:   "Search the audit log",
			doc:   "Audit admin only (审计管理员). Newest first, keyset-paginated. A bad date answers 422.",
			query: paged(auditFilters...),
			out:   list[*audit.Record]{},
			okDoc: "A page of records.",
		},
		{pattern: "GET /api/v1/audit/export", status: http.StatusOK, h: s.apiAuditExport,
			id: "exportAudit", tag: "audit",
			sum:   "Export the audit log",
			doc:   "Audit admin only. The matching records (at most 100 000) as an Excel workbook (导出Excel); the export itself is audited as audit.export.",
			query: auditFilters,
			out:   xlsxAnswer,
			okDoc: "The workbook.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/audit/verify", status: http.StatusOK, h: s.apiAuditVerify,
			id: "verifyAudit", tag: "audit",
			sum:   "Verify the audit chain",
			doc:   "Audit admin only. Recomputes the SM3 chain and names the first record that fails (完整性校验). No request body.",
			out:   verifyBody{},
			okDoc: "The result.",
		},
		{pattern: "GET /api/v1/audit/{id}", status: http.StatusOK, h: s.apiAuditRecord,
			id: "getAuditRecord", tag: "audit",
			sum:   "Get an audit record",
			doc:   "Audit admin only; for anyone else every record answers 404.",
			out:   audit.Record{},
			okDoc: "The record.",
		},
		{pattern: "GET /api/v1/settings/security", status: http.StatusOK, h: s.apiPolicy,
			id: "getSecurityPolicy", tag: "security",
			sum:   "Get the security policy",
			doc:   "Security admin only.",
			out:   policyBody{},
			okDoc: "The policy.",
		},
		{pattern: "PUT /api/v1/settings/security", status: http.StatusOK, h: s.apiPolicyUpdate,
			id: "updateSecurityPolicy", tag: "security",
			sum:   "Change the security policy",
			doc:   "Security admin only. Values below the 等保 level 3 floors answer 422; a stale version 409. Audited as policy.update.",
			in:    policyBody{},
			inDoc: "The policy; absent fields keep their value.",
			out:   policyBody{},
			okDoc: "The policy now in force.",
		},

		// attachments
		{pattern: "GET /api/v1/attachments", status: http.StatusOK, h: s.apiAttachments,
			id: "listAttachments", tag: "attachments",
			sum:   "List the files on a record",
			doc:   "The files on one record (entity_type + entity_id), oldest first. A record the caller may not read answers 404.",
			query: []param{must(qEnum("entity_type", "The kind of record the files belong to.", attachmentOwners...)), must(qInt("entity_id", "The record's id."))},
			out:   attachmentList{},
			okDoc: "The files.",
			errs:  []int{404},
		},
		{pattern: "POST /api/v1/attachments", status: http.StatusCreated, h: s.apiAttachmentUpload,
			id: "uploadAttachment", tag: "attachments",
			sum:    "Upload a file to a record",
			doc:    "multipart/form-data with entity_type, entity_id, file and optionally purpose — what the file is for: on a project application proposal (项目建议书), feasibility (可行性研究报告), budget (预算表) or other; other kinds take none (422 with field purpose for one the kind does not know). Whoever may change the record may attach to it. The type is decided from the content and must agree with the file name's extension; over the size limit (20 MiB unless configured), an unsupported type or a mismatched extension answers 422 with field file. Audited on the record as attachment.add with the SM3 digest.",
			in:     media{content: obj{"multipart/form-data": obj{"schema": obj{"type": "object", "required": []string{"entity_type", "entity_id", "file"}, "properties": obj{"entity_type": obj{"type": "string", "enum": attachmentOwners}, "entity_id": obj{"type": "integer"}, "purpose": obj{"type": "string", "enum": []string{"proposal", "feasibility", "budget", "other"}}, "file": obj{"type": "string", "format": "binary"}}}}}},
			out:    domain.Attachment{},
			okDoc:  "The stored file's description.",
			errs:   []int{404},
			errDoc: map[int]string{413: "The request body is far over the size limit (code too_large)."},
		},
		{pattern: "GET /api/v1/attachments/{id}", status: http.StatusOK, h: s.apiAttachment,
			id: "getAttachment", tag: "attachments",
			sum:   "Describe a file",
			doc:   "Name, type, size, SM3 digest, who uploaded it and when. A file on a record the caller may not read answers 404.",
			out:   domain.Attachment{},
			okDoc: "The file's description.",
		},
		{pattern: "DELETE /api/v1/attachments/{id}", status: http.StatusOK, h: s.apiAttachmentDelete,
			id: "deleteAttachment", tag: "attachments",
			sum:   "Delete a file",
			doc:   "Whoever may change the record may remove its files. Audited on the record as attachment.delete, with the file's name and digest.",
			out:   domain.Attachment{},
			okDoc: "The deleted file's description.",
		},
		{pattern: "GET /api/v1/attachments/{id}/content", status: http.StatusOK, h: s.apiAttachmentContent,
			id: "downloadAttachment", tag: "attachments",
			sum: "Download a file",
			doc: "The bytes as uploaded, as a download (Content-Disposition: attachment, nosniff, sandboxed), with the SM3 digest in X-Checksum-SM3. The digest is checked before sending; a file whose bytes no longer match answers 500.",
			out: files(obj{"X-Checksum-SM3": obj{"description": "SM3 digest of the content, hex.", "schema": obj{"type": "string"}}},
				"application/pdf",
				"application/ofd",
				"image/png",
				"image/jpeg",
				"image/gif",
				"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				"application/vnd.openxmlformats-officedocument.presentationml.presentation",
				"application/msword",
				"application/vnd.ms-excel",
				"application/vnd.ms-powerpoint",
				"application/vnd.ms-works"),
			okDoc: "The file, with the media type decided from its content when it was uploaded (the attachment's `content_type`): PDF, OFD, PNG, JPEG, GIF, Word/Excel/PowerPoint (current and 97-2003) or WPS.",
		},

		// audit_security
		{pattern: "POST /api/v1/audit/anchor", status: http.StatusOK, h: s.apiAuditAnchor,
			id: "takeAuditAnchor", tag: "audit",
			sum:   "Take an audit anchor",
			doc:   "Audit admin only. Verifies the chain, appends an `audit.anchor` record and answers an anchor naming that record: keep it outside the database and check it later with `archgov audit verify --anchor FILE`, which fails if the chain no longer reaches it (newest records deleted, database rolled back). A broken chain is not anchored: 409 naming the break. No request body.",
			out:   audit.Anchor{},
			okDoc: "The anchor.",
			errs:  []int{409},
		},
		{pattern: "GET /api/v1/audit/security-events", status: http.StatusOK, h: s.apiSecurityEvents,
			id: "searchSecurityEvents", tag: "audit",
			sum:   "Search the security events",
			doc:   "Audit admin only (审计管理员). Refused accesses (403), 404s (`hidden` when authorization hid an existing record, `not_found` otherwise), CSRF failures and login lockouts (安全事件, 等保 2.0 §8.1.4.3). Not part of the hash chain; written rate-limited, and `suppressed` counts the events the limits dropped before each one. Newest first, keyset-paginated. A bad date or an unknown kind answers 422.",
			query: paged(pFrom, pTo, pActor, qString("ip", "Source address, exactly."), qEnum("kind", "Kind of event.", audit.EventKinds...)),
			out:   list[*audit.SecurityEvent]{},
			okDoc: "A page of events.",
		},

		// baselib
		{pattern: "GET /api/v1/base-libraries", status: http.StatusOK, h: s.apiBaseLibraries,
			id: "listBaseLibraries", tag: "base-libraries",
			sum:   "List the base libraries",
			doc:   "Every library in display order with the number of catalog entries feeding it that the caller may see (published entries, plus drafts of the caller's units; all for the office) and the district-wide number of systems in service using it per docking group (docked; planned: an open docking plan; not docked). Counts name no system, so they are the same for every caller.",
			out:   list[app.LibrarySummary]{},
			okDoc: "The libraries.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/base-libraries", status: http.StatusCreated, h: s.apiBaseLibraryCreate,
			id: "createBaseLibrary", tag: "base-libraries",
			sum:   "Add a base library",
			doc:   "The info office only (403 for anyone else). The code is lowercase, a letter first, 2 to 32 letters, digits or underscores, unique among the libraries (422 naming code when malformed or taken) and never changes; name (422 naming name) and the authoritative provider, a unit in use (422 naming provider_unit_id), are required; contributing units must be units in use. The library is in use at once: catalog entries (base_library), systems' base data, docking plans and feedback reports may name it, and its feedback goes to its provider (SHR-R6). The systems and catalog workbooks take the libraries from the table: an added library gets its base-data column and its label. Audited as baselibrary.create in the same transaction; a refusal writes nothing.",
			in:    app.NewBaseLibrary{},
			out:   domain.Library{},
			okDoc: "The library added.",
		},
		{pattern: "GET /api/v1/base-libraries/{id}", status: http.StatusOK, h: s.apiBaseLibrary,
			id: "getBaseLibrary", tag: "base-libraries",
			sum:   "Get a base library with its entries and systems",
			doc:   "The library, its authoritative provider and contributing units; the first 50 catalog entries feeding it that the caller may see (entries counts them all; GET /api/v1/catalog?base_library=CODE lists them all); the district-wide docking counts; the systems using it, grouped by docking group, that the caller may see (the office: all; a unit's people: their units' systems; all_systems says which); and the open docking plans of those systems.",
			out:   app.LibraryDetail{},
			okDoc: "The library.",
			errs:  []int{400},
		},
		{pattern: "PUT /api/v1/base-libraries/{id}", status: http.StatusOK, h: s.apiBaseLibraryUpdate,
			id: "updateBaseLibrary", tag: "base-libraries",
			sum:   "Edit a base library",
			doc:   "The info office only (403 for anyone else), with optimistic concurrency (version; 409 when stale). Fields left out stay as they are; the code never changes. The authoritative provider is required (422 naming provider_unit_id) and must be a unit in use, as must every contributing unit (422 naming contributor_unit_ids); the provider is never also a contributor. Audited as baselibrary.update in the same transaction.",
			in:    app.BaseLibraryEdit{},
			out:   domain.Library{},
			okDoc: "The library after the edit.",
		},

		// catalog
		{pattern: "GET /api/v1/catalog/changes", status: http.StatusOK, h: s.apiCatalogChanges,
			id: "catalogChanges", tag: "catalog",
			sum:   "The change feed (SHR-P4)",
			doc:   "Every publication, published revision and withdrawal, oldest first, for the city exchange platform. Resume with since = next_since of the previous page (the id of the last change read; 0 or absent to start). Change ids are handed out under a lock held until the change commits, so they appear in commit order: a client that resumes after n never misses a change. Each change carries the entry as published (or withdrawn).",
			query: []param{pLimit, qInt("since", "The id of the last change already read.")},
			out:   catalogChanges{},
			okDoc: "Changes after since.",
		},
		{pattern: "GET /api/v1/catalog/dcat", status: http.StatusOK, h: s.apiCatalogDCAT,
			id: "catalogDCAT", tag: "catalog",
			sum:   "The published catalog as DCAT-AP 3 JSON-LD (SHR-P4)",
			doc:   "A dcat:Catalog whose dcat:dataset items are every published entry (never drafts, entries under review or withdrawn ones), streamed in id order. Related resources (dct:relation) name published entries only. The field mapping (编制指南 field → DCAT-AP 3 property) and the @context are in docs/DCAT-AP.md. IRIs are built from the URL the client used. Audited as catalog.export_dcat.",
			out:   media{content: obj{"application/ld+json": obj{"schema": obj{"type": "object", "required": []string{"@context", "@type", "dcat:dataset"}, "properties": obj{"@context": obj{"type": "object"}, "@id": obj{"type": "string"}, "@type": obj{"type": "string", "enum": []string{"dcat:Catalog"}}, "dcat:dataset": obj{"type": "array", "items": obj{"type": "object"}}}}}}},
			okDoc: "The catalog document.",
		},

		// cloud
		{pattern: "GET /api/v1/cloud/utilisation", status: http.StatusOK, h: s.apiCloudUtilisation,
			id: "cloudUtilisation", tag: "cloud",
			sum:   "Government-cloud utilisation",
			doc:   "Per pool: capacity, allocated, free and the percentage allocated per dimension (pools are public). Per unit: the totals granted to approved and partially approved requests, for the units the caller may see (all for the info office, the own units for a unit's people).",
			out:   app.CloudUtilisation{},
			okDoc: "Utilisation.",
		},
		{pattern: "GET /api/v1/cloud/pools/{id}/utilisation", status: http.StatusOK, h: s.apiCloudPoolUse,
			id: "cloudPoolUtilisation", tag: "cloud",
			sum:   "A pool's utilisation",
			doc:   "Capacity, allocated, free and the percentage allocated per dimension of one pool.",
			out:   app.CloudPoolUse{},
			okDoc: "Utilisation.",
			errs:  []int{400},
		},

		// feedback
		{pattern: "GET /api/v1/feedback/stats", status: http.StatusOK, h: s.apiFeedbackStats,
			id: "feedbackStats", tag: "feedback",
			sum:   "Per-provider statistics",
			doc:   "Per provider, over the reports made between from and to (dates, both included, both optional): average and median response time in working days (report to first fix or dispute), fix rate (fixed and confirmed / confirmed), overdue now and ever overdue. Every provider for the info office; a unit's people get their own units' lines.",
			query: []param{qDate("from", "First report date (YYYY-MM-DD)."), qDate("to", "Last report date (YYYY-MM-DD).")},
			out:   feedbackStatsList{},
			okDoc: "One line per provider.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/feedback/{id}/acknowledge", status: http.StatusOK, h: s.apiFeedbackStep(domain.FbAcknowledge),
			id: "acknowledgeFeedback", tag: "feedback",
			sum:   "Acknowledge",
			doc:   "The provider takes the report in (受理): submitted → acknowledged. Taken by the provider (feedback.respond); the other side gets 403, a report the caller may not see 404, a step impossible from the current state or a stale version 409. Audited as feedback.acknowledge.",
			in:    feedbackStepBody{},
			out:   domain.Feedback{},
			okDoc: "The report after the step.",
		},
		{pattern: "POST /api/v1/feedback/{id}/fix", status: http.StatusOK, h: s.apiFeedbackStep(domain.FbFix),
			id: "fixFeedback", tag: "feedback",
			sum:   "Mark fixed",
			doc:   "The provider corrected the data: acknowledged → fixed; `note` is required (422 on note). Taken by the provider (feedback.respond); the other side gets 403, a report the caller may not see 404, a step impossible from the current state or a stale version 409. Audited as feedback.fix.",
			in:    feedbackStepBody{},
			out:   domain.Feedback{},
			okDoc: "The report after the step.",
		},
		{pattern: "POST /api/v1/feedback/{id}/dispute", status: http.StatusOK, h: s.apiFeedbackStep(domain.FbDispute),
			id: "disputeFeedback", tag: "feedback",
			sum:   "Dispute",
			doc:   "The provider holds the data right: acknowledged → disputed; `reason` is required (422 on reason). Taken by the provider (feedback.respond); the other side gets 403, a report the caller may not see 404, a step impossible from the current state or a stale version 409. Audited as feedback.dispute.",
			in:    feedbackStepBody{},
			out:   domain.Feedback{},
			okDoc: "The report after the step.",
		},
		{pattern: "POST /api/v1/feedback/{id}/confirm", status: http.StatusOK, h: s.apiFeedbackStep(domain.FbConfirm),
			id: "confirmFeedback", tag: "feedback",
			sum:   "Confirm and close",
			doc:   "The reporter accepts the answer: fixed or disputed → confirmed (closed). Taken by the reporter (feedback.close); the other side gets 403, a report the caller may not see 404, a step impossible from the current state or a stale version 409. Audited as feedback.confirm.",
			in:    feedbackStepBody{},
			out:   domain.Feedback{},
			okDoc: "The report after the step.",
		},
		{pattern: "POST /api/v1/feedback/{id}/reopen", status: http.StatusOK, h: s.apiFeedbackStep(domain.FbReopen),
			id: "reopenFeedback", tag: "feedback",
			sum:   "Reopen",
			doc:   "The reporter does not accept the answer: fixed or disputed → submitted, back to the provider with a new deadline counted from today; `reason` is required (422 on reason). Taken by the reporter (feedback.close); the other side gets 403, a report the caller may not see 404, a step impossible from the current state or a stale version 409. Audited as feedback.reopen.",
			in:    feedbackStepBody{},
			out:   domain.Feedback{},
			okDoc: "The report after the step.",
		},

		// governance
		{pattern: "GET /api/v1/settings/governance", status: http.StatusOK, h: s.apiGovernance,
			id: "getGovernance", tag: "governance",
			sum:   "Get the governance settings",
			doc:   "Every government user may read them. Version 0 means the defaults are in force (2018-08-22 + 24 months for machine rooms of kind other, website registration by 2019-08-22).",
			out:   governanceBody{},
			okDoc: "The settings in force.",
		},
		{pattern: "PUT /api/v1/settings/governance", status: http.StatusOK, h: s.apiGovernanceUpdate,
			id: "updateGovernance", tag: "governance",
			sum:   "Change the governance settings",
			doc:   "The info office only. Missing dates or a period outside 1–120 months answer 422 naming the field; a stale version 409. Audited as governance.update. Deadlines shown everywhere move with these settings.",
			in:    governanceBody{},
			inDoc: "The settings and the version they were read at; absent fields keep their value, room_deadline is ignored.",
			out:   governanceBody{},
			okDoc: "The settings now in force.",
		},

		// duplicate-construction check (issue 15)
		{pattern: "POST /api/v1/duplicate-check", status: http.StatusOK, h: s.apiDupCheck,
			id: "checkDuplicates", tag: "duplicate-check",
			sum:   "Check a proposed project against what the district has",
			doc:   "Ranks the district's existing systems (all units, non-classified, in service or under construction), published catalog entries and shared components by similarity to the proposal's name, construction content and function points (应用查重): the best `limit` (default 10, at most 50), each with a score 0–100, whether it reaches the governance settings' threshold (`above`), the overlapping terms most telling first, and which function point matched which sentence of the match. Deterministic; the scoring is explained in docs/DUPCHECK.md. Every government user but the administrators may call it (403 otherwise); it changes nothing and is not audited. Other units' systems are named with their unit: that is the point of the check (docs/SECURITY.md). 422 names the field: name required (at most 200 characters), content at most 5000, at most 50 function points of at most 60 characters each, limit 1–50.",
			in:    dupCheckBody{},
			inDoc: "The proposal: name, content (建设内容), functions (功能点, short phrases), exclude_system_ids (systems the project itself changes, left out), limit.",
			out:   domain.DupResult{},
			okDoc: "The threshold in force and the best matches, highest score first.",
		},

		// plans
		{pattern: "GET /api/v1/plans", status: http.StatusOK, h: s.apiPlans,
			id: "listPlans", tag: "plans",
			sum:   "List migration and docking plans",
			doc:   "The migration plans (ENV-R2) and docking plans (SHR-R8) of the systems the caller may see (scoped like the systems), most urgent first: ordered by planned date, then kind, then id. Each item says whether it is overdue. Keyset-paginated.",
			query: paged(planFilters...),
			out:   list[*domain.PlanItem]{},
			okDoc: "A page of plans.",
		},
		{pattern: "GET /api/v1/plans/export", status: http.StatusOK, h: s.apiXLSX(s.plansExport),
			id: "exportPlans", tag: "plans",
			sum:   "Export the plan list",
			doc:   "The plans the caller may see, filtered like the list, as .xlsx. Audited as plan.export.",
			query: planFilters,
			out:   xlsxAnswer,
			okDoc: "The workbook.",
			errs:  []int{400},
		},
		{pattern: "GET /api/v1/systems/{id}/migration-plan", status: http.StatusOK, h: recordAt(s, (*app.Service).MigrationPlanOf).h,
			id: "getMigrationPlan", tag: "plans",
			sum:   "A system's migration plan",
			doc:   "Readable by whoever may see the system; 404 when the system has no plan (or is not visible).",
			out:   domain.MigrationPlan{},
			okDoc: "The plan.",
		},
		{pattern: "PUT /api/v1/systems/{id}/migration-plan", status: http.StatusOK, h: thenRead(s, (*app.Service).SaveMigrationPlan, (*app.Service).MigrationPlanOf).h,
			id: "putMigrationPlan", tag: "plans",
			sum:   "Create or change a system's migration plan",
			doc:   "version 0 creates the plan, which only a non-classified system in service and off the government cloud takes (otherwise 422); otherwise version is the one read (stale: 409). A plan that is migrated or cancelled is not edited (409). Medium and high difficulty need reasons (422 naming difficulty_reasons). By the owning unit's 责任人/联系人 or the info office. Audited as migration_plan.create / migration_plan.update.",
			in:    app.MigrationPlanEdit{},
			out:   domain.MigrationPlan{},
			okDoc: "The plan as saved.",
		},
		{pattern: "POST /api/v1/systems/{id}/migration-plan/transition", status: http.StatusOK, h: thenRead(s, (*app.Service).TransitionMigrationPlan, (*app.Service).MigrationPlanOf).h,
			id: "transitionMigrationPlan", tag: "plans",
			sum:   "Take a step of a migration plan",
			doc:   "planned → in_progress (start), in_progress → planned (back), in_progress → migrated (complete), planned/in_progress → cancelled (cancel, note required), cancelled → planned (reopen). A step impossible from the current state answers 409. Completing moves the system to the government cloud in the same transaction (hosting gov_cloud, hosting note cleared), audited as migration_plan.complete and system.plan_migrated. A system out of service only lets its plan be cancelled (422).",
			in:    app.PlanStep{},
			out:   domain.MigrationPlan{},
			okDoc: "The plan after the step.",
		},
		{pattern: "GET /api/v1/systems/{id}/docking-plans", status: http.StatusOK, h: itemsAt(s, (*app.Service).DockingPlansOf).h,
			id: "listDockingPlans", tag: "plans",
			sum:   "A system's docking plans",
			doc:   "All of them, in id order, for whoever may see the system.",
			out:   list[*domain.DockingPlan]{},
			okDoc: "The plans (next_cursor is always empty).",
		},
		{pattern: "POST /api/v1/systems/{id}/docking-plans", status: http.StatusCreated, h: s.apiDockingPlanCreate,
			id: "createDockingPlan", tag: "plans",
			sum: "Add a docking plan",
			doc: "SHR-R8: a plan to dock the system onto a base library, naming the published technical standard version the system will follow (standard_id, ORG-5: one in force; an interface standard made for a base library must be of the plan's library; typed interface_version text is refused, 422 on standard_id). At most one open (planned or in progress) plan per library: a second answers 409. A library the system is already docked to, a classified system and a system out of service answer 422. Audited as docking_plan.create.",
			in:  app.DockingPlanEdit{},
			out: domain.DockingPlan{},
		},

		// rooms
		{pattern: "GET /api/v1/machine-rooms/{id}/systems", status: http.StatusOK, h: itemsAt(s, (*app.Service).RoomSystems).h,
			id: "machineRoomSystems", tag: "machine-rooms",
			sum:   "Systems hosted in a room",
			doc:   "Derived from the system registry: the systems whose room_id is this room (ENV-P2).",
			out:   list[*domain.System]{},
			okDoc: "The systems.",
			errs:  []int{400},
		},
		{pattern: "GET /api/v1/machine-rooms/{id}/milestones", status: http.StatusOK, h: recordAt(s, (*app.Service).RoomMilestones).h,
			id: "machineRoomMilestones", tag: "machine-rooms",
			sum:   "A room's closing plan",
			doc:   "The milestones by due date, and the room's version that every plan change needs.",
			out:   app.RoomPlan{},
			okDoc: "The plan.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/machine-rooms/{id}/milestones", status: http.StatusCreated, h: s.apiRoomMilestoneAdd(),
			id: "addMachineRoomMilestone", tag: "machine-rooms",
			sum:   "Add a milestone",
			doc:   "By whoever may edit the room, while it is not closed. version is the room's; the room's version goes up. Audited as room.milestone_add.",
			in:    app.MilestoneEdit{},
			out:   app.RoomPlan{},
			okDoc: "The plan after the change.",
		},
		{pattern: "PATCH /api/v1/machine-rooms/{id}/milestones/{mid}", status: http.StatusOK, h: s.apiRoomMilestoneUpdate,
			id: "updateMachineRoomMilestone", tag: "machine-rooms",
			sum:   "Change a milestone",
			doc:   "Title, due and done dates replace the milestone's; version is the room's. Audited as room.milestone_update.",
			query: []param{param{name: "mid", in: "path", doc: "The milestone's id.", schema: obj{"type": "integer", "format": "int64"}}},
			in:    app.MilestoneEdit{},
			out:   app.RoomPlan{},
			okDoc: "The plan after the change.",
		},
		{pattern: "DELETE /api/v1/machine-rooms/{id}/milestones/{mid}", status: http.StatusOK, h: s.apiRoomMilestoneDelete,
			id: "deleteMachineRoomMilestone", tag: "machine-rooms",
			sum:   "Delete a milestone",
			doc:   "version (the room's) as a query parameter. Audited as room.milestone_delete.",
			query: []param{param{name: "mid", in: "path", doc: "The milestone's id.", schema: obj{"type": "integer", "format": "int64"}}, must(qInt("version", "The room's version."))},
			out:   app.RoomPlan{},
			okDoc: "The plan after the change.",
			errs:  []int{400, 409},
		},

		// sharing
		{pattern: "POST /api/v1/sharing-requests/{id}/answer", status: http.StatusOK, h: s.sharingAnswerAPI(),
			id: "answerSharingRequest", tag: "sharing",
			sum:   "Answer a sharing request",
			doc:   "The provider's 责任人 or 联系人 approves (action approve, with a scope; scope_items may narrow the items to those asked for; valid_until not before today) or refuses (action refuse, with refusal_reason). A missing scope or reason is 422 with the field. The requester answering its own request, or the office, gets 403; a unit that cannot see the request 404. An answered or withdrawn request, or a stale version, answers 409. Audited as sharing.approve or sharing.refuse.",
			in:    app.SharingStep{},
			out:   domain.SharingRequest{},
			okDoc: "The request after the answer.",
		},
		{pattern: "POST /api/v1/sharing-requests/{id}/withdraw", status: http.StatusOK, h: s.sharingWithdrawAPI(),
			id: "withdrawSharingRequest", tag: "sharing",
			sum:   "Withdraw a sharing request",
			doc:   "The requesting unit's 责任人 or 联系人 withdraws a request not answered yet; after the answer it is 409, and the provider gets 403. Audited as sharing.withdraw.",
			in:    sharingWithdrawBody{},
			out:   domain.SharingRequest{},
			okDoc: "The request after the withdrawal.",
		},

		// sites

		// systems
	}
	for _, g := range []apiRegister{s.unitsAPI(), s.usersAPI(), s.roomsAPI(), s.systemsAPI(), s.websitesAPI(), s.mediaAPI(), s.catalogAPI(), s.cloudPoolsAPI(), s.cloudRequestsAPI(), s.dockingPlansAPI(), s.feedbackAPI(), s.sharingAPI(), s.guidesAPI(),
		s.annualPlansAPI(), s.expertsAPI(), s.drawsAPI(), s.rectificationsAPI(), s.waiversAPI(),
		s.componentsAPI(),                     // api_components.go: the shared component catalog (issue 15)
		s.assessmentsAPI(), s.objectionsAPI(), // api_assessments.go: department assessment (ORG-3)
		s.noticesAPI(), s.standardsAPI()} { // api_notices.go: notices and technical standards (ORG-4, ORG-5)
		routes = append(routes, s.registerRoutes(g)...)
	}
	routes = append(routes, s.inboxAPI()...) // pages_inbox.go
	routes = append(routes, s.drawVerifyAPI()...)
	routes = append(routes, s.projectsAPIRoutes()...)       // api_projects.go
	routes = append(routes, s.projectReviewsAPI()...)       // review: api_project_reviews.go
	routes = append(routes, s.supervisionAPI()...)          // key-project supervision (FLOW-5): api_supervision.go
	routes = append(routes, s.stagesAPI()...)               // api_stages.go: FLOW-4
	routes = append(routes, s.spotChecksAPI()...)           // api_spotchecks.go: FLOW-4's random spot checks
	routes = append(routes, s.rectificationsAPIRoutes()...) // rectification notices, halting (FLOW-4): api_rectifications.go
	routes = append(routes, s.rulesAPI()...)                // the governance rules (issue 11): api_rules.go
	routes = append(routes, s.findingsAPI()...)             // governance findings and waiver requests (issue 11): api_findings.go
	routes = append(routes, s.archMapAPI()...)              // the architecture map (issue 12): pages_archmap.go
	routes = append(routes, s.officialDocAPI()...)          // records as official documents (issue 12): pages_offdocs.go
	routes = append(routes, s.assessmentAPIRoutes()...)     // department assessment (ORG-3): api_assessments.go
	routes = append(routes, s.dashboardAPI()...)            // the overview (issue 12, ORG-3): api_dashboard.go
	return routes
}

// apiTags are the document's tags, in order.
var apiTags = [][2]string{
	{"me", "The caller (当前用户)."},
	{"units", "Organisation tree (组织机构, ORG-1, PTL-P2)."},
	{"users", "Accounts and roles (用户与角色)."},
	{"audit", "Audit log (审计日志, 等保 2.0 §8.1.4.3)."},
	{"security", "Security policy (安全策略)."},
	{"operations", "Health, readiness and metrics (运维)."},
	{"attachments", "Evidence files on records (PDF, OFD, images, Office documents): type decided by content, size limited, SM3 checksum kept, read and changed like the record they belong to."},
	{"base-libraries", "The district's base libraries (SHR-P2, SHR-R5): 人口库, 法人库, 空间地理库, 社会信用库, 电子证照库 and those the info office adds, each with its one authoritative provider unit, the catalog entries feeding it and the systems docked to it."},
	{"catalog", "The information resource catalog (政务信息资源目录, SHR-P3, SHR-R3, SHR-R4, SHR-P4): entries with their data items, the lifecycle 预编 → 提交 → 登记 → 发布 → 撤销, revisions and the change feed for the city exchange platform."},
	{"cloud", "Government-cloud capacity pools and resource requests (ENV-R1): approval allocates atomically, release returns capacity."},
	{"feedback", "Data-correction feedback (数据纠错, SHR-R6): reported to the provider with a working-day deadline, acknowledged, fixed or disputed, confirmed or reopened; overdue reports escalate."},
	{"governance", "The dates and periods the governance rules count deadlines from (ENV-R3, PTL-R3), and the working-day calendar the sharing and data-correction reply periods count in."},
	{"plans", "Migration plans (ENV-R2) and docking plans (SHR-R8) on information systems."},
	{"guides", "The annual project declaration guide (申报指南, FLOW-1): a year's revisions, the governance requirements every application answers (FLOW-2), publishing and revising."},
	{"machine-rooms", "The machine-room registry (ENV-P2, ENV-P3, ENV-R3): kinds and exemption basis, closing deadline from the governance settings, overdue flags, closing plans, and the spreadsheet round trip."},
	{"sharing", "Sharing requests (国发〔2016〕51号): a unit requests another's 有条件共享 resource; the provider answers within a number of working days; overdue answers are escalated."},
	{"websites", "The website registry (PTL-R3): registration with the info office, shutdown notices after the deadline, merging into portals; and its spreadsheet round trip."},
	{"new-media", "The government new-media registry (PTL-R4): consolidation decisions per department and domain; and its spreadsheet round trip."},
	{"systems", "The information-system registry (ENV-P1, ENV-P3, BLD-R5) and its spreadsheet round trip."},
	{"experts", "The expert pool (专家库, BLD-R3): the experts a project's review is drawn from, their specialties, the district unit each is affiliated with (left out of that unit's reviews) and their login. The info office's."},
	{"draws", "Verifiable random draws (可验证随机抽取, BLD-R3, FLOW-4): an SM3 commitment to a fresh seed, a deterministic draw over the candidates in canonical order, the seed revealed; anyone given a draw recomputes it (docs/draw_verify.py, `archgov draw verify`)."},
	{"inbox", "The caller's notifications (消息, ORG-4): every event meant for a person, with a link, read or unread."},
	{"rules", "The governance rules as code (治理规则, issue 11): the rule set in force and its immutable versions, each rule citing its clauses with a CEL expression over a typed input, its severity, its enforcement at the application's gates (deny, warn, audit), its message and test cases; checking, dry-running and publishing a rule, importing and exporting a set as YAML, and the sweep that re-checks every record."},
	{"findings", "What the governance rules found (治理发现, issue 11): findings citing their clauses, scoped like the records, with counts for the dashboards; the waivers (豁免) a unit asks for and the info office decides, lapsing on expiry."},
	{"components", "The shared component catalog (组件目录, issue 15): the reusable components the district offers — unified identity, electronic seal, licences, SMS, maps, payment, the exchange interfaces, cloud PaaS — with their function points, interface standard, access procedure and the systems that use them. Kept by the info office; published components are readable by every login."},
	{"duplicate-check", "The duplicate-construction check (应用查重, issue 15; BLD-P3, SHR-R1): a proposed project ranked against the district's systems, published catalog entries and shared components, explained term by term and function point by function point."},
	{"architecture", "The district's architecture map (架构图, issue 12): the layers drawn from the registries, with the edges they record and the governance findings that stand out."},
	{"projects", "Project applications (立项申请, FLOW-2, BLD-P2, BLD-P3, SHR-R3): for an accepted annual plan item, answering every governance requirement of the year's guide, with the pre-compiled catalog; submitted, reviewed, approved, returned for revision or rejected by the info office."},
	{"dashboard", "The governance overview (治理总览, issue 12, ORG-3): KPI cards and charts counted from the registers in the caller's scope, each count with the link of the list it counts."},
}
