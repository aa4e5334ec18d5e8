#!/usr/bin/env bash
# Runs Ordo's whole test suite as CI does: starts PostgreSQL when it is not
# answering and installs OpenSSH's server (for the SFTP tests) when it is
# missing, then vets, runs every test with the race detector against
# SQLite and PostgreSQL, and fuzzes the parsers of outside input briefly.
# Nothing is skipped: a service that cannot be started fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/services.sh
. scripts/services.sh
ensure_postgres
ensure_sshd

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout 15m ./...

echo "== fuzz (${FUZZTIME:=15s} each)"
go test -run '^$' -fuzz '^FuzzMap$' -fuzztime "$FUZZTIME" ./shopify
go test -run '^$' -fuzz '^FuzzDecode$' -fuzztime "$FUZZTIME" ./order
go test -run '^$' -fuzz '^FuzzParseAmount$' -fuzztime "$FUZZTIME" ./order
go test -run '^$' -fuzz '^FuzzReadCSV$' -fuzztime "$FUZZTIME" ./filedrop
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$FUZZTIME" ./rules
