package web

import (
	"archgov/internal/sheet"
	"reflect"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/draw"
	"archgov/internal/rules"
)

// What the OpenAPI document says that the Go types cannot: prose, and the values of the
// domain's string enumerations. openapi.go reads these beside the route table.

// apiDescription is the document's info.description.
const apiDescription = "JSON API of archgov, the e-government architecture governance platform of a district information office (区信息办)." +
	"\n\n" + "Authentication: send an API token as `Authorization: Bearer agv_...` (create one with `archgov token create` or on the profile page; tokens are stored hashed, expire and can be revoked). A browser that has finished the web login may also call the API with its session cookie; state-changing requests made that way must carry the session's CSRF token in the `X-CSRF-Token` header (跨站请求伪造防护). Bearer requests are exempt." +
	"\n\n" + "Authorization: a record the caller may not see answers 404, not 403, so its existence is not leaked; 403 means the caller may see it but not do this. Every change is audited." +
	"\n\n" + "Lists are keyset-paginated: `?limit=&cursor=` → `{\"items\": [...], \"next_cursor\": \"...\"}`; `next_cursor` is empty on the last page. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`; messages are Chinese by default and English with `Accept-Language: en`."

// enumTypes are the string types with a closed set of values, each from the domain's own list
// (the one validation and the filters check against); each becomes a schema of its name.
var enumTypes = enums(
	enumOf(domain.Roles),
	enumOf(domain.Specialties),
	enumOf(domain.ReviewCriteria), enumOf(domain.Recommendations), enumOf(domain.OpinionVerdicts), // review
	enumOf(domain.DrawPurposes),
	enumOf(domain.DrawSubjects),
	enumOf(domain.UnitKinds),
	enumOf(domain.SystemStatuses),
	enumOf(domain.SystemCategories, ""), // may be left empty
	enumOf(domain.Classifications),
	enumOf(domain.Hostings, ""),        // may be left empty
	enumOf(domain.Networks, ""),        // may be left empty
	enumOf(domain.CloudExemptions, ""), // "": none
	enumOf(domain.UserLevels),
	enumOf(domain.SystemActions),
	enumOf(domain.ExchangeChannels),
	enumOf(domain.DockingStates),
	enumOf(domain.RoomKinds),
	enumOf(domain.RoomStatuses),
	enumOf(domain.RoomActions),
	enumOf(domain.ComponentKinds), enumOf(domain.ComponentStatuses), enumOf(domain.ComponentActions), // the component catalog (issue 15)
	enumOf(domain.WebStatuses),
	enumOf(domain.WebActions),
	enumOf(domain.MediaKinds),
	enumOf(domain.MediaDecisions, ""), // may be left empty
	enumOf(domain.MediaStatuses),
	enumOf(domain.MediaActions),
	enumOf(domain.CatalogStatuses),
	enumOf(domain.CatalogActions),
	enumOf(domain.ShareTypes),
	enumOf(domain.ShareChannels, ""), // may be left empty
	enumOf(domain.ShareForms, ""),    // may be left empty
	enumOf(domain.UpdateCycles),
	enumOf(domain.ResFormats),
	enumOf(domain.ItemTypes),
	enumOf(domain.CloudDims),
	enumOf(domain.CloudRequestStatuses),
	enumOf(domain.CloudActions),
	enumOf(domain.FeedbackStatuses),
	enumOf(domain.GuideStatuses),
	enumOf(domain.GuideActions),
	enumOf(domain.Indicators), enumOf(domain.AssessmentStatuses), enumOf(domain.AssessmentActions), // department assessment (ORG-3)
	enumOf(domain.ObjectionStatuses), enumOf(domain.ObjectionActions),
	enumOf(domain.FeedbackKinds),
	enumOf(domain.SharingStatuses),
	enumOf(domain.PlanNodes),
	enumOf(domain.Difficulties),
	enumOf(domain.PlanStatuses),
	enumOf(domain.PlanActions),
	enumOf(domain.PlanKinds),
	enumOf(domain.DockingGroups),
	enumOf([]domain.ChangeKind{domain.ChangePublish, domain.ChangeRevise, domain.ChangeWithdraw}),
	// project applications (FLOW-2)
	enumOf(domain.ProjectStatuses), enumOf(domain.ProjectActions), enumOf(domain.KeyCategories), enumOf(domain.RoomWorks),
	enumOf(domain.IntegrationTargets), enumOf(domain.IntegrationModes), enumOf(domain.ResponseAnswers),
	enumOf(domain.DupReplies), enumOf(domain.DupVerdictKinds), enumOf(domain.DupKinds), // issue 15: the answers to the duplicate check, the verdicts, the kinds it ranks
	enumOf(domain.SupervisionKinds),                               // key-project supervision (FLOW-5)
	enumOf(domain.ProjectStages, ""), enumOf(domain.StageActions), // FLOW-4; "" before the task book
	enumOf(domain.CheckRoundStatuses), enumOf(domain.SpotCheckStatuses), enumOf(domain.CheckResults), // spot checks (FLOW-4)
	enumOf(domain.RectStatuses), enumOf(domain.RectActions), enumOf(domain.RectSources), enumOf(domain.RectOutcomes), // rectification notices (FLOW-4)
	enumOf(rules.Kinds()), enumOf(rules.Severities), enumOf(rules.Gates), enumOf(rules.Enforcements), // the governance rules (issue 11)
	enumOf(domain.FindingStatuses), enumOf(domain.WaiverStatuses), enumOf(domain.WaiverActions), // governance findings and waivers (issue 11)
	enumOf(app.MapLayers), enumOf(app.MapNodeKinds), enumOf(app.MapEdgeKinds), // the architecture map (issue 12)
)

type enumType struct {
	t      reflect.Type
	values []string
}

// enumOf is T with values (and extra: "" where a record may leave it empty).
func enumOf[T ~string](values []T, extra ...T) enumType {
	var out []string
	for _, v := range append(values[:len(values):len(values)], extra...) {
		out = append(out, string(v))
	}
	return enumType{reflect.TypeFor[T](), out}
}

func enums(list ...enumType) map[reflect.Type][]string {
	m := map[reflect.Type][]string{}
	for _, e := range list {
		m[e.t] = e.values
	}
	return m
}

// scalarTypes are other named scalar types with a schema of their own.
var scalarTypes = map[reflect.Type]obj{
	// A base library is a row of a table the office extends, so a pattern, not an enumeration.
	reflect.TypeFor[domain.BaseLibrary](): {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,31}$"},
}

// schemaNames name the types whose Go name is not the schema's (unexported, or named after
// their package).
var schemaNames = map[reflect.Type]string{
	reflect.TypeFor[statusBody]():             "Status",
	reflect.TypeFor[meBody]():                 "Me",
	reflect.TypeFor[unitCreate]():             "UnitCreate",
	reflect.TypeFor[unitMoveBody]():           "UnitMove",
	reflect.TypeFor[versionBody]():            "VersionBody",
	reflect.TypeFor[userCreateBody]():         "UserCreate",
	reflect.TypeFor[userCreated]():            "UserCreated",
	reflect.TypeFor[resetBody]():              "OneTimePassword",
	reflect.TypeFor[rolesBody]():              "RolesUpdate",
	reflect.TypeFor[verifyBody]():             "AuditVerify",
	reflect.TypeFor[policyBody]():             "SecurityPolicy",
	reflect.TypeFor[governanceBody]():         "Governance",
	reflect.TypeFor[attachmentList]():         "AttachmentList",
	reflect.TypeFor[catalogList]():            "CatalogList",
	reflect.TypeFor[catalogChanges]():         "CatalogChangeList",
	reflect.TypeFor[cloudRequestCreate]():     "CloudRequestCreate",
	reflect.TypeFor[feedbackCreate]():         "FeedbackCreate",
	reflect.TypeFor[feedbackStepBody]():       "FeedbackStep",
	reflect.TypeFor[feedbackStatsList]():      "FeedbackStatsList",
	reflect.TypeFor[sharingCreate]():          "SharingRequestCreate",
	reflect.TypeFor[sharingWithdrawBody]():    "SharingWithdraw",
	reflect.TypeFor[audit.Record]():           "AuditRecord",
	reflect.TypeFor[list[*audit.Record]]():    "AuditList",
	reflect.TypeFor[list[*domain.PlanItem]](): "PlanList",
	reflect.TypeFor[app.RoomEdit]():           "MachineRoomEdit",
	reflect.TypeFor[app.RoomStep]():           "MachineRoomStep",
	reflect.TypeFor[app.MilestoneEdit]():      "RoomMilestoneEdit",
	reflect.TypeFor[app.CatalogFacets]():      "CatalogFacets",
	reflect.TypeFor[errorBody]():              "Error",
	reflect.TypeFor[apiErrorDetail]():         "ErrorDetail",
	reflect.TypeFor[audit.Anchor]():           "AuditAnchor",
	reflect.TypeFor[sheet.Problem]():          "ImportProblem",
	reflect.TypeFor[draw.Draw]():              "PublishedDraw",
	// the governance rules (issue 11): api_rules.go
	reflect.TypeFor[rules.Kind]():            "RuleKind",
	reflect.TypeFor[rules.Severity]():        "RuleSeverity",
	reflect.TypeFor[rules.Gate]():            "RuleGate",
	reflect.TypeFor[rules.Enforcement]():     "RuleEnforcement",
	reflect.TypeFor[rules.Text]():            "RuleText",
	reflect.TypeFor[rules.Case]():            "RuleCase",
	reflect.TypeFor[rules.CaseResult]():      "RuleCaseResult",
	reflect.TypeFor[rules.Problem]():         "RuleProblem",
	reflect.TypeFor[app.DryRun]():            "RuleDryRun",
	reflect.TypeFor[app.DrySample]():         "RuleDrySample",
	reflect.TypeFor[app.SweepCounts]():       "RuleSweepCounts",
	reflect.TypeFor[app.RuleSetRow]():        "RuleSetVersion",
	reflect.TypeFor[list[*app.RuleSetRow]](): "RuleSetVersionList",
	reflect.TypeFor[ruleSetBody]():           "RuleSet",
	reflect.TypeFor[ruleDiffBody]():          "RuleSetDiff",
	reflect.TypeFor[rulePublishBody]():       "RulePublish",
	reflect.TypeFor[ruleRemoveBody]():        "RuleRemove",
	reflect.TypeFor[waiverAsk]():             "WaiverAsk",
}

// nullable are fields that may be null beyond a pointer in an answer: a slice the server may
// send as null, a request's field where null means "leave as it is".
var nullable = map[string]bool{
	"Me.roles":                     true,
	"User.roles":                   true,
	"UserCreated.roles":            true,
	"System.user_levels":           true,
	"System.exchange_channels":     true,
	"System.base_data":             true,
	"SystemEdit.user_levels":       true,
	"SystemEdit.exchange_channels": true,
	"SystemEdit.base_data":         true,
	"UnitEdit.code":                true,
	"UnitEdit.name":                true,
	"UnitEdit.kind":                true,
	"UnitEdit.responsible_user_id": true,
	"UnitEdit.contact_user_id":     true,
	"UserEdit.name":                true,
	"UserEdit.phone":               true,
	"UserEdit.unit_id":             true,
}

// errorDocs describe the shared refusals.
var errorDocs = map[string]string{
	"BadRequest":    "Malformed request (400, code bad_request): invalid JSON, an unknown field, a wrong JSON type; on a list, a paging value the server did not issue (`cursor`, `since`) or a `limit` that is not a positive number. `field` names it.",
	"Unauthorized":  "No credentials, or an invalid, expired or revoked token (401, 未登录或令牌无效).",
	"Forbidden":     "The caller may see the resource but not do this (403, 无权操作); also a cookie session with pending login steps (forced password change, second factor) and a cookie-authenticated write without a valid X-CSRF-Token.",
	"NotFound":      "Missing, or hidden from the caller (404): a record the caller may not see answers exactly like one that does not exist.",
	"Conflict":      "Stale `version` (someone else saved first) or a state change that does not apply (409, 版本冲突).",
	"Unprocessable": "Validation failed or a rule refuses the change (422, code invalid or unprocessable); `field` names the offending field. On a list or an export, a filter value the list does not know (an enumeration or yes/no value outside the declared ones, a number or date that is not one) is refused the same way, with `field` naming the query parameter — never ignored. Any operation refuses a query parameter over 200 characters (a return address `next`/`back` over 2,048) and a query parameter or body field with control characters other than tab and newline, or with invalid UTF-8, the same way (code invalid, `field` naming it).",
}

// errorBody is every refusal's body: apiErrorBody, and beside it an import's report.
type errorBody struct {
	Error  apiErrorDetail    `json:"error"`
	Report *app.ImportReport `json:"report,omitempty"`
}

// statusBody is what /healthz and /readyz answer.
type statusBody struct {
	Status string `json:"status"`
}

// Patterns of identifiers, as the domain's validation checks them.
const (
	usernamePattern = `^[a-z][a-z0-9_.\-]{1,31}$`
	phonePattern    = `^[0-9+\-() ]{5,20}$`
	unitCodePattern = `^[0-9A-Za-z]{2,20}$`
	libraryPattern  = `^[a-z][a-z0-9_]{1,31}$`
)

func enumSchema[T ~string](values ...T) obj {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return obj{"type": "string", "enum": out}
}

func patternSchema(p string) obj { return obj{"type": "string", "pattern": p} }

var dateSchema = obj{"type": "string", "format": "date"}

// fieldSchemas are fields whose values are narrower than their Go type says: a plain string
// with a closed set of values or a pattern, a day sent as a string, an enumeration that may be
// empty here.
var fieldSchemas = map[string]obj{
	"ErrorDetail.code": enumSchema("bad_request", "invalid", "unprocessable", "unauthorized", "forbidden", "not_found",
		"conflict", "locked", "internal", "method_not_allowed", string(codeUnavailable)),
	"Attachment.entity_type":      enumSchema(attachmentOwners...),
	"AuditRecord.outcome":         enumSchema(audit.OK, audit.Failure, audit.Denied),
	"AuditAnchor.format":          enumSchema(audit.AnchorFormat),
	"ImportLine.outcome":          enumSchema("create", "update", "unchanged"),
	"SecurityEvent.kind":          enumSchema(audit.EventKinds...),
	"SharingStep.action":          enumSchema(domain.SharingApprove, domain.SharingRefuse),
	"DataItem.share_type":         enumSchema(append([]domain.ShareType{""}, domain.ShareTypes...)...),
	"Feedback.resolution":         enumSchema[domain.FeedbackStatus]("", domain.FbFixed, domain.FbDisputed),
	"CatalogEdit.base_library":    patternSchema("^$|" + libraryPattern),
	"CatalogEntry.base_library":   patternSchema("^$|" + libraryPattern),
	"NewBaseLibrary.code":         patternSchema(libraryPattern),
	"Governance.room_policy_date": dateSchema,
	"Governance.room_deadline":    {"type": "string", "format": "date", "readOnly": true},
	"Governance.website_deadline": dateSchema,
	"Governance.holidays":         {"type": "array", "items": dateSchema},
	"Governance.workdays":         {"type": "array", "items": dateSchema},
	"Me.username":                 patternSchema(usernamePattern),
	"User.username":               patternSchema(usernamePattern),
	"UserCreate.username":         patternSchema(usernamePattern),
	"UserCreated.username":        patternSchema(usernamePattern),
	"UserCreate.phone":            patternSchema(phonePattern),
	"Unit.code":                   patternSchema(unitCodePattern),
	"UnitCreate.code":             patternSchema(unitCodePattern),
	"Unit.level":                  {"type": "integer", "enum": []int{1, 2, 3}},
	"RolesUpdate.roles":           {"type": "array", "items": patternSchema(`^[a-z_]+(:[0-9A-Za-z]+)?$`)},
}

// requiredByRule are answer fields Go omits when empty but a saved record always has, because
// validation refuses the record without them.
var requiredByRule = map[string]bool{
	"RoomMilestone.due": true, // domain.RoomMilestone.Validate: a milestone has a due date
}

// requestRequired are the fields a request body must carry; a request may leave out the rest
// (a pointer left out keeps the value, another field is its zero value).
var requestRequired = map[string]bool{
	"BaseLibraryEdit.version":                true,
	"CatalogEdit.version":                    true,
	"CatalogStep.action":                     true,
	"CatalogStep.version":                    true,
	"CloudRequestCreate.unit_id":             true,
	"CloudStep.action":                       true,
	"CloudStep.version":                      true,
	"FeedbackCreate.description":             true,
	"FeedbackCreate.kind":                    true,
	"FeedbackCreate.reporter_unit_id":        true,
	"FeedbackStep.version":                   true,
	"MachineRoomStep.action":                 true,
	"MachineRoomStep.version":                true,
	"MediaEdit.version":                      true,
	"MediaStep.action":                       true,
	"MediaStep.version":                      true,
	"MigrationPlanEdit.difficulty":           true,
	"MigrationPlanEdit.node":                 true,
	"MigrationPlanEdit.planned_date":         true,
	"MigrationPlanEdit.target_resources":     true,
	"MigrationPlanEdit.version":              true,
	"NewBaseLibrary.code":                    true,
	"NewBaseLibrary.name":                    true,
	"NewBaseLibrary.provider_unit_id":        true,
	"PlanStep.action":                        true,
	"PlanStep.version":                       true,
	"RolesUpdate.roles":                      true,
	"RolesUpdate.version":                    true,
	"RoomMilestoneEdit.due":                  true,
	"RoomMilestoneEdit.title":                true,
	"RoomMilestoneEdit.version":              true,
	"SharingRequestCreate.basis":             true,
	"SharingRequestCreate.entry_id":          true,
	"SharingRequestCreate.purpose":           true,
	"SharingRequestCreate.requester_unit_id": true,
	"SharingStep.action":                     true,
	"SharingStep.version":                    true,
	"SharingWithdraw.version":                true,
	"SystemEdit.version":                     true,
	"SystemStep.action":                      true,
	"SystemStep.version":                     true,
	"UnitCreate.code":                        true,
	"UnitCreate.kind":                        true,
	"UnitCreate.name":                        true,
	"UnitEdit.version":                       true,
	"UnitMove.parent_id":                     true,
	"UnitMove.version":                       true,
	"UserCreate.name":                        true,
	"UserCreate.username":                    true,
	"UserEdit.version":                       true,
	"VersionBody.version":                    true,
	"WebsiteEdit.version":                    true,
	"WebsiteStep.action":                     true,
	"WebsiteStep.version":                    true,
}

// attachmentOwners are the kinds of record a file may belong to (app's attachment owners).
var attachmentOwners = []string{"system", "room", "website", "media", "cloudrequest", "project"}

// schemaDocs describe schemas ("System") and their fields ("System.code").
var schemaDocs = map[string]string{
	"Error":               "Every API error (错误). `message` is in the caller's language: Chinese (zh-CN) by default, English when `Accept-Language: en` is sent. Internal errors show only a request ID; the details are in the server log.",
	"Error.report":        "Only on a refused import: the full report with every problem by row and column.",
	"ErrorDetail.code":    "Machine-readable kind: bad_request (400: malformed JSON, unknown field, bad cursor or limit), invalid and unprocessable (422: a field fails validation, or a rule refuses the change), unauthorized (401), forbidden (403), not_found (404: missing, or hidden from the caller so that existence is not leaked), conflict (409: stale version or illegal state change), internal (500).",
	"ErrorDetail.message": "Human-readable message, e.g. 记录不存在，或您无权查看 / Not found, or you may not see it.",
	"ErrorDetail.field":   "The offending field (JSON name), when the error is about one field, e.g. `kind` or `cursor`.",
	"Flag":                "A yes/no filter: 1 or true is yes, 0 or false (or leaving it out) is no. Any other value is a 422 naming the parameter.",
	// the governance rules (issue 11): api_rules.go
	"Rule":                             "A governance rule (治理规则): a CEL expression over one kind of subject, true when the subject violates the rule, citing the clauses it enforces.",
	"Rule.id":                          "The first clause, a dot and a lower-case name, e.g. ENV-R1.no-machine-room-build.",
	"Rule.clauses":                     "The clauses the rule enforces (docs/RULES.md IDs); the ID starts with the first.",
	"Rule.kind":                        "The subject the rule reads; the expression's variable has this name (system, machine_room, website, media, unit, base_library, application).",
	"Rule.violated_when":               "The CEL expression, true when the subject violates the rule; it reads the subject's fields (JSON names), today (yyyy-mm-dd) and add_days, add_months, days_between. At most 4,000 bytes.",
	"Rule.enforce":                     "What a violation does at each gate of an application (submit, approve, stage, accept): deny, warn or audit. Only application rules have gates; without, findings only.",
	"Rule.message":                     "The finding's message in Chinese and English; {field} takes the subject's field.",
	"Rule.tests":                       "Test cases: an input (the subject's fields, the rest empty) and whether the rule must find it violated. At least one of each.",
	"RuleCase.today":                   "The day the case is evaluated on (yyyy-mm-dd); 2026-12-01 when absent.",
	"RuleProblem":                      "One problem of a rule: its field and what is wrong; in the expression, where.",
	"RuleProblem.line":                 "The line of the offending character in the expression, 1-based; absent for problems elsewhere.",
	"RuleProblem.column":               "The column of the offending character in its line, 1-based, in characters (not bytes).",
	"RuleCaseResult.got":               "Whether the rule found the case's input violated.",
	"RuleCaseResult.pass":              "Whether that is what the case expects.",
	"RuleDryRun.start":                 "Records the rule would find that have no live finding of it: findings that would open.",
	"RuleDryRun.stop":                  "Live findings of the rule it would no longer find: findings that would resolve.",
	"RuleDryRun.problems":              "The rule's problems, when it does not check: it was not run.",
	"RuleSet":                          "A version of the rule set: the rules in force from its publication until the next.",
	"RuleSet.version":                  "The version; 0 is the default set of a database where nothing is published yet.",
	"RuleSetVersion":                   "A published version of the rule set, without its rules.",
	"RulePublish.base_version":         "The version in force when the rule was read for editing: when another was published since, the publication is refused (409).",
	"ErrorDetail.rule":                 "The governance rule that refused the step (issue 11), its ID, e.g. `ENV-R1.no-machine-room-build`: a gate's refusal (422, code unprocessable) names the first here and every violated rule in `fields`, each with its clauses and message (【ENV-R1】…).",
	"ErrorDetail.fields":               "Every problem when there is more than one, the first being `field`/`rule`; a gate's refusal lists each violated rule here even when there is one.",
	"apiFieldError.rule":               "The governance rule of this problem (issue 11): in a gate's refusal, each violated rule with its clauses and message.",
	"ProjectStep.acknowledge_warnings": "approve only: the info office has read the governance rules' warnings (issue 11) — the rules enforced `warn` at the approve gate that the application violates (ENV-R1 hardware off the cloud, SHR-P1 exchanges off the platform, SHR-R7, PTL-R1, PTL-R2, PTL-R4). Without it, an approval with such warnings answers 422 on acknowledge_warnings followed by each warning's rule in `fields`; with it the approval goes through and its decision is kept as `warn`. Ignored by the other steps.",
	"WaiverAsk":                        "A unit's request to waive a governance finding (豁免, issue 11).",
	"WaiverAsk.reason":                 "Why the record cannot follow the rule now (required, at most 1,000 characters).",
	"WaiverAsk.expires_on":             "The last day the waiver holds (a calendar day, midnight UTC): after today, at most 366 days ahead.",
	"WaiverStep.comment":               "The office's comment: required to refuse or revoke (422 naming comment).",
	"Finding":                          "What a governance rule found of one record (治理发现, issue 11): one per record and rule.",
	"Finding.subject_kind":             "The kind of record: system, machine_room, website, media, unit, base_library or application.",
	"Finding.unit_id":                  "The record's unit; 0 for the district's own (base libraries), which only the info office sees.",
	"Finding.rule_version":             "The rule-set version that last found it.",
	"Finding.status":                   "open (待整改), waived (已豁免: an approved waiver holds) or resolved (已解决: the rule stopped firing).",
	"Waiver.expires_on":                "The last day the waiver holds; the daily sweep lapses it after.",
	// openapi
	"Role":                                  "Role identifier (角色). sysadmin 系统管理员, secadmin 安全管理员, auditadmin 审计管理员 (三权分立: mutually exclusive, and exclusive of business roles); office 区信息办; leader 分管领导, unit_head 责任人 and unit_contact 联系人 (scoped to a unit); expert 专家; supervisor 监理; finance 财政局; audit_bureau 审计局.",
	"UnitKind":                              "Unit kind (单位类型): district 区, bureau 区级部门, town 镇, street 街道, zone 功能区/开发区, village 行政村, community 社区. The service level (PTL-P2) follows from the kind.",
	"Unit":                                  "A node of the organisation tree (组织机构, ORG-1, PTL-P2). Phone numbers are masked (e.g. 139****0105) unless the caller may see them: the system admin, the info office (区信息办) and members of the unit itself.",
	"Unit.code":                             "Unit code (单位编码), unique.",
	"Unit.name":                             "Unit name (单位名称).",
	"Unit.level":                            "Service level (PTL-P2): 1 district, 2 town/street/zone, 3 village/community.",
	"Unit.parent_id":                        "Parent unit (上级单位); absent for the district itself.",
	"Unit.responsible_user_id":              "The account named as the governance responsible person (责任人, ORG-1): an enabled account of this unit holding unit_head for it. Absent when no one is named.",
	"Unit.contact_user_id":                  "The account named as the contact (联系人, ORG-1): an enabled account of this unit holding unit_contact for it. Absent when no one is named.",
	"Unit.head_name":                        "Name of the responsible person's account (read only; \"\" when no one is named).",
	"Unit.head_phone":                       "Phone of the responsible person's account (read only); masked for callers who may not see it.",
	"Unit.contact_name":                     "Name of the contact's account (read only).",
	"Unit.contact_phone":                    "Phone of the contact's account (read only); masked for callers who may not see it.",
	"Unit.active":                           "false once deactivated (停用); units are never deleted.",
	"Unit.version":                          "Optimistic-concurrency version: send it back with every change; a stale one answers 409.",
	"UnitCreate":                            "A new unit (system admin only). Unknown fields are refused with 400. Its 责任人 and 联系人 are named by an edit once accounts of the unit exist (ORG-1).",
	"UnitCreate.parent_id":                  "Required for every kind but the district; the kind must fit below the parent's kind.",
	"UnitEdit":                              "A partial edit (PATCH semantics): absent or null fields are left unchanged. The system admin may change every field; a unit's 责任人 (unit_head) only the responsible person and contact of their own unit.",
	"UnitEdit.responsible_user_id":          "Names the 责任人 (ORG-1) by account ID, 0 names no one. The account must be an enabled account of this unit holding unit_head for it: otherwise 422 naming responsible_user_id. Its name and phone are the account's.",
	"UnitEdit.contact_user_id":              "Names the 联系人 (ORG-1) by account ID, 0 names no one: an enabled account of this unit holding unit_contact for it, otherwise 422 naming contact_user_id.",
	"UnitEdit.version":                      "The version the edit is based on.",
	"UnitMove":                              "Move a unit below another parent (调整隶属关系). Cycles and impossible kinds are refused with 422.",
	"VersionBody":                           "The version a state change is based on.",
	"UnitList":                              "One page of units in id order.",
	"UnitList.next_cursor":                  "Pass as `cursor` for the next page; empty on the last page.",
	"Grant":                                 "One role a user holds (角色授权), with its unit for the scoped roles leader, unit_head and unit_contact.",
	"User":                                  "An account (用户). One person, one account. `phone` is masked unless the caller is the user, the system admin or the info office. A user of one unit sees only accounts of the units they serve, and their own; other accounts answer 404.",
	"User.username":                         "Login name (用户名).",
	"User.name":                             "Person's name (姓名).",
	"User.unit_id":                          "The unit the person works for; absent for outside experts and supervisors.",
	"User.disabled":                         "Disabled accounts (停用) cannot log in.",
	"User.must_change_password":             "An initial or reset password must be changed at the next web login.",
	"User.totp_enabled":                     "Second factor (双因素认证, TOTP) enrolled.",
	"Me":                                    "The caller's own account. `must_change_password` is the account's flag: true while an initial or reset password waits to be changed at the next web login; API tokens keep working meanwhile, as `ready` says.",
	"Me.ready":                              "true when the caller may use the API (every login step is done).",
	"UserCreate":                            "A new account (system admin only). Roles are granted separately by the security admin (三权分立).",
	"UserCreated":                           "The new account and its one-time password (一次性密码), shown this once; it must be changed at first login.",
	"UserEdit":                              "A partial edit of an account's profile by the system admin; absent or null fields are left unchanged.",
	"OneTimePassword":                       "A freshly generated password (重置密码), shown once.",
	"RolesUpdate":                           "The complete new set of roles of a user (security admin only, never for themselves).",
	"RolesUpdate.version":                   "The user's version as last read; required: 0, absent or stale answers 409 and changes nothing.",
	"RolesUpdate.roles":                     "Each \"role\" or \"role:UNITCODE\", e.g. `unit_contact:320507119`. The scoped roles need a unit code; the others must not have one.",
	"UserList":                              "One page of the accounts the caller may see, in id order.",
	"AuditRecord":                           "One audit record (审计记录, 等保 2.0 §8.1.4.3): time, actor and roles, source address, action, entity, outcome and changed fields. Records are chained with SM3: `hash` covers `prev_hash` and the record's canonical content.",
	"AuditRecord.actor_id":                  "0 for anonymous and command-line actors.",
	"AuditRecord.actor":                     "Username, or `system` for the command line.",
	"AuditRecord.actor_roles":               "Comma-separated grants at the time.",
	"AuditRecord.ip":                        "Source address (来源地址).",
	"AuditRecord.action":                    "e.g. login, unit.create, user.grant_roles, audit.export.",
	"AuditRecord.changes":                   "JSON object: field → {\"old\", \"new\"}; empty when none. Personal data is masked.",
	"AuditRecord.prev_hash":                 "SM3 hash (hex) of the previous record.",
	"AuditRecord.hash":                      "SM3 hash (hex) of this record.",
	"AuditList":                             "One page of audit records, newest first.",
	"AuditVerify":                           "Result of verifying the SM3 chain (完整性校验).",
	"AuditVerify.checked":                   "Records checked.",
	"AuditVerify.bad_id":                    "The first record that fails, when not ok.",
	"SecurityPolicy":                        "The security policy (安全策略, 等保 2.0 §8.1.4.1), set by the security admin. In a PUT, absent fields keep their current value; `version` must be the current one.",
	"SecurityPolicy.min_length":             "Minimum password length (default 10).",
	"SecurityPolicy.min_classes":            "Character classes of lower, upper, digit, symbol required (default 3).",
	"SecurityPolicy.history":                "A new password may not be one of the last N (default 5).",
	"SecurityPolicy.max_age_days":           "Password expiry in days; 0 never (default 90).",
	"SecurityPolicy.lock_threshold":         "Failed logins before lockout (登录失败锁定, default 5).",
	"SecurityPolicy.lock_minutes":           "Lockout duration (default 15).",
	"SecurityPolicy.idle_timeout_minutes":   "Session idle timeout (default 30).",
	"SecurityPolicy.absolute_timeout_hours": "Session absolute timeout (default 12).",
	"SecurityPolicy.totp_roles":             "Roles that must use a second factor.",
	"ImportProblem.line":                    "Spreadsheet row (1-based); 0 for the whole file.",
	"ImportProblem.column":                  "The column's Chinese header.",
	"ImportProblem.message":                 "Plain Chinese, e.g. “政务云2”不是有效值，可选：…",
	"ImportLine.code":                       "The row's key (a system's code). For a new system whose code the server allocates (allocated), empty in a preview and the allocated code once applied.",
	"ImportLine.allocated":                  "Systems import: the row registers a new system with an empty code, and the server allocates the code.",
	"ImportReport":                          "What an import does (applied) or would do (preview). If any row has a problem nothing is written.",

	// attachments
	"Attachment.unit_id":      "The owning record's unit.",
	"Attachment.content_type": "Decided from the content at upload.",
	"Attachment.size":         "Bytes.",
	"Attachment.sm3":          "SM3 digest of the content, hex.",

	// audit_security
	"AuditAnchor":              "A point of the audit chain to keep outside the database (审计锚点): the newest record's number and SM3 hash when it was taken, with an HMAC-SM3 under a key derived from the SM4 key.",
	"SecurityEvent":            "One refused access (安全事件).",
	"SecurityEvent.actor_id":   "0 when there was no identity (a refused login).",
	"SecurityEvent.actor":      "Username; for a refused login, the name that was tried.",
	"SecurityEvent.route":      "The route pattern, e.g. `GET /api/v1/systems/{id}`.",
	"SecurityEvent.status":     "The HTTP status answered.",
	"SecurityEvent.suppressed": "Events dropped by the rate limits since the event written before this one.",
	"SecurityEventList":        "One page of security events, newest first.",

	// baselib
	"Library":                        "A base library (SHR-P2) as the info office keeps it. provider_unit_id is the one authoritative provider (SHR-R5), which receives data-correction feedback against the library (SHR-R6); 0 only for a seeded library not yet assigned. Contributing units also feed it without answering for it.",
	"BaseLibraryEdit":                "An edit of a library; omitted fields stay.",
	"DockingCounts":                  "Systems in service using a library per docking group (SHR-R7, SHR-R8).",
	"DockingGroup":                   "docked: gets the data from the library; planned: own copy or not docked, with an open docking plan; not_docked: no plan.",
	"LibrarySummaryList.next_cursor": "Always empty: a district has a handful of libraries.",
	"LibrarySystem":                  "A system using a library's data and how it gets it.",
	"LibraryDetail.entries":          "Entries feeding the library that the caller may see.",
	"LibraryDetail.entry_list":       "The first 50 of them by name.",
	"LibraryDetail.system_list":      "By docking group: the systems the caller may see.",
	"LibraryDetail.all_systems":      "The caller sees every system (the office).",
	"NewBaseLibrary":                 "A base library the office adds.",

	// catalog
	"CatalogStatus":                "precompiled (预编) → submitted → registered (登记) → published (发布) → withdrawn (撤销); returned entries go back to precompiled.",
	"CatalogAction":                "A lifecycle step.",
	"ShareType":                    "共享类型: 无条件共享 / 有条件共享 / 不予共享.",
	"ShareChannel":                 "共享方式 channel: 共享平台 / 邮件 / 介质; empty for none.",
	"ShareForm":                    "共享方式 form: 接口 / 库表 / 文件; empty for none.",
	"UpdateCycle":                  "更新周期.",
	"ResFormat":                    "信息资源格式: 电子文件, 电子表格, 数据库, 图形图像, 流媒体, 自描述格式, 服务接口.",
	"ItemType":                     "Data type of a data item.",
	"DataItem":                     "A 信息项 of an entry.",
	"DataItem.column":              "Column name: a letter or underscore, then letters, digits, underscores.",
	"DataItem.share_type":          "The item's own sharing type where it differs from the entry's; empty otherwise.",
	"CatalogEntry":                 "A catalog entry (政务信息资源目录) with the core metadata of the 编制指南 (发改高技〔2017〕1272号).",
	"CatalogEntry.class":           "类: 1 base (基础), 2 theme (主题), 3 department (部门).",
	"CatalogEntry.item":            "项: two digits.",
	"CatalogEntry.catalog":         "目: three digits, optional.",
	"CatalogEntry.sub_catalog":     "细目: one to six digits, optional, after a catalog.",
	"CatalogEntry.code":            "信息资源代码: classification code + '/' + six-digit sequence, generated at creation, unique.",
	"CatalogEntry.provider_code":   "The provider unit's code.",
	"CatalogEntry.share_condition": "Required unless share_type is unconditional.",
	"CatalogEntry.share_basis":     "The legal or policy basis; required for none.",
	"CatalogEntry.publish_date":    "The day of the latest publication or published revision.",
	"CatalogEntry.related_ids":     "Related entries (关联资源).",
	"CatalogEntry.system_ids":      "The systems that produce the resource: the provider's or visible to the editor.",
	"CatalogEntry.project_id":      "The project application that pre-compiled the entry (SHR-R3): a checked reference (GET /api/v1/projects/{id}); absent when none.",
	"CatalogEntry.base_library":    "The code of the base library the entry feeds (SHR-P2), if any: a library of GET /api/v1/base-libraries (422 otherwise); a library switched off takes no new entries.",
	"CatalogEntry.return_note":     "Why the info office returned the entry.",
	"CatalogEntry.revision":        "版本号: 0 before the first publication, then up by one on every publication and published revision.",
	"CatalogEntry.version":         "Optimistic lock: send it back with an edit or a step.",
	"CatalogEdit":                  "Fields of an entry to set; absent fields stay. items, when present, replaces the data items.",
	"CatalogEdit.class":            "类: 1 base (基础), 2 theme (主题), 3 department (部门).",
	"CatalogEdit.item":             "项: two digits.",
	"CatalogEdit.catalog":          "目: three digits, optional.",
	"CatalogEdit.sub_catalog":      "细目: one to six digits, optional, after a catalog.",
	"CatalogEdit.share_condition":  "Required unless share_type is unconditional.",
	"CatalogEdit.share_basis":      "The legal or policy basis; required for none.",
	"CatalogEdit.related_ids":      "Related entries (关联资源).",
	"CatalogEdit.system_ids":       "The systems that produce the resource: the provider's or visible to the editor.",
	"CatalogEdit.project_id":       "The project application the entry is pre-compiled for (SHR-R3), 0 for none. Set or changed only while the entry is 预编 (precompiled), to an application of the provider unit that the caller may see and that is in draft or returned for revision (the one it leaves too); otherwise 422 on project_id.",
	"CatalogEdit.base_library":     "The code of the base library the entry feeds (SHR-P2), if any: a library of GET /api/v1/base-libraries (422 otherwise); a library switched off takes no new entries.",
	"CatalogEdit.version":          "Optimistic lock: send it back with an edit or a step.",
	"CatalogStep.note":             "Required for return and withdraw; recorded in the audit log (and as return_note for return).",
	"CatalogFacets":                "Counts of the filtered list per value, each facet without its own filter.",
	"CatalogFacets.capped":         "More than 5,000 entries match the search and filters (without the facets' own filters): the counts were not computed and the maps are empty. Narrow the search to get them.",
	"CatalogFacets.provider":       "By provider unit id.",
	"CatalogChange":                "One change of the feed.",
	"CatalogChange.id":             "Monotonic, in commit order.",
	"CatalogChangeList.next_since": "since for the next call: the id of the last change returned, or since itself when there was none.",

	// cloud
	"CloudDim":                      "A dimension of capacity, in display order.",
	"CloudResources":                "Whole quantities per dimension, each 0 to 100000000.",
	"CloudResources.vcpu":           "vCPU cores.",
	"CloudResources.memory_gib":     "Memory, GiB.",
	"CloudResources.storage_gib":    "Storage, GiB (1 TiB = 1024 GiB).",
	"CloudResources.bandwidth_mbps": "Bandwidth, Mbps.",
	"CloudResources.public_ips":     "Public IP addresses.",
	"CloudPool":                     "A government-cloud capacity pool (ENV-R1), kept by the info office, readable by every government user. allocated is the sum granted to its approved requests.",
	"CloudPoolEdit":                 "A new pool, or a partial edit of one (version required for an edit). The allocation cannot be edited.",
	"CloudPoolUse":                  "A pool's utilisation.",
	"CloudPoolUse.percent":          "Percentage allocated per dimension, in CloudDim order, rounded down.",
	"CloudUnitUse":                  "What one unit holds: the sums granted to its approved and partially approved requests.",
	"CloudRequest":                  "A unit's request for government-cloud resources for one of its systems (ENV-R1). A non-public record of its unit: another unit's answers 404.",
	"CloudRequest.project_id":       "The project, once the project lifecycle exists; absent until then.",
	"CloudRequest.decision_note":    "The reasons of a partial approval or a rejection, or the note of a return.",
	"CloudRequestEdit":              "A partial edit of a draft (version required). The unit never changes.",
	"CloudRequestCreate":            "A new request: the requesting unit and the request's fields.",
	"CloudStep.note":                "Required for a partial approval, a rejection and a return.",

	// feedback

	// governance
	"Governance.room_policy_date":    "ENV-R3: the date the machine-room period counts from.",
	"Governance.room_period_months":  "ENV-R3: months after the policy date by which rooms of kind other must be closed.",
	"Governance.room_deadline":       "Policy date + period.",
	"Governance.website_deadline":    "PTL-R3: independent websites must be registered with the info office by this day.",
	"Governance.holidays":            "Public holidays (no work) of the working-day calendar; the defaults are the State Council's 2026 arrangement.",
	"Governance.workdays":            "Weekend days declared working days (调休上班). A date cannot be in both lists (422).",
	"Governance.sharing_reply_days":  "Working days a provider has to answer a conditional sharing request (国发〔2016〕51号; default 10).",
	"Governance.feedback_reply_days": "Working days a provider has to answer a data-correction report (SHR-R6; default 5).",
	"Governance.system_code_prefix":  "Start of the code the server allocates to a newly registered system: the prefix, then the number after the highest among the codes with it, zero-padded to 4 digits (XC-SYS-0044). Letters, digits and hyphens, at most 20 (422 otherwise; saved upper-case). Default SYS-. Left out on PUT: kept.",
	"Governance.doc_number_prefix":   "The info office's 机关代字 (FLOW-3): the start of the numbers of the documents it issues, task books among them — 相信办〔2026〕12号, numbered from 1 each year without gaps. One to ten Chinese characters (422 otherwise). Default 信息办. Left out on PUT: kept.",
	"Governance.version":             "The version read; 0 for the defaults.",

	// plans
	"PlanNode":                         "The project node a plan rides on: 升级, 改造, 续建, 运维.",
	"Difficulty":                       "Migration difficulty 低/中/高 (ENV-R2).",
	"PlanStatus":                       "migrated is the done state of migration plans, docked of docking plans.",
	"MigrationPlan":                    "A system's plan to move onto the government cloud (ENV-R2); one per system.",
	"MigrationPlan.difficulty_reasons": "Required for medium and high.",
	"MigrationPlan.target_resources":   "What the system will use on the cloud.",
	"MigrationPlan.planned_date":       "A calendar day (midnight UTC).",
	"MigrationPlan.evidence":           "What shows the migration happened (files: the attachments module).",
	"MigrationPlan.done_date":          "A calendar day (midnight UTC).",
	"MigrationPlanEdit":                "All editable fields of a migration plan (PUT replaces them).",
	"MigrationPlanEdit.version":        "0 to create; otherwise the version read.",
	"MigrationPlanEdit.planned_date":   "A calendar day (midnight UTC).",
	"DockingPlan":                      "A plan to dock a system onto a base library (SHR-R8).",
	"DockingPlan.interface_version":    "The library's interface standard version the system will follow.",
	"DockingPlan.planned_date":         "A calendar day (midnight UTC).",
	"DockingPlan.done_date":            "A calendar day (midnight UTC).",
	"DockingPlanEdit":                  "Fields of a docking plan; on PATCH fields left out keep their values and version is required; on POST version is ignored.",
	"DockingPlanEdit.planned_date":     "A calendar day (midnight UTC).",
	"PlanStep":                         "One step of a plan.",
	"PlanStep.note":                    "Required to cancel; recorded in the audit log.",
	"PlanStep.evidence":                "Completing a migration: kept on the plan as its evidence.",
	"PlanItem":                         "One row of the combined plan list.",
	"PlanItem.planned_date":            "A calendar day (midnight UTC).",
	"PlanItem.detail":                  "The difficulty of a migration plan, the library of a docking plan.",
	"PlanItem.done_date":               "A calendar day (midnight UTC).",
	"PlanItem.overdue":                 "What the governance rules found: the system's ENV-R2.migration-overdue finding for a migration plan; for a docking plan, the system's SHR-R8.docking-overdue finding, on its open plans past their date.",
	"PlanList.next_cursor":             "Empty on the last page.",

	// rooms
	"RoomKind":                      "access 接入机房, mandated 上级要求保留, other 其他 (ENV-P2).",
	"RoomStatus":                    "在用, 关停中, 已关停 (ENV-R3).",
	"MachineRoom":                   "A machine room of a unit (ENV-P2, ENV-P3, ENV-R3). A non-public record of its unit: another unit's answers 404.",
	"MachineRoom.name":              "Unique within the unit.",
	"MachineRoom.area_m2":           "m², a decimal as written.",
	"MachineRoom.exemption_basis":   "The document (name and number) letting the room stay; required for access and mandated rooms (ENV-P2) and, as the justification, for on-site production (ENV-P3).",
	"MachineRoom.onsite_production": "The room holds on-site production equipment (ENV-P3): it may stay and has no deadline.",
	"MachineRoom.closing_note":      "The closing plan in words.",
	"MachineRoom.deadline":          "The closing deadline (ENV-R3): policy date + period of the governance settings; absent for rooms that may stay.",
	"MachineRoom.overdue":           "Past the deadline and not closed: the room has a live finding of the rule ENV-R3.room-overdue (as the rules found at its last save or the daily sweep).",
	"MachineRoomEdit":               "Fields of a room; on PATCH, fields left out keep their values and version (the one read) is required. On POST version is ignored.",
	"MachineRoomStep.note":          "start_closing: the plan (required without milestones); recorded in the audit log.",
	"MachineRoomStep.closed_date":   "close: the day the room closed (not after today).",
	"RoomMilestoneEdit.version":     "The room's version.",
	"RoomPlan.version":              "The room's version.",

	// sharing
	"SharingStatus":                   "submitted (awaiting the answer) → approved | refused (the provider) | withdrawn (the requester).",
	"SharingRequest":                  "A unit's request for another unit's 有条件共享 catalog entry (国发〔2016〕51号). Seen by both units and the office; others get 404.",
	"SharingRequest.provider_unit_id": "The entry's provider at submission; it does not change.",
	"SharingRequest.basis":            "The legal or policy basis of the use.",
	"SharingRequest.items":            "The data items asked for; empty: every shareable item.",
	"SharingRequest.system_id":        "The requesting unit's system that will use the data; 0: none named.",
	"SharingRequest.use_until":        "Intended end of use (a date), absent when not given.",
	"SharingRequest.submitted_on":     "The day of receipt (a date).",
	"SharingRequest.due_date":         "The last working day for the answer (a date), fixed at submission.",
	"SharingRequest.scope":            "An approval's scope.",
	"SharingRequest.scope_items":      "The items approved; empty: all those asked for.",
	"SharingRequest.valid_until":      "The end of an approval (a date), absent when not given.",
	"SharingRequest.escalated_at":     "When the overdue answer was escalated to the provider's 责任人 and the office; absent until then.",
	"SharingStep.scope":               "Required to approve.",
	"SharingStep.refusal_reason":      "Required to refuse.",

	// sites
	"WebStatus":                  "Registration with the info office (PTL-R3): 未备案, 已提交备案, 已登记, 已下发关停通知, 已关停, 已并入其他网站.",
	"WebAction":                  "A registration step: submit (unit or office), accept/return (office), issue_notice (office, after the deadline, with the notice text as note), close, merge (unit or office).",
	"Website":                    "An independent website of a unit (PTL-R3). A non-public record of its unit: another unit's answers 404.",
	"Website.host":               "The normalized host name, unique (jyj.szxc.gov.cn).",
	"Website.icp":                "ICP 备案号, e.g. 苏ICP备12345678号-1.",
	"Website.site_code":          "政府网站标识码: ten digits or capital letters, unique.",
	"Website.system_id":          "The information system it belongs to (same unit).",
	"Website.merge_into_id":      "The website it is (to be) merged into.",
	"Website.overdue":            "Past the registration deadline and neither registered, closed nor merged: the site has a live finding of the rule PTL-R3.website-overdue (as the rules found at its last save or the daily sweep).",
	"WebsiteEdit":                "Fields of a website; on PATCH, fields left out keep their values and version (the one read) is required. On POST version is ignored; the site starts unregistered.",
	"WebsiteEdit.host":           "A host name or an http(s) URL; the host is kept.",
	"WebsiteEdit.system_id":      "0 for none.",
	"WebsiteEdit.merge_into_id":  "0 for none; must exist, be visible, not closed or merged, not the site itself, and make no cycle.",
	"WebsiteStep.merge_into_id":  "For merge: the target, unless the site already names one.",
	"WebsiteStep.note":           "For issue_notice: the shutdown notice (required). Otherwise recorded in the audit log.",
	"MediaKind":                  "微信服务号, 微信订阅号, 微信企业号, 小程序, 移动App, 微博, 抖音, 其他.",
	"MediaDecision":              "The consolidation decision (PTL-R4): 保留, 并入其他账号, 关停; empty while undecided.",
	"MediaStatus":                "待定, 单位已提出意见, 已决定, 已落实.",
	"MediaAction":                "propose (unit), decide/reject/reopen (office), complete (unit or office).",
	"MediaAccount":               "A government new-media account of a unit (PTL-R4). A non-public record of its unit: another unit's answers 404.",
	"MediaAccount.account_id":    "原始ID, AppID, package or platform account; unique per kind.",
	"MediaAccount.topic":         "领域.",
	"MediaAccount.system_id":     "The information system it serves (same unit); left out for none.",
	"MediaAccount.merge_into_id": "For a merge decision: the account it goes into.",
	"MediaEdit":                  "Fields of an account; on PATCH, fields left out keep their values and version is required. On POST version is ignored; the account starts undecided.",
	"MediaEdit.system_id":        "The information system it serves, of the same unit, visible to the caller; 0 for none.",
	"MediaStep.merge_into_id":    "For a merge decision.",
	"MediaStep.note":             "Reasons; kept with a decision, otherwise recorded in the audit log.",

	// systems
	"SystemStatus":                     "Lifecycle state (BLD-R5): 运行, 闲置, 停止运维, 被替代, 清理备案已提交, 清理备案已接受, 已下线.",
	"SystemCategory":                   "业务系统 / 门户网站 / 支撑平台 / 基础库 / 其他; empty for a classified system.",
	"Classification":                   "非涉密 / 涉密. A classified system keeps only code, name, unit, classification and status.",
	"Hosting":                          "政务云 / 单位机房 / 其他托管 / 现场生产 (ENV-P1, ENV-P3); empty for a classified system.",
	"Network":                          "电子政务外网 / 互联网 / 部门专网.",
	"UserLevel":                        "区 / 镇街 / 村社区 (PTL-R2).",
	"CloudExemption":                   "Why a system off the government cloud may stay where it is (ENV-P1): higher_level_built 上级统建 (built and run by the city or province), higher_level_retained 上级要求保留 (a higher level orders it kept); empty: none. On-site production (ENV-P3) is not an exemption kind but the hosting onsite.",
	"SystemAction":                     "A lifecycle step. Who may take it: the owning unit (file_cleanup: its 责任人 only) or the info office (accept/return: the office only).",
	"System":                           "An information system of the registry (ENV-P1, ENV-P3, BLD-R5). A non-public record of its unit: another unit's answers 404.",
	"System.code":                      "Unique code, letters, digits and dashes (e.g. XC-SYS-0001). On create, empty or left out: allocated by the server; only the info office may set it (a unit user's is refused, 422). On edit, only the info office may change it.",
	"System.hosting_note":              "Machine room or provider; the justification of on-site production (ENV-P3, required for onsite).",
	"System.room_id":                   "The unit's machine room the system runs in (only with hosting unit_room); see /api/v1/machine-rooms.",
	"System.annual_cost":               "万元, decimal as written.",
	"System.exchange_channels":         "SHR-P1; stored in display order without duplicates. Empty for a classified system.",
	"System.base_data":                 "The base libraries the system uses (SHR-R7), each once, in library order. Empty for a classified system.",
	"System.cloud_exemption":           "Exemption from moving onto the government cloud (ENV-P1); empty: none. Only for a system neither on gov_cloud nor onsite (422 otherwise). An exempted system is not off the cloud: no ENV-P1 finding, no migration plan.",
	"System.cloud_exemption_basis":     "The document that grants the exemption (title and number) or the justification; required with an exemption, empty without one, at most 200 characters.",
	"SystemEdit":                       "Fields of a system; on PATCH, fields left out keep their values and version (the one read) is required. On POST (create) version is ignored; the system starts running.",
	"SystemEdit.code":                  "Unique code, letters, digits and dashes (e.g. XC-SYS-0001). On create, empty or left out: allocated by the server; only the info office may set it (a unit user's is refused, 422). On edit, only the info office may change it.",
	"SystemEdit.hosting_note":          "Machine room or provider; the justification of on-site production (ENV-P3, required for onsite).",
	"SystemEdit.room_id":               "The unit's machine room the system runs in (only with hosting unit_room); see /api/v1/machine-rooms.",
	"SystemEdit.annual_cost":           "万元, decimal as written.",
	"SystemEdit.exchange_channels":     "SHR-P1; stored in display order without duplicates. Empty for a classified system.",
	"SystemEdit.base_data":             "The base libraries the system uses (SHR-R7), each once, in library order. Empty for a classified system.",
	"SystemEdit.cloud_exemption":       "Exemption from moving onto the government cloud (ENV-P1); empty: none. Only for a system neither on gov_cloud nor onsite (422 otherwise). An exempted system is not off the cloud: no ENV-P1 finding, no migration plan.",
	"SystemEdit.cloud_exemption_basis": "The document that grants the exemption (title and number) or the justification; required with an exemption, empty without one, at most 200 characters.",
	"SystemStep.replaced_by_id":        "For mark_superseded: the system that replaces it.",
	"SystemStep.note":                  "Recorded in the audit log.",
	"ExchangeChannel":                  "How a system exchanges data with other departments (SHR-P1): platform 区数据交换平台, direct 点对点直连, other.",
	"BaseLibrary":                      "A base library (SHR-P2), as the stable code of a row of the base-library table (GET /api/v1/base-libraries). Five are seeded: population 人口库, legal_person 法人库, geo 空间地理库, credit 社会信用库, license 电子证照库; the info office adds more (POST /api/v1/base-libraries). A code that names no library is refused with 422 on the field; a library switched off takes no new references (422), existing ones stay.",
	"DockingState":                     "How a system gets a base library's data (SHR-R7): docked 已对接基础库, own_copy 自建副本, none 未对接.",
	"BaseDataUse":                      "One base library a system uses and how it gets its data.",
}
