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
  ['/heard/', 'dist'],
  ['/test/', 'tests/e2e/pages'],
  ['/', 'public'],
];

/** Maps a URL path to a file under the project, or null if it escapes its folder. */
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

/**
 * Starts the server. `port` 0 picks a free port. Resolves to
 * `{ url, server, close() }`.
 */
export async function startServer({ port = 0, host = '127.0.0.1', log = false } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = fileFor(url.pathname);
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
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const { port: bound } = server.address();
  return {
    url: `http://${host}:${bound}`,
    server,
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
  const { url } = await startServer({ port, host, log: true });
  console.log(`\nHeard demo: ${url}/\n(press Ctrl+C to stop)\n`);
}
