// The demo and test web server: a small static server for the host page, the
// built widget and the example surveys. It has no dependencies, so the demo
// runs with nothing but Node.
//
//   /            index.html, the demo host page
//   /heard/      dist/, the built widget (as a host would deploy it)
//   /test/       tests/e2e/pages/, host pages used only by the browser tests
//   everything else is served from public/ (surveys, schema, demo assets)
//
// Usage: node scripts/serve.mjs [--port N] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

const MOUNTS = [
  // HEARD_DIST lets the tests serve the build with test hooks (dist-test/).
  ['/heard/', process.env.HEARD_DIST || 'dist'],
  ['/test/', 'tests/e2e/pages'],
  ['/', 'public'],
];

/**
 * Maps a URL path to a file under the project, or null if it escapes its
 * folder. Throws a URIError for a path whose percent escapes do not decode.
 */
function fileFor(pathname) {
  if (pathname === '/' || pathname === '/index.html') return join(ROOT, 'index.html');
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const base = join(ROOT, dir);
    const file = normalize(join(base, decodeURIComponent(pathname.slice(prefix.length))));
    return file === base || file.startsWith(base + sep) ? file : null;
  }
  return null;
}

/** Reads a request body as text. */
function bodyOf(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** Forwards a request to the backend (the collector), keeping method, headers and body. */
async function proxy(req, res, backend, path) {
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await bodyOf(req);
  const headers = { ...req.headers };
  delete headers.host;
  delete headers['content-length'];
  try {
    const answer = await fetch(new URL(path, backend), { method: req.method, headers, body });
    res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([k]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k))));
    res.end(Buffer.from(await answer.arrayBuffer()));
  } catch (e) {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'bad_gateway', message: `The backend at ${backend} did not answer: ${e.message}` }));
  }
}

/**
 * Starts the server. `port` 0 picks a free port.
 *
 * `backend`: a URL; `/api/responses` is forwarded to `<backend>/responses`
 * (the demo sends responses to the collector this way, same-origin). Only
 * that path: the collector's exports hold every response, so they are
 * read from the collector itself and never republished by this server,
 * whatever address it is started on.
 * `sink: true` (tests only): `POST /api/responses` is answered here, and
 * every request is kept in `received` as `{ headers, body }` for the test
 * to inspect; a repeated id is answered 200, a new one 201.
 *
 * Resolves to `{ url, server, received, close() }`.
 */
export async function startServer({ port = 0, host = '127.0.0.1', log = false, backend = null, sink = false } = {}) {
  const received = [];
  const server = createServer((req, res) => {
    // Nothing a client sends may stop the server: an unhandled rejection in
    // the handler would end the whole process (the demo, or a test run).
    handle(req, res).catch((e) => {
      if (log) console.log(`500 ${req.method} ${req.url}: ${e.message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
  const handle = async (req, res) => {
    let url;
    let file;
    try {
      url = new URL(req.url, 'http://x');
      file = fileFor(url.pathname);
    } catch {
      // A broken percent escape such as /%E0%A4%A (URIError), or a request
      // target that is not a URL path at all.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request: the path is not a well-formed URL\n');
      if (log) console.log(`400 ${req.method} ${req.url}`);
      return;
    }
    if (url.pathname === '/api/responses' && backend) {
      await proxy(req, res, backend, 'responses' + url.search);
      if (log) console.log(`${res.statusCode} ${req.method} ${url.pathname} -> ${backend}`);
      return;
    }
    if (url.pathname === '/api/responses' && sink && req.method === 'POST') {
      const body = await bodyOf(req);
      let id = null;
      try { id = JSON.parse(body).id ?? null; } catch { /* kept as received */ }
      const seen = received.some((r) => r.id === id);
      received.push({ id, headers: req.headers, body });
      res.writeHead(seen ? 200 : 201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, status: seen ? 'duplicate' : 'stored' }));
      return;
    }
    try {
      if (!file) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(`200 ${req.method} ${url.pathname}`);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      if (log) console.log(`404 ${req.method} ${url.pathname}`);
    }
  };
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const { port: bound } = server.address();
  return {
    url: `http://${host}:${bound}`,
    server,
    received,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', process.env.PORT ?? 8080));
  const host = arg('--host', '127.0.0.1');
  const backend = arg('--backend', null);
  const { url } = await startServer({ port, host, log: true, backend });
  console.log(`\nHeard demo: ${url}/\n(press Ctrl+C to stop)\n`);
}
