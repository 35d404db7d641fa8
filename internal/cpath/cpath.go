// Package cpath passes file names to system calls without allocating: package syscall
// copies every name into a new NUL-terminated byte slice, which for an Include glob of
// thousands of files is an allocation (and, in a fresh process, page faults) per file.
package cpath

import "syscall"

// Buf holds a NUL-terminated copy of a name. Declare it as a local variable: it stays on
// the stack, and names longer than it are copied to the heap as package syscall does.
type Buf [256]byte

// Of returns name as a NUL-terminated C string, in b when it fits. A name holding a NUL
// byte is EINVAL, as package syscall has it.
func (b *Buf) Of(name string) (*byte, error) {
	for i := 0; i < len(name); i++ {
		if name[i] == 0 {
			return nil, syscall.EINVAL
		}
	}
	if len(name) < len(b) {
		copy(b[:], name)
		b[len(name)] = 0
		return &b[0], nil
	}
	p := make([]byte, len(name)+1)
	copy(p, name)
	return &p[0], nil
}
