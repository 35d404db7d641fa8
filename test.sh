#!/usr/bin/env bash
# Runs every test: unit, golden and differential tests (live against the installed ssh),
# then each fuzz target for a bounded time.
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 ./...
for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' -r --include='*_test.go' . | sed 's/^func //' | sort -u); do
  pkg=$(grep -rl --include='*_test.go' "^func $target(" . | head -1 | xargs dirname)
  go test -run '^$' -fuzz "^${target}\$" -fuzztime "${FUZZTIME:-15s}" "$pkg"
done
