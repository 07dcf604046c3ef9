// Measures what a browser downloads for the widget: the bytes of the survey
// bundle's JS, wasm and CSS files in dist/, raw, gzip -9 and brotli q11 (as a
// CDN would serve pre-compressed files). The modules the loader fetches only
// when needed (the checker) are listed after it, and not counted in it. Prints a table, and fails (exit 1) when the
// brotli total grew more than 10% over the committed baseline in
// bench/bundle-baseline.json. `--update` rewrites the baseline; `--quiet`
// prints one line. `--budget` checks the total against the budget in
// bench/bundle-budget.json (base + every issue's allowance) and closes with
// the plain line "1 passed, 0 failed" or "0 passed, 1 failed", so that
// `./run test` shows it as a stage.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const baselineFile = join(root, 'bench', 'bundle-baseline.json');
const budgetFile = join(root, 'bench', 'bundle-budget.json');
const quiet = process.argv.includes('--quiet');
const GROWTH_ALLOWED = 0.10;

// What every page that shows a survey downloads. Anything else in dist/ is a
// module fetched on demand.
const SURVEY_BUNDLE = ['heard.css', 'heard.js', 'heard_core.js', 'heard_core_bg.wasm'];
const measure = (name) => {
  const raw = readFileSync(join(dist, name));
  return {
    name,
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }).length,
  };
};
const missing = SURVEY_BUNDLE.filter((f) => !existsSync(join(dist, f)));
if (missing.length) {
  console.error(`bundle: dist/ lacks ${missing.join(', ')}; run ./run build`);
  process.exit(1);
}
const rows = SURVEY_BUNDLE.map(measure);
const lazy = readdirSync(dist).filter((f) => /\.(js|wasm|css)$/.test(f) && !SURVEY_BUNDLE.includes(f)).sort().map(measure);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1).padStart(7);

if (process.argv.includes('--update')) {
  writeFileSync(baselineFile, JSON.stringify({ note: 'Bundle bytes of dist/ (JS + wasm + CSS). Refresh with: node scripts/bundle-size.mjs --update', ...total, files: rows }, null, 2) + '\n');
  console.log(`baseline written: ${kb(total.brotli)} KB brotli`);
  process.exit(0);
}

if (process.argv.includes('--budget')) {
  const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
  const limit = budget.base.brotli + budget.allowances.reduce((sum, a) => sum + a.brotli, 0);
  const over = total.brotli - limit;
  const parts = [`base ${budget.base.brotli}`, ...budget.allowances.map((a) => `issue ${a.issue} +${a.brotli}`)].join(', ');
  console.log(`survey bundle: ${total.brotli} bytes brotli; budget ${limit} bytes (${parts})`);
  if (over > 0) {
    console.log(`over budget by ${over} bytes: shrink the bundle, or add the issue's allowance to bench/bundle-budget.json with why`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`${-over} bytes to spare`);
  console.log('1 passed, 0 failed');
  process.exit(0);
}

if (quiet) {
  console.log(`bundle: ${kb(total.brotli).trim()} KB brotli, ${kb(total.gzip).trim()} KB gzip, ${kb(total.raw).trim()} KB raw (JS + wasm + CSS)`);
} else {
  console.log('bundle (dist/)                 raw KB   gzip KB  brotli KB');
  for (const r of rows) console.log(`  ${r.name.padEnd(26)} ${kb(r.raw)}   ${kb(r.gzip)}    ${kb(r.brotli)}`);
  console.log(`  ${'total'.padEnd(26)} ${kb(total.raw)}   ${kb(total.gzip)}    ${kb(total.brotli)}`);
  if (lazy.length) {
    console.log('fetched only when needed (not in the total)');
    for (const r of lazy) console.log(`  ${r.name.padEnd(26)} ${kb(r.raw)}   ${kb(r.gzip)}    ${kb(r.brotli)}`);
  }
}

if (!existsSync(baselineFile)) {
  console.error('bundle: no committed baseline (bench/bundle-baseline.json); run node scripts/bundle-size.mjs --update');
  process.exit(1);
}
const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
const growth = total.brotli / baseline.brotli - 1;
if (growth > GROWTH_ALLOWED) {
  console.error(`bundle: brotli total ${kb(total.brotli).trim()} KB is ${(growth * 100).toFixed(1)}% over the baseline ${kb(baseline.brotli).trim()} KB (allowed: ${GROWTH_ALLOWED * 100}%). Shrink it, or if the growth is worth it, refresh the baseline with --update and say why in the commit.`);
  process.exit(1);
}
if (!quiet) console.log(`  vs baseline ${kb(baseline.brotli).trim()} KB brotli: ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%`);
