package resolve

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// FatalError is an error after which ssh exits with status 255 and prints nothing on
// standard output. Msg follows ssh's wording. Plain marks messages ssh writes with
// fprintf (usage and option errors) rather than through its logger, which ends every
// line with "\r\n".
type FatalError struct {
	Msg   string
	Plain bool
	// Before are the messages ssh printed before it failed (bad lines, warnings).
	Before []Message
	// Early says ssh failed while reading its arguments, before -E or -y took effect.
	Early bool
}

func (e *FatalError) Error() string { return e.Msg }

func fatalf(format string, a ...any) *FatalError { return &FatalError{Msg: fmt.Sprintf(format, a...)} }

// plainf is fatalf for messages ssh prints with fprintf.
func plainf(format string, a ...any) *FatalError {
	return &FatalError{Msg: fmt.Sprintf(format, a...), Plain: true}
}

// tokens maps %-token letters to their values for one expansion.
type tokens map[byte]string

// percentExpand replaces %x tokens in s; %% is a literal percent. An unknown token or a
// lone trailing % is fatal, as in OpenSSH.
func percentExpand(s string, t tokens) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	return percentDollarExpand(s, t, nil)
}

// percentDollarExpand expands ${VAR} references and %-tokens in one left-to-right pass,
// like ssh's percent_dollar_expand: what one expansion inserts is not expanded again.
// With getenv nil, ${VAR} is left alone.
func percentDollarExpand(s string, t tokens, getenv func(string) (string, bool)) (string, error) {
	caller := "percent_expand" // how ssh names the failing function
	if getenv != nil {
		caller = "percent_dollar_expand"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if getenv != nil && s[i] == '$' && i+1 < len(s) && s[i+1] == '{' {
			j := strings.IndexByte(s[i+2:], '}')
			if j < 0 {
				return "", fatalf("vdollar_percent_expand: environment variable '%s' missing closing '}'\n%s: failed", s[i+2:], caller)
			}
			if j == 0 {
				return "", fatalf("vdollar_percent_expand: zero-length environment variable\n%s: failed", caller)
			}
			name := s[i+2 : i+2+j]
			v, ok := getenv(name)
			if !ok {
				return "", &missingVarError{name: name}
			}
			b.WriteString(v)
			i += 2 + j
			continue
		}
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		i++
		if i >= len(s) {
			return "", fatalf("vdollar_percent_expand: invalid format\n%s: failed", caller)
		}
		if s[i] == '%' {
			b.WriteByte('%')
			continue
		}
		v, ok := t[s[i]]
		if !ok {
			return "", fatalf("vdollar_percent_expand: unknown key %%%c\n%s: failed", s[i], caller)
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// missingVarError is a ${NAME} reference to an unset variable. Most callers make it
// fatal (asFatal); Include in OpenSSH 9.9+ only warns and skips the argument.
type missingVarError struct{ name string }

func (e *missingVarError) Error() string {
	return fmt.Sprintf("vdollar_percent_expand: env var ${%s} has no value", e.name)
}

// asFatal turns a missing variable into ssh's fatal error; other errors pass through.
func asFatal(err error) error {
	var mv *missingVarError
	if errors.As(err, &mv) {
		return fatalf("%s\ninvalid environment variable expansion", mv.Error())
	}
	return err
}

// dollarExpand replaces ${NAME} references with environment values. An unset variable,
// an empty name or a missing '}' is an error.
func dollarExpand(s string, getenv func(string) (string, bool)) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i+2:], '}')
		if j < 0 {
			return "", fatalf("dollar_expand: no closing '}'")
		}
		name := s[i+2 : i+2+j]
		if name == "" {
			return "", fatalf("dollar_expand: bad variable name")
		}
		v, ok := getenv(name)
		if !ok {
			return "", &missingVarError{name: name}
		}
		b.WriteString(v)
		s = s[i+2+j+1:]
	}
}

// tildeExpand expands a leading ~ or ~user with password-database homes.
func (e *Env) tildeExpand(s string) (string, error) {
	if !strings.HasPrefix(s, "~") {
		return s, nil
	}
	rest := s[1:]
	name, tail, hasSlash := strings.Cut(rest, "/")
	home := e.User.Home
	if name != "" {
		u, ok := User{}, false
		if e.LookupUser != nil {
			u, ok = e.LookupUser(name)
		}
		if !ok {
			return "", fatalf("tilde_expand: No such user %s", name)
		}
		home = u.Home
	}
	if !hasSlash {
		tail = ""
	}
	tail = strings.TrimLeft(tail, "/")
	if strings.HasSuffix(home, "/") {
		return home + tail, nil
	}
	return home + "/" + tail, nil
}

// connectionHash computes %C: the SHA-1 of %l%h%p%r (and %j from OpenSSH 9.6).
func connectionHash(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// shortHost is the local host name up to its first dot (%L).
func shortHost(h string) string {
	if i := strings.IndexByte(h, '.'); i >= 0 {
		return h[:i]
	}
	return h
}
