// Command peers compares sshcfg with other Go ssh_config libraries. Its benchmarks
// (peers_test.go) time kevinburke/ssh_config against sshcfg in-process; the command
// prints, as Markdown, where kevinburke/ssh_config's answers differ from `ssh -G` on the
// generated configs. It is a module of its own, so that sshcfg never depends on the
// libraries it is compared with.
//
//	go run . [-hosts N] [-samples K]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/kevinburke/ssh_config"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// keys are the keywords compared, as ssh -G names them; multi-valued ones are compared as
// the whole list.
var keys = []struct {
	name  string
	multi bool
}{
	{"user", false}, {"hostname", false}, {"port", false}, {"proxyjump", false},
	{"identityfile", true}, {"localforward", true}, {"forwardagent", false},
	{"stricthostkeychecking", false}, {"serveraliveinterval", false},
	{"userknownhostsfile", false}, {"controlpath", false},
}

func main() {
	hosts := flag.Int("hosts", 10_000, "hosts in the generated fleet")
	samples := flag.Int("samples", 50, "hosts compared besides the fleet's named samples")
	flag.Parse()
	if err := run(*hosts, *samples); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

func run(n, samples int) error {
	work, err := os.MkdirTemp("", "peers")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	home, err := os.UserHomeDir()
	if err != nil {
		return err
	}

	// the config of record: one file, no Match
	record := filepath.Join(work, "record.conf")
	if err := os.WriteFile(record, gencfg.Config(5000), 0o644); err != nil {
		return err
	}
	var recordHosts []string
	for i := 0; i < 5000; i += 5000 / samples {
		recordHosts = append(recordHosts, fmt.Sprintf("host%d", i))
	}
	recordHosts = append(recordHosts, "host4999.example.com", "db.group7.example", "unknown.example")

	// the fleet as generated, and a copy without the Match blocks kevinburke cannot read
	fleet := gencfg.FleetConfig(n, filepath.Join(work, "fleet"))
	if err := fleet.Write(); err != nil {
		return err
	}
	stripped := gencfg.FleetConfig(n, filepath.Join(work, "stripped"))
	for i := range stripped.Files {
		stripped.Files[i].Src = withoutMatch(stripped.Files[i].Src)
	}
	if err := stripped.Write(); err != nil {
		return err
	}
	h := fleet.Hosts
	fleetHosts := append(sampleHosts(fleet, samples), h.Plain, h.Bastion, h.Negated, h.Matched, h.Admin, h.FQDN, h.Unknown)

	fmt.Printf("kevinburke/ssh_config %s against `ssh -G`, key by key: an answer agrees when it is ssh's after expanding a leading `~/`, dropping the brackets of `[host]:port` and reading yes/no as true/false; absent when Get (with the library's Default) gives nothing.\n\n", version())
	fmt.Printf("On the %s-host fleet as generated (%d files): ", thousands(n), len(fleet.Files))
	if _, err := decodeFile(fleet.Main()); err != nil {
		fmt.Printf("**decoding fails**: %s. It answers nothing for any host.\n\n", oneLine(err.Error()))
	} else {
		fmt.Print("it decodes.\n\n")
	}
	table := func(title, sshConfig, kbConfig string, hosts []string) error {
		cfg, err := decodeFile(kbConfig)
		if err != nil {
			fmt.Printf("%s: decoding fails: %s\n\n", title, oneLine(err.Error()))
			return nil
		}
		fmt.Printf("%s, %d hosts:\n\n| Keyword | agrees | differs | absent | example (host: ssh -G → kevinburke) |\n|---|---|---|---|---|\n", title, len(hosts))
		want := map[string]map[string][]string{}
		for _, host := range hosts {
			if want[host], err = sshG(sshConfig, host); err != nil {
				return err
			}
		}
		for _, k := range keys {
			var agree, differ, absent int
			example := ""
			for _, host := range hosts {
				w := strings.Join(want[host][k.name], " ")
				var got string
				if k.multi {
					all, _ := cfg.GetAll(host, k.name)
					got = strings.Join(all, " ")
				} else {
					got, _ = cfg.Get(host, k.name)
				}
				if got == "" {
					got = ssh_config.Default(k.name)
				}
				switch {
				case normalise(got, home) == normalise(w, home):
					agree++
					continue
				case got == "":
					absent++
				default:
					differ++
				}
				if example == "" {
					example = fmt.Sprintf("%s: `%s` → `%s`", host, w, got)
				}
			}
			fmt.Printf("| %s | %d | %d | %d | %s |\n", k.name, agree, differ, absent, example)
		}
		fmt.Println()
		return nil
	}
	if err := table("The 5,000-host config of record (`bench/gen 5000`: one file, no Match)", record, record, recordHosts); err != nil {
		return err
	}
	return table(fmt.Sprintf("The %s-host fleet with its Match blocks removed for kevinburke (ssh -G reads the fleet as generated)", thousands(n)),
		fleet.Main(), stripped.Main(), fleetHosts)
}

// decodeFile decodes a config file with kevinburke/ssh_config (which reads its Includes
// itself).
func decodeFile(path string) (*ssh_config.Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ssh_config.Decode(f)
}

// sshG runs ssh -G and returns its answers, each keyword's values in order.
func sshG(config, host string) (map[string][]string, error) {
	cmd := exec.Command("ssh", "-G", "-F", config, host)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("ssh -G %s: %v: %s", host, err, stderr.String())
	}
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		m[k] = append(m[k], v)
	}
	return m, nil
}

// normalise makes the spellings of one answer that mean the same compare equal.
func normalise(v, home string) string {
	var words []string
	for _, w := range strings.Fields(v) {
		w = strings.NewReplacer("[", "", "]", "").Replace(w) // [host]:port is host:port
		if rest, ok := strings.CutPrefix(w, "~/"); ok {
			w = home + "/" + rest
		}
		switch strings.ToLower(w) {
		case "yes", "true":
			w = "true"
		case "no", "false":
			w = "false"
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// withoutMatch drops every Match block: its header and the lines up to the next Host.
func withoutMatch(src []byte) []byte {
	var b bytes.Buffer
	in := false
	for line := range strings.Lines(string(src)) {
		word, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch strings.ToLower(word) {
		case "match":
			in = true
		case "host":
			in = false
		}
		if !in {
			b.WriteString(line)
		}
	}
	return b.Bytes()
}

// sampleHosts returns k of the fleet's concrete host names, evenly spread.
func sampleHosts(f gencfg.Fleet, k int) []string {
	var all []string
	for _, file := range f.Files[1:] {
		for line := range strings.Lines(string(file.Src)) {
			if name, ok := strings.CutPrefix(line, "Host "); ok {
				first, _, _ := strings.Cut(strings.TrimSpace(name), " ")
				if !strings.ContainsAny(first, "*?!") {
					all = append(all, first)
				}
			}
		}
	}
	var out []string
	for i := 0; i < k && len(all) > 0; i++ {
		out = append(out, all[i*len(all)/k])
	}
	return out
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// oneLine returns the first line of s.
func oneLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// version is the kevinburke/ssh_config version this command was built with.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == "github.com/kevinburke/ssh_config" {
				return m.Version
			}
		}
	}
	return "(version unknown)"
}
