#!/usr/bin/env bash
# Runs the shared anchor benchmark (../shared/bench/anchors) with Heard as a
# contender, from the dist/ that `./run build` made. Extra arguments go to the
# harness, e.g. `./run bench --runs 1` for a quick check.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ANCHORS=${ANCHORS:-$ROOT/../shared/bench/anchors}
[ -f "$ANCHORS/run.mjs" ] || { echo "bench: no anchors at $ANCHORS" >&2; exit 2; }

rm -rf bench/heard/dist
cp -r dist bench/heard/dist
if [ ! -d "$ANCHORS/node_modules/playwright-core" ]; then
  (cd "$ANCHORS" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p bench/results
BENCH_MOUNTS="heard=$ROOT/bench/heard" node "$ANCHORS/run.mjs" \
  --config "$ROOT/bench/contenders.json" --out "$ROOT/bench/results/latest.json" "$@"
