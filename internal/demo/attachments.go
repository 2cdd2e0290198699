package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 90, name: "attachments", load: LoadAttachments})
}

// LoadAttachments puts a cleanup filing (清理备案表) on every demo system whose filing was
// submitted or accepted, as its unit's contact would upload the signed scan.
func LoadAttachments(ctx context.Context, svc *app.Service, _ map[string]int64) error {
	sys := app.SystemActor()
	for _, st := range []domain.SystemStatus{domain.StatusCleanupFiled, domain.StatusCleanupAccepted, domain.StatusOffline} {
		p, err := svc.Systems(ctx, sys, store.SystemFilter{Status: st, Limit: 100})
		if err != nil {
			return err
		}
		for _, s := range p.Items {
			doc := evidencePDF(fmt.Sprintf("Cleanup filing (BLD-R5) for system %s", s.Code),
				"Filed by the owning unit; signed and stamped copy.")
			if _, err := svc.AddAttachment(ctx, sys, "system", s.ID, s.Code+"-清理备案表.pdf", bytes.NewReader(doc)); err != nil {
				return fmt.Errorf("system %s: %w", s.Code, err)
			}
		}
	}
	return nil
}

// evidencePDF writes a one-page PDF with the given lines (ASCII, Helvetica): small, valid, and
// opened by any reader, so the demo's downloads work.
func evidencePDF(lines ...string) []byte {
	var text strings.Builder
	text.WriteString("BT /F1 14 Tf 72 760 Td 18 TL\n")
	for _, l := range lines {
		l = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l)
		fmt.Fprintf(&text, "(%s) Tj T*\n", l)
	}
	text.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", text.Len(), text.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
