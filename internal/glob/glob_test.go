package glob

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// component compiles a one-component pattern and matches name against it, the way a
// directory entry is matched.
func component(t *testing.T, pattern, name string) bool {
	t.Helper()
	pat, err := compile(quote(pattern))
	if err != nil {
		t.Fatalf("%q: %v", pattern, err)
	}
	pend := 0
	for pat[pend] != end && pat[pend] != '/' {
		pend++
	}
	return match(name, pat, 0, pend)
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		yes, no []string
	}{
		{"*", []string{"", "a", "abc", "a*b"}, nil},
		{"a*", []string{"a", "a1", "a*b"}, []string{"b", "Aa"}},
		{"*a*b*", []string{"ab", "xaxbx", "aab"}, []string{"ba", "a"}},
		{"a***b", []string{"ab", "axyb"}, []string{"a"}},
		{"?1", []string{"a1", "_1"}, []string{"1", "é1", "ab1"}}, // ? is one byte
		{"??1", []string{"é1"}, nil},
		{"[ab]*", []string{"a", "b2"}, []string{"c", "A"}},
		{"[!a]*", []string{"b", "^a", "!", "A"}, []string{"a", "a1"}},
		{"[^a]*", []string{"^x", "a1"}, []string{"b", "c"}}, // '^' is a member, not negation
		{"[]a]", []string{"]", "a"}, []string{"b"}},
		{"[!]a]", []string{"b"}, []string{"]", "a"}},
		{"[]-a]", []string{"]", "^", "a"}, []string{"b", "-"}}, // range ']'..'a'
		{"[a-]", []string{"a", "-"}, []string{"b"}},
		{"[a-c]", []string{"a", "b", "c"}, []string{"d", "A"}},
		{"[c-a]", nil, []string{"a", "b", "c"}},
		{"[a\\-c]", []string{"a", "-", "c"}, []string{"b"}},
		{"[\\]]", []string{"]"}, []string{"\\"}},
		{"[\\!a]", []string{"!", "a"}, []string{"b"}},
		{"[\xc3-\xc4]*", []string{"é", "ā"}, []string{"e"}}, // unsigned bytes
		{"[[:digit:]]*", []string{"9", "1a"}, []string{"a", "_"}},
		{"[[:alpha:]]", []string{"a", "Z"}, []string{"1", "é"}},
		{"[![:alpha:][:digit:]]", []string{"_", "-", "."}, []string{"a", "5"}},
		{"[[:upper:]_]*", []string{"A", "_x"}, []string{"a"}},
		{"[[:lower:]]", []string{"q"}, []string{"Q"}},
		{"[[:xdigit:]]", []string{"f", "F", "0"}, []string{"g"}},
		{"[[:punct:]]", []string{"!", "~", "["}, []string{"a", " "}},
		{"[[:space:][:blank:]]", []string{" ", "\t", "\v"}, []string{"x"}},
		{"[[:cntrl:]]", []string{"\x01", "\x7f"}, []string{" "}},
		{"[[:print:]]", []string{" ", "~"}, []string{"\x7f"}},
		{"[[:graph:]]", []string{"~"}, []string{" "}},
		{"[[:alnum:]]1", []string{"a", "9"}, []string{"a1"}}, // index 0 ends the pattern
		{"[[:x]", []string{"[", ":", "x"}, []string{"y"}},    // not a class: members '[', ':', 'x'
		{"\\*", []string{"*"}, []string{"a"}},
		{"a\\*b", []string{"a*b"}, []string{"axb"}},
		{"\\[x", []string{"[x"}, nil},
		{"[x", []string{"[x"}, []string{"x"}}, // unclosed: literal
		{"[x*", []string{"[x", "[xy"}, []string{"x"}},
		{"[!", []string{"[!"}, nil},
		{"[]", []string{"[]"}, nil},
		{"x\\", []string{"x\\"}, nil}, // trailing backslash is itself
		{"\\a\\?", []string{"a?"}, []string{"ab"}},
	} {
		for _, n := range tc.yes {
			if !component(t, tc.pattern, n) {
				t.Errorf("%q does not match %q", tc.pattern, n)
			}
		}
		for _, n := range tc.no {
			if component(t, tc.pattern, n) {
				t.Errorf("%q matches %q", tc.pattern, n)
			}
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		err     error
	}{
		{"[[:foo:]]", errNoMatch},
		{"[[::]]", errNoMatch},
		{"[[:digit:]", ErrUndefined},
		{"[[:digit:]x", ErrUndefined},
		{"[[:digit:]a-", ErrUndefined},
	} {
		if _, err := compile(quote(tc.pattern)); !errors.Is(err, tc.err) {
			t.Errorf("%q: error %v, want %v", tc.pattern, err, tc.err)
		}
	}
}

var tree = NewPaths([]string{
	"/d/a1", "/d/b2", "/d/A", "/d/_x", "/d/9", "/d/[x", "/d/a*b", "/d/.hidden", "/d/é1",
	"/d/sub/x", "/d/sub/.y", "/d/.dir/z", "/e/f",
})

func TestExpand(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"/d/*", []string{"/d/9", "/d/A", "/d/[x", "/d/_x", "/d/a*b", "/d/a1", "/d/b2", "/d/sub", "/d/é1"}},
		{"/d/[!a]?", []string{"/d/[x", "/d/_x", "/d/b2"}},
		{"/d/.*", []string{"/d/.", "/d/..", "/d/.dir", "/d/.hidden"}},
		{"/d/\\.h*", []string{"/d/.hidden"}},
		{"/d/[.]*", nil},
		{"/d/?hidden", nil},
		{"/d/*/x", []string{"/d/sub/x"}},
		{"/d/*/*", []string{"/d/sub/x"}},
		{"/d/.*/z", []string{"/d/.dir/z"}},
		{"/d/*/", []string{"/d/sub/"}},
		{"/d//a*", []string{"/d//a*b", "/d//a1"}},
		{"/*/f", []string{"/e/f"}},
		{"/d*", []string{"/d"}},
		{"/d/a*/", nil},
		{"/d/a1", []string{"/d/a1"}},     // no magic: existence check
		{"/d/a1/", nil},                  // a file is not a directory
		{"/d/none", nil},                 // missing
		{"/d/[x", []string{"/d/[x"}},     // unclosed bracket is literal
		{"/d/a\\*b", []string{"/d/a*b"}}, // escaped star is literal
		{"/d/sub/../a1", []string{"/d/sub/../a1"}},
		{"/d/[s/]*", nil},                               // '/' inside brackets splits the component
		{"/d/[[:alnum:]]*/x", []string{"/d/9", "/d/A"}}, // [:alnum:] ends the pattern
		{"/d/[[:foo:]]*", nil},
		{"", nil},
		{"/x*/y", nil},
	} {
		got, err := Expand(tc.pattern, tree)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Expand(%q) = %q, %v; want %q", tc.pattern, got, err, tc.want)
		}
	}
}

func TestExpandErrors(t *testing.T) {
	if _, err := Expand("/d/[[:digit:]", tree); !errors.Is(err, ErrUndefined) {
		t.Errorf("error %v, want ErrUndefined", err)
	}
	deep := strings.Repeat("/dddddddd", 454) // 4086 bytes
	fs := NewPaths([]string{deep + "/abcdefgh", deep + "/x"})
	if _, err := Expand(deep+"/*", fs); !errors.Is(err, ErrPathTooLong) {
		t.Errorf("error %v, want ErrPathTooLong", err)
	}
	// like ssh, any long entry fails, even one the pattern would not match
	if _, err := Expand(deep+"/x*", fs); !errors.Is(err, ErrPathTooLong) {
		t.Errorf("error %v, want ErrPathTooLong", err)
	}
	if got, err := Expand(deep+"/?", NewPaths([]string{deep + "/x"})); len(got) != 1 || err != nil {
		t.Errorf("short name in a deep directory: %d matches, %v", len(got), err)
	}
	long := deep + deep
	if got, err := Expand(long+long, tree); got != nil || err != nil {
		t.Errorf("pattern over PATH_MAX: %q, %v; want no match", got, err)
	}
}

func TestOS(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a1", "b2", ".hidden", "sub/x", "locked/y"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"*", []string{"a1", "b2", "dangling", "link", "locked", "sub"}},
		{"dangling", []string{"dangling"}},
		{"*/", []string{"link/", "locked/", "sub/"}},
		{"*/x", []string{"link/x", "sub/x"}},
		{".*", []string{".", "..", ".hidden"}},
	} {
		got, err := Expand(dir+"/"+tc.pattern, OS{})
		var want []string
		for _, w := range tc.want {
			want = append(want, dir+"/"+w)
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Expand(%q) = %q, %v; want %q", tc.pattern, got, err, want)
		}
	}
}

// FuzzGlobExpand checks that any pattern expands without a panic to sorted, distinct,
// existing paths, and that matching any name against it does not panic.
func FuzzGlobExpand(f *testing.F) {
	for _, seed := range []string{
		"/d/*", "/d/[!a]?", "/d/[^a]*", "/d/.*/z", "/d/[[:alnum:]]*/x", "/d/[s/]*", "/d/[x",
		"/d/[[:digit:]", "/d/a\\*b", "/d//a*", "x\\", "[]-a]", "[[:x]", "*a*b*", "/d/*/",
	} {
		f.Add(seed, "a1")
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		got, err := Expand(pattern, tree)
		if err != nil && !errors.Is(err, ErrUndefined) && !errors.Is(err, ErrPathTooLong) {
			t.Fatalf("Expand(%q): unexpected error %v", pattern, err)
		}
		for i, p := range got {
			if i > 0 && got[i-1] >= p {
				t.Fatalf("Expand(%q) = %q: not sorted and distinct", pattern, got)
			}
			if !tree.Exists(p) {
				t.Fatalf("Expand(%q) = %q: %q does not exist", pattern, got, p)
			}
		}
		if pat, err := compile(quote(pattern)); err == nil {
			pend := 0
			for pat[pend] != end && pat[pend] != '/' {
				pend++
			}
			match(name, pat, 0, pend)
		}
	})
}
