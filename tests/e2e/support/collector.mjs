// Starts and stops the real reference collector (collector/, the debug
// binary from `cargo build -p heard-collector`) for the chaos tests: a fresh
// SQLite file in a temporary folder, a free port on 127.0.0.1, and a way to
// read back exactly what it stored.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const COLLECTOR_BIN = process.env.HEARD_COLLECTOR || join(ROOT, 'target', 'debug', 'heard-collector');

/** How long the collector may take to print its listening line. */
const START_TIMEOUT_MS = 15_000;
/** How long it may take to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

// Collectors still running, so that none outlives this process even when a
// test fails before its own clean-up runs.
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Spawns the collector. `allowOrigin`: a page origin (or a list of them) for
 * `--allow-origin`. Resolves to
 * `{ url, health(), rows(), ndjson(), log, stop() }` once it listens:
 * `rows()` is the parsed `/responses.ndjson`, `ndjson()` its raw bytes (a
 * Buffer), `log` the collector's stderr lines (one per request).
 */
export async function startCollector({ allowOrigin = [] } = {}) {
  if (!existsSync(COLLECTOR_BIN)) {
    throw new Error(`${COLLECTOR_BIN} is missing: run \`cargo build -p heard-collector\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'heard-collector-'));
  const args = ['--listen', '127.0.0.1:0', '--database', join(dir, 'responses.sqlite')];
  for (const origin of [allowOrigin].flat()) args.push('--allow-origin', origin);
  // The exports stay open (loopback, no token) whatever the developer's
  // shell has set, since rows() reads them.
  const env = { ...process.env };
  delete env.HEARD_EXPORT_TOKEN;
  const child = spawn(COLLECTOR_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.add(child);
  const exited = new Promise((ok) => child.once('exit', (code, signal) => { running.delete(child); ok({ code, signal }); }));

  const log = [];
  let errText = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    errText += chunk;
    const lines = errText.split('\n');
    errText = lines.pop();
    log.push(...lines);
  });

  let url;
  try {
    url = await new Promise((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`the collector printed no listening line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n')) {
          clearTimeout(timer);
          const m = /^heard-collector listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line.trim());
          if (m) ok(m[1]); else fail(new Error(`unexpected first line from the collector: ${line}`));
        }
      });
      child.once('error', (e) => { clearTimeout(timer); fail(e); });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        fail(new Error(`the collector exited (${code ?? signal}) before listening: ${log.join('\n')}${errText}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const get = async (path) => {
    const answer = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!answer.ok) throw new Error(`GET ${path}: ${answer.status} ${await answer.text()}`);
    return answer;
  };
  const ndjson = async () => Buffer.from(await (await get('/responses.ndjson')).arrayBuffer());

  let stopped = null;
  return {
    url,
    log,
    /** `{status, responses, duplicates_suppressed}` */
    health: async () => (await get('/health')).json(),
    /** The raw `/responses.ndjson` export. */
    ndjson,
    /** Every stored body, parsed, in arrival order. */
    rows: async () => (await ndjson()).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)),
    /** Stops the collector (SIGTERM, then SIGKILL) and deletes its database. Safe to call twice. */
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
