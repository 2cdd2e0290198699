package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// multi is a repeatable flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// readPassword reads one line from stdin, without echo on a terminal.
func readPassword(stdin io.Reader, stderr io.Writer, prompt string) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// explain renders a domain error in Chinese for the terminal.
func explain(err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Code != domain.EInternal {
		msg := i18n.T(i18n.ZH, e.Message, e.Args...)
		if e.Field != "" {
			return fmt.Errorf("%s: %s", e.Field, msg)
		}
		return errors.New(msg)
	}
	return err
}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	subs := []string{"add", "passwd", "roles", "unlock", "disable", "enable", "list"}
	if len(args) == 0 || !slices.Contains(subs, args[0]) {
		return usageError{"usage: archgov user " + strings.Join(subs, "|")}
	}
	sub, rest := args[0], args[1:]
	var c Config
	fs := flags("user "+sub, &c)
	var username, name, unit, phone string
	var roles multi
	if sub != "list" {
		fs.StringVar(&username, "username", "", "login name")
	}
	if sub == "roles" {
		fs.Var(&roles, "role", "role or role:UNITCODE (repeatable): the account's roles from now on")
	}
	if sub == "add" {
		fs.StringVar(&name, "name", "", "person's name (姓名)")
		fs.StringVar(&unit, "unit", "", "code of the person's unit")
		fs.StringVar(&phone, "phone", "", "phone number")
		fs.Var(&roles, "role", "role or role:UNITCODE (repeatable)")
	}
	if err := parse(fs, rest, stderr); err != nil {
		return err
	}
	if sub != "list" && username == "" {
		return usageError{"user " + sub + ": --username is required"}
	}
	if sub == "roles" && len(roles) == 0 {
		return usageError{"user roles: give at least one --role (to take every role away, disable the account)"}
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := app.SystemActor()
	var u *domain.User // the account the subcommand changes
	if sub != "add" && sub != "list" {
		if u, err = db.Read().UserByUsername(ctx, username); err != nil {
			return explain(err)
		}
	}
	switch sub {
	case "add":
		gs, err := parseGrants(roles)
		if err != nil {
			return err
		}
		n := app.NewUser{Username: username, Name: name, Phone: phone, Grants: gs}
		if unit != "" {
			u, err := db.Read().UnitByCode(ctx, unit)
			if err != nil {
				return fmt.Errorf("unit %q: %w", unit, explain(err))
			}
			n.UnitID = u.ID
		}
		if n.Password, err = readPassword(stdin, stderr, "password: "); err != nil {
			return err
		}
		u, _, err := svc.CreateUser(ctx, sys, n)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "created user %s (id %d); the password must be changed at first login\n", u.Username, u.ID)
	case "passwd":
		pw, err := readPassword(stdin, stderr, "new password: ")
		if err != nil {
			return err
		}
		if _, err := svc.ResetPassword(ctx, sys, u.ID, pw); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "password of %s set; it must be changed at next login, and the account is unlocked\n", username)
	case "roles":
		// Administrator roles are granted and revoked here only (三权分立): the security admin
		// may not change an administrator's roles on the web.
		gs, err := parseGrants(roles)
		if err != nil {
			return err
		}
		if _, err := svc.SetGrants(ctx, sys, u.ID, 0, gs); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "roles of %s set to %s\n", username, strings.Join(roles, ","))
	case "unlock":
		if err := svc.Unlock(ctx, sys, u.ID); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "user %s unlocked\n", username)
	case "disable", "enable":
		if _, err := svc.SetUserDisabled(ctx, sys, u.ID, 0, sub == "disable"); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "user %s %sd\n", username, sub)
	case "list":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tUNIT\tROLES\tSTATE")
		var after int64
		for {
			p, err := svc.Users(ctx, sys, store.UserFilter{After: after, Limit: 200})
			if err != nil {
				return err
			}
			for _, u := range p.Items {
				state := "active"
				if u.Disabled {
					state = "disabled"
				} else if u.MustChange {
					state = "must-change-password"
				}
				var rs []string
				for _, g := range u.Grants {
					rs = append(rs, g.String())
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Name, u.UnitName, strings.Join(rs, ","), state)
			}
			if p.NextCursor == 0 {
				break
			}
			after = p.NextCursor
		}
		tw.Flush()
	}
	return nil
}

func cmdToken(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "revoke") {
		return usageError{"usage: archgov token create|revoke"}
	}
	sub := args[0]
	var c Config
	fs := flags("token "+sub, &c)
	var username, name, value string
	var ttl time.Duration
	var id int64
	fs.StringVar(&username, "username", "", "the token's user")
	if sub == "create" {
		fs.DurationVar(&ttl, "ttl", 720*time.Hour, "lifetime")
		fs.StringVar(&name, "name", "cli", "a name to recognise the token by")
	} else {
		fs.Int64Var(&id, "id", 0, "token id (with --username)")
		fs.StringVar(&value, "token", "", "the token itself")
	}
	if err := parse(fs, args[1:], stderr); err != nil {
		return err
	}
	if sub == "create" && username == "" {
		return usageError{"token create: --username is required"}
	}
	if sub == "revoke" && value == "" && (username == "" || id == 0) {
		return usageError{"token revoke: give --token, or --username and --id"}
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if sub == "create" {
		tok, _, err := svc.CreateToken(ctx, app.SystemActor(), username, name, ttl)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintln(stdout, tok)
		return nil
	}
	if err := svc.RevokeToken(ctx, app.SystemActor(), username, id, value); err != nil {
		return explain(err)
	}
	fmt.Fprintln(stdout, "token revoked")
	return nil
}

// parseGrants reads the --role values of user add and user roles.
func parseGrants(roles []string) ([]domain.Grant, error) {
	var gs []domain.Grant
	for _, r := range roles {
		g, err := domain.ParseGrant(r)
		if err != nil {
			return nil, explain(err)
		}
		gs = append(gs, g)
	}
	return gs, nil
}
