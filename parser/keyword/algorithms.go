package keyword

// Algorithms lists the algorithm names one OpenSSH build knows, each in the build's own
// internal order (the order "ssh -Q" prints and list expansion follows), and its defaults.
type Algorithms struct {
	Ciphers []string // ssh -Q cipher
	MACs    []string // ssh -Q mac
	Kex     []string // ssh -Q kex
	Keys    []string // ssh -Q key-sig: key types, certificates and signature-only names
	Sigs    []string // ssh -Q sig: signature algorithms (CASignatureAlgorithms)

	DefaultCiphers  []string
	DefaultMACs     []string
	DefaultKex      []string
	DefaultHostKeys []string // HostKeyAlgorithms
	DefaultKeys     []string // PubkeyAcceptedAlgorithms and HostbasedAcceptedAlgorithms
	DefaultSigs     []string // CASignatureAlgorithms
}

// Algorithms returns the algorithm lists of the dialect's OpenSSH build.
func (d Dialect) Algorithms() *Algorithms {
	switch {
	case d.Debian:
		return &debian92Algorithms
	case d.Version.AtLeast("10.0"):
		return &upstream105Algorithms
	default:
		return &upstream92Algorithms
	}
}
