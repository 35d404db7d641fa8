package lint

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/safefile"
)

// FileFix is the safe fixes of one file applied to its text.
type FileFix struct {
	// Path is the file.
	Path string
	// Before is the text the linter read; After is it with the fixes applied.
	Before, After []byte
	// Fixes are the fixes applied, in file order.
	Fixes []diag.Fix
}

// SafeFixes returns, for every file with findings that carry a safe fix (diag.Fix.Safe),
// the file's text with those fixes applied. A fix is applied whole or not at all: one
// whose edits overlap an edit already taken (two findings offering the same repair, or
// competing ones) is left for the next run, which sees the fixed text. Files are in the
// order the run read them.
func SafeFixes(res *Result) ([]FileFix, error) {
	byFile := map[string][]diag.Fix{}
	for _, d := range res.Findings {
		for _, f := range d.Fixes {
			if f.Safe && len(f.Edits) > 0 {
				byFile[d.File] = append(byFile[d.File], f)
			}
		}
	}
	var out []FileFix
	for _, file := range res.Files {
		fixes := byFile[file.Path]
		if len(fixes) == 0 || file.Tree.Partial {
			continue
		}
		ff := FileFix{Path: file.Path, Before: file.Tree.Src}
		var taken []diag.Edit
		for _, f := range fixes {
			if overlapsAny(f.Edits, taken) {
				continue
			}
			taken = append(taken, f.Edits...)
			ff.Fixes = append(ff.Fixes, f)
		}
		after, err := diag.Apply(ff.Before, taken)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file.Path, err)
		}
		ff.After = after
		out = append(out, ff)
	}
	return out, nil
}

// overlapsAny reports whether an edit of a overlaps one of b. Two insertions at the same
// offset overlap too: their order would be a guess.
func overlapsAny(a, b []diag.Edit) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Span.Start < y.Span.End && y.Span.Start < x.Span.End || x.Span.Start == y.Span.Start {
				return true
			}
		}
	}
	return false
}

// Write replaces the file with After, atomically and keeping its owner and mode (see
// internal/safefile). It refuses, writing nothing, when the file is not a regular file,
// when it has several hard links (the other names would keep the old text), and when its
// text is no longer what the linter read or changes before the replacement.
func (ff FileFix) Write() error {
	cur, snap, err := safefile.ReadRegular(ff.Path, safefile.Limit)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, ff.Before) {
		return fmt.Errorf("%s: %w", ff.Path, safefile.ErrChanged)
	}
	if snap.Nlink > 1 {
		return fmt.Errorf("%s has %d hard links: replacing it would leave the other names with the old text; nothing written", ff.Path, snap.Nlink)
	}
	return safefile.WriteAtomic(ff.Path, ff.After, snap)
}

// PermissionFixes returns the permission changes (diag.Fix.Chmod) the findings offer,
// one per path (bits to clear merged), in the order of the findings.
func PermissionFixes(res *Result) []diag.Chmod {
	var out []diag.Chmod
	at := map[string]int{}
	for _, d := range res.Findings {
		for _, f := range d.Fixes {
			if f.Chmod == nil || f.Chmod.Clear == 0 {
				continue
			}
			if i, ok := at[f.Chmod.Path]; ok {
				out[i].Clear |= f.Chmod.Clear
				continue
			}
			at[f.Chmod.Path] = len(out)
			out = append(out, *f.Chmod)
		}
	}
	return out
}

// ApplyChmod clears c.Clear from the permission bits of the file at c.Path, following a
// symbolic link as ssh does when it judges the file. It works on the open file and
// refuses anything but a regular file. It returns the mode before and after.
func ApplyChmod(c diag.Chmod) (before, after fs.FileMode, err error) {
	f, err := os.OpenFile(c.Path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	if !fi.Mode().IsRegular() {
		return 0, 0, fmt.Errorf("%s: %w; permissions not changed", c.Path, safefile.ErrNotRegular)
	}
	before = fi.Mode().Perm()
	after = before &^ c.Clear.Perm()
	if after == before {
		return before, after, nil
	}
	return before, after, f.Chmod(after | fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
}
