#!/bin/sh
# Load test of the catalog search at scale (issue 4 target: search p95 < 100 ms over 200,000
# entries with 2,000,000 data items), through a real `archgov serve` and tools/loadgen.
#
#   scripts/catalog-load.sh [RATE] [CLIENTS] [DURATION]       (defaults: 20 req/s, 10 clients, 20s)
#
# The database is the one BenchmarkCatalogList builds and keeps in $TMPDIR (built on first use,
# which takes about 12 minutes on SQLite); its personal data are sealed with the test key.
# N=5000 scripts/catalog-load.sh for a quick look on a small catalog.
set -eu
RATE=${1:-20}
CLIENTS=${2:-10}
DUR=${3:-20s}
N=${N:-200000}
TMP=${TMPDIR:-/tmp}
DB="$TMP/archgov-catbench-$N.db"
KEY=000102030405060708090a0b0c0d0e0f # internal/testdb.Key
ADDR=127.0.0.1:${PORT:-8097}
cd "$(dirname "$0")/.."
go build -o "$TMP/archgov-load" ./cmd/archgov
go build -o "$TMP/loadgen" ./tools/loadgen
if [ ! -e "$DB.done" ]; then
	ARCHGOV_CATALOG_BENCH_N=$N go test ./internal/bench -run XXX -bench 'CatalogList$' -benchtime 1x -timeout 90m
fi
"$TMP/archgov-load" serve --db "$DB" --key "$KEY" --addr "$ADDR" > "$TMP/catalog-load.out" 2> "$TMP/catalog-load.err" &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 2
TOKEN=$("$TMP/archgov-load" token create --username office --db "$DB" --key "$KEY")
U=http://$ADDR/api/v1/catalog?limit=20
# The queries of BenchmarkCatalogList (URL-encoded), round-robin.
URLS="$U&q=%E4%BA%BA%E5%8F%A3"                                                            # 人口
URLS="$URLS,$U&q=%E4%BA%BA%E5%8F%A3%E5%9F%BA%E7%A1%80"                                    # 人口基础
URLS="$URLS,$U&q=%E4%BC%81%E4%B8%9A%E7%99%BB%E8%AE%B0%E4%BF%A1%E6%81%AF"                  # 企业登记信息
URLS="$URLS,$U&q=%E5%A4%A7%E9%97%B8%E8%9F%B9"                                             # 大闸蟹
URLS="$URLS,$U&q=gi"
URLS="$URLS,$U&q=%E4%BA%BA%E5%8F%A3&share_type=conditional&open=0"                         # 人口 + filters
URLS="$URLS,$U&q=%E4%BC%81%E4%B8%9A%E7%99%BB%E8%AE%B0%E4%BF%A1%E6%81%AF&status=published&update_cycle=daily"
URLS="$URLS,$U&q=%E4%BF%A1%E6%81%AF&class=3"                                              # 信息, class 3
"$TMP/loadgen" -url "$URLS" -token "$TOKEN" -c "$CLIENTS" -d "$DUR" -rate "$RATE"
