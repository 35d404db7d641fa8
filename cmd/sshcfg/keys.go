package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/lint/report"
	"github.com/sshcfg/sshcfg/resolve"
)

func keysCmd(g *globals) *cobra.Command {
	var format, output, failLevel, asOf string
	var disable []string
	cmd := &cobra.Command{
		Use:   "keys [DIR]",
		Short: "Audit the keys in ~/.ssh: type, size, encryption, comment, fingerprint",
		Long: "keys reads every key file in DIR (default ~/.ssh) — private keys, public keys,\n" +
			"certificates — and every line of its authorized_keys and known_hosts files, lists each\n" +
			"key with its type, size, encryption, comment and SHA256 fingerprint, and reports what\n" +
			"lint's key and permission rules find. It never needs or asks for a passphrase. Exit\n" +
			"status as lint's: 0 no finding at or above --fail-level, 1 findings, 2 bad usage or an\n" +
			"unreadable DIR, 3 an internal error.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			render, ok := report.Formats[format]
			if !ok {
				return fmt.Errorf("unknown --format %q (want %s)", format, strings.Join(report.FormatNames(), ", "))
			}
			min, err := lint.ParseLevel(failLevel)
			if err != nil {
				return err
			}
			now, err := parseAsOf(asOf)
			if err != nil {
				return err
			}
			if now.IsZero() {
				now = time.Now()
			}
			env := g.env(false)
			dir := filepath.Join(env.User.Home, ".ssh")
			if len(args) == 1 {
				dir = args[0]
			}
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				if err == nil {
					err = fmt.Errorf("%s: not a directory", dir)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg keys: %s\n", resolve.EscapeText(err.Error()))
				return &exitError{exitLintInput}
			}
			audit, err := lint.AuditKeys(env, dir, now, disable)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg keys: %v\n", err)
				return &exitError{exitLintInternal}
			}
			// With --output the report is rendered in memory, then written, never over
			// a file the audit read.
			var rendered bytes.Buffer
			out := cmd.OutOrStdout()
			if output != "" {
				out = &rendered
			}
			findings := report.Findings{List: audit.Findings, Files: map[string]report.Source{}}
			for path, src := range audit.Sources {
				findings.Files[path] = report.Source{Src: src, Index: diag.NewLineIndex(src)}
			}
			switch format {
			case "text":
				err = keysText(out, audit, findings, render)
			case "json":
				err = keysJSON(out, audit, findings, render)
			default: // the CI formats carry findings only
				err = render(out, findings)
			}
			if err != nil {
				return err
			}
			if output != "" {
				if err := writeOutput(output, rendered.Bytes(), auditedFiles(audit)); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg keys: %s\n", resolve.EscapeText(err.Error()))
					return &exitError{exitLintInput}
				}
			}
			if audit.Failed(min) {
				return &exitError{exitLintFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(report.FormatNames(), ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the report to `FILE` instead of standard output")
	cmd.Flags().StringVar(&failLevel, "fail-level", "warning", "lowest level that makes the exit status 1: note, warning or error")
	cmd.Flags().StringVar(&asOf, "as-of", "", "judge certificate validity and dated advice as on `DATE` (YYYY-MM-DD) instead of today")
	cmd.Flags().StringSliceVar(&disable, "disable", nil, "rule ids or slugs not to run")
	return cmd
}

// auditedFiles returns the files a key audit read.
func auditedFiles(audit *lint.KeyAudit) []string {
	var out []string
	for _, k := range audit.Keys {
		out = append(out, k.Path)
	}
	for path := range audit.Sources {
		out = append(out, path)
	}
	return out
}

// keyJSON is the JSON form of one audited key.
type keyJSON struct {
	File        string   `json:"file"`
	Line        int      `json:"line,omitempty"`
	Kind        string   `json:"kind,omitempty"`
	Format      string   `json:"format,omitempty"`
	Type        string   `json:"type,omitempty"`
	Bits        int      `json:"bits,omitempty"`
	Encrypted   bool     `json:"encrypted,omitempty"`
	Cipher      string   `json:"cipher,omitempty"`
	KDF         string   `json:"kdf,omitempty"`
	Rounds      int      `json:"rounds,omitempty"`
	Comment     string   `json:"comment,omitempty"`
	Fingerprint string   `json:"fingerprint,omitempty"`
	Hosts       []string `json:"hosts,omitempty"`
	Marker      string   `json:"marker,omitempty"`
	CertType    string   `json:"certType,omitempty"`
	Principals  []string `json:"principals,omitempty"`
	ValidAfter  uint64   `json:"validAfter,omitempty"`
	ValidBefore uint64   `json:"validBefore,omitempty"`
	Error       string   `json:"error,omitempty"`
}

// toJSON describes a key report.
func toJSON(k lint.KeyReport) keyJSON {
	j := keyJSON{File: k.Path, Line: k.Line, Hosts: k.Hosts, Marker: k.Marker}
	if k.Err != nil {
		j.Error = k.Err.Error()
	}
	if key := k.Key; key != nil {
		j.Kind, j.Format, j.Type, j.Bits = key.Kind.String(), string(key.Format), key.Type, key.Bits
		j.Encrypted, j.Cipher, j.KDF, j.Rounds = key.Encrypted, key.Cipher, key.KDF, key.Rounds
		j.Comment, j.Fingerprint = key.Comment, key.Fingerprint()
		if c := key.Cert; c != nil {
			j.CertType = map[uint32]string{1: "user", 2: "host"}[c.CertType]
			j.Principals, j.ValidAfter, j.ValidBefore = c.ValidPrincipals, c.ValidAfter, c.ValidBefore
		}
	}
	return j
}

// keysJSON writes {"keys": [...], "findings": [...]}, the findings in lint's JSON form.
func keysJSON(w io.Writer, audit *lint.KeyAudit, findings report.Findings, render func(io.Writer, report.Findings) error) error {
	var fb bytes.Buffer
	if err := render(&fb, findings); err != nil {
		return err
	}
	list := make([]keyJSON, 0, len(audit.Keys))
	for _, k := range audit.Keys {
		list = append(list, toJSON(k))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Keys     []keyJSON       `json:"keys"`
		Findings json.RawMessage `json:"findings"`
	}{list, fb.Bytes()})
}

// keysText writes one line per key, then the findings in lint's text form. Paths and
// comments are escaped: a key's comment is not to reach a terminal raw.
func keysText(w io.Writer, audit *lint.KeyAudit, findings report.Findings, render func(io.Writer, report.Findings) error) error {
	for _, k := range audit.Keys {
		j := toJSON(k)
		where := j.File
		if j.Line > 0 {
			where = fmt.Sprintf("%s:%d", where, j.Line)
		}
		var desc string
		switch {
		case j.Error != "":
			desc = "unreadable: " + j.Error
		default:
			desc = j.Kind
			if j.CertType != "" {
				desc = j.CertType + " " + desc
			}
			if j.Type != "" {
				desc += " " + j.Type
			}
			if j.Bits > 0 {
				desc += fmt.Sprintf(" %d", j.Bits)
			}
			if j.Kind == "private key" {
				if j.Encrypted {
					desc += " encrypted"
				} else {
					desc += " unencrypted"
				}
			}
			if j.Fingerprint != "" {
				desc += " " + j.Fingerprint
			}
			if j.Marker != "" {
				desc += " @" + j.Marker
			}
			if j.Comment != "" {
				desc += " (" + j.Comment + ")"
			}
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n", resolve.EscapeText(where), resolve.EscapeText(desc)); err != nil {
			return err
		}
	}
	return render(w, findings)
}
