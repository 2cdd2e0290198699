package app

import (
	"context"
	"errors"
	"slices"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
)

var userMask = map[string]func(string) string{"phone": gm.MaskPhone}

var userType = recordType[domain.User]{entity: "user", kind: authz.KindUser, read: authz.UserRead, res: authz.User,
	load: store.Reader.User, update: (*store.Tx).UpdateUser,
	key: func(u *domain.User) (int64, int64) { return u.ID, u.Version }, mask: userMask}

func maskUser(a domain.Actor, u *domain.User) *domain.User {
	if authz.Can(a, authz.UserSeePhone, authz.User(u)) == nil {
		return u
	}
	c := *u
	c.Phone = gm.MaskPhone(c.Phone)
	return &c
}

// User returns one account as the actor may see it; another unit's account answers not found.
func (s *Service) User(ctx context.Context, a domain.Actor, userID int64) (*domain.User, error) {
	u, err := userType.get(ctx, s.db.Read(), a, userID)
	if err != nil {
		return nil, err
	}
	return maskUser(a, u), nil
}

// Users lists the accounts in the actor's scope.
func (s *Service) Users(ctx context.Context, a domain.Actor, f store.UserFilter) (Page[*domain.User], error) {
	p, err := userType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.User, error) { return s.db.Read().Users(ctx, sc, f) })
	for i, u := range p.Items {
		p.Items[i] = maskUser(a, u)
	}
	return p, err
}

// NewUser is an account to create.
type NewUser struct {
	Username, Name, Phone string
	UnitID                int64
	Password              string         // "" makes a random one-time password
	Grants                []domain.Grant // only the command line sets roles at creation
	// PasswordHash, only from the command line and instead of Password, is an initial password
	// already checked and hashed by InitialPasswordHash: the demo gives its hundred-odd accounts
	// one public password, hashed once instead of once per account (seconds each at full strength).
	PasswordHash string
}

// InitialPasswordHash checks an initial password against the policy and hashes it, for
// NewUser.PasswordHash; the command line only.
func (s *Service) InitialPasswordHash(ctx context.Context, a domain.Actor, password string) (string, error) {
	if !a.System {
		return "", domain.Forbidden()
	}
	pol, _, err := s.Policy(ctx)
	if err != nil {
		return "", err
	}
	if err := pol.CheckPassword("", password); err != nil {
		return "", err
	}
	return s.hash(ctx, password)
}

// CreateUser opens an account. Its password must be changed at first login. It returns the
// one-time password when one was generated, to be handed to the person once.
func (s *Service) CreateUser(ctx context.Context, a domain.Actor, n NewUser) (*domain.User, string, error) {
	if err := authz.Can(a, authz.UserCreate, authz.Resource{Kind: authz.KindUser}); err != nil {
		return nil, "", err
	}
	if (len(n.Grants) > 0 || n.PasswordHash != "") && !a.System {
		return nil, "", domain.Forbidden() // roles are the security admin's (三权分立)
	}
	u := &domain.User{Username: n.Username, Name: n.Name, Phone: n.Phone, UnitID: n.UnitID, MustChange: true}
	if err := u.Validate(); err != nil {
		return nil, "", err
	}
	generated, h := "", n.PasswordHash
	if h == "" {
		pol, _, err := s.Policy(ctx)
		if err != nil {
			return nil, "", err
		}
		if n.Password == "" {
			generated = OneTimePassword()
			n.Password = generated
		}
		if err := pol.CheckPassword(u.Username, n.Password); err != nil {
			return nil, "", err
		}
		if h, err = s.hash(ctx, n.Password); err != nil {
			return nil, "", err
		}
	} else if n.Password != "" {
		return nil, "", errors.New("app: CreateUser: Password and PasswordHash both given")
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if u.UnitID != 0 {
			if unit, err := tx.Unit(ctx, u.UnitID); err != nil || !unit.Active {
				return domain.Invalid("unit_id", "err.unit.missing")
			}
		}
		if err := tx.InsertUser(ctx, u, h); err != nil {
			return err
		}
		if err := record(ctx, tx, a, event{action: "user.create", entityType: "user", entityID: id(u.ID), changes: audit.Diff(nil, u, userMask)}); err != nil {
			return err
		}
		if len(n.Grants) > 0 {
			return s.setGrants(ctx, tx, a, u, n.Grants)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	u.Grants, _ = s.db.Read().Grants(ctx, u.ID)
	return u, generated, nil
}

// OneTimePassword makes a random password that satisfies any allowed policy's classes and the
// fixed shape rules; a draw that happens to break one (a run of four, a common word) is drawn
// again.
func OneTimePassword() string {
	for {
		p := "Ag-" + gm.RandomToken(12) + "7z"
		if domain.DefaultPolicy.CheckPassword("", p) == nil {
			return p
		}
	}
}

// UserEdit is an edit of an account's profile by the system admin.
// Nil fields are left as they are.
type UserEdit struct {
	Version int64   `json:"version"`
	Name    *string `json:"name"`
	Phone   *string `json:"phone"`
	UnitID  *int64  `json:"unit_id"`
}

// UpdateUser saves a profile edit.
func (s *Service) UpdateUser(ctx context.Context, a domain.Actor, userID int64, e UserEdit) (*domain.User, error) {
	out, err := inTx(ctx, s, func(tx *store.Tx) (*domain.User, error) {
		u, err := userType.change(ctx, tx, a, userID, e.Version, userType.may(a, authz.UserUpdate), func(u, before *domain.User) (string, string, error) {
			patch(u, e)
			if err := u.Validate(); err != nil {
				return "", "", err
			}
			if u.UnitID != 0 && u.UnitID != before.UnitID {
				if _, err := activeUnit(ctx, tx, "unit_id", u.UnitID); err != nil {
					return "", "", err
				}
			}
			return "update", "", nil
		})
		if err == nil {
			err = releaseUnitPeople(ctx, tx, a, userID) // moved to another unit (ORG-1)
		}
		return u, err
	})
	if err != nil {
		return nil, err
	}
	return maskUser(a, out), nil
}

// SetUserDisabled disables (ending every session) or re-enables an account.
func (s *Service) SetUserDisabled(ctx context.Context, a domain.Actor, userID, version int64, disabled bool) (*domain.User, error) {
	var out *domain.User
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		if err := authz.Can(a, authz.UserDisable, authz.User(u)); err != nil {
			return err
		}
		if !a.System && version != u.Version {
			return domain.Conflict()
		}
		if u.Disabled == disabled {
			return domain.Errorf(domain.EConflict, "err.user.already")
		}
		before := *u
		u.Disabled = disabled
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
				return err
			}
		}
		// Disabling ends the account's API tokens for good: enabling it again must not bring
		// back tokens issued before. Enabling revokes too, for tokens an older release left.
		n, err := tx.RevokeUserTokens(ctx, u.ID)
		if err != nil {
			return err
		}
		out = u
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		if err := record(ctx, tx, a, event{action: action, entityType: "user", entityID: id(u.ID),
			changes: audit.Fields("disabled", before.Disabled, u.Disabled, "tokens_revoked", nil, n)}); err != nil {
			return err
		}
		return releaseUnitPeople(ctx, tx, a, u.ID) // a disabled account is nobody's 责任人 (ORG-1)
	})
	return out, err
}

// ResetPassword sets a new password that must be changed at next login, ends the user's
// sessions, and clears a lockout. With password "" a one-time password is generated and
// returned.
func (s *Service) ResetPassword(ctx context.Context, a domain.Actor, userID int64, password string) (string, error) {
	u, err := s.db.Read().User(ctx, userID)
	if err != nil {
		return "", err
	}
	if err := authz.Can(a, authz.UserResetPassword, authz.User(u)); err != nil {
		return "", err
	}
	pol, _, err := s.Policy(ctx)
	if err != nil {
		return "", err
	}
	generated := ""
	if password == "" {
		generated = OneTimePassword()
		password = generated
	}
	if err := pol.CheckPassword(u.Username, password); err != nil {
		return "", err
	}
	if err := s.checkHistory(ctx, u.ID, password, pol); err != nil {
		return "", err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, u.ID, h, true); err != nil {
			return err
		}
		if _, err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return err
		}
		// A reset means the account may be in the wrong hands: its API tokens go too.
		n, err := tx.RevokeUserTokens(ctx, u.ID)
		if err != nil {
			return err
		}
		if err := tx.ClearFailure(ctx, "u:"+u.Username); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "user.password_reset", entityType: "user", entityID: id(u.ID),
			changes: audit.Fields("tokens_revoked", nil, n)})
	})
	return generated, err
}

// Unlock clears an account's login lockout.
func (s *Service) Unlock(ctx context.Context, a domain.Actor, userID int64) error {
	u, err := s.db.Read().User(ctx, userID)
	if err != nil {
		return err
	}
	if err := authz.Can(a, authz.UserUnlock, authz.User(u)); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ClearFailure(ctx, "u:"+u.Username); err != nil {
			return err
		}
		return record(ctx, tx, a, event{action: "user.unlock", entityType: "user", entityID: id(u.ID)})
	})
}

// SetGrants replaces a user's roles (the security admin's job). Unit codes in the grants are
// resolved here.
func (s *Service) SetGrants(ctx context.Context, a domain.Actor, userID, version int64, gs []domain.Grant) (*domain.User, error) {
	var out *domain.User
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		if err := authz.Can(a, authz.UserGrantRoles, authz.User(u)); err != nil {
			return err
		}
		if err := domain.CheckGrants(gs); err != nil {
			return err
		}
		// The account as it would be: making an administrator is refused like changing one.
		if err := authz.Can(a, authz.UserGrantRoles, authz.User(&domain.User{ID: u.ID, UnitID: u.UnitID, Grants: gs})); err != nil {
			return err
		}
		if !a.System && version != u.Version {
			return domain.Conflict()
		}
		if err := s.setGrants(ctx, tx, a, u, gs); err != nil {
			return err
		}
		out, err = tx.User(ctx, userID)
		return err
	})
	return out, err
}

func (s *Service) setGrants(ctx context.Context, tx *store.Tx, a domain.Actor, u *domain.User, gs []domain.Grant) error {
	resolved := make([]domain.Grant, 0, len(gs))
	for _, g := range gs {
		if !g.Role.Valid() {
			return domain.Invalid("role", "err.role.unknown", string(g.Role))
		}
		if g.Role.Scoped() {
			var unit *domain.Unit
			var err error
			if g.UnitID != 0 {
				unit, err = tx.Unit(ctx, g.UnitID)
			} else {
				unit, err = tx.UnitByCode(ctx, g.UnitCode)
			}
			if err != nil || !unit.Active {
				return domain.Invalid("role", "err.role.unit_missing", g.String())
			}
			g.UnitID, g.UnitCode = unit.ID, unit.Code
		} else {
			g.UnitID, g.UnitCode = 0, ""
		}
		resolved = append(resolved, g)
	}
	if err := domain.CheckGrants(resolved); err != nil {
		return err
	}
	before := u.Grants
	if err := tx.ReplaceGrants(ctx, u.ID, u.Version, resolved); err != nil {
		return err
	}
	names := func(gs []domain.Grant) []string {
		out := []string{}
		for _, g := range gs {
			out = append(out, g.String())
		}
		slices.Sort(out)
		return out
	}
	if err := record(ctx, tx, a, event{action: "user.grant_roles", entityType: "user", entityID: id(u.ID),
		changes: audit.Fields("roles", names(before), names(resolved))}); err != nil {
		return err
	}
	return releaseUnitPeople(ctx, tx, a, u.ID) // a role taken away (ORG-1)
}

// SecurityPolicy returns the policy for the security admin to edit.
func (s *Service) SecurityPolicy(ctx context.Context, a domain.Actor) (domain.PasswordPolicy, int64, error) {
	if err := authz.Can(a, authz.PolicyRead, authz.Resource{Kind: authz.KindPolicy}); err != nil {
		return domain.PasswordPolicy{}, 0, err
	}
	s.forgetPolicy()
	return s.Policy(ctx)
}

// UpdatePolicy saves a new security policy.
func (s *Service) UpdatePolicy(ctx context.Context, a domain.Actor, p domain.PasswordPolicy, version int64) error {
	err := updateSetting(ctx, s.db, a, authz.PolicyUpdate, authz.KindPolicy, settingPolicy, "policy", domain.DefaultPolicy, &p, p.Validate, version)
	s.forgetPolicy()
	return err
}
