package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestMapperUTF16(t *testing.T) {
	// é is 2 bytes and 1 UTF-16 unit; 🚀 is 4 bytes and 2 units (a surrogate pair).
	text := []byte("# é🚀x\r\nHost a\n\xffb\n")
	m := newMapper(text, utf16)
	for _, tc := range []struct {
		off  int
		line uint32
		char uint32
	}{
		{0, 0, 0},
		{2, 0, 2},  // é
		{4, 0, 3},  // 🚀
		{8, 0, 5},  // x
		{9, 0, 6},  // \r
		{11, 1, 0}, // Host
		{18, 2, 0}, // \xff
		{19, 2, 1}, // b (an invalid byte counts as one unit)
		{21, 3, 0}, // end
		{99, 3, 0}, // clamped
	} {
		p := m.position(tc.off)
		if p.Line != tc.line || p.Character != tc.char {
			t.Errorf("position(%d) = %d:%d, want %d:%d", tc.off, p.Line, p.Character, tc.line, tc.char)
		}
	}
	for _, tc := range []struct {
		line, char uint32
		off        int
	}{
		{0, 3, 4},  // 🚀
		{0, 4, 4},  // inside the surrogate pair: the character's start
		{0, 5, 8},  // x
		{0, 99, 9}, // past the end of the line: its end, before \r\n
		{1, 4, 15}, // "Host a": the space
		{2, 1, 19},
		{3, 0, 21},
		{9, 0, 21}, // past the last line: the end of the text
	} {
		off, err := m.offset(protocol.Position{Line: tc.line, Character: tc.char})
		if err != nil || off != tc.off {
			t.Errorf("offset(%d:%d) = %d, %v; want %d", tc.line, tc.char, off, err, tc.off)
		}
	}
}

func TestMapperUTF8(t *testing.T) {
	text := []byte("# é🚀x\nb")
	m := newMapper(text, utf8Bytes)
	if p := m.position(8); p.Line != 0 || p.Character != 8 {
		t.Errorf("position(8) = %v, want 0:8", p)
	}
	for _, tc := range []struct {
		char uint32
		off  int
	}{{3, 2}, {5, 4}, {6, 4}, {8, 8}, {50, 9}} {
		if off, _ := m.offset(protocol.Position{Line: 0, Character: tc.char}); off != tc.off {
			t.Errorf("offset(0:%d) = %d, want %d", tc.char, off, tc.off)
		}
	}
}

func TestNegotiate(t *testing.T) {
	if negotiate(nil) != utf16 || negotiate([]protocol.PositionEncodingKind{"utf-32", "utf-16"}) != utf16 {
		t.Error("utf-16 not the default")
	}
	if negotiate([]protocol.PositionEncodingKind{"utf-16", "utf-8"}) != utf8Bytes {
		t.Error("utf-8 offered but not chosen")
	}
}

// TestMapperRoundTrip checks that every rune start maps to a position and back.
func TestMapperRoundTrip(t *testing.T) {
	text := []byte("Host ä🚀\n\tUser ü\r\n# 中文\n")
	for _, enc := range []encoding{utf16, utf8Bytes} {
		m := newMapper(text, enc)
		for off := 0; off <= len(text); off++ {
			if off < len(text) && text[off]&0xC0 == 0x80 {
				continue
			}
			if text[max(off-1, 0)] == '\r' {
				continue // between \r and \n: the protocol cannot name it
			}
			back, err := m.offset(m.position(off))
			if err != nil || back != off {
				t.Errorf("enc %d: offset(position(%d)) = %d, %v", enc, off, back, err)
			}
		}
	}
}
