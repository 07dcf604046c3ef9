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

# Where the bytes go: the same release wasm with its function names kept,
# measured by twiggy (pinned here; installed once, from crates.io).
TWIGGY_VERSION=0.8.0
if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$TWIGGY_VERSION" ]; then
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi
names=bench/results/names
rm -rf "$names" && mkdir -p "$names"
wasm-bindgen --target web --no-typescript --out-dir "$names" --out-name heard_core \
  target/wasm32-unknown-unknown/release/heard.wasm
node_modules/binaryen/bin/wasm-opt -Oz --one-caller-inline-max-function-size=0 -g --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$names/heard_core_bg.wasm" -o "$names/heard_core_bg.named.wasm"
node bench/wasm-breakdown.mjs "$names/heard_core_bg.named.wasm"
if [ ! -d "$ANCHORS/node_modules/playwright-core" ]; then
  (cd "$ANCHORS" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p bench/results
BENCH_MOUNTS="heard=$ROOT/bench/heard" node "$ANCHORS/run.mjs" \
  --config "$ROOT/bench/contenders.json" --out "$ROOT/bench/results/latest.json" "$@"
