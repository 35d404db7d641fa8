module github.com/sshcfg/sshcfg/bench/peers

go 1.26.0

replace github.com/sshcfg/sshcfg => ../..

require (
	github.com/kevinburke/ssh_config v1.6.0
	github.com/sshcfg/sshcfg v0.0.0-00010101000000-000000000000
)
