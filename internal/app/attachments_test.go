package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
)

var samplePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// weijianSystem is a demo system of 区卫健委, whose contact is "weijian" and whose leader is
// "leader"; "jiaoyu" works for another bureau.
func (e *env) weijianSystem() *domain.System {
	e.t.Helper()
	p, err := e.svc.Systems(e.ctx, app.SystemActor(), store.SystemFilter{UnitID: e.unit("320507119").ID, Limit: 1})
	if err != nil || len(p.Items) == 0 {
		e.t.Fatalf("no demo system of 区卫健委: %v", err)
	}
	return p.Items[0]
}

func TestAttachmentsFollowTheirRecord(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.weijianSystem()
		h := e.head()
		att, err := e.svc.AddAttachment(e.ctx, e.actor("weijian"), "system", sys.ID, `C:\扫描\清理备案表.pdf`, bytes.NewReader(samplePDF))
		if err != nil {
			t.Fatal(err)
		}
		if att.Name != "清理备案表.pdf" || att.ContentType != "application/pdf" || att.Size != int64(len(samplePDF)) ||
			att.SM3 != gm.SM3Hex(samplePDF) || att.UnitID != sys.UnitID || att.CreatedBy != "weijian" {
			t.Errorf("stored %+v", att)
		}
		// Audited on the system, so the system's history shows it.
		rec := e.wantAudit(h, "attachment.add", "weijian")
		if rec.EntityType != "system" || rec.EntityID != strconv.FormatInt(sys.ID, 10) || !strings.Contains(rec.Changes, att.SM3) {
			t.Errorf("audit %+v", rec)
		}

		// Readers of the system read the file: its unit, its leader, the office.
		for _, who := range []string{"weijian", "weijian_head", "leader", "office"} {
			got, b, err := e.svc.Attachment(e.ctx, e.actor(who), att.ID)
			if err != nil || !bytes.Equal(b, samplePDF) || got.SM3 != att.SM3 {
				t.Errorf("%s downloading: %v", who, err)
			}
			list, err := e.svc.Attachments(e.ctx, e.actor(who), "system", sys.ID)
			if err != nil || len(list) != 1 {
				t.Errorf("%s listing: %d, %v", who, len(list), err)
			}
		}
		// Another bureau, and the administrators, do not even learn the file exists.
		for _, who := range []string{"jiaoyu", "sysadmin", "auditadmin", "expert"} {
			h := e.head()
			_, _, err := e.svc.Attachment(e.ctx, e.actor(who), att.ID)
			wantCode(t, err, domain.ENotFound, "")
			_, err = e.svc.AttachmentInfo(e.ctx, e.actor(who), att.ID)
			wantCode(t, err, domain.ENotFound, "")
			_, err = e.svc.Attachments(e.ctx, e.actor(who), "system", sys.ID)
			wantCode(t, err, domain.ENotFound, "")
			_, err = e.svc.AddAttachment(e.ctx, e.actor(who), "system", sys.ID, "x.pdf", bytes.NewReader(samplePDF))
			wantCode(t, err, domain.ENotFound, "")
			_, err = e.svc.DeleteAttachment(e.ctx, e.actor(who), att.ID)
			wantCode(t, err, domain.ENotFound, "")
			e.wantNoAudit(h)
		}
		// The leader reads but does not change the unit's records.
		h = e.head()
		_, err = e.svc.AddAttachment(e.ctx, e.actor("leader"), "system", sys.ID, "x.pdf", bytes.NewReader(samplePDF))
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.DeleteAttachment(e.ctx, e.actor("leader"), att.ID)
		wantCode(t, err, domain.EForbidden, "")
		if e.svc.CanAttach(e.ctx, e.actor("leader"), "system", sys.ID) || !e.svc.CanAttach(e.ctx, e.actor("weijian"), "system", sys.ID) {
			t.Error("CanAttach disagrees with the system's update rule")
		}
		// Records that do not exist, or kinds that take no files.
		_, err = e.svc.AddAttachment(e.ctx, e.actor("office"), "system", 999999, "x.pdf", bytes.NewReader(samplePDF))
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.AddAttachment(e.ctx, e.actor("office"), "user", 1, "x.pdf", bytes.NewReader(samplePDF))
		wantCode(t, err, domain.ENotFound, "")
		e.wantNoAudit(h)

		// Bad files change nothing.
		for _, c := range []struct {
			name    string
			content []byte
		}{
			{"备案表.pdf", []byte("<html><script>alert(1)</script></html>")},
			{"照片.pdf", []byte("\x89PNG\r\n\x1a\nxxxx")},
			{"空.pdf", nil},
			{"", samplePDF},
		} {
			_, err := e.svc.AddAttachment(e.ctx, e.actor("weijian"), "system", sys.ID, c.name, bytes.NewReader(c.content))
			wantCode(t, err, domain.EInvalid, "file")
		}
		e.wantNoAudit(h)
		if list, _ := e.svc.Attachments(e.ctx, e.actor("office"), "system", sys.ID); len(list) != 1 {
			t.Errorf("refused uploads were stored: %d files", len(list))
		}

		// Deleting is audited with the file's name and digest.
		h = e.head()
		if _, err := e.svc.DeleteAttachment(e.ctx, e.actor("weijian_head"), att.ID); err != nil {
			t.Fatal(err)
		}
		rec = e.wantAudit(h, "attachment.delete", "weijian_head")
		if !strings.Contains(rec.Changes, "清理备案表.pdf") || !strings.Contains(rec.Changes, att.SM3) {
			t.Errorf("delete audit %s", rec.Changes)
		}
		_, _, err = e.svc.Attachment(e.ctx, e.actor("office"), att.ID)
		wantCode(t, err, domain.ENotFound, "")
	})
}

func TestAttachmentSizeLimit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		small := app.New(e.db, app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}, MaxAttachment: 1 << 20})
		sys := e.weijianSystem()
		exact := append(append([]byte{}, samplePDF...), bytes.Repeat([]byte{' '}, 1<<20-len(samplePDF))...)
		if _, err := small.AddAttachment(e.ctx, e.actor("weijian"), "system", sys.ID, "exact.pdf", bytes.NewReader(exact)); err != nil {
			t.Errorf("a file of exactly the limit: %v", err)
		}
		h := e.head()
		_, err := small.AddAttachment(e.ctx, e.actor("weijian"), "system", sys.ID, "over.pdf", bytes.NewReader(append(exact, ' ')))
		wantCode(t, err, domain.EInvalid, "file")
		wantMessage(t, err, domain.EInvalid, "err.attach.too_large")
		e.wantNoAudit(h)
		if e.svc.MaxAttachment() != domain.DefaultMaxAttachment || domain.DefaultMaxAttachment != 20<<20 {
			t.Errorf("default limit %d", e.svc.MaxAttachment())
		}
	})
}

// A file altered in the database after upload is not served as if it were the original.
func TestAttachmentTamperedContentIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// The same clock and KDF as eachDemo, so the copy comes from the demo template the other
	// tests use (a nil clock would build a second one).
	clock := &testdb.Clock{T: t0}
	db := demodb.Open(t, testdb.Backend{Name: "sqlite"}, clock.Now, testKDF)
	path := db.Path()
	e := &env{t: t, ctx: ctx, db: db, svc: app.New(db, app.Options{KDF: testKDF}), clock: clock}
	sys := e.weijianSystem()
	att, err := e.svc.AddAttachment(ctx, e.actor("weijian"), "system", sys.ID, "a.pdf", bytes.NewReader(samplePDF))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE attachments SET content = ? WHERE id = ?`, []byte("%PDF-1.4 forged"), att.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Attachment(ctx, e.actor("weijian"), att.ID); err == nil || !strings.Contains(err.Error(), "SM3") {
		t.Errorf("tampered file served: %v", err)
	}
}

// `archgov backup` copies the database, and with it every file and its digest.
func TestBackupHoldsAttachments(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		if e.db.Dialect == store.Postgres {
			t.Skip("PostgreSQL is backed up with pg_dump")
		}
		sys := e.weijianSystem()
		att, err := e.svc.AddAttachment(e.ctx, e.actor("weijian"), "system", sys.ID, "证明.pdf", bytes.NewReader(samplePDF))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(t.TempDir(), "backup.db")
		if err := e.db.Backup(e.ctx, dst); err != nil {
			t.Fatal(err)
		}
		copyDB, err := store.Open(context.Background(), dst, store.Options{Sealer: e.db.Sealer()})
		if err != nil {
			t.Fatal(err)
		}
		defer copyDB.Close()
		b, err := copyDB.Read().AttachmentContent(e.ctx, att.ID)
		if err != nil || !bytes.Equal(b, samplePDF) {
			t.Fatalf("backup content: %v", err)
		}
		got, err := copyDB.Read().Attachment(e.ctx, att.ID)
		if err != nil || got.SM3 != gm.SM3Hex(b) || got.Name != "证明.pdf" {
			t.Errorf("backup description %+v, %v", got, err)
		}
	})
}

// A machine room's evidence (its exemption basis, its closing certificate) follows the room's
// rules: its unit adds it, the office reads it, another bureau does not see it.
func TestAttachmentsOnMachineRooms(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		p, err := e.svc.MachineRooms(e.ctx, e.actor("weijian"), app.RoomList{RoomFilter: store.RoomFilter{Limit: 1}})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no room of 区卫健委 in the demo: %v", err)
		}
		room := p.Items[0]
		h := e.head()
		att, err := e.svc.AddAttachment(e.ctx, e.actor("weijian"), "room", room.ID, "关停证明.pdf", bytes.NewReader(samplePDF))
		if err != nil {
			t.Fatal(err)
		}
		if rec := e.wantAudit(h, "attachment.add", "weijian"); rec.EntityType != "room" {
			t.Errorf("audited on %s, want the room", rec.EntityType)
		}
		if _, _, err := e.svc.Attachment(e.ctx, e.actor("office"), att.ID); err != nil {
			t.Errorf("office reading the room's file: %v", err)
		}
		_, _, err = e.svc.Attachment(e.ctx, e.actor("jiaoyu"), att.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.AddAttachment(e.ctx, e.actor("jiaoyu"), "room", room.ID, "x.pdf", bytes.NewReader(samplePDF))
		wantCode(t, err, domain.ENotFound, "")
	})
}

// Every record kind that takes evidence: the office attaches, a user with no part in the
// record's unit does not see it, and the file is audited on the record.
func TestAttachmentOwners(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := app.SystemActor()
		first := func(kind string) (int64, int64) {
			t.Helper()
			switch kind {
			case "system":
				p, err := e.svc.Systems(e.ctx, sys, store.SystemFilter{Limit: 1})
				if err != nil || len(p.Items) == 0 {
					t.Fatalf("%s: %v", kind, err)
				}
				return p.Items[0].ID, p.Items[0].UnitID
			case "room":
				p, err := e.svc.MachineRooms(e.ctx, sys, app.RoomList{RoomFilter: store.RoomFilter{Limit: 1}})
				if err != nil || len(p.Items) == 0 {
					t.Fatalf("%s: %v", kind, err)
				}
				return p.Items[0].ID, p.Items[0].UnitID
			case "website":
				p, err := e.svc.Websites(e.ctx, sys, store.WebsiteFilter{Limit: 1})
				if err != nil || len(p.Items) == 0 {
					t.Fatalf("%s: %v", kind, err)
				}
				return p.Items[0].ID, p.Items[0].UnitID
			case "media":
				p, err := e.svc.MediaAccounts(e.ctx, sys, store.MediaFilter{Limit: 1})
				if err != nil || len(p.Items) == 0 {
					t.Fatalf("%s: %v", kind, err)
				}
				return p.Items[0].ID, p.Items[0].UnitID
			case "cloudrequest":
				p, err := e.svc.CloudRequests(e.ctx, sys, store.CloudRequestFilter{Limit: 1})
				if err != nil || len(p.Items) == 0 {
					t.Fatalf("%s: %v", kind, err)
				}
				return p.Items[0].ID, p.Items[0].UnitID
			}
			t.Fatalf("unknown kind %s", kind)
			return 0, 0
		}
		for _, kind := range []string{"system", "room", "website", "media", "cloudrequest"} {
			id, unitID := first(kind)
			h := e.head()
			att, err := e.svc.AddAttachment(e.ctx, e.actor("office"), kind, id, "证明.pdf", bytes.NewReader(samplePDF))
			if err != nil {
				t.Fatalf("%s: office attaching: %v", kind, err)
			}
			if rec := e.wantAudit(h, "attachment.add", "office"); rec.EntityType != kind || rec.EntityID != strconv.FormatInt(id, 10) {
				t.Errorf("%s: audited on %s %s", kind, rec.EntityType, rec.EntityID)
			}
			if att.UnitID != unitID {
				t.Errorf("%s: attachment unit %d, record's %d", kind, att.UnitID, unitID)
			}
			_, _, err = e.svc.Attachment(e.ctx, e.actor("expert"), att.ID)
			wantCode(t, err, domain.ENotFound, "")
			_, err = e.svc.AddAttachment(e.ctx, e.actor("expert"), kind, id, "x.pdf", bytes.NewReader(samplePDF))
			wantCode(t, err, domain.ENotFound, "")
		}
	})
}

// 涉密 systems keep minimal metadata only; documents about them are not taken either.
func TestNoAttachmentsOnClassifiedSystems(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// No code: the server allocates it (a unit user never chooses one).
		s := &domain.System{Name: "某涉密业务系统", UnitID: e.unit("320507119").ID, Classification: domain.Classified, Status: domain.StatusRunning}
		if err := e.svc.CreateSystem(e.ctx, e.actor("weijian"), s); err != nil {
			t.Fatal(err)
		}
		h := e.head()
		_, err := e.svc.AddAttachment(e.ctx, e.actor("weijian"), "system", s.ID, "说明.pdf", bytes.NewReader(samplePDF))
		wantMessage(t, err, domain.EUnprocessable, "err.attach.classified")
		e.wantNoAudit(h)
		if e.svc.CanAttach(e.ctx, e.actor("office"), "system", s.ID) {
			t.Error("the upload form is offered on a classified system")
		}
	})
}
