package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// action is the part of action.yml the tests look at.
type action struct {
	Name   string
	Inputs map[string]struct {
		Required bool
		Default  string
	}
	Runs struct {
		Using string
		Steps []struct {
			ID   string
			If   string
			Uses string
			Run  string
			With map[string]string
			Env  map[string]string
		}
	}
}

// TestActionYAML checks the GitHub Action: a composite action that installs sshcfg at the
// requested version, runs lint with SARIF output using flags lint has, and uploads it;
// inputs reach scripts only through the environment (no ${{ }} inside run:, which would
// let an input inject shell code).
func TestActionYAML(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" || !a.Inputs["files"].Required || a.Inputs["version"].Default == "" {
		t.Errorf("want a composite action with a required files input and a version: %+v", a)
	}
	var installs, lints, uploads bool
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script; pass it through env", s.Run)
		}
		if strings.Contains(s.Run, `CGO_ENABLED=0 go install "github.com/sshcfg/sshcfg/cmd/sshcfg@${SSHCFG_VERSION}"`) && s.Env["SSHCFG_VERSION"] == "${{ inputs.version }}" {
			installs = true
		}
		if strings.Contains(s.Run, `sshcfg lint --format sarif --output "$SARIF" --fail-level "$FAIL_LEVEL" $FILES`) &&
			s.Env["SARIF"] == "${{ inputs.sarif-file }}" && s.Env["FILES"] == "${{ inputs.files }}" {
			lints = true
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") && s.With["sarif_file"] == "${{ inputs.sarif-file }}" {
			uploads = true
		}
	}
	if !installs || !lints || !uploads {
		t.Errorf("install %v, lint %v, upload %v: want all three steps", installs, lints, uploads)
	}
	lint := lintCmd(&globals{})
	for _, f := range []string{"format", "output", "fail-level"} {
		if lint.Flags().Lookup(f) == nil {
			t.Errorf("the action uses --%s, which lint does not have", f)
		}
	}
}

// TestPreCommitHooks checks .pre-commit-hooks.yaml: the sshcfg-lint hook, built with Go,
// running sshcfg lint on files named like ssh client configuration and nothing else.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Name, Entry, Language, Files string
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "sshcfg-lint" || hooks[0].Language != "golang" || hooks[0].Entry != "sshcfg lint" {
		t.Fatalf("got %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files) // pre-commit uses Python's re.search; this pattern means the same in both
	for name, want := range map[string]bool{
		"ssh_config": true, "etc/ssh/ssh_config": true, "etc/ssh/ssh_config.d/10-corp.conf": true,
		".ssh/config": true, "home/me/.ssh/config": true, "dotfiles/.ssh/config.d/work": true, "work.ssh_config": true,
		"config": false, "README.md": false, "sshd_config": false, "lint/config.go": false, ".ssh/config.bak/x": false,
	} {
		if files.MatchString(name) != want {
			t.Errorf("files pattern on %q: got %v, want %v", name, !want, want)
		}
	}
	if _, errOut, code := sshcfg(t, "", append(strings.Fields(hooks[0].Entry)[1:], "--help")...); code != 0 {
		t.Errorf("entry %q is not a command: %s", hooks[0].Entry, errOut)
	}
}
