package cpath

import "syscall"

// sysFstatat is the number of fstatat(2), newfstatat on amd64.
const sysFstatat = syscall.SYS_NEWFSTATAT
