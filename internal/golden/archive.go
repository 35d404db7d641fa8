package golden

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// Archive is one txtar archive: a free-text comment followed by named sections.
type Archive struct {
	Path    string // the file it was read from ("" when parsed from memory)
	Comment []byte // the text before the first section marker
	Files   []File // the sections, in file order

	raw []byte // the bytes read, to skip rewriting an unchanged archive
}

// File is one `-- name --` section of an archive.
type File struct {
	Name string
	Data []byte

	marker string // the marker line as read, newline included; "" for a new section
}

// Parse splits a txtar archive into its comment and sections. A marker is a line
// "-- name --" (the name trimmed of blanks); a section's data runs from the line after
// its marker to the next marker or the end of the archive, byte for byte.
func Parse(data []byte) *Archive {
	a := &Archive{raw: data}
	start := -1
	var name, marker string
	for off := 0; off < len(data); {
		line := data[off:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl+1]
		}
		if n, ok := markerName(line); ok {
			if start < 0 {
				a.Comment = data[:off]
			} else {
				a.Files = append(a.Files, File{Name: name, Data: data[start:off], marker: marker})
			}
			name, marker, start = n, string(line), off+len(line)
		}
		off += len(line)
	}
	if start < 0 {
		a.Comment = data
	} else {
		a.Files = append(a.Files, File{Name: name, Data: data[start:], marker: marker})
	}
	return a
}

// markerName returns the name of a marker line ("-- name --", newline optional) and
// whether line is one.
func markerName(line []byte) (string, bool) {
	l := string(bytes.TrimSuffix(line, []byte("\n")))
	if !strings.HasPrefix(l, "-- ") || !strings.HasSuffix(l, " --") || len(l) < len("-- x --") {
		return "", false
	}
	name := strings.TrimSpace(l[3 : len(l)-3])
	return name, name != ""
}

// Read reads and parses the archive at path.
func Read(path string) (*Archive, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a := Parse(data)
	a.Path = path
	return a, nil
}

// Format returns the archive as bytes. Sections read by Parse and left unchanged come
// back byte for byte, marker lines included, so Parse followed by Format is the
// identity. A comment or section followed by a marker gets a final newline if it lacks
// one (the marker must start a line); the last section is written as it is.
func (a *Archive) Format() []byte {
	var b bytes.Buffer
	b.Write(a.Comment)
	for _, f := range a.Files {
		if b.Len() > 0 && b.Bytes()[b.Len()-1] != '\n' {
			b.WriteByte('\n')
		}
		if f.marker != "" {
			b.WriteString(f.marker)
		} else {
			b.WriteString("-- " + f.Name + " --\n")
		}
		b.Write(f.Data)
	}
	return b.Bytes()
}

// Get returns the data of the first section named name and whether there is one.
func (a *Archive) Get(name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// Set gives the first section named name the data data, in place, or appends a new
// section at the end when there is none.
func (a *Archive) Set(name string, data []byte) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, File{Name: name, Data: data})
}

// Write writes the archive back to its Path, unless its bytes are those it was read
// from (an unchanged archive leaves its file untouched). It refuses to write an archive
// that would not read back as it is: a section without a final newline followed by
// another, or data holding a marker line.
func (a *Archive) Write() error {
	out := a.Format()
	if a.raw != nil && bytes.Equal(out, a.raw) {
		return nil
	}
	if err := a.readsBack(out); err != nil {
		return fmt.Errorf("%s: %v", a.Path, err)
	}
	if err := os.WriteFile(a.Path, out, 0o644); err != nil {
		return err
	}
	a.raw = out
	return nil
}

// readsBack checks that out, the archive formatted, parses to the same comment and
// sections.
func (a *Archive) readsBack(out []byte) error {
	b := Parse(out)
	if !bytes.Equal(a.Comment, b.Comment) || len(a.Files) != len(b.Files) {
		return fmt.Errorf("the comment or a section would not read back as it is (it holds a marker line, or lacks a final newline)")
	}
	for i, f := range a.Files {
		if f.Name != b.Files[i].Name || !bytes.Equal(f.Data, b.Files[i].Data) {
			return fmt.Errorf("section -- %s -- would not read back as it is (it holds a marker line, or lacks a final newline before the next section)", f.Name)
		}
	}
	return nil
}
