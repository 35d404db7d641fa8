package forward

import (
	"fmt"
	"io"
	"sync"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Log levels as ssh numbers them (LogLevel): a message shows when its level is at most
// the configured one.
const (
	levelError   = 2
	levelInfo    = 3
	levelVerbose = 4
)

// logger writes ssh's messages about forwards to Options.Warn as ssh's logger would
// (escaped, "\r\n"-ended), dropping those above the resolved LogLevel.
type logger struct {
	mu    sync.Mutex
	w     io.Writer
	level int
}

func newLogger(w io.Writer, res *resolve.Result) *logger {
	level, ok := res.Int(keyword.LogLevel)
	if !ok {
		level = levelInfo
	}
	return &logger{w: w, level: level}
}

func (l *logger) printf(level int, format string, args ...any) {
	if l.w == nil || level > l.level {
		return
	}
	msg := resolve.LogText(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, msg)
}
