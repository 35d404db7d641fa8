//go:build !linux

package resolve

// systemNames asks the C library through package os/user, which calls it even without
// cgo on macOS (so users of Directory Services are found) and reads /etc/passwd on the
// BSDs, where the password database is that file.
var systemNames nameService = libcNames{}
