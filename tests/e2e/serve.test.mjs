// The demo and test web server (scripts/serve.mjs) on its own, with no built
// widget and no browser: it is started as a child process, as `./run demo`
// starts it, so that a crash shows as a dead server rather than taking the
// test runner down with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));

let child;
let port;

before(async () => {
  child = spawn(process.execPath, [SERVE, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/Heard demo: http:\/\/127\.0\.0\.1:(\d+)\//);
      if (found) ok(Number(found[1]));
    });
    child.once('exit', (code) => fail(new Error(`serve.mjs exited with ${code} before listening:\n${out}`)));
  });
});

after(() => {
  child?.kill();
});

/** GET with the path sent exactly as written (fetch would normalise it). */
function get(path) {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    });
    req.on('error', fail);
    req.end();
  });
}

// Regression: decodeURIComponent ran outside the try, so a request for a
// path with a broken percent escape rejected the request handler and the
// unhandled rejection stopped the whole server.
test('a malformed percent escape in the path is answered 400 and the server keeps serving', async () => {
  assert.equal(await get('/%E0%A4%A'), 400);
  assert.equal(await get('/surveys/%E0%A4%A.json'), 400);
  assert.equal(await get('/index.html'), 200);
  assert.equal(await get('/'), 200);
});

test('a missing file is still 404, not 400', async () => {
  assert.equal(await get('/no-such-file.json'), 404);
  assert.equal(await get('/%E2%9C%93.json'), 404, 'a well-formed escape is decoded and looked up');
});
