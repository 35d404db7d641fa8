package resolve

// systemNames is glibc's name service switch, read without cgo (see nss).
var systemNames nameService = systemNSS

// systemNSS is the host's name service switch.
var systemNSS = &nss{passwdFile: "/etc/passwd", nsswitchFile: "/etc/nsswitch.conf", getent: "getent"}
