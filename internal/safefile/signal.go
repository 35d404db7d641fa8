package safefile

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// temp is a temporary file that must not outlive an interrupted write.
type temp struct {
	root *os.Root
	name string
	once sync.Once
}

// remove deletes the temporary file (once; later calls do nothing).
func (t *temp) remove() {
	t.once.Do(func() { _ = t.root.Remove(t.name) })
}

// removeOnSignal arranges for SIGINT and SIGTERM to remove the temporary file and then end
// the process as the signal would have; the returned function cancels the arrangement.
func (t *temp) removeOnSignal() (stop func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-c:
			signal.Stop(c)
			t.interrupted(sig, raise)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(c)
		close(done)
	}
}

// interrupted handles sig arriving while the temporary file exists: it removes the file
// and passes the signal on with raise.
func (t *temp) interrupted(sig os.Signal, raise func(os.Signal)) {
	t.remove()
	raise(sig)
}

// raise sends sig to the process again. With this package's handler stopped, a program
// that does not catch the signal itself ends with the signal's usual status.
func raise(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), s)
	}
}
