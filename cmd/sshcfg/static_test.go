package main

import (
	"debug/elf"
	"runtime"
	"testing"
)

// TestBuiltBinaryIsStatic builds sshcfg as the README says to install it (CGO_ENABLED=0,
// see buildSshcfg) and checks that the result is statically linked: no program
// interpreter and no shared library. A dynamic binary pays for the dynamic loader and
// libc's start-up on every run (about 1 ms of a `resolve`), and reaching NSS through
// cgo is what resolve/nss.go does without it.
func TestBuiltBinaryIsStatic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	bin := buildSshcfg(t, t.TempDir())
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has a program interpreter (it is dynamically linked)")
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) > 0 {
		t.Errorf("the binary needs shared libraries: %v", libs)
	}
}
