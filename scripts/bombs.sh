#!/bin/sh
# The spreadsheet bombs of issue 13 against a real `archgov serve --demo` (docs/PERFORMANCE.md,
# "Spreadsheet bombs"): each is posted as a unit contact (jiaoyu) to every register's import
# API, must be answered 422 naming the limit in under 2 s, and the server's resident memory
# (VmHWM, the peak since start, from /proc/PID/status) must stay under 300 MB throughout.
#
#   scripts/bombs.sh                (PORT=18xxx to choose the port; KEEP=1 keeps the bombs)
#
# The bombs are written by tools/bombs (internal/sheet/bomb), the same bytes every run.
set -eu
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/archgov-bombs.XXXXXX")
PORT=${PORT:-$((18100 + $(od -An -N2 -tu2 /dev/urandom) % 900))}
ADDR=127.0.0.1:$PORT
go build -o "$TMP/archgov" ./cmd/archgov
go run ./tools/bombs -out "$TMP"
ls -l "$TMP"/*.xlsx | awk '{printf "%-40s %10d bytes\n", $NF, $5}'
"$TMP/archgov" serve --demo --db "$TMP/bombs.db" --addr "$ADDR" > "$TMP/serve.out" 2> "$TMP/serve.err" &
SERVER=$!
cleanup() {
	kill "$SERVER" 2>/dev/null || true
	wait "$SERVER" 2>/dev/null || true
	[ "${KEEP:-}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT
for _ in $(seq 600); do
	curl -s -o /dev/null "http://$ADDR/healthz" && break
	sleep 0.2
done
TOKEN=$("$TMP/archgov" token create --username jiaoyu --db "$TMP/bombs.db")
mem() { awk '/^(VmHWM|VmRSS)/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$SERVER/status"; }
echo "server pid $SERVER on $ADDR; after start: $(mem)"
FAIL=0
printf '%-20s %-28s %6s %8s  %s\n' bomb endpoint status seconds "server memory after the answer / message"
for f in whitespace early-merges huge-styles rows lying-sizes long-text; do
	for ep in systems machine-rooms websites new-media catalog; do
		out=$(curl -s -o "$TMP/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
			--data-binary "@$TMP/$f.xlsx" "http://$ADDR/api/v1/$ep/import")
		code=${out% *}
		secs=${out#* }
		printf '%-20s %-28s %6s %8s  %s\n' "$f" "/api/v1/$ep/import" "$code" "$secs" "$(mem)"
		printf '%48s %s\n' "" "$(sed 's/.*"message":"\([^"]*\)".*/\1/' "$TMP/answer.json")"
		if [ "$code" != 422 ] || awk "BEGIN {exit !($secs >= 2)}"; then FAIL=1; fi
	done
done
HWM=$(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$SERVER/status")
echo "peak resident memory of the server (VmHWM): $HWM MB"
[ "$HWM" -lt 300 ] || FAIL=1
[ "$FAIL" = 0 ] && echo "PASS: every bomb refused with 422 in under 2 s, peak under 300 MB" || { echo FAIL; exit 1; }
