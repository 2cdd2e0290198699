package store_test

import (
	"context"
	"strings"
	"testing"

	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// undoUnitPeople takes a migrated database back to before 0023: the free-text 责任人 and 联系人
// columns instead of the account references.
func undoUnitPeople(t *testing.T, db *store.DB) {
	t.Helper()
	for _, undo := range []string{`ALTER TABLE units DROP COLUMN responsible_user_id`, `ALTER TABLE units DROP COLUMN contact_user_id`,
		`ALTER TABLE units ADD COLUMN head_name TEXT NOT NULL DEFAULT ''`, `ALTER TABLE units ADD COLUMN head_phone_enc TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE units ADD COLUMN contact_name TEXT NOT NULL DEFAULT ''`, `ALTER TABLE units ADD COLUMN contact_phone_enc TEXT NOT NULL DEFAULT ''`} {
		rawExec(t, db, undo)
	}
}

// Migration 0023 turns each unit's free-text 责任人 and 联系人 into references to the one enabled
// account of the unit holding the role and bearing the name (ORG-1); an account without a
// phone gets the unit's; names that match no single account are told to the operator; the
// free-text columns are gone.
func TestUnitPeopleMigration(t *testing.T) {
	each(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db, _ := openAt(t, b)
		undoAfterUnitPeople(t, db, b)
		undoUnitPeople(t, db)
		rawExec(t, db, `DELETE FROM schema_version WHERE version >= 23`)
		sealer := testdb.Sealer(t)
		seal := func(phone, aad string) string {
			s, err := sealer.Seal(phone, aad)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		unit := func(code, name, kind string, parent any, head, headPhone, contact, contactPhone string) int64 {
			rawExec(t, db, `INSERT INTO units (code, name, kind, level, parent_id, head_name, head_phone_enc, contact_name, contact_phone_enc, active, version, created_at, updated_at)
				VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, 1, 1, 1, 1)`, code, name, kind, parent, head, seal(headPhone, "units.head_phone"), contact, seal(contactPhone, "units.contact_phone"))
			var id int64
			if err := rawRow(db, `SELECT id FROM units WHERE code = ?`, code).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		district := unit("320507", "苏州市相城区", "district", nil, "", "", "", "")
		health := unit("320507119", "区卫生健康委员会", "bureau", district, "谢宏伟", "0512-65980119", "褚佳敏", "13905120119")
		edu := unit("320507105", "区教育局", "bureau", district, "姚振宇", "0512-65980105", "孙梦洁", "13905120105")
		account := func(username, name string, unitID int64, phone string, disabled bool, gs ...domain.Grant) *domain.User {
			u := insertUser(t, db, &domain.User{Username: username, Name: name, UnitID: unitID, Phone: phone, Disabled: disabled}, "h")
			inTx(t, db, func(tx *store.Tx) error { return tx.ReplaceGrants(ctx, u.ID, u.Version, gs) })
			return u
		}
		// 卫健委: the head's account matches and has no phone; the contact's has one of its own.
		head := account("weijian_head", "谢宏伟", health, "", false, domain.Grant{Role: domain.RoleUnitHead, UnitID: health})
		contact := account("weijian", "褚佳敏", health, "13905127777", false, domain.Grant{Role: domain.RoleUnitContact, UnitID: health})
		// 教育局: the head's name is borne by two accounts with the role (no single match); the
		// contact's account lacks the role; a disabled namesake never matches.
		account("yao1", "姚振宇", edu, "", false, domain.Grant{Role: domain.RoleUnitHead, UnitID: edu})
		account("yao2", "姚振宇", edu, "", false, domain.Grant{Role: domain.RoleUnitHead, UnitID: edu})
		account("sun", "孙梦洁", edu, "", false)
		account("sun_old", "孙梦洁", edu, "", true, domain.Grant{Role: domain.RoleUnitContact, UnitID: edu})

		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got := func(id int64) *domain.Unit {
			u, err := db.Read().Unit(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		if u := got(health); u.ResponsibleUserID != head.ID || u.HeadName != "谢宏伟" || u.HeadPhone != "0512-65980119" ||
			u.ContactUserID != contact.ID || u.ContactPhone != "13905127777" {
			t.Errorf("卫健委 after the migration: %+v; want the accounts, the head given the unit's phone, the contact keeping its own", u)
		}
		if u := got(edu); u.ResponsibleUserID != 0 || u.ContactUserID != 0 || u.HeadName != "" {
			t.Errorf("教育局 after the migration: %+v; want no one named", u)
		}
		if u := got(district); u.ResponsibleUserID != 0 || u.ContactUserID != 0 {
			t.Errorf("district after the migration: %+v", u)
		}
		notes := strings.Join(db.Notes(), "\n")
		for _, want := range []string{"2 unit people", "320507105 区教育局 责任人 姚振宇", "320507105 区教育局 联系人 孙梦洁"} {
			if !strings.Contains(notes, want) {
				t.Errorf("notes %q do not say %q", notes, want)
			}
		}
		if strings.Contains(notes, "谢宏伟") || strings.Contains(notes, "0512") {
			t.Errorf("notes %q name a matched person or a phone", notes)
		}
		var n int
		if err := rawRow(db, `SELECT count(head_name) FROM units`).Scan(&n); err == nil {
			t.Error("the free-text column head_name is still there")
		}
	})
}
