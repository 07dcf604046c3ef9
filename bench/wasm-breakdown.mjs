// Where the survey bundle's wasm bytes go, by crate and module, measured
// with twiggy on a release build that keeps its function names, and written
// to bench/wasm-breakdown.md. `./run bench` refreshes it; on its own:
//
//   node bench/wasm-breakdown.mjs path/to/heard_core_bg.wasm
//
// The wasm given must keep its name section (wasm-bindgen without
// --remove-name-section, wasm-opt with -g), or every function is anonymous.
// Its size is a little above the shipped file's, which has no names; the
// shares are what matter.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const wasm = process.argv[2];
if (!wasm) {
  console.error('usage: node bench/wasm-breakdown.mjs <wasm with names>');
  process.exit(2);
}
const twiggy = process.env.TWIGGY || 'twiggy';
const out = join(fileURLToPath(new URL('.', import.meta.url)), 'wasm-breakdown.md');

// The name section is there only for this measurement: it is left out of
// every figure, so the shares are of what ships.
const isNames = (name) => /subsection$/.test(name);
const all = JSON.parse(execFileSync(twiggy, ['top', '-n', '1000000', '--format', 'json', wasm], {
  maxBuffer: 256 * 1024 * 1024,
}).toString());
const items = all.filter((i) => !isNames(i.name));
const total = statSync(wasm).size - all.filter((i) => isNames(i.name)).reduce((n, i) => n + i.shallow_size, 0);

/** The crate an item belongs to: the first `name::` path segment in it. */
function crateOf(name) {
  if (/^data segment/.test(name)) return '(data segments: strings and tables)';
  // Rust symbols may carry a crate hash: `core[c5930c85a12de822]::fmt`.
  const m = name.match(/([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  return m ? m[1] : '(wasm sections, imports, exports and glue)';
}

/** For Heard's own crates, the module too (heard_engine::check, heard::view). */
function moduleOf(name) {
  const m = name.match(/\b(heard_engine|heard)::([A-Za-z_][A-Za-z0-9_]*)/);
  return m ? `${m[1]}::${m[2]}` : null;
}

const sum = (rows) => rows.reduce((n, r) => n + r.shallow_size, 0);
const group = (key) => {
  const groups = new Map();
  for (const item of items) {
    const k = key(item.name);
    if (k === null) continue;
    groups.set(k, (groups.get(k) ?? 0) + item.shallow_size);
  }
  return [...groups.entries()].sort((a, b) => b[1] - a[1]);
};
const kb = (n) => (n / 1024).toFixed(1);
const pct = (n) => ((100 * n) / total).toFixed(1);

const byCrate = group(crateOf);
const byModule = group(moduleOf);
const named = (pattern) => sum(items.filter((i) => pattern.test(i.name)));
const watched = [
  ['the definition checker (heard_engine::check)', /heard_engine::check::/],
  ['float formatting (Display for f64, flt2dec)', /f64 as core(\[[0-9a-f]+\])?::fmt::Display|fmt::float|flt2dec|dragon|grisu/],
  ['serde_json', /serde_json::/],
  ['idb', /\bidb::/],
  ['Leptos and its reactive graph (leptos, tachys, reactive_graph)', /\b(leptos|leptos_dom|tachys|reactive_graph)::/],
];

const lines = [
  '# Where the survey bundle\'s wasm bytes go',
  '',
  `Measured by \`bench/wasm-breakdown.mjs\` with twiggy (\`twiggy top\`, shallow sizes) on the release build, with`,
  `function names kept for the measurement and then left out of every figure: ${kb(total)} KB raw. \`./run bench\``,
  'refreshes this file. An item counts under the first crate its name gives, so a generic from `core` or',
  '`tachys` instantiated for Heard\'s types counts under `core` or `tachys`.',
  '',
  '## Named costs',
  '',
  '| what | KB | share |',
  '|---|---:|---:|',
  ...watched.map(([what, pattern]) => `| ${what} | ${kb(named(pattern))} | ${pct(named(pattern))}% |`),
  '',
  '## By crate',
  '',
  '| crate | KB | share |',
  '|---|---:|---:|',
  ...byCrate.slice(0, 30).map(([k, n]) => `| ${k} | ${kb(n)} | ${pct(n)}% |`),
  '',
  '## Heard\'s own modules',
  '',
  '| module | KB | share |',
  '|---|---:|---:|',
  ...byModule.slice(0, 30).map(([k, n]) => `| ${k} | ${kb(n)} | ${pct(n)}% |`),
  '',
  '## The 30 largest items',
  '',
  '| item | bytes |',
  '|---|---:|',
  ...items.slice(0, 30).map((i) => `| \`${i.name.replace(/\|/g, '\\|').slice(0, 140)}\` | ${i.shallow_size} |`),
  '',
];
writeFileSync(out, lines.join('\n'));
console.log(`wasm breakdown written to bench/wasm-breakdown.md (${kb(total)} KB, names left out)`);
