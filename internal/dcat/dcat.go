// Package dcat writes the published information resource catalog as DCAT-AP 3 JSON-LD (SHR-P4):
// a dcat:Catalog whose dcat:dataset items are the published entries, one dcat:Dataset each.
// The mapping of every 编制指南 field is in docs/DCAT-AP.md. The writer streams: it holds one
// dataset at a time, so a catalog of 200,000 entries costs no more memory than one of 400.
//
// Every property is written as a compact IRI (dct:title, archgov:shareType) whose prefix the
// @context defines, and every value says what it is: {"@value", "@language"} for text,
// {"@value", "@type": "xsd:date"} for dates, {"@id"} for links. The context therefore holds
// prefixes only, and a consumer needs no remote context to read the document.
package dcat

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// Namespaces of the @context. archgov: holds what DCAT-AP has no property for (the sharing
// type in its original words, its conditions, the data items).
const (
	NSDCAT    = "http://www.w3.org/ns/dcat#"
	NSDCT     = "http://purl.org/dc/terms/"
	NSFOAF    = "http://xmlns.com/foaf/0.1/"
	NSSKOS    = "http://www.w3.org/2004/02/skos/core#"
	NSVCARD   = "http://www.w3.org/2006/vcard/ns#"
	NSXSD     = "http://www.w3.org/2001/XMLSchema#"
	NSArchgov = "urn:archgov:vocab:"

	// EU controlled vocabularies DCAT-AP 3 asks for.
	Frequency   = "http://publications.europa.eu/resource/authority/frequency/"
	AccessRight = "http://publications.europa.eu/resource/authority/access-right/"
	FileType    = "http://publications.europa.eu/resource/authority/file-type/"
	// PublisherType is the ADMS publisher-type list DCAT-AP 3 recommends for dct:type of an agent.
	PublisherType = "http://purl.org/adms/publishertype/"
	// LocalAuthority is the publisher type of every archgov unit: the district and its bureaus,
	// towns, streets and zones are organs of local government.
	LocalAuthority = PublisherType + "LocalAuthority"

	// ClassScheme is the concept scheme of the 编制指南 classification (类/项/目/细目).
	ClassScheme = "urn:archgov:classification"

	// MediaType is the response's content type.
	MediaType = "application/ld+json"
)

// Context is the document's @context: the prefixes, nothing else.
var Context = map[string]string{
	"dcat": NSDCAT, "dct": NSDCT, "foaf": NSFOAF, "skos": NSSKOS, "vcard": NSVCARD, "xsd": NSXSD, "archgov": NSArchgov,
}

// frequencies maps 更新周期 to the EU frequency vocabulary. 每半年 is ANNUAL_2 ("semiannual",
// twice a year); the list's BIENNIAL is every two years, and BIANNUAL (which the SEMIC code-list
// shape refuses) is read both ways.
var frequencies = map[domain.UpdateCycle]string{
	domain.CycleRealtime: "CONT", domain.CycleDaily: "DAILY", domain.CycleWeekly: "WEEKLY", domain.CycleMonthly: "MONTHLY",
	domain.CycleQuarterly: "QUARTERLY", domain.CycleHalfYear: "ANNUAL_2", domain.CycleYearly: "ANNUAL",
	domain.CycleOnDemand: "IRREG", domain.CycleOther: "OTHER",
}

// FrequencyOf is the EU frequency IRI of an update cycle.
func FrequencyOf(c domain.UpdateCycle) string {
	if f, ok := frequencies[c]; ok {
		return Frequency + f
	}
	return Frequency + "UNKNOWN"
}

// AccessRightOf is the EU access-right IRI of an entry. Sharing among government units (无条件
// or 有条件共享) is not publication: only an entry open to the public (向社会开放) is PUBLIC;
// shared entries are RESTRICTED and 不予共享 is NON_PUBLIC. The original sharing type stays in
// archgov:shareType.
func AccessRightOf(c *domain.CatalogEntry) string {
	switch {
	case c.ShareType == domain.ShareNone:
		return AccessRight + "NON_PUBLIC"
	case c.Open:
		return AccessRight + "PUBLIC"
	}
	return AccessRight + "RESTRICTED"
}

// fileTypes maps a file type named in 格式说明 (case-insensitive, as people write it: "xlsx",
// "OFD, pdf", "jpg") to its code in the EU file-type authority list. OFD (GB/T 33190) has no
// code there.
var fileTypes = map[string]string{
	"pdf": "PDF", "doc": "DOC", "docx": "DOCX", "xls": "XLS", "xlsx": "XLSX", "csv": "CSV", "ods": "ODS", "odt": "ODT",
	"json": "JSON", "xml": "XML", "html": "HTML", "htm": "HTML", "txt": "TXT", "zip": "ZIP", "rdf": "RDF_XML",
	"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "tif": "TIFF", "tiff": "TIFF", "gif": "GIF", "mp4": "MP4",
	"shp": "SHP", "gml": "GML", "kml": "KML",
}

// FormatOf is the distribution's dct:format: the EU file-type IRI of the first file type the
// 格式说明 names that the list has (one format per distribution, as DCAT-AP allows), else
// archgov's own IRI of the 信息资源格式 category (数据库, 服务接口, … have no file type).
// The second result says whether the IRI is from the EU list.
func FormatOf(c *domain.CatalogEntry) (string, bool) {
	for _, tok := range strings.FieldsFunc(strings.ToLower(c.FormatDetail), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	}) {
		if code, ok := fileTypes[tok]; ok {
			return FileType + code, true
		}
	}
	return NSArchgov + "format/" + string(c.Format), false
}

// Meta describes the catalog itself.
type Meta struct {
	Base      string // absolute URL of archgov, without a trailing slash: IRIs of entries and pages
	Title     string // e.g. 相城区政务信息资源目录
	Publisher string // the district, e.g. 相城区
	Code      string // the district's unit code
}

// Entry is one published entry and what its dataset needs from outside the entry.
type Entry struct {
	*domain.CatalogEntry
	FirstPublished time.Time        // dct:issued; zero: the entry's publish date
	Related        map[int64]string // the related entries that are published, id → resource code
}

// Writer writes one catalog document.
type Writer struct {
	w     io.Writer
	meta  Meta
	n     int
	err   error
	begun bool
}

// NewWriter starts a document on w.
func NewWriter(w io.Writer, meta Meta) *Writer { return &Writer{w: w, meta: meta} }

func (w *Writer) write(s string) {
	if w.err == nil {
		_, w.err = io.WriteString(w.w, s)
	}
}

func (w *Writer) json(v any) {
	if w.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	_, w.err = w.w.Write(b)
}

func (w *Writer) begin() {
	if w.begun {
		return
	}
	w.begun = true
	m := w.meta
	w.write(`{"@context":`)
	w.json(Context)
	w.write(`,"@id":`)
	w.json(m.Base + "/catalog")
	w.write(`,"@type":"dcat:Catalog","dct:title":`)
	w.json(zh(m.Title))
	w.write(`,"dct:description":`)
	w.json(zh(m.Title + "中已发布的政务信息资源（发改高技〔2017〕1272号《政务信息资源目录编制指南》），不含预编、待审和已撤销的目录。"))
	w.write(`,"dct:publisher":`)
	w.json(agent(m.Code, m.Publisher))
	w.write(`,"dcat:themeTaxonomy":`)
	w.json(node{"@id": ClassScheme, "@type": "skos:ConceptScheme", "dct:title": zh("政务信息资源分类（类/项/目/细目）")})
	w.write(`,"dcat:dataset":[`)
}

// Dataset writes one published entry.
func (w *Writer) Dataset(e Entry) error {
	w.begin()
	if w.n > 0 {
		w.write(",\n")
	} else {
		w.write("\n")
	}
	w.n++
	w.json(Dataset(w.meta.Base, e))
	return w.err
}

// Close ends the document (an empty catalog is a catalog with no datasets).
func (w *Writer) Close() error {
	w.begin()
	w.write("\n]}\n")
	return w.err
}

// Count is the number of datasets written.
func (w *Writer) Count() int { return w.n }

type node = map[string]any

func zh(s string) node             { return node{"@value": s, "@language": "zh"} }
func date(t time.Time) node        { return node{"@value": t.Format("2006-01-02"), "@type": "xsd:date"} }
func typed(v any, typ string) node { return node{"@value": v, "@type": typ} }
func ref(iri string) node          { return node{"@id": iri} }

// concept is a link to a term of a controlled vocabulary, typed with the class the DCAT-AP 3
// range shapes ask for (dct:Frequency, dct:RightsStatement, skos:Concept): a validator that
// sees only this document cannot look the class up in the vocabulary itself.
func concept(iri, class string) node { return node{"@id": iri, "@type": class} }

// EntryIRI is the IRI of an entry's dataset: its page in archgov.
func EntryIRI(base string, id int64) string { return base + "/catalog/" + strconv.FormatInt(id, 10) }

// agent is a publisher: a foaf:Agent with its ADMS publisher type.
func agent(code, name string) node {
	n := node{"@type": "foaf:Agent", "foaf:name": zh(name), "dct:type": concept(LocalAuthority, "skos:Concept")}
	if code != "" {
		n["@id"] = "urn:archgov:unit:" + code
		n["dct:identifier"] = code
	}
	return n
}

// contact is the provider's dcat:contactPoint: the unit itself as a vcard:Organization. Only the
// unit's name is written: archgov holds no unit e-mail, and the 联系人's name and mobile number
// are personal data that archgov itself masks for everyone outside the unit (docs/DCAT-AP.md).
func contact(code, name string) node {
	n := node{"@type": "vcard:Organization", "vcard:fn": zh(name), "vcard:organization-name": zh(name)}
	if code != "" {
		n["@id"] = "urn:archgov:unit:" + code + "#contact"
	}
	return n
}

var classNames = map[string]string{"1": "基础信息资源", "2": "主题信息资源", "3": "部门信息资源"}

// Theme is the entry's classification as a skos:Concept: notation the classification code,
// broader the concept of its 类.
func Theme(c *domain.CatalogEntry) node {
	code := c.ClassCode()
	return node{"@id": ClassScheme + ":" + code, "@type": "skos:Concept", "skos:notation": code,
		"skos:prefLabel": zh(classNames[c.Class] + " " + code), "skos:inScheme": ref(ClassScheme),
		"skos:broader": node{"@id": ClassScheme + ":" + c.Class, "@type": "skos:Concept", "skos:notation": c.Class,
			"skos:prefLabel": zh(classNames[c.Class]), "skos:inScheme": ref(ClassScheme)}}
}

func label(key string) string { return i18n.T(i18n.ZH, key) }

// Dataset is the dcat:Dataset node of a published entry.
func Dataset(base string, e Entry) node {
	c := e.CatalogEntry
	iri := EntryIRI(base, c.ID)
	issued := e.FirstPublished
	if issued.IsZero() {
		issued = c.PublishDate
	}
	d := node{
		"@id": iri, "@type": "dcat:Dataset",
		"dct:identifier":         c.Code,
		"dct:title":              zh(c.Name),
		"dct:description":        zh(c.Summary),
		"dct:publisher":          agent(c.ProviderCode, c.ProviderName),
		"dcat:contactPoint":      contact(c.ProviderCode, c.ProviderName),
		"dcat:version":           strconv.FormatInt(c.Revision, 10),
		"dcat:theme":             Theme(c),
		"dct:accrualPeriodicity": concept(FrequencyOf(c.UpdateCycle), "dct:Frequency"),
		"dct:accessRights":       concept(AccessRightOf(c), "dct:RightsStatement"),
		"dcat:landingPage":       node{"@id": iri, "@type": "foaf:Document"},
		"archgov:shareType":      zh(label("sharetype." + string(c.ShareType))),
		"archgov:updateCycle":    zh(label("catalog.cycle." + string(c.UpdateCycle))),
		"archgov:resourceFormat": zh(label("catalog.format." + string(c.Format))),
		"archgov:openToPublic":   typed(c.Open, "xsd:boolean"),
		"archgov:classification": c.ClassCode(),
	}
	if !issued.IsZero() {
		d["dct:issued"] = date(issued)
	}
	if !c.PublishDate.IsZero() {
		d["dct:modified"] = date(c.PublishDate)
	}
	if c.ShareCondition != "" {
		d["archgov:shareCondition"] = zh(c.ShareCondition)
	}
	if c.ShareBasis != "" {
		d["archgov:shareBasis"] = zh(c.ShareBasis)
	}
	if c.OpenCondition != "" {
		d["archgov:openCondition"] = zh(c.OpenCondition)
	}
	if c.BaseLibrary != "" {
		d["archgov:baseLibrary"] = zh(label("baselib." + string(c.BaseLibrary)))
	}
	var rel []node
	for _, id := range c.RelatedIDs {
		if _, ok := e.Related[id]; ok {
			rel = append(rel, ref(EntryIRI(base, id)))
		}
	}
	if len(rel) > 0 {
		d["dct:relation"] = rel
	}
	kw := []node{}
	seen := map[string]bool{}
	items := []node{}
	for _, it := range c.Items {
		if !seen[it.Name] {
			seen[it.Name] = true
			kw = append(kw, zh(it.Name))
		}
		n := node{"@type": "archgov:DataItem", "archgov:name": zh(it.Name), "archgov:column": it.Column,
			"archgov:dataType": it.Type, "archgov:primaryKey": typed(it.PrimaryKey, "xsd:boolean"),
			"archgov:nullable": typed(it.Nullable, "xsd:boolean"), "archgov:classified": typed(it.Classified, "xsd:boolean"),
			"archgov:sensitive": typed(it.Sensitive, "xsd:boolean")}
		if it.Length > 0 {
			n["archgov:length"] = typed(strconv.Itoa(it.Length), "xsd:integer")
		}
		if it.ShareType != "" {
			n["archgov:shareType"] = zh(label("sharetype." + string(it.ShareType)))
		}
		items = append(items, n)
	}
	if len(kw) > 0 {
		d["dcat:keyword"] = kw
	}
	if len(items) > 0 {
		d["archgov:dataItem"] = items
	}
	if c.ShareType != domain.ShareNone {
		d["dcat:distribution"] = []node{distribution(iri, c)}
	}
	return d
}

// distribution is the entry's sharing method (共享方式: channel and form) as a dcat:Distribution.
// Its access URL is the entry's page, where a unit reads the conditions and asks for the data;
// a 接口 (API) is reached through a dcat:DataService.
func distribution(iri string, c *domain.CatalogEntry) node {
	channel, form := label("catalog.channel."+string(c.ShareChannel)), label("catalog.form."+string(c.ShareForm))
	d := node{"@id": iri + "#distribution", "@type": "dcat:Distribution",
		"dct:title":            zh(fmt.Sprintf("%s（%s·%s）", c.Name, channel, form)),
		"dcat:accessURL":       ref(iri),
		"dct:format":           format(c),
		"archgov:shareChannel": zh(channel),
		"archgov:shareForm":    zh(form),
	}
	if c.FormatDetail != "" {
		d["dct:description"] = zh(c.FormatDetail)
	}
	if c.ShareForm == domain.FormAPI {
		d["dcat:accessService"] = node{"@id": iri + "#service", "@type": "dcat:DataService", "dct:title": zh(c.Name + "接口"),
			"dcat:endpointURL": ref(iri), "dcat:servesDataset": ref(iri)}
	}
	return d
}

// format is the distribution's dct:format node (FormatOf), typed dct:MediaTypeOrExtent, the
// range of dct:format; archgov's own category IRIs carry their label, the EU ones need none.
func format(c *domain.CatalogEntry) node {
	iri, eu := FormatOf(c)
	n := node{"@id": iri, "@type": "dct:MediaTypeOrExtent"}
	if !eu {
		n["skos:prefLabel"] = zh(label("catalog.format." + string(c.Format)))
	}
	return n
}
