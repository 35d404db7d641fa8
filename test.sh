#!/usr/bin/env bash
# Runs every test: unit, golden and differential tests (live against the installed ssh),
# then each fuzz target for a fixed number of executions.
#
# The fuzz budget is a count, not a duration: with a duration (-fuzztime 15s) Go 1.26's
# fuzz coordinator can end a clean run with "context deadline exceeded". The count
# includes the seed corpus (up to ~750 inputs per target). With 20000 executions per
# target the whole script took 1.5 minutes on the 2-core machine (five targets,
# instrumented builds included).
# FUZZTIME overrides it (a count such as 100000x, or a duration).
set -euo pipefail
cd "$(dirname "$0")"
# the shipped binary is static (the README installs it with CGO_ENABLED=0): test that build
export CGO_ENABLED=0
go vet ./...
# the tests run here, on Linux; macOS and the BSDs must at least build (and type-check,
# tests included): their terminal modes and user database differ (connect/session/tty_*.go,
# resolve/names_*.go)
for platform in darwin/arm64 freebsd/amd64 openbsd/amd64; do
  GOOS=${platform%/*} GOARCH=${platform#*/} go vet ./...
done
go test -count=1 ./...
for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' -r --include='*_test.go' . | sed 's/^func //' | sort -u); do
  pkg=$(grep -rl --include='*_test.go' "^func $target(" . | head -1 | xargs dirname)
  go test -run '^$' -fuzz "^${target}\$" -fuzztime "${FUZZTIME:-20000x}" "$pkg"
done
