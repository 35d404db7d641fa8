package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
)

// SARIF's schema and the places sshcfg's documentation lives.
const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	informationURI = "https://github.com/sshcfg/sshcfg"
	rulesDocURI    = informationURI + "/blob/main/docs/rules.md"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	SemanticVersion string      `json:"semanticVersion"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           *sarifProperties   `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifProperties struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// SARIF writes the findings as a SARIF 2.1.0 log that GitHub code scanning accepts: one
// run whose driver lists every lint rule and every parser or resolver code that occurs
// (with help from the rules' docs and security-severity for security rules), and one
// result per finding with an explicit level, its location (columns in Unicode code
// points, artifact URIs relative to fs.Dir when under it), related locations and a
// primaryLocationLineHash fingerprint that survives the line moving.
func SARIF(w io.Writer, fs Findings) error {
	var entries []entry
	index := map[string]int{}
	add := func(e entry) {
		if _, ok := index[e.Code.Slug]; !ok {
			index[e.Code.Slug] = len(entries)
			entries = append(entries, e)
		}
	}
	for _, r := range lint.Rules() {
		add(ruleEntry(r))
	}
	for _, d := range fs.List {
		if e, ok := lookupEntry(d.Code); ok {
			add(e)
		}
	}
	rules := make([]sarifRule, len(entries))
	for i, e := range entries {
		rules[i] = e.sarif()
	}
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "sshcfg", SemanticVersion: Version, InformationURI: informationURI, Rules: rules}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	occurrences := map[string]int{}
	for _, d := range fs.List {
		i, known := index[d.Code]
		if !known {
			continue // every emitted code is registered; an unknown one has no rule to cite
		}
		res := sarifResult{RuleID: entries[i].Code.ID, RuleIndex: i, Level: levelOf(d), Message: sarifText{Text: d.Message}}
		res.Locations = []sarifLocation{fs.sarifLocation(d.File, d.Span)}
		for j, rel := range d.Related {
			loc := fs.sarifLocation(rel.File, rel.Span)
			id := j + 1
			loc.ID, loc.Message = &id, &sarifText{Text: rel.Message}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		if hash, ok := fs.lineHash(d, res.RuleID); ok {
			occurrences[d.File+"\x00"+hash]++
			res.PartialFingerprints = map[string]string{"primaryLocationLineHash": hash + ":" + strconv.Itoa(occurrences[d.File+"\x00"+hash])}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifLocation is the physical location of span in file; the region is left out when
// the file is unknown.
func (fs Findings) sarifLocation(file string, span diag.Span) sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fs.uri(file)}}}
	r := fs.rangeOf(file, span)
	if r.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{
			StartLine: r.Line, StartColumn: fs.runeColumn(file, r.Line, r.Col),
			EndLine: r.EndLine, EndColumn: fs.runeColumn(file, r.EndLine, r.EndCol),
		}
	}
	return loc
}

// runeColumn turns a byte column of line n into a column counted in code points.
func (fs Findings) runeColumn(file string, n, col int) int {
	text, _, ok := fs.line(file, n)
	if !ok || col-1 > len(text) {
		return col
	}
	return utf8.RuneCountInString(text[:col-1]) + 1
}

// uri is the artifact URI of a file: relative to fs.Dir when the file is inside it, a
// file: URI otherwise.
func (fs Findings) uri(file string) string {
	if !filepath.IsAbs(file) {
		return (&url.URL{Path: filepath.ToSlash(file)}).String()
	}
	if fs.Dir != "" {
		if rel, err := filepath.Rel(fs.Dir, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return (&url.URL{Path: filepath.ToSlash(rel)}).String()
		}
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
}

// lineHash hashes the rule id and the finding's line with its blanks trimmed, so the
// fingerprint follows the line when lines above it are added or removed.
func (fs Findings) lineHash(d diag.Diagnostic, id string) (string, bool) {
	r := fs.rangeOf(d.File, d.Span)
	text, _, ok := fs.line(d.File, r.Line)
	if !ok {
		return "", false
	}
	sum := sha256.Sum256([]byte(id + "\x00" + strings.TrimSpace(text)))
	return hex.EncodeToString(sum[:8]), true
}

// sarif returns the reporting descriptor of an entry.
func (e entry) sarif() sarifRule {
	r := sarifRule{
		ID: e.Code.ID, Name: e.Code.Slug,
		ShortDescription:     sarifText{Text: e.title()},
		FullDescription:      sarifText{Text: e.Code.Doc},
		Help:                 sarifHelp{Text: e.helpText(), Markdown: e.markdown(false)},
		HelpURI:              rulesDocURI + "#" + e.anchor(),
		DefaultConfiguration: sarifConfiguration{Level: lint.LevelOf(e.Code.Severity).String()},
	}
	if e.Rule != nil && e.Rule.SecuritySeverity != "" {
		r.Properties = &sarifProperties{Tags: []string{"security"}, SecuritySeverity: e.Rule.SecuritySeverity}
	}
	return r
}
