package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseFormatIdentity(t *testing.T) {
	for _, in := range []string{
		"",
		"only a comment\nno newline",
		"-- a --\n",
		"comment\n-- a --\nx\n-- b --\ny", // last section without a newline
		"--   spaced   --\r\nnot a marker\n-- a --\nx\r\n",
		"-- a --\n-- a --\ntwice\n",
		"-- a --\n--  --\n-- b\n--b --\n",
	} {
		if got := Parse([]byte(in)).Format(); string(got) != in {
			t.Errorf("Format(Parse(%q)) = %q", in, got)
		}
	}
	paths, _ := filepath.Glob("../../testdata/*/*.txtar")
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := Parse(raw).Format(); !bytes.Equal(got, raw) {
			t.Errorf("%s: Format(Parse) is not the file", p)
		}
	}
}

func TestParseSections(t *testing.T) {
	a := Parse([]byte("note\n-- a --\nx\n-- b  --\n\n-- c --"))
	if string(a.Comment) != "note\n" {
		t.Errorf("comment %q", a.Comment)
	}
	var names, datas []string
	for _, f := range a.Files {
		names, datas = append(names, f.Name), append(datas, string(f.Data))
	}
	if !reflect.DeepEqual(names, []string{"a", "b", "c"}) || !reflect.DeepEqual(datas, []string{"x\n", "\n", ""}) {
		t.Errorf("sections %q %q", names, datas)
	}
}

func TestSet(t *testing.T) {
	a := Parse([]byte("-- a --\nx\n-- b --\ny"))
	a.Set("a", []byte("new\n"))
	a.Set("c", []byte("z"))
	if got, want := string(a.Format()), "-- a --\nnew\n-- b --\ny\n-- c --\nz"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if d, ok := a.Get("c"); !ok || string(d) != "z" {
		t.Errorf("Get(c) = %q, %v", d, ok)
	}
	if _, ok := a.Get("d"); ok {
		t.Errorf("Get(d) found a section")
	}
}

func TestWriteLeavesUnchangedFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.txtar")
	in := "c\n--  a  --\nx\n-- b --\ny"
	if err := os.WriteFile(p, []byte(in), 0o444); err != nil {
		t.Fatal(err)
	}
	a, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	a.Set("b", []byte("y"))
	if err := a.Write(); err != nil { // read-only: any write would fail
		t.Fatalf("unchanged archive written: %v", err)
	}
}

func TestMarkers(t *testing.T) {
	data := "Host a\n  #@diag(bad-port)\n\t#@at( arg , \"x, y\" ,`z)`)  \n  Port x\r\n#@end()\n"
	ms, err := Markers([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []Marker{
		{Name: "diag", Args: []string{"bad-port"}, Line: 2, Offset: 7, TargetLine: 4, Target: 55},
		{Name: "at", Args: []string{"arg", "x, y", "z)"}, Line: 3, Offset: 26, TargetLine: 4, Target: 55},
		{Name: "end", Line: 5, Offset: 65, TargetLine: 6, Target: len(data)},
	}
	if !reflect.DeepEqual(ms, want) {
		t.Errorf("got  %+v\nwant %+v", ms, want)
	}
	for _, bad := range []string{"#@diag\n", "#@(x)\n", "#@d(x\n", "#@d(x) y\n", "#@d(\"x)\n", "#@d(x y\"z\")\n", "# @ok(no marker) \n#@d(a,)\n"} {
		if _, err := Markers([]byte(bad)); err == nil {
			t.Errorf("Markers(%q) accepted a malformed marker", bad)
		}
	}
	if ms, err := Markers([]byte("# @x(y)\nHost #@x(y)\n")); err != nil || len(ms) != 0 {
		t.Errorf("not markers: got %v, %v", ms, err)
	}
}

func TestWriteRefusesWhatWouldNotReadBack(t *testing.T) {
	dir := t.TempDir()
	for i, set := range []func(*Archive){
		func(a *Archive) { a.Set("b", []byte("z")) },                 // the last section may lack a newline
		func(a *Archive) { a.Set("a", []byte("no newline")) },        // not one followed by another
		func(a *Archive) { a.Set("b", []byte("-- c --\nhidden\n")) }, // a marker in the data
	} {
		p := filepath.Join(dir, "x.txtar")
		if err := os.WriteFile(p, []byte("-- a --\nx\n-- b --\ny"), 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		set(a)
		err = a.Write()
		if (err == nil) != (i == 0) {
			t.Errorf("case %d: Write error %v", i, err)
		}
	}
}
