// A fault-injecting HTTP proxy for the chaos tests. The widget posts to it
// directly (cross-origin, so a destroyed socket is a real network error in
// the browser) and it forwards to the collector, except where a planned
// fault says otherwise.
//
// Faults apply to incoming POSTs only, one per POST, in the order planned;
// with none left a POST passes through. OPTIONS preflights and GETs always
// pass through and never use up a fault. A fault is an object:
//
//   { status: 503, retryAfter: 2, body: {...} }  answer this without forwarding
//   { delay: 500 }                 wait, then forward (may be combined with the others)
//   { hold: true }                 wait until the test calls release(), then go on
//   { dropAfterForward: true }     forward, let the collector answer (and commit),
//                                  then destroy the client socket without replying
//   { dropBeforeForward: true }    read the request, then destroy the socket;
//                                  the collector never sees it
//
// setNetworkDown(true) stands for the device's network being gone: every
// request (preflights too) has its socket destroyed on arrival, uses up no
// fault, and is logged with outcome 'network-down'. The tests use it with
// context.setOffline(true), because Chromium's offline emulation does not
// cover `keepalive` requests sent while a page unloads: those would
// otherwise reach the backend from an "offline" browser.
//
// Every answer carries `Connection: close`, so each request has a connection
// of its own: a dropped socket is never one Chromium had reused, which it
// would otherwise quietly retry itself, hiding the failure from the widget.
import { createServer, request as httpRequest } from 'node:http';
import { EventEmitter } from 'node:events';

/** Headers a hop-by-hop proxy must not copy. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/**
 * Starts the proxy on 127.0.0.1 in front of `target` (the collector's URL).
 * `allowOrigin`: the page origin the collector allows; the proxy's own
 * answers (synthesized statuses) carry the same CORS headers for it, as the
 * real backend's would, or the browser would see a network error instead.
 *
 * Resolves to `{ url, requests, posts(), plan(faults), pending(),
 * setNetworkDown(bool), release(), waitForPosts(n), waitForSettled(n),
 * close() }`. `requests` is the log:
 * `{ n, at, doneAt, method, path, idempotencyKey, bodyBytes, outcome, status }`
 * with `at`/`doneAt` in Unix milliseconds (the arrival, and the moment the
 * answer was written or the socket destroyed).
 */
export async function startProxy(target, { allowOrigin = null } = {}) {
  const upstream = new URL(target);
  const faults = [];
  const requests = [];
  const holds = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const sockets = new Set();
  let networkDown = false;

  const cors = (req) => {
    const origin = req.headers.origin;
    if (!allowOrigin || origin !== allowOrigin) return {};
    return {
      'access-control-allow-origin': origin,
      // Retry-After is not a CORS-safelisted response header: a backend on
      // another origin must expose it, or the widget cannot read it.
      'access-control-expose-headers': 'Retry-After',
      vary: 'origin',
    };
  };

  const forward = (req, body) => new Promise((ok, fail) => {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
    headers.host = upstream.host;
    headers['content-length'] = String(body.length);
    const out = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers,
      agent: false, timeout: 20_000,
    }, (answer) => {
      readBody(answer).then((data) => ok({ status: answer.statusCode, headers: answer.headers, body: data }), fail);
    });
    out.on('timeout', () => out.destroy(new Error('the collector did not answer within 20 s')));
    out.on('error', fail);
    out.end(body);
  });

  const reply = (res, status, headers, body) => {
    const clean = {};
    for (const [k, v] of Object.entries(headers)) if (!HOP.has(k) && k !== 'content-length') clean[k] = v;
    clean.connection = 'close';
    clean['content-length'] = String(body.length);
    res.writeHead(status, clean);
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    const entry = {
      n: requests.length + 1,
      at: Date.now(),
      doneAt: null,
      method: req.method,
      path: req.url,
      idempotencyKey: req.headers['idempotency-key'] ?? null,
      bodyBytes: 0,
      outcome: null,
      status: null,
    };
    requests.push(entry);
    const done = (outcome, status = null) => {
      entry.outcome = outcome;
      entry.status = status;
      entry.doneAt = Date.now();
      events.emit('settled', entry);
    };
    if (networkDown) {
      req.socket.destroy();
      return done('network-down');
    }
    try {
      const body = await readBody(req);
      entry.bodyBytes = body.length;
      const fault = req.method === 'POST' ? (faults.shift() ?? {}) : {};
      if (req.method === 'POST') events.emit('post', entry);
      if (fault.hold) await new Promise((release) => holds.push(release));
      if (fault.delay) await new Promise((ok) => setTimeout(ok, fault.delay));
      if (req.socket.destroyed) return done('client-gone');
      if (fault.dropBeforeForward) {
        req.socket.destroy();
        return done('dropped-before-forward');
      }
      if (fault.status) {
        const headers = { 'content-type': 'application/json', ...cors(req) };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        const text = JSON.stringify(fault.body ?? { error: 'injected', message: `Injected ${fault.status} from the chaos proxy.` });
        reply(res, fault.status, headers, Buffer.from(text));
        return done('synthesized', fault.status);
      }
      const answer = await forward(req, body);
      if (fault.dropAfterForward) {
        req.socket.destroy();
        return done('dropped-after-forward', answer.status);
      }
      reply(res, answer.status, answer.headers, answer.body);
      return done('forwarded', answer.status);
    } catch (e) {
      if (!res.headersSent && !req.socket.destroyed) {
        reply(res, 502, { 'content-type': 'application/json', ...cors(req) },
          Buffer.from(JSON.stringify({ error: 'bad_gateway', message: String(e.message) })));
      }
      return done(`proxy-error: ${e.message}`, 502);
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });

  /** Resolves once `count()` reaches `n` (re-checked on every `event`), or fails after `timeout`. */
  const waitUntil = (event, count, n, timeout, what) => new Promise((ok, fail) => {
    if (count() >= n) return ok(posts());
    const timer = setTimeout(() => {
      events.off(event, check);
      fail(new Error(`timed out after ${timeout} ms waiting for ${n} ${what} (saw ${count()}): ${JSON.stringify(requests)}`));
    }, timeout);
    function check() {
      if (count() < n) return;
      clearTimeout(timer);
      events.off(event, check);
      ok(posts());
    }
    events.on(event, check);
  });
  // POSTs that got through to the proxy's fault plan (not refused while the network was down).
  const posts = () => requests.filter((r) => r.method === 'POST' && r.outcome !== 'network-down');

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** The POSTs in the log so far, except those refused while the network was down. */
    posts,
    /** The requests refused while the network was down. */
    refused: () => requests.filter((r) => r.outcome === 'network-down'),
    /** Queues faults for the next POSTs, in order. */
    plan(...list) { faults.push(...list.flat()); },
    /** How many planned faults have not been used yet. */
    pending: () => faults.length,
    /** While down, every connection is dropped on arrival (see the top of this file). */
    setNetworkDown(down) { networkDown = down; },
    /** Lets the oldest held request go on. */
    release() {
      const go = holds.shift();
      if (!go) throw new Error('no request is being held');
      go();
    },
    /** Resolves with the POST log once `n` POSTs have arrived. */
    waitForPosts: (n, timeout = 30_000) => waitUntil('post', () => posts().length, n, timeout, 'POSTs to arrive'),
    /** Resolves with the POST log once `n` POSTs have been answered or dropped. */
    waitForSettled: (n, timeout = 30_000) =>
      waitUntil('settled', () => posts().filter((r) => r.outcome).length, n, timeout, 'POSTs to be answered'),
    close() {
      while (holds.length) holds.shift()();
      return new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
