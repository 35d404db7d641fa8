//go:build dragonfly || freebsd || netbsd

package session

// rawIflagOff are the input flags raw mode clears beyond every Unix's: none here.
const rawIflagOff = 0

// ttyFlagsOfOS are the mode flags ssh sends that not every Unix has: none here.
var ttyFlagsOfOS []ttyFlag
