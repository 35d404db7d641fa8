package resolve

import (
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Typed views of the model for the consumers that act on it (connect, lint): ports as
// ints, durations, assembled algorithm lists, forwards, jump hops and enums as named
// constants. Each reads Get or List; none recomputes what the resolver decided.

// Port is the port ssh connects to (22 unless configured).
func (r *Result) Port() int {
	if s, ok := r.Get(keyword.Port); ok {
		if p, ok := s.Value.(int); ok && p > 0 {
			return p
		}
	}
	return 22
}

// User is the remote user name ssh logs in as.
func (r *Result) User() string {
	if s, ok := r.Get(keyword.User); ok {
		if u, ok := s.Value.(string); ok {
			return u
		}
	}
	return ""
}

// String returns the value of a keyword that holds one string (a path, a command, an
// algorithm list, a name); ok is false when unset or "none".
func (r *Result) String(id keyword.ID) (string, bool) {
	s, ok := r.Get(id)
	if !ok {
		return "", false
	}
	v, ok := s.Value.(string)
	return v, ok
}

// Strings returns the value of a keyword that holds a list on one line (CanonicalDomains,
// UserKnownHostsFile, SetEnv, …); nil when unset.
func (r *Result) Strings(id keyword.ID) []string {
	if s, ok := r.Get(id); ok {
		if v, ok := s.Value.([]string); ok {
			return v
		}
	}
	return nil
}

// Int returns the number stored for a flag, enum or integer keyword: for flags 1 is yes and
// 0 is no; enums hold OpenSSH's constant (see the named types below). ok is false when
// unset.
func (r *Result) Int(id keyword.ID) (int, bool) {
	if s, ok := r.Get(id); ok {
		if v, ok := s.Value.(int); ok {
			return v, true
		}
	}
	return 0, false
}

// Flag reports whether a yes/no keyword is on.
func (r *Result) Flag(id keyword.ID) bool {
	v, _ := r.Int(id)
	return v != 0
}

// Duration returns a time keyword (ConnectTimeout, ServerAliveInterval,
// ForwardX11Timeout, …) as a duration; ok is false when it is unset or "none", which ssh
// treats as no limit.
func (r *Result) Duration(id keyword.ID) (time.Duration, bool) {
	k := id.Keyword()
	if k == nil || k.Kind != keyword.KindTime {
		return 0, false
	}
	v, ok := r.Int(id)
	if !ok || v < 0 {
		return 0, false
	}
	return time.Duration(v) * time.Second, true
}

// Algorithms returns an algorithm list (Ciphers, MACs, KexAlgorithms, HostKeyAlgorithms,
// PubkeyAcceptedAlgorithms, HostbasedAcceptedAlgorithms, CASignatureAlgorithms) after
// ssh's + - ^ assembly against the dialect's defaults, in preference order.
func (r *Result) Algorithms(id keyword.ID) []string {
	if id == keyword.HostKeyAlgorithms { // assembled when printed, as ssh does
		algs := r.dialect.Algorithms()
		v, _ := r.String(id)
		list, ok := assembleList(v, algs.DefaultHostKeys, algs.Keys)
		if !ok {
			return nil
		}
		return strings.Split(list, ",")
	}
	v, ok := r.String(id)
	if !ok || v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// AlgorithmsWritten returns an algorithm list (Ciphers, MACs, KexAlgorithms,
// HostKeyAlgorithms, …) as the assignment that took effect wrote it, quotes removed and
// before ssh assembles it against the defaults ("+aes256-cbc", "-*-sha1"): what the user
// named, which Algorithms cannot tell. ok is false when the list is the default.
func (r *Result) AlgorithmsWritten(id keyword.ID) (list string, ok bool) {
	for _, w := range r.written {
		if w.id == id {
			return w.list, true
		}
	}
	// lists ssh assembles only when it uses them (HostKeyAlgorithms) keep the written value
	if s, set := r.Get(id); set && s.Source.Kind != FromDefault {
		v, _ := s.Value.(string)
		return v, true
	}
	return "", false
}

// Forwards returns the LocalForward, RemoteForward or DynamicForward specifications ssh
// sets up, in order.
func (r *Result) Forwards(id keyword.ID) []parser.Forward {
	var out []parser.Forward
	for _, e := range r.List(id).Kept {
		out = append(out, e.Value.(parser.Forward))
	}
	return out
}

// Hop is one jump host of a ProxyJump chain. Port is 0 when not given (ssh then uses the
// configuration for that host, or 22).
type Hop struct {
	User, Host string
	Port       int
}

// ProxyJump returns the jump hosts in the order ssh connects through them (the first hop
// first); nil when there is none.
func (r *Result) ProxyJump() []Hop {
	s, ok := r.Get(keyword.ProxyJump)
	if !ok {
		return nil
	}
	j, ok := s.Value.(parser.Jump)
	if !ok || j.None {
		return nil
	}
	var out []Hop
	if j.Extra != "" {
		for _, h := range strings.Split(j.Extra, ",") {
			if one, ok := parser.ParseJump(h, r.dialect); ok && !one.None {
				out = append(out, hopOf(one))
			}
		}
	}
	return append(out, hopOf(j))
}

func hopOf(j parser.Jump) Hop {
	h := Hop{User: j.User, Host: j.Host}
	if j.Port > 0 {
		h.Port = j.Port
	}
	return h
}

// ForwardAgentPath is the agent socket ForwardAgent names (a path or $VAR), "" when the
// option is a plain yes/no.
func (r *Result) ForwardAgentPath() string {
	if s := r.opts.setting(slotForwardAgentPath); s != nil {
		p, _ := s.Value.(string)
		return p
	}
	return ""
}

// RekeyInterval is the time part of RekeyLimit; ok is false when none was given.
func (r *Result) RekeyInterval() (time.Duration, bool) {
	if s := r.opts.setting(slotRekeyInterval); s != nil {
		if v, ok := s.Value.(int); ok && v > 0 {
			return time.Duration(v) * time.Second, true
		}
	}
	return 0, false
}

// RequestTTY is the RequestTTY setting as OpenSSH numbers it.
type RequestTTY int

// RequestTTY values.
const (
	RequestTTYAuto  RequestTTY = 0
	RequestTTYNo    RequestTTY = 1
	RequestTTYYes   RequestTTY = 2
	RequestTTYForce RequestTTY = 3
)

// RequestTTY returns the effective RequestTTY.
func (r *Result) RequestTTY() RequestTTY { v, _ := r.Int(keyword.RequestTTY); return RequestTTY(v) }

// AddressFamily is the AddressFamily setting (Linux's AF_ numbers, as ssh stores them).
type AddressFamily int

// AddressFamily values.
const (
	AddressFamilyAny   AddressFamily = 0
	AddressFamilyInet  AddressFamily = 2
	AddressFamilyInet6 AddressFamily = 10
)

// AddressFamily returns the effective AddressFamily.
func (r *Result) AddressFamily() AddressFamily {
	v, _ := r.Int(keyword.AddressFamily)
	return AddressFamily(v)
}

// StrictHostKeyChecking is the StrictHostKeyChecking setting as OpenSSH numbers it.
type StrictHostKeyChecking int

// StrictHostKeyChecking values.
const (
	StrictHostKeyOff       StrictHostKeyChecking = 0
	StrictHostKeyAcceptNew StrictHostKeyChecking = 1
	StrictHostKeyYes       StrictHostKeyChecking = 2
	StrictHostKeyAsk       StrictHostKeyChecking = 3
)

// StrictHostKeyChecking returns the effective StrictHostKeyChecking.
func (r *Result) StrictHostKeyChecking() StrictHostKeyChecking {
	v, _ := r.Int(keyword.StrictHostKeyChecking)
	return StrictHostKeyChecking(v)
}

// ControlMaster is the ControlMaster setting as OpenSSH numbers it.
type ControlMaster int

// ControlMaster values.
const (
	ControlMasterNo      ControlMaster = 0
	ControlMasterYes     ControlMaster = 1
	ControlMasterAuto    ControlMaster = 2
	ControlMasterAsk     ControlMaster = 3
	ControlMasterAutoAsk ControlMaster = 4
)

// ControlMaster returns the effective ControlMaster.
func (r *Result) ControlMaster() ControlMaster {
	v, _ := r.Int(keyword.ControlMaster)
	return ControlMaster(v)
}

// AddKeysToAgent is the mode of AddKeysToAgent as OpenSSH numbers it.
type AddKeysToAgent int

// AddKeysToAgent modes.
const (
	AddKeysNo      AddKeysToAgent = 0
	AddKeysYes     AddKeysToAgent = 1
	AddKeysAsk     AddKeysToAgent = 2
	AddKeysConfirm AddKeysToAgent = 3
)

// AddKeysToAgent returns the mode and the key lifetime (zero: no lifetime).
func (r *Result) AddKeysToAgent() (AddKeysToAgent, time.Duration) {
	s, _ := r.Get(keyword.AddKeysToAgent)
	a, _ := s.Value.(parser.AddKeysToAgent)
	var life time.Duration
	if a.Lifetime > 0 {
		life = time.Duration(a.Lifetime) * time.Second
	}
	return AddKeysToAgent(a.Mode), life
}

// PubkeyAuthentication is the PubkeyAuthentication setting as OpenSSH numbers it.
type PubkeyAuthentication int

// PubkeyAuthentication values.
const (
	PubkeyAuthNo        PubkeyAuthentication = 0
	PubkeyAuthUnbound   PubkeyAuthentication = 1
	PubkeyAuthHostBound PubkeyAuthentication = 2
	PubkeyAuthYes       PubkeyAuthentication = 3
)

// PubkeyAuthentication returns the effective PubkeyAuthentication.
func (r *Result) PubkeyAuthentication() PubkeyAuthentication {
	v, _ := r.Int(keyword.PubkeyAuthentication)
	return PubkeyAuthentication(v)
}

// ControlPersist returns whether a master connection lingers and for how long (zero: until
// closed explicitly).
func (r *Result) ControlPersist() (bool, time.Duration) {
	s, _ := r.Get(keyword.ControlPersist)
	cp, _ := s.Value.(parser.ControlPersist)
	return cp.Enabled != 0, time.Duration(cp.Timeout) * time.Second
}

// EachLost calls fn, in the order of keyword.Table, for every keyword that keeps one
// value and whose value won over other assignments (Get's Setting with Lost not empty),
// with the setting's source and the assignments that lost. Nothing is copied, unlike
// Get: fn must neither change lost nor keep it. It is for a program reading every
// keyword of every host (lint).
func (r *Result) EachLost(fn func(id keyword.ID, source Source, lost []Source)) {
	for i := range keyword.Table {
		k := &keyword.Table[i]
		if k.Multi == keyword.Accumulate {
			continue
		}
		if s := r.opts.setting(k.ID); s != nil && len(s.Lost) > 0 {
			fn(k.ID, s.Source, s.Lost)
		}
	}
}
