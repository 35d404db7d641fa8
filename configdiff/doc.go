// Package configdiff tells what a change of OpenSSH client configuration does to each
// host: it resolves every host of two versions of a configuration in the same
// environment and compares the effective settings (the ssh -G lines), option by option,
// naming the configuration line that caused each difference.
//
// A version is a [Side]: the file system it is read from and the path of its main file.
// [Dir] and [Git] build sides whose ~/.ssh is a directory on disk or a directory of a
// git revision, so that relative Includes are read from the same version.
package configdiff
