package connect

import (
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// keepAlive sends keepalive@openssh.com requests every ServerAliveInterval, as ssh does
// when the server has been silent that long; when more than ServerAliveCountMax go
// unanswered it says "Timeout, server HOST not responding." and closes the connection.
func (d *dialer) keepAlive(client *ssh.Client, res *resolve.Result) {
	interval, ok := res.Duration(keyword.ServerAliveInterval)
	if !ok || interval <= 0 {
		return
	}
	maxMissed, _ := res.Int(keyword.ServerAliveCountMax)
	host := res.Hostname
	done := make(chan struct{})
	go func() {
		_ = client.Wait()
		close(done)
	}()
	go func() {
		var missed atomic.Int32
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if int(missed.Add(1)) > maxMissed {
				d.log("Timeout, server %s not responding.", host)
				client.Close()
				return
			}
			go func() {
				if _, _, err := client.SendRequest("keepalive@openssh.com", true, nil); err == nil {
					missed.Store(0)
				}
			}()
		}
	}()
}
