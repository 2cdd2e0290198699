package app

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/draw"
	"archgov/internal/store"
)

// The verifiable draw of experts (可验证随机抽取, BLD-R3; FLOW-4's spot checks will draw with it
// too). The office asks for a number of experts for a subject (a project's review) leaving out
// the experts affiliated with a unit (the applying one) and, if it wants, those without a
// specialty. In one transaction the service collects the eligible experts, commits to a fresh
// seed (SM3), draws with the draw package over the candidates in canonical order, and keeps
// the commitment, the candidates with their names and affiliations, the seed and the result,
// audited. Everyone who may see the draw can recompute it (VerifyDraw, `archgov draw verify`,
// docs/draw_verify.py).
//
// What the commitment proves and what it does not: the commitment is made before the draw and
// kept with it, but both happen inside one server transaction, so it does not by itself show
// that the server did not try several seeds. What does: the seed comes from crypto/rand, every
// draw is kept and audited in the hash-chained log, the draws of a subject are listed together,
// and drawing again for the same subject and purpose needs a reason, recorded with the draw.

// DrawFilter narrows the draw list (purpose, subject, the unit left out).
type DrawFilter = store.DrawFilter

func drawRes(d *domain.Draw) authz.Resource { return authz.Draw(d.ID) }

var drawType = recordType[domain.Draw]{entity: "draw", kind: authz.KindDraw, read: authz.DrawRead, res: drawRes,
	load: store.Reader.Draw, insert: (*store.Tx).InsertDraw,
	key:     func(d *domain.Draw) (int64, int64) { return d.ID, d.Version },
	creates: authz.DrawCreate, valid: (*domain.Draw).ValidateRequest,
	fresh: func(*domain.Draw) {}} // DrawRequest.Apply starts a draw from nothing but the request

// Draws lists the draws, newest first: the office's.
func (s *Service) Draws(ctx context.Context, a domain.Actor, f DrawFilter) (Page[*domain.Draw], error) {
	return drawType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Draw, error) { return s.db.Read().Draws(ctx, sc, f) })
}

// CountDraws counts the draws f selects (the list page's total).
func (s *Service) CountDraws(ctx context.Context, a domain.Actor, f DrawFilter) (int, error) {
	return drawType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountDraws(ctx, sc, f) })
}

// Draw returns one draw.
func (s *Service) Draw(ctx context.Context, a domain.Actor, id int64) (*domain.Draw, error) {
	return drawType.get(ctx, s.db.Read(), a, id)
}

// DrawRequest is what the office asks a draw for.
type DrawRequest struct {
	Purpose       domain.DrawPurpose `json:"purpose"`
	SubjectKind   domain.DrawSubject `json:"subject_kind"`
	SubjectID     int64              `json:"subject_id"`
	ExcludeUnitID int64              `json:"exclude_unit_id"` // whose affiliated experts are left out
	Count         int                `json:"count"`
	Specialty     domain.Specialty   `json:"specialty"` // only experts of this specialty; "" for any
	Reason        string             `json:"reason"`    // required when the subject was drawn for before
}

// Apply makes the draw the request asks for.
func (q DrawRequest) Apply(d *domain.Draw) {
	*d = domain.Draw{Purpose: q.Purpose, SubjectKind: q.SubjectKind, SubjectID: q.SubjectID, ExcludeUnitID: q.ExcludeUnitID,
		Count: q.Count, Specialty: q.Specialty, Reason: q.Reason}
}

// admitDraw authorizes and checks a request (403, then 422 naming every field at once).
func admitDraw(a domain.Actor, q DrawRequest) (*domain.Draw, error) {
	if q.Purpose != domain.DrawProjectReview && slices.Contains(domain.DrawPurposes, q.Purpose) {
		// A spot-check round's draws are made by the round (spotcheck.go), from its own pools.
		return nil, domain.Invalid("purpose", "err.draw.round_only")
	}
	d := new(domain.Draw)
	q.Apply(d)
	if err := drawType.admit(a, 0, d); err != nil {
		return nil, err
	}
	return d, nil
}

// DrawCandidates lists the experts a draw of the request would draw from, in canonical order:
// the active experts, less those affiliated with the unit left out and, with a specialty, those
// without it. The office sees it before drawing; the count is not checked.
func (s *Service) DrawCandidates(ctx context.Context, a domain.Actor, q DrawRequest) ([]domain.DrawCandidate, error) {
	if q.Count == 0 {
		q.Count = 1 // the count is not this question's
	}
	d, err := admitDraw(a, q)
	if err != nil {
		return nil, err
	}
	var out []domain.DrawCandidate
	err = s.db.InTx(ctx, func(tx *store.Tx) (err error) {
		out, err = drawCandidates(ctx, tx, d)
		return err
	})
	return out, err
}

// drawCandidates collects the candidates of d in canonical order (draw.Canonical: keys sorted
// bytewise), after checking the unit left out exists.
func drawCandidates(ctx context.Context, tx *store.Tx, d *domain.Draw) ([]domain.DrawCandidate, error) {
	if d.ExcludeUnitID != 0 {
		if _, err := tx.Unit(ctx, d.ExcludeUnitID); err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				return nil, domain.Invalid("exclude_unit_id", "err.unit.missing")
			}
			return nil, err
		}
	}
	es, err := tx.DrawableExperts(ctx, d.ExcludeUnitID, d.Specialty)
	if err != nil {
		return nil, err
	}
	pool := make([]domain.DrawCandidate, len(es))
	for i, e := range es {
		pool[i] = domain.DrawCandidate{Key: strconv.FormatInt(e.ID, 10), Name: e.Name, UnitID: e.UnitID}
	}
	return canonicalPool(pool)
}

// CreateDraw draws experts as the request asks (the office), in one transaction with its audit
// record (draw.create): fewer eligible experts than the count is refused on count (422), as is
// drawing again for a subject without a reason.
func (s *Service) CreateDraw(ctx context.Context, a domain.Actor, q DrawRequest) (*domain.Draw, error) {
	d, err := admitDraw(a, q)
	if err != nil {
		return nil, err
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Draw, error) { return d, s.drawIn(ctx, tx, a, d) })
}

// drawIn draws d, already admitted, inside tx from the experts drawCandidates collects: for
// the use cases that draw experts as one step of theirs (a project's review assignment).
func (s *Service) drawIn(ctx context.Context, tx *store.Tx, a domain.Actor, d *domain.Draw) error {
	if err := drawAgain(ctx, tx, d); err != nil {
		return err
	}
	pool, err := drawCandidates(ctx, tx, d)
	if err != nil {
		return err
	}
	return s.drawFrom(ctx, tx, a, d, pool)
}

// drawAgain refuses drawing again for a subject and purpose without a reason (422 on reason).
func drawAgain(ctx context.Context, tx *store.Tx, d *domain.Draw) error {
	if d.Reason != "" {
		return nil
	}
	n, err := tx.CountDraws(ctx, authz.Scope{All: true}, store.DrawFilter{Purpose: d.Purpose, SubjectKind: d.SubjectKind, SubjectID: d.SubjectID})
	if err != nil {
		return err
	}
	if n > 0 {
		return domain.Invalid("reason", "err.draw.again", n)
	}
	return nil
}

// drawFrom draws d, already admitted, inside tx from a prepared pool (the experts of
// drawCandidates, a spot-check round's projects or inspectors, spotchecks.go): the pool is put
// in canonical order, fewer candidates than the count is refused on count (422), and the draw
// is kept and audited (draw.create).
func (s *Service) drawFrom(ctx context.Context, tx *store.Tx, a domain.Actor, d *domain.Draw, pool []domain.DrawCandidate) error {
	pool, err := canonicalPool(pool)
	if err != nil {
		return err
	}
	if len(pool) < d.Count {
		return domain.Invalid("count", "err.draw.too_few", d.Count, len(pool))
	}
	keys := make([]string, len(pool))
	for i, c := range pool {
		keys[i] = c.Key
	}
	// Commit, draw, reveal: the seed is fresh from crypto/rand, the commitment SM3(version ‖
	// seed) is made before the draw and kept beside the seed and the result.
	r, err := runDraw(ctx, keys, d.Count)
	if err != nil {
		return err
	}
	d.Algorithm, d.Commitment, d.Pool, d.Candidates, d.Seed, d.Result = r.Version, r.Commitment, pool, r.Candidates, r.Seed, r.Result
	d.DrawnBy = a.UserID
	d.DrawnByName = a.Name
	return drawType.add(ctx, tx, a, d)
}

// canonicalPool puts a pool in the draw's canonical order (draw.Canonical: keys sorted
// bytewise; an empty or repeated key is an error).
func canonicalPool(pool []domain.DrawCandidate) ([]domain.DrawCandidate, error) {
	byKey := make(map[string]domain.DrawCandidate, len(pool))
	keys := make([]string, len(pool))
	for i, c := range pool {
		byKey[c.Key], keys[i] = c, c.Key
	}
	keys, err := draw.Canonical(keys)
	if err != nil {
		return nil, err
	}
	out := make([]domain.DrawCandidate, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, nil
}

// DrawCheck is a draw recomputed from what was kept: OK when every check passes, else the
// problems found, each a check's name (draw.Problem, or "exclusion" for a candidate affiliated
// with the unit left out, "names" for a result or candidate without its name) and what was
// found.
type DrawCheck struct {
	ID         int64         `json:"id"`
	OK         bool          `json:"ok"`
	Problems   []DrawProblem `json:"problems"`
	Recomputed []string      `json:"recomputed,omitempty"` // the result drawing again gives (when it can be drawn)
	Published  draw.Draw     `json:"published"`            // the draw as docs/draw_verify.py reads it
}

// DrawProblem is one failed check of a draw.
type DrawProblem struct {
	Check  string `json:"check"`
	Detail string `json:"detail"`
}

// Published is a kept draw in the draw package's form: what docs/draw_verify.py recomputes.
func Published(d *domain.Draw) draw.Draw {
	return draw.Draw{Version: d.Algorithm, Commitment: d.Commitment, Candidates: d.Candidates, Count: d.Count, Seed: d.Seed, Result: d.Result}
}

// VerifyDraw recomputes the draw id from its kept inputs (for whoever may see it): the seed
// against the commitment, the candidates' canonical order, the result drawn again, and that no
// candidate was affiliated with the unit left out.
func (s *Service) VerifyDraw(ctx context.Context, a domain.Actor, id int64) (*DrawCheck, error) {
	d, err := s.Draw(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return CheckDraw(d), nil
}

// CheckDraw recomputes d (VerifyDraw without the loading).
func CheckDraw(d *domain.Draw) *DrawCheck {
	p := Published(d)
	c := &DrawCheck{ID: d.ID, Published: p, Problems: []DrawProblem{}}
	for _, f := range draw.Check(p) {
		c.Problems = append(c.Problems, DrawProblem{Check: string(f.Problem), Detail: f.Error()})
	}
	if seed, err := hex.DecodeString(d.Seed); err == nil && len(seed) == draw.SeedSize {
		if _, r, err := draw.Pick(seed, d.Candidates, d.Count); err == nil {
			c.Recomputed = r
		}
	}
	for _, cand := range d.Pool {
		if d.ExcludeUnitID != 0 && cand.UnitID == d.ExcludeUnitID {
			c.Problems = append(c.Problems, DrawProblem{Check: "exclusion", Detail: "candidate " + cand.Key + " (" + cand.Name + ") is affiliated with the unit left out"})
		}
		if cand.Name == "" {
			c.Problems = append(c.Problems, DrawProblem{Check: "names", Detail: "candidate " + cand.Key + " has no name"})
		}
	}
	c.OK = len(c.Problems) == 0
	return c
}

// drawSeedsKey carries a demonstration's seed source (WithDemoDrawSeeds).
type drawSeedsKey struct{}

// WithDemoDrawSeeds makes the draws made with ctx take their seeds from src instead of
// crypto/rand, so that a demonstration district (internal/demo) comes out the same each time it
// is made: the same experts review the same applications, the same projects are spot-checked.
// Only the demo's loader uses it; a real draw's seed is always fresh (draw.NewSeed).
func WithDemoDrawSeeds(ctx context.Context, src io.Reader) context.Context {
	return context.WithValue(ctx, drawSeedsKey{}, src)
}

// runDraw is draw.Run, with the seed from ctx's demonstration source when it has one.
func runDraw(ctx context.Context, keys []string, count int) (draw.Draw, error) {
	src, _ := ctx.Value(drawSeedsKey{}).(io.Reader)
	if src == nil {
		return draw.Run(keys, count)
	}
	seed := make([]byte, draw.SeedSize)
	if _, err := io.ReadFull(src, seed); err != nil {
		return draw.Draw{}, fmt.Errorf("demo draw seed: %w", err)
	}
	return draw.RunSeeded(seed, keys, count)
}
