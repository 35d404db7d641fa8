package parser

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unsafe"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// The expectations for 9.2 below were checked against OpenSSH_9.2p1 Debian-2+deb12u6
// (ssh -G); those for 10.x follow the openssh-semantics notes (§8.1, §7).

func TestStrdelim(t *testing.T) {
	type word struct {
		v          string
		start, end int
	}
	for _, tc := range []struct {
		in    string
		words []word
		open  bool // the last call hits an unclosed quote
	}{
		{in: "Port 22", words: []word{{"Port", 0, 4}, {"22", 5, 7}}},
		{in: "Port=22", words: []word{{"Port", 0, 4}, {"22", 5, 7}}},
		{in: "Port = 22", words: []word{{"Port", 0, 4}, {"22", 7, 9}}},
		{in: "Port==22", words: []word{{"Port", 0, 4}, {"", 5, 5}, {"22", 6, 8}}},
		{in: "Port = = 7", words: []word{{"Port", 0, 4}, {"", 7, 7}, {"7", 9, 10}}},
		{in: "= Port 7", words: []word{{"", 0, 0}, {"Port", 2, 6}, {"7", 7, 8}}},
		{in: "Port\t\r 7", words: []word{{"Port", 0, 4}, {"7", 7, 8}}},
		{in: `Po"rt" 7`, words: []word{{"Port", 0, 6}, {"7", 7, 8}}},
		{in: `"Port"=7`, words: []word{{"Port", 0, 6}, {"", 6, 6}, {"7", 7, 8}}},
		{in: `a"b c"d e`, words: []word{{"ab c", 0, 6}, {"d", 6, 7}, {"e", 8, 9}}},
		{in: `"" x`, words: []word{{"", 0, 2}, {"x", 3, 4}}},
		{in: `Po"rt 7`, open: true},
		{in: "Port\f22", words: []word{{"Port\f22", 0, 7}}},
		{in: "", words: []word{{"", 0, 0}}},
	} {
		pos := 0
		var got []word
		open := false
		for pos >= 0 {
			tok, ok := strdelim(tc.in, &pos, true)
			if !ok {
				open = true
				break
			}
			got = append(got, word{tok.Value, tok.Raw.Start, tok.Raw.End})
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.words) || open != tc.open {
			t.Errorf("strdelim(%q) = %v open=%t, want %v open=%t", tc.in, got, open, tc.words, tc.open)
		}
	}
}

func TestSplitArgs(t *testing.T) {
	for _, tc := range []struct {
		in      string
		args    []string
		comment string
		ok      bool
	}{
		{in: "a b\tc", args: []string{"a", "b", "c"}, ok: true},
		{in: "  a  ", args: []string{"a"}, ok: true},
		{in: `"a b" 'c d'`, args: []string{"a b", "c d"}, ok: true},
		{in: `a"b c"d`, args: []string{"ab cd"}, ok: true},
		{in: `'it''s'`, args: []string{"its"}, ok: true},
		{in: `""`, args: []string{""}, ok: true},
		{in: `""x""`, args: []string{"x"}, ok: true},
		{in: `a\ b`, args: []string{"a b"}, ok: true},
		{in: `"a\ b"`, args: []string{`a\ b`}, ok: true},
		{in: `a\\b a\"b a\'b a\xb`, args: []string{`a\b`, `a"b`, `a'b`, `a\xb`}, ok: true},
		{in: `trailing\`, args: []string{`trailing\`}, ok: true},
		{in: `"it's" 'say "hi"'`, args: []string{"it's", `say "hi"`}, ok: true},
		{in: "22 # comment", args: []string{"22"}, comment: "# comment", ok: true},
		{in: "22\t#c", args: []string{"22"}, comment: "#c", ok: true},
		{in: "22#c", args: []string{"22#c"}, ok: true},
		{in: `"#x" y`, args: []string{"#x", "y"}, ok: true},
		{in: "# all comment", comment: "# all comment", ok: true},
		{in: "7\rUser", args: []string{"7\rUser"}, ok: true},
		{in: `"open`, ok: false},
		{in: `'a\'`, ok: false},
		{in: `a "b`, args: []string{"a"}, ok: false},
	} {
		var buf []byte
		args, comment, ok := splitArgs(tc.in, 0, nil, &buf)
		var got []string
		for _, a := range args {
			got = append(got, a.Value)
			if a.Span().Start < 0 || a.Span().End > len(tc.in) || a.Span().Start >= a.Span().End {
				t.Errorf("splitArgs(%q): bad span %v", tc.in, a.Span())
			}
		}
		gotComment := tc.in[comment.Start:comment.End]
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.args) || gotComment != tc.comment || ok != tc.ok {
			t.Errorf("splitArgs(%q) = %q, comment %q, ok %t; want %q, %q, %t", tc.in, got, gotComment, ok, tc.args, tc.comment, tc.ok)
		}
	}
}

func TestSplitArgsOffset(t *testing.T) {
	line := "Host a 'b c'"
	var buf []byte
	args, _, ok := splitArgs(line, 5, nil, &buf)
	want := []Arg{{Value: "a", start: 5, end: 6}, {Value: "b c", start: 7, end: 12}}
	if !ok || fmt.Sprint(args) != fmt.Sprint(want) {
		t.Errorf("splitArgs from 5 = %v, want %v", args, want)
	}
}

func TestConvTime(t *testing.T) {
	const bad = -1
	for _, tc := range []struct {
		in       string
		v92, v10 int
	}{
		{"0", 0, 0},
		{"90", 90, 90},
		{"1h30m", 5400, 5400},
		{"1h30", 3630, 3630},
		{"1H", 3600, 3600},
		{"2w", 1209600, 1209600},
		{"1d", 86400, 86400},
		{"1h1h", 7200, 7200},
		{"00010", 10, 10},
		{"1s2s", 3, bad}, // 10.x: the seconds unit at most once
		{"+5", 5, bad},   // 10.x: digits only
		{" 5", 5, bad},
		{"-0", 0, bad},
		{"1m+5", 65, bad},
		{"1.5", bad, 1}, // 10.x truncates fractional seconds
		{"1.5s", bad, 1},
		{"1.5m", bad, bad},
		{"-5", bad, bad},
		{"5x", bad, bad},
		{"", bad, bad},
		{"m", bad, bad},
		{"1hh", bad, bad},
		{"1m-5", bad, bad},
		{"0x10", bad, bad},
		{"5 ", bad, bad},
		{"2147483647", math.MaxInt32, math.MaxInt32},
		{"2147483648", bad, bad},
		{"35791394m", 2147483640, 2147483640},
		{"35791395m", bad, bad},
		{"99999999999999999999", bad, bad},
	} {
		for _, c := range []struct {
			dia  keyword.Dialect
			want int
		}{{keyword.Debian92, tc.v92}, {keyword.Upstream105, tc.v10}} {
			got, ok := ConvTime(tc.in, c.dia)
			if !ok {
				got = bad
			}
			if got != c.want {
				t.Errorf("ConvTime(%q, %s) = %d, want %d", tc.in, c.dia.Version, got, c.want)
			}
		}
	}
}

func TestParseForward(t *testing.T) {
	port := (&decoder{services: DefaultServices}).port
	for _, tc := range []struct {
		spec            string
		dynamic, remote bool
		want            string // "" for invalid
	}{
		{spec: "8080:localhost:80", want: ":8080 -> localhost:80"},
		{spec: "127.0.0.1:8080:localhost:80", want: "127.0.0.1:8080 -> localhost:80 (bind)"},
		{spec: "[::1]:8080:[::2]:80", want: "::1:8080 -> ::2:80 (bind)"},
		{spec: "*:8080:h:80", want: "*:8080 -> h:80 (bind)"},
		{spec: ":8080:h:80", want: ":8080 -> h:80 (bind)"},
		{spec: " 8080:h:80", want: ":8080 -> h:80"},
		{spec: "8080:h:80:", want: ":8080 -> h:80"}, // an empty last field ends the list
		{spec: "/tmp/l.sock:/tmp/r.sock", want: "/tmp/l.sock -> /tmp/r.sock"},
		{spec: "8080:/tmp/r.sock", want: ":8080 -> /tmp/r.sock"},
		{spec: "/tmp/l.sock:h:80", want: "/tmp/l.sock -> h:80"},
		{spec: "h:8080:/tmp/r.sock", want: "h:8080 -> /tmp/r.sock (bind)"},
		{spec: `8080:h\:x:80`, want: ":8080 -> h:x:80"},
		{spec: `8080:h\/x:80`, want: ":8080 -> h/x:80"},
		{spec: "ssh:h:http", want: ":22 -> h:80"},
		{spec: "ssh://u@h:2:\\", want: ":22 -> //u@h:2"}, // a lone trailing backslash field vanishes
		{spec: "8080:h:22\\"},
		{spec: "8080:h"},
		{spec: "0:h:80"},
		{spec: "0:h:80", remote: true, want: ":0 -> h:80"},
		{spec: "8080:h:0"},
		{spec: "8080:h:99999"},
		{spec: "[8080:h:80"},
		{spec: "[::1]x:8080:h:80"},
		{spec: "8080:h:80:1:2"},
		{spec: "1080", dynamic: true, want: ":1080 -> socks:0"},
		{spec: "127.0.0.1:1080", dynamic: true, want: "127.0.0.1:1080 -> socks:0 (bind)"},
		{spec: "[::1]:1080", dynamic: true, want: "::1:1080 -> socks:0 (bind)"},
		{spec: "/tmp/s", dynamic: true, want: "/tmp/s -> socks:0"},
		{spec: "1080:\\", dynamic: true, want: ":1080 -> socks:0"},
		{spec: "1080:x:y", dynamic: true},
		{spec: "0", dynamic: true},
		{spec: "0", dynamic: true, remote: true, want: ":0 -> socks:0"},
		{spec: "70000", dynamic: true},
	} {
		f, ok := ParseForward(tc.spec, tc.dynamic, tc.remote, port)
		got := ""
		if ok {
			got = describeForward(f)
		}
		if got != tc.want {
			t.Errorf("ParseForward(%q, dynamic=%t, remote=%t) = %q, want %q", tc.spec, tc.dynamic, tc.remote, got, tc.want)
		}
	}
}

// describeForward renders a Forward compactly: listen -> connect, and "(bind)" when a
// listen host was given (HasListenHost).
func describeForward(f Forward) string {
	side := func(host string, port int, path string) string {
		if port == PortStreamLocal {
			return path
		}
		return fmt.Sprintf("%s:%d", host, port)
	}
	s := side(f.ListenHost, f.ListenPort, f.ListenPath) + " -> " + side(f.ConnectHost, f.ConnectPort, f.ConnectPath)
	if f.HasListenHost {
		s += " (bind)"
	}
	return s
}

func TestParseJump(t *testing.T) {
	for _, tc := range []struct {
		in   string
		dia  keyword.Dialect
		want string // user@host:port extra=… raw=…, "none", or "" for invalid
	}{
		{in: "none", want: "none"},
		{in: "NONE", want: "none"},
		{in: "none # c", want: `@none:-1 extra="" raw="none"`}, // compared before the comment goes
		{in: "u@h:22", want: `u@h:22 extra="" raw="u@h:22"`},
		{in: "h1,u@h2:2222", want: `u@h2:2222 extra="h1" raw="h1,u@h2:2222"`},
		{in: "a@b@c", want: `a@b@c:-1 extra="" raw="a@b@c"`}, // the user ends at the last @
		{in: "h:ssh", want: `@h:22 extra="" raw="h:ssh"`},
		{in: "h:", want: `@h:-1 extra="" raw="h:"`},
		{in: "[::1]:22", want: `@::1:22 extra="" raw="[::1]:22"`},
		{in: "host#comment", want: `@host:-1 extra="" raw="host"`},
		{in: "u@a b:22", want: `u@a:-1 extra="" raw="u@a"`}, // 9.x cuts at the first blank
		{in: "u@a b:22", dia: keyword.Upstream105, want: `u@a b:22 extra="" raw="u@a b:22"`},
		{in: "ssh://u@h:2222", want: `u@h:2222 extra="" raw="ssh://u@h:2222"`},
		{in: "ssh://a+b@h", want: `a b@h:-1 extra="" raw="ssh://a+b@h"`},
		{in: "ssh://a%40x@h", want: `a@x@h:-1 extra="" raw="ssh://a%40x@h"`},
		{in: "ssh://a%00b@h", dia: keyword.Debian92u6, want: `a@h:-1 extra="" raw="ssh://a%00b@h"`},
		{in: "ssh://a%00b@h"}, // deb12u10 and 10.1 refuse an encoded NUL
		{in: "ssh://u;fp=x@h", want: `u@h:-1 extra="" raw="ssh://u;fp=x@h"`},
		{in: "ssh://h.:22/", want: `@h:22 extra="" raw="ssh://h.:22/"`},
		{in: "ssh://[h]/", want: `@h:-1 extra="" raw="ssh://[h]/"`},
		{in: "ssh://h:", want: `@h:-1 extra="" raw="ssh://h:"`},
		{in: "ssh://[::1]:22"},
		{in: "ssh://_h"},
		{in: "ssh://h..x"},
		{in: "ssh://h:22/x"},
		{in: "ssh://h:/"},
		{in: "ssh://@h"},
		{in: "ssh://a%2@h"},
		{in: "SSH://h"},
		{in: "@h"},
		{in: "u@"},
		{in: "h:0"},
		{in: "h:abc"},
		{in: "a,,b"},
		{in: ",h"},
		{in: "h,"},
		{in: "jump/22"},
		{in: "# only a comment"},
	} {
		dia := tc.dia
		if dia.Version.Major == 0 {
			dia = keyword.Debian92
		}
		j, ok := ParseJump(tc.in, dia)
		got := ""
		switch {
		case ok && j.None:
			got = "none"
		case ok:
			got = fmt.Sprintf("%s@%s:%d extra=%q raw=%q", j.User, j.Host, j.Port, j.Extra, j.Raw)
		}
		if got != tc.want {
			t.Errorf("ParseJump(%q, %s) = %s, want %s", tc.in, dia.Version, got, tc.want)
		}
	}
}

func TestScanScaled(t *testing.T) {
	for _, tc := range []struct {
		in    string
		v     int64
		errno string
	}{
		{"0", 0, ""}, {"16", 16, ""}, {"1K", 1024, ""}, {"1k", 1024, ""}, {"1.5K", 1536, ""},
		{".5K", 512, ""}, {"1.K", 1024, ""}, {"0.1K", 102, ""}, {"1.5", 1, ""}, {"-0", 0, ""},
		{"1G", 1 << 30, ""}, {"1T", 1 << 40, ""}, {"7E", 7 << 60, ""}, {" 1K", 1024, ""},
		{"1K ", 1024, ""}, {"1K!", 1024, ""}, {"-16", -16, ""},
		{"abc", 0, "Invalid argument"}, {"1X", 0, "Invalid argument"}, {"1KB", 0, "Invalid argument"},
		{"1..5K", 0, "Invalid argument"}, {"0x10", 0, "Invalid argument"}, {"1e3", 0, "Invalid argument"},
		{"+-16", 0, "Invalid argument"}, {"16 ", 0, "Invalid argument"},
		{"8E", 0, "Numerical result out of range"}, {"16E", 0, "Numerical result out of range"},
		{"99999999999999999999", 0, "Numerical result out of range"},
	} {
		v, errno := scanScaled(tc.in)
		if v != tc.v || errno != tc.errno {
			t.Errorf("scanScaled(%q) = %d, %q; want %d, %q", tc.in, v, errno, tc.v, tc.errno)
		}
	}
}

func TestCStrtol(t *testing.T) {
	for _, tc := range []struct {
		in       string
		base     int
		n        int64
		end      int
		overflow bool
	}{
		{"10", 10, 10, 2, false}, {" +7x", 10, 7, 3, false}, {"-0", 10, 0, 2, false},
		{"x", 10, 0, 0, false}, {"", 10, 0, 0, false}, {"-", 10, 0, 0, false},
		{"0x1f", 0, 31, 4, false}, {"0X1F", 16, 31, 4, false}, {"0x", 0, 0, 1, false},
		{"0xg", 16, 0, 1, false}, {"010", 0, 8, 3, false}, {"08", 0, 0, 1, false},
		{"0777x", 8, 511, 4, false}, {"0b1", 0, 0, 1, false}, {"1_0", 0, 1, 1, false},
		{"9223372036854775807", 10, math.MaxInt64, 19, false},
		{"9223372036854775808", 10, math.MaxInt64, 19, true},
		{"-9223372036854775808", 10, math.MinInt64, 20, false},
		{"-9223372036854775809", 10, math.MinInt64, 20, true},
	} {
		n, end, overflow := cStrtol(tc.in, tc.base)
		if n != tc.n || end != tc.end || overflow != tc.overflow {
			t.Errorf("cStrtol(%q, %d) = %d, %d, %t; want %d, %d, %t", tc.in, tc.base, n, end, overflow, tc.n, tc.end, tc.overflow)
		}
	}
}

func TestStrtonum(t *testing.T) {
	for _, tc := range []struct {
		in  string
		n   int64
		err string
	}{
		{"22", 22, ""}, {"+02290", 2290, ""}, {"0", 0, ""}, {"65535", 65535, ""},
		{"65536", 0, "too large"}, {"-1", 0, "too small"}, {"0x16", 0, "invalid"},
		{"22 ", 0, "invalid"}, {"", 0, "invalid"}, {"abc", 0, "invalid"},
		{"99999999999999999999", 0, "too large"}, {"-99999999999999999999", 0, "too small"},
	} {
		n, err := strtonum(tc.in, 0, 65535)
		if n != tc.n || err != tc.err {
			t.Errorf("strtonum(%q) = %d, %q; want %d, %q", tc.in, n, err, tc.n, tc.err)
		}
	}
}

func TestURLDecode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"abc", "abc", true}, {"a+b", "a b", true}, {"a%40b", "a@b", true}, {"a%00b", "a", true},
		{"a/b", "a/b", true}, {"a%2", "", false}, {"a%zz", "", false}, {"%", "", false},
	} {
		got, ok := urlDecode(tc.in, false)
		if got != tc.want || ok != tc.ok {
			t.Errorf("urlDecode(%q) = %q, %t; want %q, %t", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := urlDecode("a%00b", true); ok {
		t.Error("OpenSSH 10.1 and deb12u10 refuse an encoded NUL")
	}
}

func TestValueSuggestions(t *testing.T) {
	f := Parse("c", []byte("StrictHostKeyChecking acept-new\nLogLevel verbos\nPort abc\n"), Options{})
	var got []string
	for _, d := range f.Diags {
		fix := ""
		if len(d.Fixes) == 1 && len(d.Fixes[0].Edits) == 1 {
			e := d.Fixes[0].Edits[0]
			fix = string(f.Src[e.Span.Start:e.Span.End]) + "->" + e.New
		}
		got = append(got, fix)
	}
	if want := []string{"acept-new->accept-new", "verbos->VERBOSE", ""}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fixes %q, want %q", got, want)
	}
}

// TestLineSize keeps the tree small: a tree is mostly its Lines (one per line of the
// file) and their arguments, so a field added to either costs its size on every line.
// Few lines have diagnostics or an unknown keyword: those go to lineExtra.
func TestLineSize(t *testing.T) {
	if n := unsafe.Sizeof(Line{}); n > 48 {
		t.Errorf("a Line takes %d bytes, more than 48", n)
	}
	if n := unsafe.Sizeof(Arg{}); n > 24 {
		t.Errorf("an Arg takes %d bytes, more than 24", n)
	}
}

// TestLongLineSpans checks KeySpan and Rest on a line whose keyword and rest lie more than
// 64 KiB from its start, which a Line cannot hold in itself.
func TestLongLineSpans(t *testing.T) {
	pad := strings.Repeat(" ", 70000)
	src := "Port 1\n" + pad + "User" + pad + "someone\n"
	f := Parse("f", []byte(src), Options{})
	l := f.Blocks[0].Lines[1]
	key := diag.Span{Start: 7 + 70000, End: 7 + 70004}
	rest := diag.Span{Start: key.End + 70000, End: len(src) - 1}
	if l.KeySpan() != key || l.Rest() != rest || l.Value != "someone" {
		t.Errorf("KeySpan %v Rest %v Value %v, want %v %v someone", l.KeySpan(), l.Rest(), l.Value, key, rest)
	}
	if p := f.Blocks[0].Lines[0]; p.KeySpan() != (diag.Span{Start: 0, End: 4}) || p.Rest() != (diag.Span{Start: 5, End: 6}) {
		t.Errorf("short line: KeySpan %v Rest %v", p.KeySpan(), p.Rest())
	}
}

// TestSpansBeyondAByte checks KeySpan, Rest, Args and Value on lines whose distances do
// not fit the byte a Line keeps for each (indentation, keyword, separator, trailing
// blanks of 256 bytes or more), alone and with a diagnostic, so that the spans and the
// arguments share the lineExtra.
func TestSpansBeyondAByte(t *testing.T) {
	pad := strings.Repeat(" ", 300)
	for _, tc := range []struct{ lead, key, sep, value, trail string }{
		{pad, "User", " ", "bob", ""},
		{"", "User", pad, "bob", ""},
		{"", "User", " ", "bob", pad},
		{"  ", "User", " ", "bob", "\r"},
		{pad, "Port", " ", "nope", pad}, // an error: diagnostics and spans in one lineExtra
		{"", strings.Repeat("x", 300), " ", "v", ""},
	} {
		src := "Host a\n" + tc.lead + tc.key + tc.sep + tc.value + tc.trail + "\n"
		f := Parse("f", []byte(src), Options{})
		l := f.Blocks[1].Lines[0]
		start := len("Host a\n")
		key := diag.Span{Start: start + len(tc.lead), End: start + len(tc.lead) + len(tc.key)}
		rest := diag.Span{Start: key.End + len(tc.sep), End: key.End + len(tc.sep) + len(tc.value)}
		if l.KeySpan() != key || l.Rest() != rest || l.Span() != (diag.Span{Start: start, End: len(src)}) {
			t.Errorf("%q: KeySpan %v Rest %v Span %v, want %v %v", src, l.KeySpan(), l.Rest(), l.Span(), key, rest)
		}
		if len(l.Args()) != 1 || l.Args()[0].Value != tc.value || l.Args()[0].Span() != rest {
			t.Errorf("%q: Args %+v", src, l.Args())
		}
		if l.HasError() != (l.Value == nil) || !strings.EqualFold(l.Name(), tc.key) {
			t.Errorf("%q: HasError %v Value %v Name %q", src, l.HasError(), l.Value, l.Name())
		}
		if string(f.Bytes()) != src {
			t.Errorf("%q: printed %q", src, f.Bytes())
		}
	}
}

// TestManyArguments checks a line of more arguments than a Line counts in itself
// (65,535): they are held in its lineExtra.
func TestManyArguments(t *testing.T) {
	const n = 70000
	src := "SendEnv" + strings.Repeat(" A", n) + "\n"
	for _, opts := range []Options{{}, {Keep: func(*Line) bool { return true }}} {
		f := Parse("f", []byte(src), opts)
		l := f.Blocks[0].Lines[0]
		if list, ok := l.Value.([]string); len(l.Args()) != n || !ok || len(list) != n || l.Args()[n-1].Span().End != len(src)-1 {
			t.Errorf("Keep %v: %d arguments, value of %d words", opts.Keep != nil, len(l.Args()), len(list))
		}
	}
}
