package cpath

import "syscall"

// sysFstatat is the number of fstatat(2).
const sysFstatat = syscall.SYS_FSTATAT
