package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// logLineMax is how many escaped bytes of one message ssh's logger writes to standard
// error: its buffers hold 1,024 bytes with the terminating NUL, and the final write keeps
// room for "\r\n".
const logLineMax = 1021

// logRawMax is how many bytes of one formatted message fit in the logger's buffer before
// escaping.
const logRawMax = 1023

// visByte is the escaped form of one byte under the rules of ssh's logger (strnvis with
// VIS_SAFE|VIS_OCTAL): printable ASCII, space, tab, newline, BEL, backspace and carriage
// return pass unchanged, a backslash is doubled, and every other byte — ESC and the other
// control bytes, DEL, and every byte from 0x80 up, whatever the locale — becomes a
// backslash and three octal digits.
func visByte(c byte) string {
	switch {
	case c == '\\':
		return `\\`
	case c >= ' ' && c < 0x7f, c == '\t', c == '\n', c == '\a', c == '\b', c == '\r':
		return string(c)
	}
	return octal(c)
}

// octal is c as a backslash and three octal digits.
func octal(c byte) string {
	return string([]byte{'\\', '0' + c>>6, '0' + c>>3&7, '0' + c&7})
}

// EscapeText escapes s for sshcfg's own text output (hosts, explain, diagnostics), which
// must stay on its line and never drive a terminal: printable UTF-8 characters and space
// pass, a backslash is doubled, and every other byte becomes a backslash and three octal
// digits as in [LogText] — every control byte (tab, newline and carriage return included),
// DEL, and the bytes of invalid UTF-8 or of unprintable characters (C1 controls,
// bidirectional overrides and other format characters).
func EscapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case s[i] == '\\':
			b.WriteString(`\\`)
		case r != utf8.RuneError && unicode.IsPrint(r):
			b.WriteString(s[i : i+n])
		default:
			for j := i; j < i+n; j++ {
				b.WriteString(octal(s[j]))
			}
		}
		i += n
	}
	return b.String()
}

// LogText renders msg as ssh's logger writes it to standard error. Each line of msg is
// one call of ssh's logger (sshcfg joins the messages of one event with "\n"): cut at a
// NUL and to the logger's buffer, escaped byte by byte as ssh's strnvis does without splitting an escape, cut again to what the
// final write keeps, and ended with "\r\n".
func LogText(msg string) string {
	var b strings.Builder
	for _, line := range strings.Split(msg, "\n") {
		line, _, _ = strings.Cut(line, "\x00") // a C string ends at NUL
		if len(line) > logRawMax {
			line = line[:logRawMax]
		}
		var esc strings.Builder
		for i := 0; i < len(line); i++ {
			v := visByte(line[i])
			if esc.Len()+len(v) > logRawMax {
				break
			}
			esc.WriteString(v)
		}
		out := esc.String()
		if len(out) > logLineMax {
			out = out[:logLineMax]
		}
		b.WriteString(out)
		b.WriteString("\r\n")
	}
	return b.String()
}
