package resolve

import (
	"strings"
	"testing"
)

func TestLogTextEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, with spaces": "plain text, with spaces",
		"tab\tbel\abs\bcr\r":      "tab\tbel\abs\bcr\r", // left alone by VIS_SAFE
		"esc\x1b]0;t\a":           `esc\033]0;t` + "\a",
		`back\slash`:              `back\\slash`,
		"del\x7f c1\x9b":          `del\177 c1\233`,
		"caf\xc3\xa9":             `caf\303\251`, // every byte from 0x80 up, whatever the locale
	} {
		if got := LogText(in); got != want+"\r\n" {
			t.Errorf("LogText(%q) = %q, want %q", in, got, want+"\r\n")
		}
	}
}

func TestLogText(t *testing.T) {
	if got := LogText("a\x1b\nb\\"); got != "a\\033\r\nb\\\\\r\n" {
		t.Errorf("two lines: %q", got)
	}
	if got := LogText("cut\x00here"); got != "cut\r\n" {
		t.Errorf("NUL: %q", got)
	}
	// an escape that does not fit the 1,023-byte buffer is left out whole, then the
	// write keeps 1,021 bytes
	long := strings.Repeat("a", 1020) + "\x1b"
	if got := LogText(long); got != strings.Repeat("a", 1020)+"\r\n" {
		t.Errorf("escape at the limit: %q", got[1015:])
	}
	long = strings.Repeat("a", 1018) + "\x1b"
	if got := LogText(long); got != strings.Repeat("a", 1018)+"\\03\r\n" {
		t.Errorf("escape cut by the write: %q", got[1015:])
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"café host":                      "café host",
		"tab\tnl\ncr\rbel\a":             `tab\011nl\012cr\015bel\007`,
		"esc\x1b del\x7f":                `esc\033 del\177`,
		`back\slash`:                     `back\\slash`,
		"c1 \u009b bidi \u202e bad \xff": `c1 \302\233 bidi \342\200\256 bad \377`,
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}
