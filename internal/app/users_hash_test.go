package app_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The command line may give many new accounts one initial password hashed once (the demo's
// hundred-odd unit people); nobody else may hand the service a hash.
func TestCreateUserWithSharedPasswordHash(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		sys := app.SystemActor()
		admin := domain.Actor{UserID: 1, Username: "sysadmin", Grants: []domain.Grant{{Role: domain.RoleSysAdmin}}}
		_, err := e.svc.InitialPasswordHash(e.ctx, admin, "Xiangcheng@2026")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.InitialPasswordHash(e.ctx, sys, "short")
		wantCode(t, err, domain.EInvalid, "password")
		h, err := e.svc.InitialPasswordHash(e.ctx, sys, "Xiangcheng@2026")
		if err != nil || h == "" {
			t.Fatalf("InitialPasswordHash = %q, %v", h, err)
		}
		_, _, err = e.svc.CreateUser(e.ctx, admin, app.NewUser{Username: "forged", Name: "伪造", PasswordHash: h})
		wantCode(t, err, domain.EForbidden, "")
		for _, name := range []string{"head_a", "head_b"} {
			if _, pw, err := e.svc.CreateUser(e.ctx, sys, app.NewUser{Username: name, Name: "责任人", PasswordHash: h}); err != nil || pw != "" {
				t.Fatalf("create %s: %q, %v", name, pw, err)
			}
			res, err := e.svc.Login(e.ctx, name, "Xiangcheng@2026", "10.0.0.5", "")
			if err != nil || !res.Auth.MustChange {
				t.Fatalf("%s logs in with the shared initial password: %v", name, err)
			}
		}
		if _, err := e.svc.Login(e.ctx, "head_a", "Xiangcheng@2027", "10.0.0.5", ""); domain.ErrorCode(err) != domain.EUnauthorized {
			t.Fatalf("a wrong password: %v", err)
		}
	})
}
