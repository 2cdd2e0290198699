package app

import (
	"context"
	"fmt"
	"io"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
)

// attachOwner is a kind of record that carries evidence files: how to load one as an authz
// resource, and the actions that read it and change it. A file is read and downloaded by
// whoever may read its record, and added or removed by whoever may change it.
type attachOwner struct {
	load         func(ctx context.Context, r store.Reader, id int64) (authz.Resource, error)
	read, change authz.Action
	// noFiles, when set, refuses new files on some records of the kind.
	noFiles func(ctx context.Context, r store.Reader, id int64) error
	// frozen, when set, refuses adding and removing files on some records of the kind (what
	// was submitted for review).
	frozen func(ctx context.Context, r store.Reader, id int64) error
	// purpose, when set, checks what a new file is for against the record now.
	purpose func(ctx context.Context, r store.Reader, id int64, purpose string) error
}

// attachOwners lists the records that take attachments, by entity type.
var attachOwners = map[string]attachOwner{
	"system": {
		load: systemType.resource, read: authz.SystemRead, change: authz.SystemUpdate,
		noFiles: func(ctx context.Context, r store.Reader, id int64) error {
			// 涉密 systems keep minimal metadata only: no documents about them either.
			if s, err := r.System(ctx, id); err == nil && s.Classification == domain.Classified {
				return domain.Errorf(domain.EUnprocessable, "err.attach.classified")
			}
			return nil
		},
	},
	"room":         {load: roomType.resource, read: authz.RoomRead, change: authz.RoomUpdate},
	"cloudrequest": {load: cloudRequestType.resource, read: authz.CloudRequestRead, change: authz.CloudRequestUpdate},
	"website":      {load: websiteType.resource, read: authz.WebsiteRead, change: authz.WebsiteUpdate},
	"media":        {load: mediaType.resource, read: authz.MediaRead, change: authz.MediaUpdate},
	// A project application's proposal, feasibility study and budget sheet: changed with the
	// application, in draft or returned for revision only (FLOW-2).
	"project": {load: projectType.resource, read: authz.ProjectRead, change: authz.ProjectUpdate, frozen: projectFilesFrozen},
	// A project's stage evidence (FLOW-4, stages.go): the project's id, the stage as purpose;
	// added by the unit while the project is at a stage that takes materials.
	stageEntity: {load: projectType.resource, read: authz.ProjectRead, change: authz.ProjectStageSubmit, frozen: stageFilesFrozen,
		purpose: stageFilePurpose},
	// A spot check's evidence (FLOW-4, spotchecks.go): added by its inspectors or the office
	// while its round is drawn, read by whoever reads the check (everyone once published).
	spotCheckEntity: {load: spotCheckType.resource, read: authz.CheckRoundRead, change: authz.SpotCheckRecord, frozen: spotCheckFilesFrozen},
	// A rectification notice's evidence (FLOW-4, rectifications.go): added by the unit while it
	// owes the notice an answer.
	rectEntity: {load: rectType.resource, read: authz.RectificationRead, change: authz.RectificationAnswer, frozen: rectFilesFrozen},
	// A notice's files (ORG-4) and a standard version's full text (ORG-5): added by the office
	// to the draft, read by everyone once published, unchanged after.
	"notice":   {load: noticeType.resource, read: authz.NoticeRead, change: authz.NoticeWrite, frozen: publishedFrozen(noticeType, func(n *domain.Notice) bool { return n.Status != domain.NoticeDraft })},
	"standard": {load: standardType.resource, read: authz.StandardRead, change: authz.StandardWrite, frozen: publishedFrozen(standardType, func(x *domain.Standard) bool { return x.Status != domain.StdDraft })},
}

// publishedFrozen refuses changing the files of a record once published (409): readers were
// notified of what it said.
func publishedFrozen[T any](k recordType[T], published func(*T) bool) func(context.Context, store.Reader, int64) error {
	return func(ctx context.Context, r store.Reader, id int64) error {
		x, err := k.load(r, ctx, id)
		if err != nil {
			return err
		}
		if published(x) {
			return domain.Errorf(domain.EConflict, "err.notice.files_published")
		}
		return nil
	}
}

// owner loads the record an attachment belongs to and checks act on it. An unknown entity
// type is a record that does not exist.
func owner(ctx context.Context, r store.Reader, a domain.Actor, entityType string, id int64, change bool) (authz.Resource, error) {
	o, ok := attachOwners[entityType]
	if !ok || id <= 0 {
		return authz.Resource{}, domain.NotFound()
	}
	res, err := o.load(ctx, r, id)
	if err != nil {
		return authz.Resource{}, err
	}
	act := o.read
	if change {
		act = o.change
	}
	return res, authz.Can(a, act, res)
}

// acceptsFiles checks that the record may take new files at all.
func acceptsFiles(ctx context.Context, r store.Reader, entityType string, id int64) error {
	o := attachOwners[entityType]
	if o.noFiles != nil {
		if err := o.noFiles(ctx, r, id); err != nil {
			return err
		}
	}
	return filesOpen(ctx, r, entityType, id)
}

// filesOpen checks that the record's files may change now.
func filesOpen(ctx context.Context, r store.Reader, entityType string, id int64) error {
	if o := attachOwners[entityType]; o.frozen != nil {
		return o.frozen(ctx, r, id)
	}
	return nil
}

// Attachments lists the files on a record the actor may read.
func (s *Service) Attachments(ctx context.Context, a domain.Actor, entityType string, id int64) ([]*domain.Attachment, error) {
	r := s.db.Read()
	if _, err := owner(ctx, r, a, entityType, id, false); err != nil {
		return nil, err
	}
	return r.Attachments(ctx, entityType, id)
}

// CanAttach reports whether the actor may add files to (and remove files from) a record.
func (s *Service) CanAttach(ctx context.Context, a domain.Actor, entityType string, id int64) bool {
	_, err := owner(ctx, s.db.Read(), a, entityType, id, true)
	return err == nil && acceptsFiles(ctx, s.db.Read(), entityType, id) == nil
}

// AddAttachment stores an evidence file on a record: at most MaxAttachment bytes, of a type
// decided from its content, with its SM3 digest; audited on the record it belongs to.
func (s *Service) AddAttachment(ctx context.Context, a domain.Actor, entityType string, entityID int64, name string, content io.Reader) (*domain.Attachment, error) {
	return s.AddAttachmentFor(ctx, a, entityType, entityID, "", name, content)
}

// AddAttachmentFor is AddAttachment with what the file is for: one of
// domain.AttachmentPurposes(entityType), or "" (422 on purpose otherwise).
func (s *Service) AddAttachmentFor(ctx context.Context, a domain.Actor, entityType string, entityID int64, purpose, name string, content io.Reader) (*domain.Attachment, error) {
	if _, err := owner(ctx, s.db.Read(), a, entityType, entityID, true); err != nil {
		return nil, err
	}
	if err := domain.CheckAttachmentPurpose(entityType, purpose); err != nil {
		return nil, err
	}
	name = domain.CleanFileName(name)
	if name == "" {
		return nil, domain.Invalid("file", "err.attach.no_file")
	}
	b, err := io.ReadAll(io.LimitReader(content, s.maxAttachment+1))
	if err != nil {
		return nil, fmt.Errorf("app: reading attachment: %w", err)
	}
	if int64(len(b)) > s.maxAttachment {
		return nil, domain.Invalid("file", "err.attach.too_large", mib(s.maxAttachment))
	}
	ct, err := domain.SniffAttachment(name, b)
	if err != nil {
		return nil, err
	}
	att := &domain.Attachment{EntityType: entityType, EntityID: entityID, Name: name, Purpose: purpose, ContentType: ct, Size: int64(len(b)),
		SM3: gm.SM3Hex(b), CreatedBy: actorRecord(a).Actor}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Checked again inside the transaction: the record may have moved or gone meanwhile.
		res, err := owner(ctx, tx.Reader, a, entityType, entityID, true)
		if err != nil {
			return err
		}
		if err := acceptsFiles(ctx, tx.Reader, entityType, entityID); err != nil {
			return err
		}
		if check := attachOwners[entityType].purpose; check != nil {
			if err := check(ctx, tx.Reader, entityID, purpose); err != nil {
				return err
			}
		}
		att.UnitID = res.UnitID
		if err := tx.InsertAttachment(ctx, att, b); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "attachment.add", entityType: entityType, entityID: id(entityID),
			changes: audit.Fields("attachment", "", attachmentLine(att))})
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// Attachment returns a file's description and content for download.
func (s *Service) Attachment(ctx context.Context, a domain.Actor, id int64) (*domain.Attachment, []byte, error) {
	r := s.db.Read()
	att, err := r.Attachment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := owner(ctx, r, a, att.EntityType, att.EntityID, false); err != nil {
		return nil, nil, domain.NotFound() // a file of a record one may not read does not exist
	}
	b, err := r.AttachmentContent(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if gm.SM3Hex(b) != att.SM3 {
		// The bytes no longer match the digest taken at upload: say so rather than serve them.
		return nil, nil, fmt.Errorf("app: attachment %d: content does not match its SM3 digest", id)
	}
	return att, b, nil
}

// AttachmentInfo returns a file's description.
func (s *Service) AttachmentInfo(ctx context.Context, a domain.Actor, id int64) (*domain.Attachment, error) {
	r := s.db.Read()
	att, err := r.Attachment(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := owner(ctx, r, a, att.EntityType, att.EntityID, false); err != nil {
		return nil, domain.NotFound()
	}
	return att, nil
}

// DeleteAttachment removes a file from its record; audited on the record.
func (s *Service) DeleteAttachment(ctx context.Context, a domain.Actor, attID int64) (*domain.Attachment, error) {
	var att *domain.Attachment
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if att, err = tx.Attachment(ctx, attID); err != nil {
			return err
		}
		if _, err := owner(ctx, tx.Reader, a, att.EntityType, att.EntityID, true); err != nil {
			return err
		}
		if err := filesOpen(ctx, tx.Reader, att.EntityType, att.EntityID); err != nil {
			return err
		}
		if err := tx.DeleteAttachment(ctx, attID); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "attachment.delete", entityType: att.EntityType, entityID: id(att.EntityID),
			changes: audit.Fields("attachment", attachmentLine(att), "")})
	})
	return att, err
}

// attachmentLine describes a file in the audit log: enough to find it and prove it.
func attachmentLine(a *domain.Attachment) string {
	return fmt.Sprintf("#%d %s (%d B, SM3 %s)", a.ID, a.Name, a.Size, a.SM3)
}

func mib(n int64) int64 { return n >> 20 }
