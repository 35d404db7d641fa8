package lsp

import (
	"fmt"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
)

// encoding is how a client counts the characters of a position: UTF-16 code units (the
// LSP default) or bytes (when the client offers utf-8 in general.positionEncodings).
type encoding int

const (
	utf16 encoding = iota
	utf8Bytes
)

// negotiate picks the position encoding from the client's offer: utf-8 when offered,
// since byte offsets are what sshcfg stores, else utf-16, which every client supports.
func negotiate(offered []protocol.PositionEncodingKind) encoding {
	for _, k := range offered {
		if k == protocol.PositionEncodingKindUTF8 {
			return utf8Bytes
		}
	}
	return utf16
}

// kind is the encoding's name as the server announces it.
func (e encoding) kind() protocol.PositionEncodingKind {
	if e == utf8Bytes {
		return protocol.PositionEncodingKindUTF8
	}
	return protocol.PositionEncodingKindUTF16
}

// mapper converts between byte offsets of one text and LSP positions. It is the only
// place where UTF-16 exists: everything else in sshcfg works on byte offsets.
type mapper struct {
	text  []byte
	lines *diag.LineIndex
	enc   encoding
}

// newMapper indexes text for conversions in encoding enc.
func newMapper(text []byte, enc encoding) *mapper {
	return &mapper{text: text, lines: diag.NewLineIndex(text), enc: enc}
}

// lineBounds returns the byte range of 0-based line n without its line ending ("\n" or
// "\r\n"), and false when the text has no such line.
func (m *mapper) lineBounds(n int) (start, end int, ok bool) {
	start = m.lines.LineStart(n + 1)
	if start < 0 {
		return 0, 0, false
	}
	end = len(m.text)
	if next := m.lines.LineStart(n + 2); next >= 0 {
		end = next - 1 // the '\n'
		if end > start && m.text[end-1] == '\r' {
			end--
		}
	}
	return start, end, true
}

// offset returns the byte offset of position p. As the protocol asks, a character past
// the end of its line means the end of the line; a line past the end of the text means
// the end of the text. A position inside a UTF-16 surrogate pair snaps to the start of
// the character.
func (m *mapper) offset(p protocol.Position) (int, error) {
	start, end, ok := m.lineBounds(int(p.Line))
	if !ok {
		if int(p.Line) >= m.lines.Lines() {
			return len(m.text), nil
		}
		return 0, fmt.Errorf("line %d is not in the document", p.Line)
	}
	want := int(p.Character)
	if m.enc == utf8Bytes {
		off := min(start+want, end)
		for off > start && !utf8.RuneStart(m.text[off]) {
			off--
		}
		return off, nil
	}
	units := 0
	for off := start; off < end; {
		r, size := utf8.DecodeRune(m.text[off:end])
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > want {
			return off, nil
		}
		units += w
		off += size
	}
	return end, nil
}

// position returns the LSP position of byte offset off (clamped to the text).
func (m *mapper) position(off int) protocol.Position {
	off = max(0, min(off, len(m.text)))
	p := m.lines.Position(off)
	start := m.lines.LineStart(p.Line)
	if m.enc == utf8Bytes {
		return protocol.Position{Line: uint32(p.Line - 1), Character: uint32(off - start)}
	}
	return protocol.Position{Line: uint32(p.Line - 1), Character: uint32(utf16Len(m.text[start:off]))}
}

// rng returns the LSP range of a span.
func (m *mapper) rng(s diag.Span) protocol.Range {
	return protocol.Range{Start: m.position(s.Start), End: m.position(s.End)}
}

// span returns the byte span of an LSP range.
func (m *mapper) span(r protocol.Range) (diag.Span, error) {
	start, err := m.offset(r.Start)
	if err != nil {
		return diag.Span{}, err
	}
	end, err := m.offset(r.End)
	if err != nil {
		return diag.Span{}, err
	}
	if end < start {
		return diag.Span{}, fmt.Errorf("range ends before it starts")
	}
	return diag.Span{Start: start, End: end}, nil
}

// utf16Len counts the UTF-16 code units of b; an invalid byte counts as one unit (it
// stands for U+FFFD).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		n++
		if r >= 0x10000 {
			n++
		}
		b = b[size:]
	}
	return n
}
