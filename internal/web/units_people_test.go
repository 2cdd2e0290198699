package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"archgov/internal/i18n"
)

// ORG-1: a unit's 责任人 and 联系人 are picked from the unit's accounts holding the role; the
// form refuses anyone else naming the field, and the unit shows the account's name and phone.
func TestUnitFormNamesAccounts(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		head, contact, jiaoyu := s.user("weijian_head"), s.user("weijian"), s.user("jiaoyu")
		opt := func(id int64, name, username string, selected bool) string {
			sel := ""
			if selected {
				sel = " selected"
			}
			return fmt.Sprintf(`<option value="%d"%s>%s（%s）</option>`, id, sel, name, username)
		}
		path := fmt.Sprintf("/units/%d", health.ID)

		// The system admin's form: the unit's accounts with the role, the named one selected;
		// nobody of another unit, nobody without the role.
		sys := s.login("sysadmin")
		form := sys.get(path + "/edit")
		mustStatus(t, "edit form", form, http.StatusOK)
		mustContain(t, "edit form", form, `name="responsible_user_id"`, `name="contact_user_id"`,
			opt(head.ID, head.Name, head.Username, true), opt(contact.ID, contact.Name, contact.Username, true))
		mustNotContain(t, "edit form", form, "jiaoyu", `name="head_name"`, `name="head_phone"`,
			opt(contact.ID, contact.Name, contact.Username, false), opt(head.ID, head.Name, head.Username, false))

		// Another unit's account and an account without the role: both fields named at once.
		r := sys.post(path, url.Values{"csrf": {sys.csrf}, "version": {fmt.Sprint(health.Version)}, "name": {"区卫生健康委（改）"},
			"responsible_user_id": {fmt.Sprint(jiaoyu.ID)}, "contact_user_id": {fmt.Sprint(head.ID)}})
		mustFieldErrors(t, "wrong people", r, "responsible_user_id", "contact_user_id")
		mustContain(t, "wrong people", r, `value="区卫生健康委（改）"`, i18n.T(i18n.ZH, "err.unit.person_unit"))
		if u := s.unit("320507119"); u.Version != health.Version || u.Name != health.Name {
			t.Fatalf("a refused form changed the unit: %+v", u)
		}

		// The unit's 责任人 names no contact from the contacts-only form; the unit page warns.
		hb := s.login("weijian_head")
		form = hb.get(path + "/edit")
		mustContain(t, "head's form", form, i18n.T(i18n.ZH, "unit.contacts_only"), `name="contact_user_id"`)
		mustNotContain(t, "head's form", form, `name="code"`)
		r = hb.post(path, url.Values{"csrf": {hb.csrf}, "version": {fmt.Sprint(health.Version)}, "contact_user_id": {"0"}})
		mustRedirect(t, "name no contact", r, path)
		page := hb.get(path)
		mustContain(t, "unit page", page, i18n.T(i18n.ZH, "unit.missing_contact"), "谢宏伟")
		form = hb.get(path + "/edit")
		mustContain(t, "head's form after", form, opt(contact.ID, contact.Name, contact.Username, false))

		// A new unit names no one yet: the form says how its people are named.
		form = sys.get("/units/new")
		mustContain(t, "new unit form", form, i18n.T(i18n.ZH, "unit.people_new"))
		mustNotContain(t, "new unit form", form, `name="responsible_user_id"`)
	})
}
